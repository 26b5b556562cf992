"""Tables of the programme database, candidacies, handoffs and reminders.

Chats' and the process's bookkeeping (profiles, the update inbox, keyboards, leases) is in
`bot.db.models_chats`.

Texts a user reads are stored per language as JSON objects (`{"fr": ..., "en": ...}`);
`None` means "unknown" and the assistant says so instead of guessing.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import relationship

from bot.db.base import Base


class Programme(Base):
    """A public scheme or a programme of the network (Bourse French Tech, PROGENN, ...)."""

    __tablename__ = "programmes"

    id = Column(Integer, primary_key=True)
    key = Column(String(64), nullable=False, unique=True)
    kind = Column(String(32), nullable=False)  # national_scheme | network_programme
    position = Column(Integer, nullable=False, default=0)
    name = Column(JSON, nullable=False)
    operator = Column(String(200))
    summary = Column(JSON, nullable=False)
    offer = Column(JSON)
    funding = Column(JSON)
    funding_amount_eur = Column(Integer)  # only when a source gives a figure
    eligibility_summary = Column(JSON)
    # What it brings, for the advisor to match a need: funding | support | network | incubator
    # | international (bot.advisor.reading.NEEDS); None or [] when the source does not say.
    offers = Column(JSON)
    how_to_apply = Column(JSON)
    documents = Column(JSON)
    deadline_note = Column(JSON)
    contact = Column(JSON)
    # {"questions": [{"key", "kind": yes_no|text, "text": {fr, en}}]}; None: the chat takes no
    # candidacy for this programme
    candidacy = Column(JSON)
    source_title = Column(String(300), nullable=False)
    source_url = Column(String(500))
    information_date = Column(Date, nullable=False)

    rules = relationship(
        "EligibilityRule",
        back_populates="programme",
        cascade="all, delete-orphan",
        order_by="EligibilityRule.position",
    )
    calls = relationship(
        "ProgrammeCall",
        back_populates="programme",
        cascade="all, delete-orphan",
        order_by="ProgrammeCall.closes_at",
    )


class EligibilityRule(Base):
    """One checkable condition; `check` is machine-readable, `text` is what users read."""

    __tablename__ = "eligibility_rules"
    __table_args__ = (UniqueConstraint("programme_id", "code"),)

    id = Column(Integer, primary_key=True)
    programme_id = Column(ForeignKey("programmes.id", ondelete="CASCADE"), nullable=False)
    code = Column(String(64), nullable=False)
    position = Column(Integer, nullable=False, default=0)
    check = Column(JSON, nullable=False)
    text = Column(JSON, nullable=False)

    programme = relationship("Programme", back_populates="rules")


class ProgrammeCall(Base):
    """A call for candidacies with its dates (a deadline)."""

    __tablename__ = "programme_calls"

    id = Column(Integer, primary_key=True)
    programme_id = Column(ForeignKey("programmes.id", ondelete="CASCADE"), nullable=False)
    title = Column(JSON, nullable=False)
    opens_at = Column(DateTime(timezone=True))
    closes_at = Column(DateTime(timezone=True))
    url = Column(String(500))

    programme = relationship("Programme", back_populates="calls")


class Event(Base):
    """Something the network organises or attends; times are stored in UTC."""

    __tablename__ = "network_events"
    __table_args__ = (UniqueConstraint("key"),)

    id = Column(Integer, primary_key=True)
    key = Column(String(100))  # set for seeded events, so re-seeding updates them
    title = Column(JSON, nullable=False)
    starts_at = Column(DateTime(timezone=True), nullable=False)
    date_precision = Column(String(8), nullable=False, default="minute")  # minute|day|month
    place = Column(String(300))
    description = Column(JSON)
    url = Column(String(500))
    cancelled = Column(Boolean, nullable=False, default=False)
    source_title = Column(String(300))
    # When staff last announced or changed it: reminders due before that moment are not sent
    # (the subscribers have just been told).
    changed_at = Column(DateTime(timezone=True))


class NetworkSection(Base):
    """A fact sheet about the Normandy French Tech itself (label, governance, totems...)."""

    __tablename__ = "network_sections"

    id = Column(Integer, primary_key=True)
    key = Column(String(64), nullable=False, unique=True)
    position = Column(Integer, nullable=False, default=0)
    title = Column(JSON, nullable=False)
    body = Column(JSON, nullable=False)
    source_title = Column(String(300), nullable=False)


class KnowledgeEntry(Base):
    """One fact the assistant may answer with: about a scheme or the network, one aspect.

    `known` False is a fact too: the source does not say (the answer says exactly what is not
    known; the assistant adds who can answer). `questions` are how people ask it, per
    language: the retrieval index is built from them, so a new entry is answered without
    retraining. `changed_at`/`changed_by`: a staff member's edit, which re-seeding leaves alone.
    """

    __tablename__ = "knowledge_entries"

    id = Column(Integer, primary_key=True)
    key = Column(String(64), nullable=False, unique=True)
    position = Column(Integer, nullable=False, default=0)
    subject = Column(String(64), nullable=False, index=True)  # a programme key, or "network"
    aspect = Column(String(64), nullable=False)
    known = Column(Boolean, nullable=False, default=True)
    yes_no = Column(String(3))  # "yes" | "no": the answer to its questions' yes/no form
    answer = Column(JSON, nullable=False)  # {"fr": ..., "en": ...}
    questions = Column(JSON, nullable=False)  # {"fr": [...], "en": [...]}
    source_title = Column(String(300))
    source_url = Column(String(500))
    information_date = Column(Date)
    changed_at = Column(DateTime(timezone=True))
    changed_by = Column(String(200))


class Setting(Base):
    """Small key/value facts of the network (contact e-mail, name) that staff keep current."""

    __tablename__ = "network_settings"

    key = Column(String(64), primary_key=True)
    value = Column(Text, nullable=False)


class Candidacy(Base):
    """A candidacy to a scheme, or to join the network (`programme_key` is then NULL).

    Personal fields are blanked by `anonymise` when the applicant asks to be forgotten;
    the reference, scheme, status and dates stay for the network's records.
    """

    __tablename__ = "candidacies"
    __table_args__ = (UniqueConstraint("year", "number"),)

    id = Column(Integer, primary_key=True)
    reference = Column(String(20), nullable=False, unique=True)
    year = Column(Integer, nullable=False)
    number = Column(Integer, nullable=False)
    chat_id = Column(String(32), index=True)
    language = Column(String(2), nullable=False)
    programme_key = Column(String(64))
    status = Column(String(16), nullable=False, index=True)
    full_name = Column(String(200))
    email = Column(String(320))
    phone = Column(String(32))
    company = Column(String(200))
    siren = Column(String(9))
    town = Column(String(200))
    postcode = Column(String(10))
    in_normandy = Column(Boolean)
    stage = Column(String(32))
    founded_on = Column(Date)
    pitch = Column(Text)
    expectations = Column(Text)
    answers = Column(JSON)  # questions specific to the scheme
    eligibility_warnings = Column(JSON)
    consent_at = Column(DateTime(timezone=True), nullable=False)
    submitted_at = Column(DateTime(timezone=True), nullable=False)
    updated_at = Column(DateTime(timezone=True), nullable=False)
    anonymised_at = Column(DateTime(timezone=True))


class Handoff(Base):
    """A conversation handed to a person of the network, from request to close.

    The transcript holds what the staff needed to see (the last messages before the request)
    and everything said: {at (ISO text, UTC: migration f1b5d8e3a7c4), by, name, text}.
    """

    __tablename__ = "handoffs"

    id = Column(Integer, primary_key=True)
    chat_id = Column(String(32), index=True)
    user_name = Column(String(200))
    username = Column(String(64))
    language = Column(String(2), nullable=False)
    reason = Column(String(16), nullable=False)  # request | fallback
    programme_key = Column(String(64))
    status = Column(String(8), nullable=False, index=True)  # open | taken | closed
    opened_at = Column(DateTime(timezone=True), nullable=False)
    taken_by = Column(String(200))
    taken_at = Column(DateTime(timezone=True))
    closed_at = Column(DateTime(timezone=True))
    closed_by = Column(String(200))
    reposted_at = Column(DateTime(timezone=True))
    transcript = Column(JSON, nullable=False)
    # While it waits: the person told their messages reach the team (once), told no one has
    # answered yet (once); closed by the person themself (closed_by stays empty).
    acknowledged_at = Column(DateTime(timezone=True))
    wait_told_at = Column(DateTime(timezone=True))
    withdrawn_at = Column(DateTime(timezone=True))


class StaffNotice(Base):
    """Outbox of the staff chat: written with what it announces, sent once by the bot."""

    __tablename__ = "staff_notices"

    id = Column(Integer, primary_key=True)
    kind = Column(String(16), nullable=False)  # handoff|repost|candidacy|wait_over|office_reply
    handoff_id = Column(ForeignKey("handoffs.id", ondelete="CASCADE"))
    candidacy_reference = Column(String(20))
    text = Column(Text)  # wait_over, office_reply: the line as written with what it tells
    created_at = Column(DateTime(timezone=True), nullable=False)
    sent_at = Column(DateTime(timezone=True), index=True)  # or settled without a message
    message_id = Column(Integer)
    attempts = Column(Integer, nullable=False, default=0, server_default="0")  # transient
    given_up = Column(String(32))  # blocked | refused | attempts: never sent, and why


class StaffMessage(Base):
    """A bot message in the staff chat and a handoff it is about, so that replies find it.

    A grouped notice is about several handoffs (one row each): a reply to it is refused.
    """

    __tablename__ = "staff_messages"

    message_id = Column(Integer, primary_key=True, autoincrement=False)
    handoff_id = Column(ForeignKey("handoffs.id", ondelete="CASCADE"), primary_key=True)


class Subscription(Base):
    """A chat asked to be reminded: of one event, of every event, or of a scheme's deadlines.

    `target` is `all`, `event:<id>` or `deadline:<programme key>`.
    """

    __tablename__ = "subscriptions"
    __table_args__ = (UniqueConstraint("chat_id", "target"),)

    id = Column(Integer, primary_key=True)
    chat_id = Column(String(32), nullable=False, index=True)
    target = Column(String(80), nullable=False, index=True)
    language = Column(String(2), nullable=False)
    created_at = Column(DateTime(timezone=True), nullable=False)


class ReminderBatch(Base):
    """One message to many: a reminder, an announcement, a move or a cancellation.

    Its recipients are written with it (one transaction), so a crash can neither lose nor
    repeat the fan-out; the key says what it is, so it is never created twice.
    """

    __tablename__ = "reminder_batches"

    key = Column(String(120), primary_key=True)
    kind = Column(String(16), nullable=False)  # reminder | deadline | announce | moved | cancelled
    event_id = Column(ForeignKey("network_events.id", ondelete="CASCADE"))
    call_id = Column(Integer)  # a programme call (deadline); calls are re-seeded, so no FK
    offset_seconds = Column(Integer)
    details = Column(JSON)
    created_at = Column(DateTime(timezone=True), nullable=False)


class Delivery(Base):
    """One recipient of a batch: pending until Telegram took the message (or refused it)."""

    __tablename__ = "reminder_deliveries"
    __table_args__ = (UniqueConstraint("batch_key", "chat_id"),)

    id = Column(Integer, primary_key=True)
    batch_key = Column(ForeignKey("reminder_batches.key", ondelete="CASCADE"), nullable=False)
    chat_id = Column(String(32), nullable=False, index=True)
    target = Column(String(80), nullable=False)  # the subscription that brought it
    language = Column(String(2), nullable=False)
    status = Column(String(8), nullable=False, index=True)  # pending|sent|blocked|failed|dropped
    attempts = Column(Integer, nullable=False, default=0)
    sent_at = Column(DateTime(timezone=True))
    batch = relationship(ReminderBatch, lazy="joined")
