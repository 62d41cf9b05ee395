"""Two Rasa servers share one conversation: PostgreSQL tracker store + Redis lock store."""
from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor

import requests

from bot.services import meeting
from tests.integration.test_chat import response_text, texts
from tests.integration.test_meeting import ANSWERS
from tests.prod.conftest import new_sender


def user_rows(stack, sender: str) -> list[tuple]:
    return stack.sql(
        "tracker",
        "SELECT id, type_name, timestamp, data FROM events WHERE sender_id = %s ORDER BY id",
        (sender,),
    )


def assert_no_duplicate_events(rows: list[tuple]) -> None:
    seen = [(type_name, timestamp, data) for _, type_name, timestamp, data in rows]
    assert len(seen) == len(set(seen)), "an event was stored twice"


def test_one_conversation_alternates_between_the_instances_through_the_whole_form(stack):
    first, second = stack.rasa_urls
    sender = new_sender()
    messages = ["haluun valmistautua palaveriin", *ANSWERS.values()]
    fields = list(meeting.FIELD_NAMES)
    for index, text in enumerate(messages):
        base = (first, second)[index % 2]  # every message on the other instance
        replies = stack.chat(sender, text, base=base)
        if 0 < index < len(fields):
            assert texts(replies)[-1] == response_text(f"utter_ask_meeting_{fields[index]}"), (index, replies)
    summary = texts(replies)[0]
    assert summary.startswith("Minun asiani")
    for answer in ANSWERS.values():
        assert answer in summary

    # every message stored once, in order, in the shared tracker store
    rows = user_rows(stack, sender)
    assert_no_duplicate_events(rows)
    user_texts = [json.loads(data)["text"] for _, kind, _, data in rows if kind == "user"]
    assert user_texts == messages
    # the answers reached the app database (PostgreSQL) too
    saved = meeting.get_preparation(sender)
    assert [saved.answer(f).text for f in fields] == list(ANSWERS.values())
    # both instances see the same conversation
    trackers = [
        requests.get(f"{base}/conversations/{sender}/tracker", params={"token": stack.token}, timeout=30).json()
        for base in (first, second)
    ]
    assert len(trackers[0]["events"]) == len(trackers[1]["events"]) == len(rows)


def test_messages_of_one_conversation_at_the_same_moment_on_both_instances_are_both_kept(stack):
    """The Redis lock store makes the two servers take turns on one conversation."""
    first, second = stack.rasa_urls
    sender = new_sender()
    stack.chat(sender, "moi", base=first)
    questions = ["mikä on jälkihuolto", "mitä on itsenäistymisvarat"]
    with ThreadPoolExecutor(2) as pool:
        answers = list(pool.map(lambda pair: stack.chat(sender, pair[1], base=pair[0]),
                                zip((first, second), questions)))
    assert all(texts(a) for a in answers)
    rows = user_rows(stack, sender)
    assert_no_duplicate_events(rows)
    user_texts = [json.loads(data)["text"] for _, kind, _, data in rows if kind == "user"]
    assert sorted(user_texts[1:]) == sorted(questions) and user_texts[0] == "moi"
    # the turns did not interleave: every message is answered before the next one
    kinds = [kind for _, kind, _, _ in rows]
    users = [i for i, kind in enumerate(kinds) if kind == "user"]
    for start, end in zip(users, users[1:] + [len(kinds)]):
        assert "bot" in kinds[start:end], kinds


def cpu_ticks(pid: int) -> int:
    with open(f"/proc/{pid}/stat", encoding="utf-8") as handle:
        fields = handle.read().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])  # utime + stime


def test_nginx_spreads_rest_over_both_instances_and_many_people_at_once(stack):
    senders = [new_sender() for _ in range(12)]
    pids = [stack.state()["processes"][name] for name in ("rasa-1", "rasa-2")]
    before = [cpu_ticks(pid) for pid in pids]

    def conversation(sender):
        return [texts(stack.chat(sender, text)) for text in ("moi", "mikä on jälkihuolto", "kiitos")]

    with ThreadPoolExecutor(6) as pool:
        results = list(pool.map(conversation, senders))
    assert all(all(replies) for result in results for replies in result)
    for sender in senders:
        rows = user_rows(stack, sender)
        assert_no_duplicate_events(rows)
        assert [k for _, k, _, _ in rows].count("user") == 3
    # both instances did real work (CPU time), so nginx sent messages to both
    used = [cpu_ticks(pid) - start for pid, start in zip(pids, before)]
    assert min(used) > 20, used
    # the Rasa HTTP API is not public: only the two chat paths reach Rasa
    assert requests.get(f"{stack.url}/conversations/{senders[0]}/tracker",
                        params={"token": stack.token}, timeout=10).status_code == 404
