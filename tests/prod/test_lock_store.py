"""The lock store against a real Redis server: tickets are unique across servers."""
from __future__ import annotations

import asyncio
import socket
import subprocess
import threading
import time
import uuid

import pytest
import redis
from rasa.core.lock_store import RedisLockStore

from bot.lock_store import AtomicRedisLockStore
from bot.prod import _which


@pytest.fixture(scope="module")
def redis_port(tmp_path_factory):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    folder = tmp_path_factory.mktemp("redis")
    process = subprocess.Popen(
        [_which("redis-server"), "--port", str(port), "--bind", "127.0.0.1", "--dir", str(folder),
         "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 20
    while True:
        try:
            redis.Redis(port=port).ping()
            break
        except redis.ConnectionError:
            if time.monotonic() > deadline:
                pytest.fail("redis-server did not start")
            time.sleep(0.1)
    yield port
    process.terminate()
    process.wait(10)


def issue_at_once(stores, conversation: str) -> list[int]:
    """Every store (one per 'server') takes a ticket for one conversation at the same moment."""
    barrier = threading.Barrier(len(stores))
    tickets: list[int] = []

    def take(store):
        barrier.wait()
        tickets.append(store.issue_ticket(conversation))

    threads = [threading.Thread(target=take, args=(store,)) for store in stores]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return tickets


def collisions(store_class, port: int, rounds: int = 40) -> int:
    stores = [store_class(host="127.0.0.1", port=port, db=1, key_prefix="test") for _ in range(6)]
    count = 0
    for _ in range(rounds):
        tickets = issue_at_once(stores, uuid.uuid4().hex)
        count += len(tickets) - len(set(tickets))
    return count


def test_tickets_are_unique_when_servers_ask_at_the_same_moment(redis_port):
    assert collisions(AtomicRedisLockStore, redis_port) == 0


def test_rasas_own_redis_lock_store_hands_out_the_same_ticket_twice(redis_port):
    """Why bot/lock_store.py exists; if Rasa fixes this, the custom store can go."""
    assert collisions(RedisLockStore, redis_port) > 0


def test_the_lock_serialises_two_servers_and_is_removed_afterwards(redis_port):
    first, second = (AtomicRedisLockStore(host="127.0.0.1", port=redis_port, db=1, key_prefix="test")
                     for _ in range(2))
    conversation = uuid.uuid4().hex
    order: list[str] = []

    async def turn(store, name):
        async with store.lock(conversation, wait_time_in_seconds=0.05):
            order.append(f"{name} in")
            await asyncio.sleep(0.2)
            order.append(f"{name} out")

    async def both():
        await asyncio.gather(turn(first, "a"), turn(second, "b"))

    asyncio.run(both())
    assert order in (["a in", "a out", "b in", "b out"], ["b in", "b out", "a in", "a out"])
    assert first.get_lock(conversation) is None  # nothing left behind


def test_created_from_the_endpoint_config_like_rasa_does(redis_port):
    from rasa.core.lock_store import LockStore
    from rasa.utils.endpoints import EndpointConfig

    config = EndpointConfig(url="127.0.0.1", type="bot.lock_store.AtomicRedisLockStore",
                            port=redis_port, db=1, key_prefix="rinnalla")
    store = LockStore.create(config)
    assert isinstance(store, AtomicRedisLockStore)
    assert store.key_prefix == "rinnalla:lock:"
    assert store.issue_ticket("x") == store.issue_ticket("x") - 1
