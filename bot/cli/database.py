"""`ftbot db ...` and `ftbot programmes list`: the database's schema, seed, export, purge."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bot.config import Settings


def cmd_db_upgrade(args: argparse.Namespace) -> int:
    from bot.db.migrate import upgrade

    upgrade(Settings.from_env().database_url)
    print("Database schema is up to date.")
    return 0


def cmd_db_seed(args: argparse.Namespace) -> int:
    from bot.db.seed import SeedError, apply_seed, is_seeded, load_seed
    from bot.db.session import session_scope

    settings = Settings.from_env()
    path = Path(args.file) if args.file else settings.seed_file
    if args.if_empty:
        with session_scope(settings.database_url) as session:
            if is_seeded(session):
                print("The database holds programmes already: not seeded "
                      "(`ftbot db seed` imports the file).")
                return 0
    try:
        seed = load_seed(path)
    except SeedError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    with session_scope(settings.database_url) as session:
        report = apply_seed(session, seed)
    print(f"Seeded from {path}: {report}.")
    return 0


def cmd_db_export(args: argparse.Namespace) -> int:
    from bot.db.export import dump, export_seed
    from bot.db.session import session_scope

    with session_scope(Settings.from_env().database_url) as session:
        text = dump(export_seed(session))
    if args.file:
        Path(args.file).write_text(text, encoding="utf-8")
        print(f"Exported to {args.file}.")
    else:
        sys.stdout.write(text)
    return 0


def cmd_db_purge(args: argparse.Namespace) -> int:
    from bot.db.queries import utcnow
    from bot.db.retention import purge
    from bot.db.session import session_scope

    with session_scope(Settings.from_env().database_url) as session:
        removed = purge(session, utcnow())
    print("Removed: " + ", ".join(f"{count} {table}" for table, count in removed.items()))
    return 0


def cmd_programmes_list(args: argparse.Namespace) -> int:
    from tabulate import tabulate

    from bot.db.queries import list_programmes, localized
    from bot.db.session import session_scope

    with session_scope(Settings.from_env().database_url) as session:
        rows = [[p.key, localized(p.name, args.language), p.kind, len(p.rules), len(p.calls),
                 p.information_date.isoformat()] for p in list_programmes(session)]
    print(tabulate(rows, headers=["key", "name", "kind", "rules", "calls", "information date"]))
    return 0
