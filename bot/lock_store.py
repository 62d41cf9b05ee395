"""A Redis lock store whose ticket operations are atomic across Rasa servers.

Rasa Open Source 3.6's `RedisLockStore` changes a conversation's ticket lock
by reading it, changing it in Python and writing it back. Two Rasa servers
that get a message of the same conversation at the same moment can both read
"no tickets", both take ticket 0 and process the conversation at once; one
turn's events are then lost when the tracker is saved (the prod tests showed
it). Here every change of a lock is one Redis transaction (WATCH/MULTI/EXEC,
retried when another server changed the lock in between), so tickets are
handed out one at a time and a lock is never deleted under a waiting ticket.

Used by endpoints.prod.yml (`type: bot.lock_store.AtomicRedisLockStore`).
"""
from __future__ import annotations

import json
import logging
from typing import Any, Callable, Optional, Text, Tuple

from rasa.core.lock import TicketLock
from rasa.core.lock_store import LOCK_LIFETIME, LockError, RedisLockStore
from rasa.utils.endpoints import EndpointConfig

logger = logging.getLogger(__name__)

# Tickets expire after LOCK_LIFETIME; the key itself is dropped some time
# after the last change, so a server killed mid-turn leaves nothing behind.
KEY_TTL_SECONDS = int(LOCK_LIFETIME) + 600
MAX_ATTEMPTS = 100

Change = Callable[[Optional[TicketLock]], Tuple[Optional[TicketLock], Any]]


class AtomicRedisLockStore(RedisLockStore):
    def __init__(self, endpoint_config: Optional[EndpointConfig] = None, **kwargs: Any) -> None:
        if endpoint_config is not None:
            kwargs = {"host": endpoint_config.url or "localhost", **endpoint_config.kwargs, **kwargs}
        super().__init__(**kwargs)

    def _change(self, conversation_id: Text, change: Change) -> Any:
        """Apply `change` to the stored lock in one transaction; return its result.

        `change` gets the current lock (or None) and returns the lock to store
        (None deletes it) and a result.
        """
        import redis

        key = self.key_prefix + conversation_id
        for _ in range(MAX_ATTEMPTS):
            with self.red.pipeline() as pipe:
                try:
                    pipe.watch(key)
                    raw = pipe.get(key)
                    lock = TicketLock.from_dict(json.loads(raw)) if raw else None
                    new_lock, result = change(lock)
                    pipe.multi()
                    if new_lock is None:
                        pipe.delete(key)
                    else:
                        pipe.set(key, new_lock.dumps(), ex=KEY_TTL_SECONDS)
                    pipe.execute()
                    return result
                except redis.WatchError:
                    continue  # another server changed the lock: read it again
        raise LockError(f"Could not change the lock of a conversation in {MAX_ATTEMPTS} attempts.")

    def issue_ticket(self, conversation_id: Text, lock_lifetime: float = LOCK_LIFETIME) -> int:
        def take(lock: Optional[TicketLock]) -> Tuple[TicketLock, int]:
            lock = lock or self.create_lock(conversation_id)
            return lock, lock.issue_ticket(lock_lifetime)

        try:
            return self._change(conversation_id, take)
        except LockError:
            raise
        except Exception as error:  # noqa: BLE001 - Rasa expects a LockError
            raise LockError(f"Error while acquiring lock: {error.__class__.__name__}") from error

    def update_lock(self, conversation_id: Text) -> None:
        def drop_expired(lock: Optional[TicketLock]) -> Tuple[Optional[TicketLock], None]:
            if lock is not None:
                lock.remove_expired_tickets()
            return lock, None

        self._change(conversation_id, drop_expired)

    def finish_serving(self, conversation_id: Text, ticket_number: int) -> None:
        def finish(lock: Optional[TicketLock]) -> Tuple[Optional[TicketLock], None]:
            if lock is not None:
                lock.remove_ticket_for(ticket_number)
            return lock, None

        self._change(conversation_id, finish)

    def cleanup(self, conversation_id: Text, ticket_number: int) -> None:
        """Remove this ticket, and the lock when nobody else holds a ticket (atomically)."""

        def release(lock: Optional[TicketLock]) -> Tuple[Optional[TicketLock], None]:
            if lock is None:
                return None, None
            lock.remove_ticket_for(ticket_number)
            return (lock if lock.is_someone_waiting() else None), None

        self._change(conversation_id, release)
