"""Workers, invite codes, handoff requests and replies (bot/services/), on a real SQLite file."""
from datetime import date, timedelta

import pytest
from sqlalchemy import select, update

from bot import db as database
from bot import invite_code
from bot.models import HandoffRequest, Worker, Youth
from bot.services import handoffs, linking, workers
from bot.services.common import conversation_key, day_start, last_day, now

PASSWORD = "pitkä-salasana-1"  # invented test data


@pytest.fixture
def aino(db):
    return workers.create_worker("aino@example.fi", "Aino Virtanen", PASSWORD)


@pytest.fixture
def bea(db):
    return workers.create_worker("bea@example.fi", "Bea Koski", PASSWORD)


def linked_youth(worker, sender="chat-1", name="Mira"):
    youth = linking.add_youth(worker.id, name)
    assert linking.redeem(sender, youth.invite_code).status == linking.LINKED
    return youth


# ---- invite codes -------------------------------------------------------

def test_codes_are_short_and_unambiguous():
    for _ in range(300):
        code = invite_code.generate()
        assert len(code) == 7 and invite_code.is_well_formed(code)
        assert not set(code) & set("01OILB8SZ")
        letters = sum(c.isalpha() for c in code)
        assert 2 <= letters <= 5


@pytest.mark.parametrize(
    "text, code",
    [
        ("K7PQ2XW", "K7PQ2XW"),
        ("k7pq2xw", "K7PQ2XW"),
        ("mun koodi on k7pq2xw", "K7PQ2XW"),
        ("tässä K7PQ2XW kiitos", "K7PQ2XW"),
        ("koodi: ab12cd3", "AB12CD3"),  # not a real code, but a try that gets an answer
        ("mulla on covid19", None),
        ("asun 00100 helsingissä", None),
        ("mä oon 19v", None),
        ("haluun puhua mun työntekijän kanssa", None),
        ("", None),
    ],
)
def test_finding_a_code_in_a_message(text, code):
    assert invite_code.find_code(text) == code


# ---- workers ------------------------------------------------------------

def test_password_is_hashed_with_argon2_and_checked(aino, db):
    with database.session_scope(db) as session:
        stored = session.execute(select(Worker.password_hash)).scalar_one()
    assert stored.startswith("$argon2") and PASSWORD not in stored
    assert workers.authenticate("AINO@example.fi ", PASSWORD).worker.id == aino.id
    assert workers.authenticate("aino@example.fi", "väärä-salasana").worker is None
    assert workers.authenticate("nobody@example.fi", PASSWORD).worker is None


def test_repeated_wrong_passwords_lock_the_account(aino):
    for _ in range(workers.MAX_FAILURES - 1):
        assert workers.authenticate(aino.email, "väärä").locked_until is None
    locked = workers.authenticate(aino.email, "väärä")
    assert locked.worker is None and locked.locked_until > now()
    # while locked, even the right password does not open it
    assert workers.authenticate(aino.email, PASSWORD).worker is None


def test_the_lock_ends(aino, db):
    for _ in range(workers.MAX_FAILURES):
        workers.authenticate(aino.email, "väärä")
    with database.session_scope(db) as session:
        session.execute(update(Worker).values(locked_until=now() - timedelta(seconds=1)))
    assert workers.authenticate(aino.email, PASSWORD).worker is not None


@pytest.mark.parametrize(
    "email, name, password, role",
    [
        ("not-an-email", "A", PASSWORD, "worker"),
        ("x@example.fi", "", PASSWORD, "worker"),
        ("x@example.fi", "X", "lyhyt", "worker"),
        ("x@example.fi", "X", PASSWORD, "boss"),
    ],
)
def test_bad_accounts_are_refused(db, email, name, password, role):
    with pytest.raises(workers.AccountError):
        workers.create_worker(email, name, password, role)


def test_one_account_per_email(aino):
    with pytest.raises(workers.AccountError):
        workers.create_worker("Aino@Example.fi", "Toinen", PASSWORD)


def test_api_token_is_stored_as_a_hash_and_a_new_one_replaces_it(aino, db):
    first = workers.issue_api_token(aino.id)
    assert workers.worker_for_token(first).id == aino.id
    second = workers.issue_api_token(aino.id)
    assert workers.worker_for_token(first) is None
    assert workers.worker_for_token(second).id == aino.id
    with database.session_scope(db) as session:
        assert session.execute(select(Worker.api_token_hash)).scalar_one() != second
    assert workers.worker_for_token("") is None


def test_deactivating_ends_sessions_and_tokens(aino):
    token = workers.issue_api_token(aino.id)
    workers.set_active(aino.id, False)
    assert workers.worker_for_token(token) is None
    assert workers.get_worker(aino.id).session_version > aino.session_version
    assert workers.authenticate(aino.email, PASSWORD).worker is None


def test_away_needs_another_worker_as_substitute(aino, bea):
    start, end = day_start(date.today()), day_start(date.today() + timedelta(days=3))
    with pytest.raises(workers.AccountError):
        workers.set_away(aino.id, start, end, aino.id)
    with pytest.raises(workers.AccountError):
        workers.set_away(aino.id, end, start, bea.id)
    workers.set_away(aino.id, start, end, bea.id)
    info = workers.get_worker(aino.id)
    assert info.is_away() and info.substitute_name == "Bea Koski"
    assert last_day(info.away_until) == date.today() + timedelta(days=2)


# ---- linking ------------------------------------------------------------

def test_a_code_links_once(aino):
    youth = linking.add_youth(aino.id, "Mira")
    result = linking.redeem("chat-1", youth.invite_code.lower())
    assert result.status == linking.LINKED
    assert result.link.youth_name == "Mira" and result.link.worker_first_name == "Aino"
    assert linking.link_for("chat-1").youth_id == youth.id
    # single use: the same code does not link another conversation
    assert linking.redeem("chat-2", youth.invite_code).status == linking.WRONG
    assert linking.link_for("chat-2") is None


def test_an_expired_code_is_refused(aino, db):
    youth = linking.add_youth(aino.id, "Mira")
    with database.session_scope(db) as session:
        session.execute(update(Youth).values(invite_expires_at=now() - timedelta(minutes=1)))
    assert linking.redeem("chat-1", youth.invite_code).status == linking.EXPIRED
    assert linking.link_for("chat-1") is None


def test_guessing_is_rate_limited(aino):
    youth = linking.add_youth(aino.id, "Mira")
    for guess in ["AAAA222", "AAAA223", "AAAA224", "AAAA225", "AAAA226"]:
        assert linking.redeem("guesser", guess).status == linking.WRONG
    # now even the right code waits: guessing gains nothing
    assert linking.redeem("guesser", youth.invite_code).status == linking.LIMITED
    # other conversations are not blocked by one guesser
    assert linking.redeem("someone-else", youth.invite_code).status == linking.LINKED


def test_the_sender_id_is_kept_only_while_linked(aino, db):
    youth = linked_youth(aino)
    with database.session_scope(db) as session:
        row = session.get(Youth, youth.id)
        assert row.sender_id == "chat-1" and row.conversation_key == conversation_key("chat-1")
    linking.revoke_link(aino.id, youth.id)
    with database.session_scope(db) as session:
        row = session.get(Youth, youth.id)
        assert row.sender_id is None and row.conversation_key is None
    assert linking.link_for("chat-1") is None


def test_a_worker_manages_only_own_young_people(aino, bea):
    youth = linking.add_youth(aino.id, "Mira")
    with pytest.raises(LookupError):
        linking.new_code(bea.id, youth.id)
    with pytest.raises(LookupError):
        linking.revoke_link(bea.id, youth.id)
    assert linking.list_youths(bea.id) == []


@pytest.mark.parametrize("name", ["", "Mira Matilda Virtanen", "Mira 040123", "a@b.fi", "x" * 41])
def test_only_a_first_name_or_nickname(aino, name):
    with pytest.raises(workers.AccountError):
        linking.add_youth(aino.id, name)


# ---- handoffs -----------------------------------------------------------

def test_a_request_needs_a_linked_conversation(aino):
    with pytest.raises(handoffs.NotLinked):
        handoffs.create_request("stranger", "apua", "chat", "week")


def test_a_request_goes_to_the_own_worker(aino, bea):
    linked_youth(aino)
    created = handoffs.create_request("chat-1", "Tarviin apua vuokran kanssa", "phone", "week")
    assert created.worker_first_name == "Aino" and not created.to_substitute
    [item] = handoffs.list_for_worker(aino.id)
    assert (item.message, item.contact_method, item.urgency, item.status) == (
        "Tarviin apua vuokran kanssa", "phone", "week", "new"
    )
    assert handoffs.list_for_worker(bea.id) == []


def test_away_worker_routes_to_substitute(aino, bea):
    linked_youth(aino)
    workers.set_away(
        aino.id, day_start(date.today()), day_start(date.today() + timedelta(days=5)), bea.id
    )
    created = handoffs.create_request("chat-1", "moi", "chat", "no_hurry")
    assert created.to_substitute and created.worker_first_name == "Bea"
    assert created.own_worker_first_name == "Aino"
    assert [r.id for r in handoffs.list_for_worker(bea.id)] == [created.id]
    # the own worker still sees their young person's request
    assert [r.id for r in handoffs.list_for_worker(aino.id)] == [created.id]


def test_other_workers_get_not_found(aino, bea):
    linked_youth(aino)
    created = handoffs.create_request("chat-1", "moi", "chat", "week")
    for call in (
        lambda: handoffs.get_for_worker(bea.id, created.id),
        lambda: handoffs.set_status(bea.id, created.id, "done"),
        lambda: handoffs.add_reply(bea.id, created.id, "hei"),
    ):
        with pytest.raises(handoffs.NotFound):
            call()
    assert handoffs.get_for_worker(aino.id, created.id).status == "seen"


def test_urgent_first_then_newest(aino, db):
    linked_youth(aino)
    first = handoffs.create_request("chat-1", "eka", "chat", "week").id
    urgent = handoffs.create_request("chat-1", "kiire", "chat", "urgent").id
    newest = handoffs.create_request("chat-1", "uusin", "chat", "no_hurry").id
    assert [r.id for r in handoffs.list_for_worker(aino.id)] == [urgent, newest, first]
    handoffs.set_status(aino.id, urgent, "done")
    assert [r.id for r in handoffs.list_for_worker(aino.id)] == [newest, first]
    assert [r.id for r in handoffs.list_for_worker(aino.id, done=True)] == [urgent]


def test_views_are_audited_and_the_api_changes_nothing(aino, db):
    linked_youth(aino)
    created = handoffs.create_request("chat-1", "moi", "chat", "week")
    assert handoffs.get_for_worker(aino.id, created.id, via="api").status == "new"
    handoffs.get_for_worker(aino.id, created.id)
    actions = [e.action for e in handoffs.list_audit()]
    assert actions == ["view_request_dashboard", "view_request_api"]
    assert all("moi" not in (e.target or "") for e in handoffs.list_audit())


def test_a_reply_waits_until_the_chat_shows_it(aino):
    linked_youth(aino)
    created = handoffs.create_request("chat-1", "moi", "chat", "week")
    target = handoffs.add_reply(aino.id, created.id, "Soitan sulle huomenna.")
    assert target.sender_id == "chat-1"
    [pending] = handoffs.pending_replies("chat-1")
    assert (pending.worker_first_name, pending.text) == ("Aino", "Soitan sulle huomenna.")
    assert handoffs.pending_replies("chat-2") == []
    handoffs.mark_delivered([pending.id])
    assert handoffs.pending_replies("chat-1") == []
    assert handoffs.get_for_worker(aino.id, created.id).status == "in_progress"


def test_bad_requests_store_nothing(aino, db):
    linked_youth(aino)
    for args in (("", "chat", "week"), ("x" * 2001, "chat", "week"), ("moi", "fax", "week")):
        with pytest.raises(ValueError):
            handoffs.create_request("chat-1", *args)
    with database.session_scope(db) as session:
        assert session.execute(select(HandoffRequest)).first() is None


@pytest.mark.parametrize(
    "text, method",
    [("vastaus tähän chattiin", "chat"), ("puhelu", "phone"), ("SOITA MULLE", "phone"),
     ("tapaaminen", "meeting"), ("voitaisko nähdä", "meeting"), ("ihan sama", "any"),
     ("en tiiä", None)],
)
def test_contact_wish_from_text(text, method):
    assert handoffs.parse_contact_method(text) == method


@pytest.mark.parametrize(
    "text, urgency",
    [("kiire tänään", "urgent"), ("heti", "urgent"), ("tällä viikolla", "week"),
     ("huomenna", "week"), ("ei kiirettä", "no_hurry"), ("ei oo kiire", "no_hurry"),
     ("mitä", None)],
)
def test_urgency_from_text(text, urgency):
    assert handoffs.parse_urgency(text) == urgency


def test_the_same_client_key_stores_one_request(aino):
    sender = "chat-key-1"
    linked_youth(aino, sender=sender)
    first = handoffs.create_request(sender, "Sama viesti", "chat", "week", client_key="k" * 32)
    again = handoffs.create_request(sender, "Sama viesti", "chat", "week", client_key="k" * 32)
    assert again.id == first.id and again.worker_first_name == first.worker_first_name
    other = handoffs.create_request(sender, "Toinen viesti", "chat", "week", client_key="m" * 32)
    assert other.id != first.id
    assert len(handoffs.list_for_worker(aino.id)) == 2
    with pytest.raises(ValueError):
        handoffs.create_request(sender, "x", "chat", "week", client_key="k" * 65)
