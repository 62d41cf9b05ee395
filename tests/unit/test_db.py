import pytest
from sqlalchemy import inspect

from bot import db
from bot.services.events import count_events, record_event


def test_migrations_create_tables_and_are_idempotent(migrated_db):
    assert "usage_events" in inspect(db.get_engine(migrated_db)).get_table_names()
    db.upgrade(migrated_db)  # a second start must not fail
    assert db.current_revision(migrated_db) == db.head_revision() == "0006"


def test_upgrade_from_the_first_revision_keeps_counts(isolated_environment):
    from sqlalchemy import text

    url = f"sqlite:///{isolated_environment / 'old.db'}"
    db.upgrade(url, "0001")
    with db.get_engine(url).begin() as connection:
        connection.execute(
            text("INSERT INTO usage_events (kind, created_at) VALUES ('crisis_detected', '2026-01-01')")
        )
    db.upgrade(url)
    assert count_events("crisis_detected", url=url) == 1


def test_usage_events_are_counted_without_text(migrated_db):
    record_event("crisis_detected", url=migrated_db)
    record_event("crisis_detected", url=migrated_db)
    record_event("other_kind", url=migrated_db)
    assert count_events("crisis_detected", url=migrated_db) == 2
    columns = {c["name"] for c in inspect(db.get_engine(migrated_db)).get_columns("usage_events")}
    assert columns == {"id", "kind", "detail", "created_at"}


def test_events_are_counted_by_detail(migrated_db):
    from bot.services.events import counts_by_detail

    record_event("crisis_detected", "violence", url=migrated_db)
    record_event("crisis_detected", "violence", url=migrated_db)
    record_event("crisis_detected", "overdose", url=migrated_db)
    assert counts_by_detail("crisis_detected", url=migrated_db) == {"violence": 2, "overdose": 1}
    assert count_events("crisis_detected", detail="overdose", url=migrated_db) == 1
    with pytest.raises(ValueError):
        record_event("crisis_detected", "mä haluun kuolla", url=migrated_db)


@pytest.mark.parametrize("kind", ["", "Crisis", "x; drop table", "a" * 65, "minä olen"])
def test_event_kind_must_be_an_identifier(migrated_db, kind):
    with pytest.raises(ValueError):
        record_event(kind, url=migrated_db)


def test_session_scope_rolls_back_on_error(migrated_db):
    from bot.models import UsageEvent

    with pytest.raises(RuntimeError):
        with db.session_scope(migrated_db) as session:
            session.add(UsageEvent(kind="never_saved"))
            session.flush()
            raise RuntimeError("boom")
    assert count_events("never_saved", url=migrated_db) == 0
