"""Reminder deliveries as a source of the one sender (`bot.db.sender`): each pending delivery
written at send time in its subscriber's language, sent once, marked as soon as it is sent.

Channel-free: the sender hands each message to the channel it was given (Telegram's goes
through the rate limiter, which keeps the whole bot under ~30 messages/s). A delivery that
no longer makes sense (its event cancelled) or cannot be written is dropped unsent; a person
who blocked the bot loses their subscriptions and every delivery still pending for them.
"""

from __future__ import annotations

import logging

from sqlalchemy.orm import Session

from bot.db.models import Delivery
from bot.db.outbox import BLOCKED
from bot.db.reminders import attempted, drop_blocked, mark, pending_deliveries
from bot.db.sender import Item
from bot.db.session import session_scope
from bot.reminders.compose import compose
from bot.reply import Reply

logger = logging.getLogger(__name__)
BATCH = 50  # deliveries per pass: the sender looks at the other outboxes in between


class ReminderDeliveries:
    """The `reminder_deliveries` table as the sender sees it."""

    name = "reminders"

    def due(self) -> list[Item]:
        items = []
        with session_scope() as session:
            for delivery in pending_deliveries(session, BATCH):
                message = self._compose(session, delivery)
                if message is None:
                    mark(session, delivery.id, "dropped")
                else:
                    items.append(Item(delivery.id, delivery.chat_id, [message]))
        return items

    @staticmethod
    def _compose(session: Session, delivery: Delivery) -> Reply | None:
        try:
            return compose(session, delivery)
        except Exception:  # one broken record must not hold the queue up
            logger.exception("Delivery %s cannot be written; dropped", delivery.id)
            return None

    def sent(self, item: Item, message_ids: list[int]) -> None:
        with session_scope() as session:
            mark(session, item.key, "sent")

    def attempted(self, item: Item) -> int:
        with session_scope() as session:
            return attempted(session, item.key)

    def give_up(self, item: Item, reason: str) -> None:
        with session_scope() as session:
            if reason == BLOCKED:
                count = drop_blocked(session, str(item.chat_id))
                logger.info("Delivery %s: the user blocked the bot; %d subscriptions removed",
                            item.key, count)
            else:
                mark(session, item.key, "failed")
