"""Rasa's SQL tracker store that can forget a conversation ("poista tietoni").

endpoints.yml: ``tracker_store.type: bot.tracker_store.ForgettingSQLTrackerStore``
with ``url: ${TRACKER_DB_URL}``. Rasa passes ``url`` as ``host``, and
``SQLTrackerStore`` uses a host that contains "://" as the whole database URL,
so SQLite and PostgreSQL URLs work exactly as with ``type: SQL``.

Why here and not in the action server: ``SQLTrackerStore.save`` writes only
the events beyond the number already in the table. Rows deleted by someone
else during a turn would make Rasa write the whole conversation again at the
end of the turn. So the action (actions/privacy.py) only sets a marker slot,
and this store deletes every row of that sender in the same save, in one
transaction, instead of writing the turn.

The marker is a ``SlotSet`` of ``forget_conversation`` to true that comes
right after ``action_forget_me`` was executed, in the events after the last
user message. The slot has only a ``custom`` mapping (domain.yml), so no
message can fill it, and a user message cannot add an ``ActionExecuted``.
"""
from __future__ import annotations

import logging
from typing import Iterable

import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.events import ActionExecuted, Event, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

log = logging.getLogger(__name__)

# The same names as bot.services.privacy (not imported: the Rasa server does
# not need the app's settings or models to load this store).
FORGET_SLOT = "forget_conversation"
FORGET_ACTION = "action_forget_me"


def turn_events(events: Iterable[Event]) -> list[Event]:
    """The events after the last user message (the turn being saved)."""
    events = list(events)
    for index in range(len(events) - 1, -1, -1):
        if isinstance(events[index], UserUttered):
            return events[index + 1:]
    return events


def asks_to_forget(events: Iterable[Event]) -> bool:
    """Did ``action_forget_me`` set the marker in this turn?"""
    in_forget_action = False
    for event in turn_events(events):
        if isinstance(event, ActionExecuted):
            in_forget_action = event.action_name == FORGET_ACTION
        elif (
            in_forget_action
            and isinstance(event, SlotSet)
            and event.key == FORGET_SLOT
            and event.value is True
        ):
            return True
    return False


class ForgettingSQLTrackerStore(SQLTrackerStore):
    """``SQLTrackerStore`` that deletes a conversation when the chat asks to."""

    async def save(self, tracker: DialogueStateTracker) -> None:
        if not asks_to_forget(tracker.events):
            await super().save(tracker)
            return
        # Nothing of this turn is written: every row of the sender goes, in
        # one transaction. Saving the same tracker object again (the marker is
        # still in it) deletes again; the next message starts a new tracker.
        deleted = self.forget(tracker.sender_id)
        log.info("forgot a conversation on request (%d events deleted)", deleted)

    def forget(self, sender_id: str) -> int:
        """Delete every event of one sender; the number of rows deleted."""
        table = self.SQLEvent.__table__
        with self.engine.begin() as connection:
            result = connection.execute(sa.delete(table).where(table.c.sender_id == sender_id))
        return result.rowcount or 0
