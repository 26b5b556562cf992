"""Tables of the chats' and the process's bookkeeping: profiles, the update inbox, what
was delivered of the last turn, the keyboards sent and pressed, and the lease that makes one
process run a bot, and the versions of the content the process keeps a copy of."""

from __future__ import annotations

from sqlalchemy import JSON, Boolean, Column, DateTime, Integer, String

from bot.db.base import Base


class ChatProfile(Base):
    """A Telegram chat's preferences; the conversation itself lives in Rasa's tracker store."""

    __tablename__ = "chat_profiles"

    chat_id = Column(String(32), primary_key=True)
    language = Column(String(2), nullable=False)
    language_locked = Column(Boolean, nullable=False, default=False)  # chosen with /language
    created_at = Column(DateTime(timezone=True), nullable=False)


class InboxUpdate(Base):
    """Every Telegram update, stored before it is confirmed to Telegram and processed once.

    The payload (which holds the user's message) is cleared once processed: only the id stays,
    so a redelivered update is recognised and skipped.
    """

    __tablename__ = "inbox_updates"

    update_id = Column(Integer, primary_key=True, autoincrement=False)
    chat_id = Column(String(32), index=True)
    payload = Column(JSON)
    received_at = Column(DateTime(timezone=True), nullable=False)
    processed_at = Column(DateTime(timezone=True), index=True)


class InstanceLease(Base):
    """Which process runs a bot: one holder at a time, for as long as it keeps renewing."""

    __tablename__ = "instance_leases"

    name = Column(String(64), primary_key=True)  # the bot (a hash of its token)
    holder = Column(String(128), nullable=False)  # host, process id and a random part
    expires_at = Column(DateTime(timezone=True), nullable=False)


class IssuedKeyboard(Base):
    """The buttons of a bot message, as sent: a press whose data we did not send is forged."""

    __tablename__ = "issued_keyboards"

    chat_id = Column(String(32), primary_key=True)
    message_id = Column(Integer, primary_key=True, autoincrement=False)
    data = Column(JSON, nullable=False)  # the callback data of each button
    issued_at = Column(DateTime(timezone=True), nullable=False)


class UsedKeyboard(Base):
    """A bot message whose buttons were pressed once; a second press is refused.

    The press that used it (`update_id`) may come again after a crash: it is not refused.
    """

    __tablename__ = "used_keyboards"

    chat_id = Column(String(32), primary_key=True)
    message_id = Column(Integer, primary_key=True, autoincrement=False)
    used_at = Column(DateTime(timezone=True), nullable=False)
    update_id = Column(Integer)


class TurnDelivery(Base):
    """How many messages of a conversation's last turn reached the user.

    The turn's replies themselves are the bot events Rasa saved with it (one transaction):
    after a crash, a turn the conversation already holds is not run again, and only its
    messages beyond `delivered` are sent. One row per conversation: turns of a conversation
    are taken one after another, so only the last can be half delivered.
    """

    __tablename__ = "turn_deliveries"

    sender_id = Column(String(255), primary_key=True)  # Rasa's conversation id
    turn_id = Column(String(64), nullable=False)  # e.g. "tg:<update id>"
    delivered = Column(Integer, nullable=False)
    updated_at = Column(DateTime(timezone=True), nullable=False)


class ContentVersion(Base):
    """A counter per kind of content the process keeps a copy of (`bot.db.catalogue`): every
    change moves it, in the transaction that makes the change."""

    __tablename__ = "content_versions"

    name = Column(String(32), primary_key=True)
    version = Column(Integer, nullable=False, default=0)
