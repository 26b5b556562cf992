"""Handoffs to the staff and the staff chat's outbox: open, relay, take, close, re-post."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from bot.db.models import Handoff, StaffMessage, StaffNotice
from bot.db.queries import as_utc, utcnow

ACTIVE = ("open", "taken")
_ACTIVE_HANDOFF = (select(Handoff)
                   .where(Handoff.chat_id == bindparam("chat_id"), Handoff.status.in_(ACTIVE))
                   .order_by(Handoff.id.desc()).limit(1))
STATUSES = ("open", "taken", "closed")
TRANSCRIPT_LIMIT = 200  # entries kept per handoff; the oldest go first


def active_handoff(session: Session, chat_id: str) -> Handoff | None:
    """Asked for every message of a bot with a staff chat: the statement is built once."""
    return session.execute(_ACTIVE_HANDOFF, {"chat_id": chat_id}).scalar_one_or_none()


def open_handoff(session: Session, *, chat_id: str, language: str, reason: str,
                 user_name: str | None = None, username: str | None = None,
                 programme_key: str | None = None,
                 transcript: list[dict[str, Any]] | None = None) -> Handoff:
    """A new handoff and its notice; the chat's active one if there is already one."""
    existing = active_handoff(session, chat_id)
    if existing is not None:
        return existing
    handoff = Handoff(chat_id=chat_id, language=language, reason=reason, user_name=user_name,
                      username=username, programme_key=programme_key, status="open",
                      opened_at=utcnow(),
                      transcript=[{**m, "at": iso_moment(m.get("at"))} for m in transcript or []])
    session.add(handoff)
    session.flush()
    session.add(StaffNotice(kind="handoff", handoff_id=handoff.id, created_at=utcnow()))
    return handoff


def record(handoff: Handoff, by: str, text: str, name: str | None = None,
           hidden: str | None = None) -> None:
    """`hidden`: an entry that keeps its place without text (why: form_answer, over_limit)."""
    entry = {"at": utcnow().isoformat(), "by": by, "name": name, "text": text}
    if hidden:
        entry["hidden"] = hidden
    handoff.transcript = [*handoff.transcript, entry][-TRANSCRIPT_LIMIT:]  # a new list: saved


def recent_user_messages(handoff: Handoff, window: timedelta, now: datetime | None = None
                         ) -> int:
    """How many times the user wrote in the last `window` (relayed, or refused once)."""
    since = (now or utcnow()) - window
    return sum(1 for m in handoff.transcript if m.get("by") == "user" and m.get("at")
               and moment(m["at"]) >= since)


def moment(value: str | float) -> datetime:
    """When a transcript's line was written: ISO text, as stored since issue 33 (older rows
    converted by migration f1b5d8e3a7c4); a float (Rasa's timestamp) is still read."""
    if isinstance(value, (int, float)):  # Rasa's, should one reach here unconverted
        return datetime.fromtimestamp(value, timezone.utc)
    return as_utc(datetime.fromisoformat(value))


def iso_moment(value: Any) -> str | None:
    """A transcript line's time as stored: ISO text in UTC (Rasa gives its events' times as
    floats; one type in storage, so every reader parses one)."""
    if value is None or isinstance(value, str):
        return value
    try:
        return datetime.fromtimestamp(value, timezone.utc).isoformat()
    except (TypeError, ValueError, OverflowError, OSError):  # not a time: kept readable
        return str(value)


def get_handoff(session: Session, handoff_id: int) -> Handoff | None:
    return session.get(Handoff, handoff_id)


def take(handoff: Handoff, staff_name: str) -> bool:
    """True when this call took it (not already taken or closed)."""
    if handoff.status != "open":
        return False
    handoff.status, handoff.taken_by, handoff.taken_at = "taken", staff_name, utcnow()
    return True


def close(handoff: Handoff, staff_name: str) -> bool:
    if handoff.status == "closed":
        return False
    handoff.status, handoff.closed_by, handoff.closed_at = "closed", staff_name, utcnow()
    return True


def withdraw(handoff: Handoff) -> bool:
    """The person withdrew their request: closed, by nobody of the staff."""
    if handoff.status == "closed":
        return False
    handoff.status, handoff.closed_at = "closed", utcnow()
    handoff.withdrawn_at = handoff.closed_at
    return True


def acknowledge(handoff: Handoff) -> bool:
    """True the first time: the person is told (once) that their messages reach the team."""
    if handoff.acknowledged_at is not None:
        return False
    handoff.acknowledged_at = utcnow()
    return True


def tell_wait_over(handoff: Handoff) -> bool:
    """True once, while nobody of the staff took the request: time to tell the person."""
    if handoff.status != "open" or handoff.wait_told_at is not None:
        return False
    handoff.wait_told_at = utcnow()
    return True


def waiting(session: Session) -> list[Handoff]:
    """Open handoffs whose person has not been told yet that nobody answered."""
    query = select(Handoff).where(Handoff.status == "open", Handoff.wait_told_at.is_(None))
    return list(session.execute(query).scalars())


def remember_staff_message(session: Session, message_id: int, handoff_id: int) -> None:
    """`message_id` (the bot's, in the staff chat) is about this handoff (among others)."""
    if session.get(StaffMessage, (message_id, handoff_id)) is None:
        session.add(StaffMessage(message_id=message_id, handoff_id=handoff_id))


def handoffs_of_staff_message(session: Session, message_id: int) -> list[Handoff]:
    """Every handoff a staff-chat message is about: one, several (grouped) or none."""
    query = (select(Handoff).join(StaffMessage, StaffMessage.handoff_id == Handoff.id)
             .where(StaffMessage.message_id == message_id).order_by(Handoff.id))
    return list(session.execute(query).scalars())


def thread_of(session: Session, handoff_id: int) -> int | None:
    """The staff-chat message a handoff's relays and lines are threaded under: its latest
    notice (a new request or a re-post; a line about it, wait_over or office_reply, is not)."""
    query = (select(StaffNotice.message_id)
             .where(StaffNotice.handoff_id == handoff_id, StaffNotice.message_id.is_not(None),
                    StaffNotice.text.is_(None))
             .order_by(StaffNotice.id.desc()).limit(1))
    return session.execute(query).scalar_one_or_none()


def notice_candidacy(session: Session, reference: str) -> None:
    session.add(StaffNotice(kind="candidacy", candidacy_reference=reference,
                            created_at=utcnow()))


def notice_line(session: Session, kind: str, handoff_id: int, text: str) -> None:
    """A line for the staff chat about a request (wait_over, office_reply), its text written
    now, in the transaction of what it tells."""
    session.add(StaffNotice(kind=kind, handoff_id=handoff_id, text=text, created_at=utcnow()))


def unsent_notices(session: Session, limit: int = 50) -> list[StaffNotice]:
    query = (select(StaffNotice).where(StaffNotice.sent_at.is_(None))
             .order_by(StaffNotice.id).limit(limit))
    return list(session.execute(query).scalars())


def mark_sent(notice: StaffNotice, message_id: int) -> None:
    notice.sent_at, notice.message_id = utcnow(), message_id


def queue_reposts(session: Session, waited: timedelta, now: datetime | None = None
                  ) -> list[Handoff]:
    """Open handoffs no one took for `waited`: re-posted once."""
    now = now or utcnow()
    query = select(Handoff).where(Handoff.status == "open", Handoff.reposted_at.is_(None))
    due = [h for h in session.execute(query).scalars() if as_utc(h.opened_at) <= now - waited]
    for handoff in due:
        handoff.reposted_at = now
        session.add(StaffNotice(kind="repost", handoff_id=handoff.id, created_at=now))
    return due


def list_handoffs(session: Session, status: str | None = None) -> list[Handoff]:
    query = select(Handoff).order_by(Handoff.id)
    if status:
        query = query.where(Handoff.status == status)
    return list(session.execute(query).scalars())


def for_chat(session: Session, chat_id: str) -> list[Handoff]:
    return list(session.execute(select(Handoff).where(Handoff.chat_id == chat_id)
                                .order_by(Handoff.id)).scalars())


def chats_closed_since(session: Session, since: datetime) -> list[str]:
    """Chats with a handoff closed since `since` and none open now."""
    active = select(Handoff.chat_id).where(Handoff.status.in_(ACTIVE))
    query = (select(Handoff.chat_id).distinct()
             .where(Handoff.status == "closed", Handoff.closed_at >= since,
                    Handoff.chat_id.not_in(active)))
    return sorted(session.execute(query).scalars())


def staff_traces(session: Session, chat_id: str) -> dict[int, list[int]]:
    """The bot's staff-chat messages about this chat: message id -> the other handoffs it shows
    (a grouped notice), to be edited when the chat's data is erased."""
    mine = select(Handoff.id).where(Handoff.chat_id == chat_id)
    messages = set(session.execute(select(StaffMessage.message_id)
                                   .where(StaffMessage.handoff_id.in_(mine))).scalars())
    traces = {}
    for message_id in sorted(messages):
        others = (select(StaffMessage.handoff_id)
                  .join(Handoff, Handoff.id == StaffMessage.handoff_id)
                  .where(StaffMessage.message_id == message_id, Handoff.chat_id != chat_id))
        traces[message_id] = sorted(session.execute(others).scalars())
    return traces


def erase_for_chat(session: Session, chat_id: str) -> int:
    """GDPR erasure: a chat's handoffs, their notices and threads go entirely."""
    handoffs = for_chat(session, chat_id)
    for handoff in handoffs:
        session.delete(handoff)
    return len(handoffs)


def as_dict(handoff: Handoff) -> dict[str, Any]:
    values = {column.name: getattr(handoff, column.name) for column in Handoff.__table__.columns}
    return {key: value.isoformat() if hasattr(value, "isoformat") else value
            for key, value in values.items()}
