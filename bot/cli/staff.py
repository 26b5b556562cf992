"""`ftbot candidacies ...` and `ftbot handoffs ...`: the staff's tools on a shell."""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys

from bot.config import Settings
from bot.db.candidacies import STATUSES
from bot.db.handoffs import STATUSES as HANDOFF_STATUSES

logger = logging.getLogger("ftbot")



def cmd_candidacies_list(args: argparse.Namespace) -> int:
    import json

    from tabulate import tabulate

    from bot.db.candidacies import CandidacyFilter, as_dict, list_candidacies
    from bot.db.session import session_scope
    from bot.staff.export import candidacies_csv

    with session_scope(Settings.from_env().database_url) as session:
        rows = [as_dict(c) for c in list_candidacies(
            session, CandidacyFilter(status=args.status, programme_key=args.programme))]
    if args.format == "json":
        print(json.dumps(rows, ensure_ascii=False, indent=2))
    elif args.format == "csv":
        sys.stdout.write(candidacies_csv(rows))
    else:
        columns = ["reference", "programme_key", "status", "full_name", "company", "town",
                   "submitted_at"]
        print(tabulate([[row[c] or "" for c in columns] for row in rows], headers=columns))
    return 0


def cmd_handoffs_list(args: argparse.Namespace) -> int:
    import json

    from tabulate import tabulate

    from bot.db.handoffs import as_dict, list_handoffs
    from bot.db.session import session_scope

    with session_scope(Settings.from_env().database_url) as session:
        rows = [as_dict(h) for h in list_handoffs(session, args.status)]
    if args.format == "json":
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    columns = ["id", "status", "reason", "user_name", "language", "programme_key", "opened_at",
               "taken_by", "closed_at"]
    table = [[row[c] or "" for c in columns] + [len(row["transcript"])] for row in rows]
    print(tabulate(table, headers=[*columns, "messages"]))
    return 0


def cmd_candidacies_set_status(args: argparse.Namespace) -> int:
    from telegram import Bot

    from bot.db.candidacies import UnknownStatus
    from bot.db.session import session_scope
    from bot.staff.applicants import change_status, deliver_waiting
    from bot.telegram.send import telegram_channel

    settings = Settings.from_env()
    try:
        with session_scope(settings.database_url) as session:
            candidacy, changed = change_status(session, args.reference, args.status,
                                               by="command line", note=args.message)
            if candidacy is None:
                print(f"error: no candidacy {args.reference}", file=sys.stderr)
                return 2
    except UnknownStatus as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if not changed:
        print(f"{args.reference} is already {args.status}: nothing to tell.")
        return 0
    print(f"{args.reference} is now {args.status}.")
    sent = 0
    if settings.telegram_token:
        async def deliver() -> int:
            async with Bot(settings.telegram_token, base_url=settings.telegram_api_url) as bot:
                return await deliver_waiting(telegram_channel(bot))
        try:
            sent = asyncio.run(deliver())
        except Exception as exc:  # the status and the message are saved: the bot sends it
            logger.error("Outbox not delivered from the command line: %r", exc)
    print("The applicant was notified." if sent else
          "The applicant could not be notified yet: the running bot will tell them.")
    return 0


def cmd_insights_unanswered(args: argparse.Namespace) -> int:
    from tabulate import tabulate

    from bot.db.insights import unanswered
    from bot.db.session import session_scope
    from bot.staff.unanswered import as_nlu_yaml, group

    with session_scope(Settings.from_env().database_url) as session:
        groups = group(unanswered(session, days=args.days))[:args.top]
    if args.format == "yaml":
        sys.stdout.write(as_nlu_yaml(groups))
        return 0
    print(tabulate([[g.count, ", ".join(sorted(g.intents)), g.example[:80]] for g in groups],
                   headers=["messages", "read as", "question (redacted)"]))
    return 0


def cmd_admin_link(args: argparse.Namespace) -> int:
    """For an operator on the server: a one-time back-office link, without Telegram."""
    from bot.db.office import audit, issue_login
    from bot.db.session import session_scope

    settings = Settings.from_env()
    with session_scope(settings.database_url) as session:
        token = issue_login(session, "command line", args.name)
        audit(session, args.name, "link_issued", "command line")
    print(settings.office_login_url(token))
    print("Valid once, for 10 minutes.", file=sys.stderr)
    return 0


def add_parsers(sub: argparse._SubParsersAction) -> None:
    candidacies = sub.add_parser("candidacies").add_subparsers(dest="c_command", required=True)
    clist = candidacies.add_parser("list", help="list candidacies")
    clist.add_argument("--status", choices=STATUSES)
    clist.add_argument("--programme", help="programme key, e.g. bourse_french_tech")
    clist.add_argument("--format", choices=["table", "csv", "json"], default="table")
    clist.set_defaults(func=cmd_candidacies_list)
    cset = candidacies.add_parser("set-status", help="change a status and tell the applicant")
    cset.add_argument("reference", help="e.g. NFT-2026-0001")
    cset.add_argument("status", choices=STATUSES)
    cset.add_argument("--message", help="a message to the applicant, sent with the status")
    cset.set_defaults(func=cmd_candidacies_set_status)

    admin = sub.add_parser("admin").add_subparsers(dest="a_command", required=True)
    link = admin.add_parser("link", help="print a one-time link to the back-office (10 min)")
    link.add_argument("--name", default="operator", help="who the audit log will name")
    link.set_defaults(func=cmd_admin_link)

    insights = sub.add_parser("insights").add_subparsers(dest="i_command", required=True)
    unanswered = insights.add_parser("unanswered", help="what users asked that the assistant "
                                     "could not answer, grouped by similarity")
    unanswered.add_argument("--days", type=int, default=30)
    unanswered.add_argument("--top", type=int, default=30, help="at most this many groups")
    unanswered.add_argument("--format", choices=["table", "yaml"], default="table",
                            help="yaml: a snippet for nlu/, each block's intent to choose")
    unanswered.set_defaults(func=cmd_insights_unanswered)

    hand = sub.add_parser("handoffs").add_subparsers(dest="h_command", required=True)
    hlist = hand.add_parser("list", help="conversations handed to the staff")
    hlist.add_argument("--status", choices=HANDOFF_STATUSES)
    hlist.add_argument("--format", choices=["table", "json"], default="table")
    hlist.set_defaults(func=cmd_handoffs_list)
