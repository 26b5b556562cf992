"""Every query the bot and the actions need, so that no SQL lives in a handler."""

from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from bot.config import LANGUAGES
from bot.db.models import Event, KnowledgeEntry, NetworkSection, Programme, Setting


def localized(texts: dict | None, language: str) -> str | None:
    """The text in `language`, else in the other language, else None (unknown)."""
    if not texts:
        return None
    for lang in (language, *LANGUAGES):
        if texts.get(lang):
            return texts[lang]
    return None


def _programmes_query():
    return select(Programme).options(selectinload(Programme.rules), selectinload(Programme.calls))


def get_programme(session: Session, key: str) -> Programme | None:
    return session.execute(_programmes_query().where(Programme.key == key)).scalar_one_or_none()


def list_programmes(session: Session) -> list[Programme]:
    query = _programmes_query().order_by(Programme.position, Programme.key)
    return list(session.execute(query).scalars())


def programme_keys(session: Session) -> list[str]:
    return list(session.execute(select(Programme.key).order_by(Programme.position)).scalars())


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


def as_utc(moment: datetime) -> datetime:
    """SQLite returns naive datetimes; every stored time is UTC."""
    return moment.replace(tzinfo=timezone.utc) if moment.tzinfo is None else moment


def upcoming_events(session: Session, now: datetime | None = None, limit: int = 5) -> list[Event]:
    now = now or utcnow()
    query = (
        select(Event)
        .where(Event.starts_at >= now, Event.cancelled.is_(False))
        .order_by(Event.starts_at)
        .limit(limit)
    )
    return list(session.execute(query).scalars())


def list_events(session: Session) -> list[Event]:
    return list(session.execute(select(Event).order_by(Event.starts_at)).scalars())


def add_event(
    session: Session,
    *,
    title: str,
    starts_at: datetime,
    place: str | None = None,
    description: str | None = None,
    url: str | None = None,
) -> Event:
    """An event typed by staff in one language is shown as is in both."""
    event = Event(
        title={"fr": title, "en": title},
        starts_at=as_utc(starts_at).astimezone(timezone.utc),
        place=place,
        description={"fr": description, "en": description} if description else None,
        url=url,
    )
    session.add(event)
    session.flush()
    return event


def list_knowledge(session: Session) -> list[KnowledgeEntry]:
    query = select(KnowledgeEntry).order_by(KnowledgeEntry.position, KnowledgeEntry.key)
    return list(session.execute(query).scalars())


def network_sections(session: Session) -> list[NetworkSection]:
    query = select(NetworkSection).order_by(NetworkSection.position, NetworkSection.key)
    return list(session.execute(query).scalars())


def get_setting(session: Session, key: str) -> str | None:
    setting = session.get(Setting, key)
    return setting.value if setting else None
