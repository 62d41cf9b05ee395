"""The website widget in a real browser (Debian's chromium, headless, driven
by Playwright) against the real system: web app, Rasa's socket.io channel
(bot/channels/socketio.py), action server. Accessibility with axe-core.

Screenshots of the phone and desktop layouts are written to
$RINNALLA_SCREENSHOTS_DIR (`make screenshots` points it at docs/screenshots).
"""
from __future__ import annotations

import os
import re
import uuid
from pathlib import Path

import pytest
import socketio
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect, sync_playwright

from bot.text import MAX_MESSAGE_CHARS
from tests.integration.people import PASSWORD, Dashboard, cli

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
EXIT_URL = "https://www.google.fi/"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}
WAIT = 60_000  # the first answers of a fresh Rasa server can be slow on 2 cores


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs it (scripts/setup-browser.sh)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture()
def context(browser):
    context = browser.new_context(viewport=PHONE, locale="fi-FI", timezone_id="Europe/Helsinki")
    context.set_default_timeout(WAIT)
    # The quick exit goes to a neutral site; this machine has no internet.
    context.route(f"{EXIT_URL}**", lambda route: route.fulfill(
        status=200, content_type="text/html", body="<html><body>Haku</body></html>"
    ))
    yield context
    context.close()


def open_chat(page, system, query: str = ""):
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{system.web_url}/{query}")
    if not query:
        screenshot(page, "youth-page-phone.png")
        page.get_by_role("button", name="Avaa Rinnalla-chat").click()
    expect(page.get_by_role("dialog", name="Rinnalla")).to_be_visible()
    return errors


def bot_messages(page):
    return page.locator(".rinnalla-log .rinnalla-bot")


def send(page, text: str):
    page.get_by_label("Kirjoita viesti").fill(text)
    page.keyboard.press("Enter")


def wait_for_bot_count(page, count: int):
    expect(bot_messages(page)).to_have_count(count)


def expect_reply(page, text: str, sender: str = "bot"):
    """A message from the bot (or the worker) with the text appears (answers may come in parts)."""
    expect(page.locator(f".rinnalla-log .rinnalla-{sender}", has_text=text).last).to_be_visible()


def expect_answered(page):
    """Every message the young person wrote has been answered by the server."""
    expect(page.locator(".rinnalla-user .rinnalla-pending")).to_have_count(0)
    expect(page.locator(".rinnalla-typing")).to_be_hidden()


def screenshot(page, name: str):
    folder = os.environ.get("RINNALLA_SCREENSHOTS_DIR")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / name))


def test_chat_quick_reply_and_history_after_reload(system, context):
    page = context.new_page()
    errors = open_chat(page, system)
    # opening the chat the first time greets, with the bot saying it is a bot
    wait_for_bot_count(page, 1)
    expect(bot_messages(page).first).to_contain_text("En ole ihminen")
    expect(page.locator(".rinnalla-emergency")).to_contain_text("Hätätilanteessa soita 112")
    expect(page.locator(".rinnalla-emergency")).to_contain_text("Kukaan ei seuraa tätä chattia reaaliajassa")
    chat = page.get_by_role("dialog", name="Rinnalla")
    expect(chat.get_by_role("link", name="Näin käsittelemme tietojasi")).to_have_attribute(
        "href", re.compile(r"/tietosuoja$"))
    # focus is in the message box, the log is a live region for screen readers
    expect(page.get_by_label("Kirjoita viesti")).to_be_focused()
    expect(page.locator(".rinnalla-log")).to_have_attribute("aria-live", "polite")

    send(page, "mihin ikään asti jälkihuolto kestää")
    expect(page.locator(".rinnalla-user").last).to_have_text(re.compile("mihin ikään asti"))
    expect_reply(page, "yläikäraja on 23 vuotta")
    expect_answered(page)  # the server acknowledged the message
    expect(page.locator(".rinnalla-log time").first).to_have_text(re.compile(r"^klo \d{1,2}\.\d{2}$"))

    # a quick reply from the bot: clicking it sends its payload, shows its title
    send(page, "moi")
    page.locator(".rinnalla-quick").get_by_role("button", name="Valmistaudu tapaamiseen").click()
    expect(page.locator(".rinnalla-user").last).to_have_text(re.compile("Valmistaudu tapaamiseen"))
    expect_reply(page, "seitsemän kysymystä")
    expect_answered(page)
    screenshot(page, "widget-phone.png")
    count = bot_messages(page).count()

    # the history survives a reload on the same device; no second greeting
    page.reload()
    expect(page.get_by_role("dialog", name="Rinnalla")).to_be_visible()
    expect(bot_messages(page)).to_have_count(count)
    expect(page.locator(".rinnalla-user")).to_have_count(3)
    page.set_viewport_size(DESKTOP)
    screenshot(page, "widget-desktop.png")
    assert errors == []


def test_restart_and_clear_from_the_menu(system, context):
    page = context.new_page()
    open_chat(page, system)
    wait_for_bot_count(page, 1)
    page.get_by_role("button", name="Valikko").click()
    page.get_by_role("button", name="Aloita alusta").click()
    expect_reply(page, "Aloitetaan alusta")
    expect_answered(page)
    session_before = page.evaluate("JSON.parse(localStorage.getItem('rinnalla.chat.v1')).sessionId")

    page.get_by_role("button", name="Valikko").click()
    page.get_by_role("button", name="Tyhjennä keskustelu tältä laitteelta").click()
    expect(page.get_by_role("alertdialog")).to_contain_text("Poistetaanko keskustelu")
    before = bot_messages(page).count()
    page.get_by_role("button", name="Peruuta").click()
    expect(bot_messages(page)).to_have_count(before)  # nothing lost on "no"

    page.get_by_role("button", name="Valikko").click()
    page.get_by_role("button", name="Tyhjennä keskustelu tältä laitteelta").click()
    page.get_by_role("button", name="Tyhjennä", exact=True).click()
    expect(page.locator(".rinnalla-log li")).to_have_count(0)
    expect(page.locator(".rinnalla-hint")).to_have_text("Keskustelu on poistettu tältä laitteelta.")
    stored = page.evaluate("JSON.parse(localStorage.getItem('rinnalla.chat.v1'))")
    assert stored["messages"] == [] and stored["sessionId"] != session_before
    # a new conversation works at once
    send(page, "moi")
    expect_reply(page, "En ole ihminen")


def test_messages_stay_text_and_links_are_safe(system, context):
    page = context.new_page()
    open_chat(page, system)
    wait_for_bot_count(page, 1)
    attack = '<img src=x onerror="document.title=\'hacked\'"><script>document.title="hacked"</script>'
    send(page, attack)
    expect(page.locator(".rinnalla-user").last.locator(".rinnalla-text")).to_have_text(attack)
    expect_answered(page)
    assert page.locator(".rinnalla-log img, .rinnalla-log script").count() == 0
    assert page.title() != "hacked"

    # a crisis: the emergency numbers become links a phone can call
    send(page, "en jaksa enää, haluun kuolla")
    expect_reply(page, "Kriisipuhelin")
    crisis = page.locator(".rinnalla-log .rinnalla-bot", has_text="Kriisipuhelin").last
    expect(crisis).to_contain_text("112")
    expect(crisis.locator('a[href="tel:112"]')).to_have_count(1)
    expect(crisis.locator('a[href="tel:0925250111"]')).to_have_count(1)
    web = crisis.locator('a[href^="https://sekasin247.fi"]')
    expect(web).to_have_attribute("rel", "noopener noreferrer")
    expect(web).to_have_attribute("target", "_blank")


def test_too_long_and_empty_messages_get_a_clear_answer_and_keep_the_text(system, context):
    page = context.new_page()
    open_chat(page, system)
    wait_for_bot_count(page, 1)
    page.get_by_role("button", name="Lähetä").click()
    expect(page.locator(".rinnalla-hint")).to_have_text("Kirjoita ensin viesti.")
    text = "pitkä " * (MAX_MESSAGE_CHARS // 5)
    page.get_by_label("Kirjoita viesti").fill(text)
    page.get_by_role("button", name="Lähetä").click()
    expect(page.locator(".rinnalla-hint")).to_contain_text("liian pitkä")
    expect(page.get_by_label("Kirjoita viesti")).to_have_value(text)  # nothing lost
    expect(page.locator(".rinnalla-user")).to_have_count(0)


def test_quick_exit_leaves_at_once_and_back_does_not_return(system, context):
    page = context.new_page()
    page.goto(f"{system.web_url}/tietosuoja")
    page.goto(f"{system.web_url}/")
    page.get_by_role("button", name="Poistu nopeasti").click()
    page.wait_for_url(EXIT_URL)
    page.go_back()
    # the chat page was replaced in the history: back goes to the page before it
    assert page.url.endswith("/tietosuoja")
    # inside the open chat the button is in the header
    page.goto(f"{system.web_url}/")
    page.get_by_role("button", name="Avaa Rinnalla-chat").click()
    page.get_by_role("dialog", name="Rinnalla").get_by_role("button", name="Poistu nopeasti").click()
    page.wait_for_url(EXIT_URL)


# socket.io's own reconnect back-off, stretched to ten minutes: a message
# that leaves within the test's wait can only have been sent by the widget's
# `online` handler, not by a lucky back-off timer.
SLOW_BACKOFF = """
(() => {
  let real;
  Object.defineProperty(window, "io", {
    configurable: true,
    get() {
      return real && function (url, options) {
        return real(url, Object.assign({}, options, {
          reconnectionDelay: 600000, reconnectionDelayMax: 600000, randomizationFactor: 0,
        }));
      };
    },
    set(value) { real = value; },
  });
})();
"""


def test_offline_message_waits_and_is_sent_when_back(system, context):
    page = context.new_page()
    page.add_init_script(SLOW_BACKOFF)
    open_chat(page, system)
    wait_for_bot_count(page, 1)
    context.set_offline(True)
    page.evaluate("window.dispatchEvent(new Event('offline'))")
    expect(page.locator(".rinnalla-status")).to_contain_text("Ei yhteyttä")
    send(page, "onks mulla oikeus jälkihuoltoon")
    expect(page.locator(".rinnalla-user .rinnalla-pending")).to_have_text(re.compile("Odottaa yhteyttä"))
    page.wait_for_timeout(3000)  # still waiting, not lost, and kept on the device
    expect(page.locator(".rinnalla-user .rinnalla-pending")).to_have_count(1)
    stored = page.evaluate("JSON.parse(localStorage.getItem('rinnalla.chat.v1'))")
    assert [o["payload"] for o in stored["outbox"]] == ["onks mulla oikeus jälkihuoltoon"]
    context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")  # as a phone does
    expect(page.locator(".rinnalla-user .rinnalla-pending")).to_have_count(0, timeout=30_000)
    expect_answered(page)
    expect(bot_messages(page)).not_to_have_count(1)
    expect(page.locator(".rinnalla-status")).not_to_contain_text("Ei yhteyttä")


def test_invite_link_links_and_worker_reply_arrives_live(system, context):
    suffix = uuid.uuid4().hex[:6]
    email = f"widget-{suffix}@example.fi"
    cli(system, "worker", "add", "--email", email, "--name", "Ville Verkko", stdin=PASSWORD + "\n")
    code = cli(system, "youth", "add", "--worker", email, "--name", "Sanni")

    page = context.new_page()
    open_chat(page, system, f"?code={code.lower()}")
    expect(page.locator(".rinnalla-user").first).to_have_text(re.compile(f"Koodini on {code}"))
    expect_reply(page, "Hei Sanni!")
    assert "code" not in page.url  # not left in the address bar or the history

    send(page, "haluun laittaa viestin mun työntekijälle")
    expect_reply(page, "Mistä asiasta")
    expect_answered(page)
    send(page, "Mun vuokra on myöhässä ja tarviin apua Kelan hakemuksen kanssa")
    expect_reply(page, "Miten haluat")
    page.locator(".rinnalla-quick").get_by_role("button", name="Vastaus tähän chattiin").click()
    expect_reply(page, "Kuinka kiireellinen")
    page.locator(".rinnalla-quick").get_by_role("button", name="Tällä viikolla").click()
    expect_reply(page, "Lähetetäänkö viesti?")
    page.locator(".rinnalla-quick").get_by_role("button", name="Kyllä, lähetä").click()
    expect_reply(page, "Viesti on lähetetty")

    dashboard = Dashboard(system, email)
    request_id = re.search(r"/worker/requests/(\d+)", dashboard.get("/worker/").text).group(1)
    dashboard.post(f"/worker/requests/{request_id}/reply", {"reply": "Soitan huomenna klo 12. t. Ville"})
    # live, without a reload, marked as the worker's (a person's) message, not the bot's
    expect_reply(page, "Sinulle on viesti työntekijältäsi. Ville kirjoittaa:", sender="worker")
    expect_reply(page, "Soitan huomenna klo 12.", sender="worker")
    expect(page.locator(".rinnalla-worker .rinnalla-who").last).to_have_text("Työntekijäsi viesti, ")
    screenshot(page, "widget-worker-reply-phone.png")
    # the widget acknowledged it: the dashboard shows it as seen in the chat
    expect_delivered(dashboard, request_id)

    # with the chat closed, a reply is counted on the launcher, live
    page.get_by_role("button", name="Sulje chat").click()
    dashboard.post(f"/worker/requests/{request_id}/reply", {"reply": "Nähdään torstaina."})
    expect(page.locator(".rinnalla-launcher")).to_contain_text("1 uusi viesti")
    expect(page.get_by_role("button", name=re.compile("1 uusi viesti"))).to_be_visible()
    page.locator(".rinnalla-launcher").click()
    expect_reply(page, "Nähdään torstaina.", sender="worker")
    expect(page.locator(".rinnalla-launcher")).to_be_hidden()
    expect_delivered(dashboard, request_id, replies=2)

    # a reply while the phone is away is shown when the widget connects again, once
    page.close()
    dashboard.post(f"/worker/requests/{request_id}/reply", {"reply": "Muistathan huomisen?"})
    page = context.new_page()
    page.goto(f"{system.web_url}/")
    expect(page.get_by_role("dialog", name="Rinnalla")).to_be_visible()  # it was left open
    expect_reply(page, "Muistathan huomisen?", sender="worker")
    expect(page.locator(".rinnalla-log").get_by_text("Muistathan huomisen?")).to_have_count(1)
    expect_delivered(dashboard, request_id, replies=3)


def expect_delivered(dashboard, request_id: str, replies: int = 1):
    import time

    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if dashboard.get(f"/worker/requests/{request_id}").text.count("näytetty chatissa") >= replies:
            return
        time.sleep(0.5)
    pytest.fail("the widget's acknowledgement did not mark the reply delivered")


def test_no_serious_accessibility_violations(system, context):
    page = context.new_page()
    axe = Axe()
    for path in ("/", "/tietosuoja", "/chat"):
        page.goto(f"{system.web_url}{path}")
        assert_no_serious(axe.run(page), path)
    page.goto(f"{system.web_url}/")
    # keyboard only: the quick exit comes first, then the chat opens with Enter
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Poistu nopeasti")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Avaa Rinnalla-chat")).to_be_focused()
    page.keyboard.press("Enter")
    wait_for_bot_count(page, 1)
    expect(page.get_by_label("Kirjoita viesti")).to_be_focused()
    page.keyboard.press("Escape")  # closes, focus back on the launcher
    expect(page.get_by_role("button", name="Avaa Rinnalla-chat")).to_be_focused()
    page.keyboard.press("Enter")
    page.get_by_role("button", name="Valikko").click()
    assert_no_serious(axe.run(page), "/ with the chat open")
    # WCAG 1.4.10 reflow: at 320 CSS px (a phone at 200 % zoom) nothing scrolls sideways
    page.set_viewport_size({"width": 320, "height": 640})
    assert page.evaluate("document.documentElement.scrollWidth") <= 320


def test_worker_and_editor_pages_have_no_serious_accessibility_violations(system, context):
    email = f"eeva-{uuid.uuid4().hex[:6]}@example.fi"
    cli(system, "worker", "add", "--email", email, "--name", "Eeva Editori", "--role", "editor",
        stdin=PASSWORD + "\n")
    page = context.new_page()
    axe = Axe()
    page.goto(f"{system.web_url}/worker/login")
    assert_no_serious(axe.run(page), "/worker/login")
    page.get_by_label("Sähköposti").fill(email)
    page.get_by_label("Salasana").fill(PASSWORD)
    page.get_by_role("button", name="Kirjaudu").click()
    expect(page.get_by_role("heading", name="Vastausten aiheet")).to_be_visible()
    for path in ("/editor/", "/editor/topics/age_limit", "/editor/unanswered", "/editor/publish",
                 "/editor/changes"):
        page.goto(f"{system.web_url}{path}")
        assert_no_serious(axe.run(page), path)


def assert_no_serious(results, where: str):
    bad = [v for v in results.response["violations"] if v.get("impact") in ("serious", "critical")]
    assert not bad, f"{where}: " + "; ".join(f"{v['id']}: {v['help']}" for v in bad)


def test_socket_accepts_only_listed_origins_and_refuses_huge_messages_and_floods(system):
    url = system.rasa_url
    refused = socketio.Client(reconnection=False)
    with pytest.raises(socketio.exceptions.ConnectionError):
        refused.connect(url, headers={"Origin": "https://evil.example"}, transports=["polling"])

    client = socketio.Client(reconnection=False)
    answers: list[dict] = []
    client.on("bot_uttered", answers.append)
    client.connect(url, headers={"Origin": system.web_url}, transports=["polling"])
    try:
        session = uuid.uuid4().hex
        client.emit("session_request", {"session_id": session})
        result = client.call("user_uttered", {"session_id": session, "message": "x" * 100_000}, timeout=30)
        assert result == {"ok": False, "reason": "too_long"}
        assert answers and "liian pitkä" in answers[0]["text"]
        # an external event cannot be triggered from the outside
        answers.clear()
        client.call("user_uttered", {"session_id": session, "message": "/EXTERNAL_worker_reply"}, timeout=30)
        assert answers == []

        # a flood from one conversation: after 20 in a minute the server says when to retry
        flood = uuid.uuid4().hex
        client.emit("session_request", {"session_id": flood})
        results = [client.call("user_uttered", {"session_id": flood, "message": "/greet"}, timeout=60)
                   for _ in range(21)]
        assert results[:20] == [{"ok": True}] * 20
        assert results[20]["reason"] == "rate_limited" and 0 < results[20]["retry_after"] <= 60
        # another conversation is not affected
        assert client.call("user_uttered", {"session_id": session, "message": "/greet"}, timeout=60) == {"ok": True}
    finally:
        client.disconnect()
