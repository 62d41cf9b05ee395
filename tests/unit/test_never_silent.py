"""Every user message gets an answer from the channel, even when handling broke."""
import asyncio

from rasa.core.channels.channel import CollectingOutputChannel, UserMessage

from bot.channels.never_silent import answering, failure_text


def handle(text, behaviour):
    collector = CollectingOutputChannel()

    async def on_new_message(message: UserMessage):
        await behaviour(message)

    asyncio.run(answering(on_new_message)(UserMessage(text, collector, "nuori-1")))
    return [m.get("text") for m in collector.messages]


async def answers(message):
    await message.output_channel.send_response(message.sender_id, {"text": "Hei!"})


async def says_nothing(message):
    return None


async def breaks(message):
    raise ConnectionError("action server down")


async def types_directly(message):
    await message.output_channel.send_text_message(message.sender_id, "Suoraan")


def test_an_answered_message_gets_only_its_answer():
    assert handle("moi", answers) == ["Hei!"]
    assert handle("moi", types_directly) == ["Suoraan"]


def test_no_answer_or_a_failure_gets_the_notice_with_112():
    for behaviour in (says_nothing, breaks):
        [text] = handle("Oma asunto ja koira", behaviour)
        assert text == failure_text()
        assert text.startswith("Jokin meni vikaan") and "Yritä hetken päästä uudelleen" in text
        assert "112" in text


def test_the_notice_names_the_countys_contact(tmp_path, monkeypatch):
    region = tmp_path / "region.yml"
    region.write_text(
        'name: "Testilä"\nage_limit: 23\naftercare_contact: "Testilän jälkihuolto, puh. 040 000 0000"\n'
        'office_hours: "ma–pe"\nsocial_emergency: "040 000 0001"\nombudsman: "Sosiaaliasiavastaava"\n'
        'website: "https://testila.example"\n', encoding="utf-8")
    monkeypatch.setenv("REGION_FILE", str(region))
    assert "Testilän jälkihuolto, puh. 040 000 0000" in failure_text()
    monkeypatch.setenv("REGION_FILE", str(tmp_path / "missing.yml"))
    assert "112" in failure_text()  # a broken region file does not break the notice


def test_internal_triggers_stay_silent():
    assert handle("/EXTERNAL_show_replies", says_nothing) == []
