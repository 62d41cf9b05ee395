""""poista tietoni" in the widget (real browser, real system): after the yes
the server has forgotten the conversation and the widget forgets it too,
starts a new conversation id and keeps the bot's answer on screen."""
from __future__ import annotations

import re
import sqlite3

from playwright.sync_api import expect

from tests.integration.test_widget import (  # noqa: F401 - fixtures
    browser,
    context,
    expect_answered,
    expect_reply,
    open_chat,
    send,
    wait_for_bot_count,
)

SECRET = "Mun kämppis Oona vie aina mun ruuat"


def stored(page):
    return page.evaluate("JSON.parse(localStorage.getItem('rinnalla.chat.v1'))")


def tracker_rows(system, sender):
    path = system.env["TRACKER_DB_URL"].removeprefix("sqlite:///")
    with sqlite3.connect(path) as connection:
        return connection.execute("SELECT count(*) FROM events WHERE sender_id = ?", (sender,)).fetchone()[0]


def test_forgetting_clears_the_widget_and_starts_a_new_conversation(system, context):
    page = context.new_page()
    errors = open_chat(page, system)
    wait_for_bot_count(page, 1)
    send(page, SECRET)
    expect_answered(page)
    old_id = stored(page)["sessionId"]
    assert tracker_rows(system, old_id) > 0

    send(page, "poista mun tiedot tästä palvelusta")
    expect_reply(page, "Poistoa ei voi perua")
    page.locator(".rinnalla-quick").get_by_role("button", name="Kyllä, poista").click()

    expect(page.locator(".rinnalla-hint")).to_have_text(re.compile("Keskustelu on poistettu palvelimelta"))
    expect(page.locator(".rinnalla-user")).to_have_count(0)
    expect_reply(page, "Valmis. Poistin tämän keskustelun")
    expect(page.locator(".rinnalla-log")).not_to_contain_text(SECRET)
    state = stored(page)
    assert state["sessionId"] != old_id
    assert state["outbox"] == [] and SECRET not in str(state["messages"])
    assert tracker_rows(system, old_id) == 0

    # the new conversation works at once and survives a reload
    send(page, "moi")
    expect_reply(page, "En ole ihminen")
    expect_answered(page)
    page.reload()
    expect(page.locator(".rinnalla-log")).not_to_contain_text(SECRET)
    assert errors == []
