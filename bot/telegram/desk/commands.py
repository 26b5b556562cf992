"""Staff commands in the staff chat: /pending, /stats, /newevent, /export, /unanswered,
/admin (/close is in `relay`)."""

from __future__ import annotations

import dateparser
from telegram import ChatMember, LinkPreviewOptions, Update
from telegram.error import TelegramError

from bot.config import LANGUAGES, Settings
from bot.dates import moment
from bot.db import handoffs
from bot.db.candidacies import OPEN_STATUSES, as_dict, list_candidacies
from bot.db.insights import unanswered
from bot.db.office import issue_login
from bot.db.queries import utcnow
from bot.db.session import session_scope
from bot.db.stats import weekly_stats
from bot.reminders import events
from bot.reminders.plan import describe_offsets
from bot.staff.export import candidacies_csv
from bot.staff.unanswered import group
from bot.telegram.context import Context
from bot.telegram.desk.chat import StaffDesk, staff_only, who
from bot.telegram.send import answer, send

DATE_SETTINGS = {"DATE_ORDER": "DMY", "TIMEZONE": "Europe/Paris",
                 "RETURN_AS_TIMEZONE_AWARE": True, "PREFER_DATES_FROM": "future"}


@staff_only
async def on_pending(update: Update, context: Context, desk: StaffDesk) -> None:
    """What waits for the staff: open handoffs and candidacies to review."""
    lines: list[str] = []
    with session_scope() as session:
        waiting = [h for h in handoffs.list_handoffs(session) if h.status in handoffs.ACTIVE]
        if waiting:
            lines.append(desk.t("pending_handoffs"))
            lines += [f"• #{h.id} {who(h, desk.language)} — {desk.t(f'reason_{h.reason}')}"
                      f"{' — ' + h.taken_by if h.taken_by else ''}" for h in waiting]
        review = [c for c in list_candidacies(session) if c.status in OPEN_STATUSES]
        if review:
            lines.append(desk.t("pending_candidacies"))
            lines += [f"• {c.reference} — {c.programme_key or 'network'} — {c.status}"
                      for c in review]
    await send(context.bot, desk.chat_id, "\n".join(lines) or desk.t("pending_none"))


@staff_only
async def on_stats(update: Update, context: Context, desk: StaffDesk) -> None:
    """The last seven days in numbers."""
    with session_scope() as session:
        stats = weekly_stats(session)
    text = desk.t(
        "stats", conversations=stats.conversations, messages=stats.messages,
        fallback_rate=round(100 * stats.fallback_rate, 1),
        out_of_scope_rate=round(100 * stats.out_of_scope_rate, 1),
        first_answer="—" if stats.first_answer_minutes is None
        else desk.t("minutes", count=round(stats.first_answer_minutes)),
        intents=", ".join(f"{name} ({count})" for name, count in stats.top_intents) or "—",
        candidacies=", ".join(f"{key} ({count})" for key, count in stats.candidacies.items())
        or "0", handoffs=stats.handoffs)
    await send(context.bot, desk.chat_id, text)


@staff_only
async def on_export(update: Update, context: Context, desk: StaffDesk) -> None:
    """Every candidacy as a CSV file in the staff chat (the same as the command line's)."""
    with session_scope() as session:
        rows = [as_dict(c) for c in list_candidacies(session)]
    name = f"candidacies-{utcnow():%Y-%m-%d}.csv"
    await context.bot.send_document(desk.chat_id, candidacies_csv(rows).encode("utf-8"),
                                    filename=name, caption=desk.t("export_caption",
                                                                  count=len(rows)))


@staff_only
async def on_unanswered(update: Update, context: Context, desk: StaffDesk) -> None:
    """The last 30 days' top unanswered questions, grouped, redacted."""
    with session_scope() as session:
        groups = group(unanswered(session, days=30))[:10]
    lines = [f"• {g.count} × {g.example[:200]}" for g in groups]
    await send(context.bot, desk.chat_id, desk.t("unanswered_title") + "\n" + "\n".join(lines)
               if lines else desk.t("unanswered_none"))


@staff_only
async def on_admin(update: Update, context: Context, desk: StaffDesk) -> None:
    """A one-time login link to the back-office, for a member of the staff chat only: sent in
    private when the member has a chat with the bot, else here; without a link preview."""
    user = update.effective_user
    member = await context.bot.get_chat_member(desk.chat_id, user.id)
    if member.status not in (ChatMember.OWNER, ChatMember.ADMINISTRATOR, ChatMember.MEMBER):
        await send(context.bot, desk.chat_id, desk.t("admin_refused"))
        return
    with session_scope() as session:
        token = issue_login(session, user.id, user.first_name or str(user.id))
    link = desk.t("admin_link", url=Settings.from_env().office_login_url(token))
    unfetched = LinkPreviewOptions(is_disabled=True)  # a preview fetcher would use the link
    try:
        await send(context.bot, user.id, link, link_preview_options=unfetched)
    except TelegramError:  # no private chat with the bot yet: here, for one use only
        await send(context.bot, desk.chat_id, link, link_preview_options=unfetched)
        return
    await send(context.bot, desk.chat_id, desk.t("admin_link_sent", name=user.first_name))


def parse_new_event(text: str) -> tuple[dict, str | None]:
    """`/newevent <date and time> | <title> | [place] | [link]` -> fields, or an error key."""
    _command, *rest = text.split(maxsplit=1) or [""]
    parts = [part.strip() for part in (rest[0] if rest else "").split("|")]
    if len(parts) < 2 or not parts[0] or not parts[1]:
        return {}, "newevent_usage"
    starts = dateparser.parse(parts[0], languages=list(LANGUAGES), settings=DATE_SETTINGS)
    if starts is None:
        return {}, "newevent_bad_date"
    return {"starts_at": starts, "title": parts[1],
            "place": parts[2] if len(parts) > 2 and parts[2] else None,
            "url": parts[3] if len(parts) > 3 and parts[3] else None}, None


@staff_only
async def on_new_event(update: Update, context: Context, desk: StaffDesk) -> None:
    """Add an event, announce it to subscribers, plan its reminders."""
    fields, problem = parse_new_event(update.effective_message.text or "")
    if problem is None:
        try:
            with session_scope() as session:
                change = events.create(session, **fields)
                event_id = change.event.id
        except events.EventError:
            problem = "newevent_past"
    if problem:
        await answer(update, context, desk.t(problem))
        return
    reminders = context.application.bot_data.reminders
    if reminders is not None:
        reminders.reconcile()
    context.application.bot_data.outbox_wake.set()  # the news goes out now
    offsets = reminders.offsets if reminders is not None else []
    await answer(update, context, desk.t(
        "newevent_done", id=event_id, title=fields["title"],
        when=moment(fields["starts_at"], desk.language), count=change.notified,
        offsets=describe_offsets(offsets, desk.language) or "—"))
