"""`ftbot events ...`: staff manage events; subscribers hear of new, moved, cancelled ones."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from bot.config import LANGUAGES, PARIS, Settings, default_language

CLI_LANGUAGE = "en"  # the command line speaks English, as its help and its output do

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from bot.reminders.events import Change


def parse_start(value: str) -> datetime:
    try:
        moment = datetime.fromisoformat(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(
            f"{value!r} is not an ISO 8601 date and time, e.g. 2027-01-15T18:30") from exc
    return moment if moment.tzinfo else moment.replace(tzinfo=PARIS)


def cmd_list(args: argparse.Namespace) -> int:
    from tabulate import tabulate

    from bot.dates import event_when, moment
    from bot.db.queries import list_events, localized, upcoming_events, utcnow
    from bot.db.reminders import ALL, batches_among, event_target, subscriber_count
    from bot.db.session import session_scope
    from bot.reminders.plan import next_reminder, parse_offsets, plan

    settings = Settings.from_env()
    offsets = parse_offsets(settings.reminder_offsets)
    now = utcnow()
    with session_scope(settings.database_url) as session:
        events = upcoming_events(session, limit=1000) if args.upcoming else list_events(session)
        planned = plan(session, offsets, now)
        done = batches_among(session, {p.key for p in planned})
        rows = []
        for e in events:
            upcoming = next_reminder(planned, done, e.id, now)
            rows.append([e.id, event_when(e, args.language), localized(e.title, args.language),
                         e.place or "", "cancelled" if e.cancelled else "",
                         subscriber_count(session, [event_target(e.id), ALL]),
                         moment(upcoming, args.language) if upcoming else "—"])
    print(tabulate(rows, headers=["id", "when (Europe/Paris)", "title", "place", "",
                                  "subscribers", "next reminder"]))
    return 0


def _change(verb: str, make_change: Callable[[Session], Change]) -> int:
    """Run one staff change in a transaction; say who will be told, or why it was refused."""
    from bot.db.session import session_scope
    from bot.reminders.events import EventError

    try:
        with session_scope(Settings.from_env().database_url) as session:
            change = make_change(session)
            print(f"Event {change.event.id} {verb}; {change.notified} subscriber(s) will be "
                  "told.")
    except EventError as error:
        print(f"Refused: {error.text(CLI_LANGUAGE)}", file=sys.stderr)
        return 1
    return 0


def cmd_add(args: argparse.Namespace) -> int:
    from bot.reminders import events

    return _change(f"added: {args.title} at {args.starts.isoformat()}", lambda session:
                   events.create(session, title=args.title, starts_at=args.starts,
                                 place=args.place, description=args.description, url=args.url))


def cmd_update(args: argparse.Namespace) -> int:
    from bot.reminders import events

    return _change("updated", lambda session: events.update(
        session, args.id, starts_at=args.starts, title=args.title, place=args.place,
        url=args.url, description=args.description))


def cmd_cancel(args: argparse.Namespace) -> int:
    from bot.reminders import events

    return _change("cancelled", lambda session: events.cancel(session, args.id))


def add_parsers(sub: argparse._SubParsersAction) -> None:
    events = sub.add_parser("events").add_subparsers(dest="e_command", required=True)
    elist = events.add_parser("list", help="list events, their subscribers and next reminder")
    elist.add_argument("--upcoming", action="store_true", help="only future events")
    elist.add_argument("--language", choices=LANGUAGES, default=default_language())
    elist.set_defaults(func=cmd_list)
    eadd = events.add_parser("add", help="add an event (announced to subscribers of all events)")
    eadd.add_argument("--title", required=True)
    eadd.add_argument("--starts", required=True, type=parse_start,
                      help="ISO 8601; without an offset, Europe/Paris time")
    eadd.add_argument("--place")
    eadd.add_argument("--description")
    eadd.add_argument("--url")
    eadd.set_defaults(func=cmd_add)
    eupdate = events.add_parser("update", help="change an event (a new date or place is news)")
    eupdate.add_argument("id", type=int)
    eupdate.add_argument("--starts", type=parse_start)
    eupdate.add_argument("--title")
    eupdate.add_argument("--place", help='"" to remove it')
    eupdate.add_argument("--description")
    eupdate.add_argument("--url")
    eupdate.set_defaults(func=cmd_update)
    ecancel = events.add_parser("cancel", help="cancel an event (its subscribers are told)")
    ecancel.add_argument("id", type=int)
    ecancel.set_defaults(func=cmd_cancel)
