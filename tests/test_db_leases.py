"""Leases: one holder at a time, taken over only once expired or released."""

from __future__ import annotations

from datetime import timedelta

from bot.db import leases
from bot.db.queries import utcnow
from bot.db.session import session_scope

TTL = timedelta(seconds=20)


def take(holder: str, after: float = 0.0) -> bool:
    with session_scope() as session:
        return leases.take(session, "telegram:abc", holder, TTL,
                           now=utcnow() + timedelta(seconds=after))


def test_the_first_takes_it_and_a_second_waits(database_url):
    assert take("a") is True
    assert take("b") is False
    assert take("a", after=10) is True  # renewed
    assert take("b", after=25) is False  # a renewed at +10: held until +30


def test_an_expired_lease_is_taken_over_and_its_old_holder_knows(database_url):
    assert take("a")
    assert take("b", after=21) is True
    assert take("a", after=22) is False


def test_a_released_lease_is_taken_at_once(database_url):
    assert take("a")
    with session_scope() as session:
        leases.release(session, "telegram:abc", "a")
    assert take("b") is True


def test_releasing_someone_elses_lease_does_nothing(database_url):
    assert take("a")
    with session_scope() as session:
        leases.release(session, "telegram:abc", "b")
    assert take("b") is False
