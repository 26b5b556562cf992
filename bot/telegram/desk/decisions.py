"""The staff's decisions on candidacies from the staff chat: each candidacy notice carries
status buttons; a press asks for confirmation; the confirmation changes the status (recorded
with the staff member's name) and queues the applicant's message in their language."""

from __future__ import annotations

import re

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from bot.db.candidacies import by_reference
from bot.db.session import session_scope
from bot.staff.applicants import change_status
from bot.telegram.context import Context
from bot.telegram.desk.chat import StaffDesk, staff_only
from bot.telegram.send import send

DECISIONS = ("in_review", "accepted", "rejected")
REFERENCE = r"NFT-\d{4}-\d{4,}"
ASK_BUTTON = re.compile(rf"^cand:ask:({REFERENCE}):({'|'.join(DECISIONS)})$")
CONFIRM_BUTTON = re.compile(rf"^cand:set:({REFERENCE}):({'|'.join(DECISIONS)})$")
KEEP_BUTTON = re.compile(rf"^cand:keep:({REFERENCE})$")


def decision_buttons(desk: StaffDesk, reference: str) -> list[InlineKeyboardButton]:
    """One candidacy's row of status buttons under its notice."""
    number = reference.rsplit("-", 1)[1]
    return [InlineKeyboardButton(desk.t(f"button_decide_{status}", number=number),
                                 callback_data=f"cand:ask:{reference}:{status}")
            for status in DECISIONS]


@staff_only
async def on_decision_button(update: Update, context: Context, desk: StaffDesk) -> None:
    reference, status = ASK_BUTTON.match(update.callback_query.data).groups()
    await update.callback_query.answer()
    with session_scope() as session:
        candidacy = by_reference(session, reference)
        language = candidacy.language if candidacy else None
    if candidacy is None:
        await send(context.bot, desk.chat_id, desk.t("decision_unknown", reference=reference))
        return
    question = desk.t("decision_confirm", reference=reference,
                      status=desk.t(f"status_{status}"), language=language)
    await send(context.bot, desk.chat_id, question, InlineKeyboardMarkup([[
        InlineKeyboardButton(desk.t("button_decision_yes"),
                             callback_data=f"cand:set:{reference}:{status}"),
        InlineKeyboardButton(desk.t("button_decision_no"), callback_data=f"cand:keep:{reference}"),
    ]]))


@staff_only
async def on_confirm_button(update: Update, context: Context, desk: StaffDesk) -> None:
    reference, status = CONFIRM_BUTTON.match(update.callback_query.data).groups()
    await update.callback_query.answer()
    by = update.effective_user.first_name if update.effective_user else "staff"
    with session_scope() as session:
        candidacy, changed = change_status(session, reference, status, by)
    if candidacy is None:
        text = desk.t("decision_unknown", reference=reference)
    elif changed:
        text = desk.t("decision_done", reference=reference, status=desk.t(f"status_{status}"),
                      who=by)
    else:
        text = desk.t("decision_same", reference=reference, status=desk.t(f"status_{status}"))
    await send(context.bot, desk.chat_id, text)
    if changed:
        context.application.bot_data.outbox_wake.set()


@staff_only
async def on_keep_button(update: Update, context: Context, desk: StaffDesk) -> None:
    reference = KEEP_BUTTON.match(update.callback_query.data).group(1)
    await update.callback_query.answer()
    await send(context.bot, desk.chat_id, desk.t("decision_kept", reference=reference))
