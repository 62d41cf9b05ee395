"""Crisis messages against the real Rasa server, action server and database."""
from __future__ import annotations

from bot.services.events import count_events, counts_by_detail
from tests.integration.test_chat import new_sender, response_text, texts


def test_crisis_gets_emergency_contacts_then_the_offer_and_is_counted_by_category(system):
    before = counts_by_detail("crisis_detected", url=system.database_url).get("suicide", 0)
    replies = system.chat(new_sender(), "en mä jaksa enää elää")
    reply = " ".join(texts(replies))
    assert "112" in reply and "09 2525 0111" in reply
    assert "kukaan lue tätä chattia juuri nyt" in reply
    assert texts(replies)[-1] == response_text("utter_crisis_offer_worker")
    assert [b["payload"] for b in replies[-1]["buttons"]] == ["/affirm", "/deny"]
    after = counts_by_detail("crisis_detected", url=system.database_url)
    assert after.get("suicide", 0) == before + 1


def test_violence_reply_gives_nollalinja_and_the_countys_social_emergency_number(system):
    reply = " ".join(texts(system.chat(new_sender(), "mun isäpuoli hakkaa mua enkä uskalla mennä kotiin")))
    assert "Nollalinja 080 005 005" in reply and "112" in reply
    assert "040 123 0001" in reply  # from the test county file


def test_nowhere_to_sleep_reply_names_social_emergency(system):
    reply = " ".join(texts(system.chat(new_sender(), "mulla ei oo yöpaikkaa tänä yönä")))
    assert "sosiaalipäivystys" in reply and "040 123 0001" in reply


def test_yes_to_telling_the_worker_explains_how_to_reach_them(system):
    sender = new_sender()
    system.chat(sender, "mun poikaystävä uhkaa tappaa mut")
    reply = " ".join(texts(system.chat(sender, "joo")))
    assert "Testilän jälkihuolto, puh. 040 123 0000" in reply and "112" in reply


def test_hyperbole_gets_a_gentle_check_in_not_the_emergency_script(system):
    before = count_events("safety_check_in", url=system.database_url)
    replies = system.chat(new_sender(), "tää koulu tappaa mut")
    assert texts(replies) == [response_text("utter_feeling_down")]
    assert "112" not in " ".join(texts(replies))
    assert count_events("safety_check_in", url=system.database_url) == before + 1


def test_crisis_after_a_fallback(system):
    sender = new_sender()
    system.chat(sender, "qwerty asdf zxcv")
    reply = " ".join(texts(system.chat(sender, "otin koko purkin unilääkkeitä")))
    assert reply.startswith("Soita heti 112")


def test_crisis_is_recognised_in_a_very_long_message(system):
    # just under the channel's 2000-character limit, the crisis at the very end
    text = "mietin kaikkea koulusta ja kavereista ja sossuista. " * 37 + "mä haluun vaan kuolla"
    assert 1900 < len(text) <= 2000
    reply = " ".join(texts(system.chat(new_sender(), text)))
    assert "112" in reply and "09 2525 0111" in reply
