"""`ftbot`: train, run, manage the database, test the dialogue, evaluate."""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import subprocess
import sys
from pathlib import Path

from bot import serve_with_one_tensorflow_thread
from bot.cli import database as cli_db
from bot.cli import events as cli_events
from bot.cli import staff as cli_staff
from bot.config import LANGUAGES, PROJECT_ROOT, Settings, default_language
from bot.log import configure_logging

# TensorFlow's C++ start-up chatter is noise for a console user.
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
logger = logging.getLogger("ftbot")



def cmd_train(args: argparse.Namespace) -> int:
    from bot.assistant.training import train

    settings = Settings.from_env()
    model = train(settings.model_path)
    print(f"Model trained: {model}")
    return 0


def cmd_run(args: argparse.Namespace) -> int:
    serve_with_one_tensorflow_thread()
    from bot.assistant.runtime import Assistant
    from bot.console import chat
    from bot.reminders.plan import parse_offsets

    settings = Settings.from_env()
    try:
        parse_offsets(settings.reminder_offsets)
    except ValueError as error:  # say it now, not after loading the model
        print(f"error: {error}", file=sys.stderr)
        return 2
    from bot.db.migrate import is_current

    if not is_current(settings.database_url):
        print("error: the database schema is not up to date: run `ftbot db upgrade` "
              "(`make run` does it)", file=sys.stderr)
        return 2
    print("Loading the assistant...", file=sys.stderr, flush=True)
    assistant = Assistant.load(settings)
    if settings.telegram_token and not args.console:
        from bot.service.process import run

        asyncio.run(run(settings, assistant))
        return 0
    asyncio.run(chat(assistant, sys.stdin, sys.stdout, sender_id=args.sender,
                     language=args.language))
    return 0


def cmd_eval_nlu(args: argparse.Namespace) -> int:
    if args.compare:
        return cmd_compare_nlu(args)
    from devtools import evaluation

    settings = Settings.from_env()
    examples = evaluation.load_examples(Path(args.data))
    predictions = asyncio.run(evaluation.predict(settings.model_path, examples))
    report = evaluation.score(examples, predictions)
    json_path, png_path = evaluation.write_reports(report, examples, predictions,
                                                   Path(args.out))
    print(evaluation.summary(report))
    print(f"Reports: {json_path}, {png_path}")
    ok = (report.intent_accuracy >= args.min_intent_accuracy
          and report.entity_accuracy >= args.min_entity_accuracy
          and report.out_of_scope_caught >= args.min_out_of_scope_caught
          and report.in_domain_to_fallback <= args.max_in_domain_fallback)
    return 0 if ok else 1


def cmd_eval_conversations(args: argparse.Namespace) -> int:
    """The conversation suite on a fresh database seeded from `seed/` (the settings' file)."""
    import tempfile

    from bot.assistant.runtime import Assistant
    from bot.db.migrate import upgrade
    from bot.db.seed import apply_seed, load_seed
    from bot.db.session import session_scope
    from devtools import conversations

    settings = Settings.from_env()
    parts = [args.part] if args.part else list(conversations.PARTS)
    cases = [case for part in parts for case in conversations.load_part(part)
             if not args.theme or case.theme == args.theme]
    with tempfile.TemporaryDirectory() as directory:
        url = f"sqlite:///{Path(directory) / 'conversations.db'}"
        upgrade(url)
        with session_scope(url) as session:
            apply_seed(session, load_seed(settings.seed_file))
        os.environ["DATABASE_URL"] = url  # the actions read it
        os.environ.pop("STAFF_CHAT_ID", None)  # as the console: no staff chat
        settings = Settings.from_env()
        assistant = Assistant.load(settings)
        results = asyncio.run(conversations.run_suite(assistant, cases))
    verbose = ("dev",) + (("heldout",) if args.show_heldout else ())
    print(conversations.report(results, verbose_parts=verbose))
    return 0 if not args.check or conversations.meets_goals(results) else 1


def cmd_eval_knowledge(args: argparse.Namespace) -> int:
    """The knowledge index's threshold by leave-one-out on the training data."""
    from devtools import knowledge_eval

    print(knowledge_eval.summary(knowledge_eval.calibrate(Settings.from_env().seed_file)))
    return 0


def cmd_compare_nlu(args: argparse.Namespace) -> int:
    from devtools import nlu_compare

    names = args.candidates.split(",") if args.candidates else None
    results = nlu_compare.compare(names, args.folds, Path(args.out))
    print(nlu_compare.table(results))
    print(f"Reports: {Path(args.out) / 'nlu_compare.json'}, {Path(args.out) / 'nlu_compare.png'}")
    return 0


def cmd_bench(args: argparse.Namespace) -> int:
    serve_with_one_tensorflow_thread()  # for the in-process mode and the bot it starts
    from devtools.bench import table, write_reports
    from devtools.bench_run import bench_inprocess, bench_telegram

    settings = Settings.from_env()
    configure_logging("WARNING")
    rates = [2.0] if args.smoke else [float(r) for r in args.rates.split(",")]
    duration = 4.0 if args.smoke else args.duration
    modes = ["inprocess", "telegram"] if args.mode == "both" else [args.mode]
    failed = False
    for mode in modes:
        runner = bench_inprocess if mode == "inprocess" else bench_telegram
        steps, extra = asyncio.run(runner(settings, rates, duration, args.users))
        json_path, png_path = write_reports(steps, mode, Path(args.out),
                                            {**extra, "smoke": args.smoke})
        print(f"\n{mode}: " + ", ".join(f"{k} {v}" for k, v in extra.items()))
        print(table(steps))
        print(f"Reports: {json_path}, {png_path}")
        failed |= any(s.errors or s.unanswered for s in steps)
    return 1 if failed else 0


def cmd_stories(args: argparse.Namespace) -> int:
    """`rasa test core` on the test stories, with the Rasa patches as `ftbot run` has them."""
    from bot import rasa_patches

    settings = Settings.from_env()
    patched = rasa_patches.install(settings.rasa_patches)
    print(f"Rasa patches: {'on' if patched else 'off'}", file=sys.stderr, flush=True)
    from rasa.__main__ import main as rasa_main

    sys.argv = ["rasa", "test", "core", "--model", str(settings.model_path),
                "--stories", args.stories, "--fail-on-prediction-errors", "--out", args.out]
    try:
        rasa_main()
    except SystemExit as stop:
        return stop.code if isinstance(stop.code, int) else 1
    return 0


def cmd_validate(args: argparse.Namespace) -> int:
    rasa = Path(sys.executable).with_name("rasa")
    command = [str(rasa), "data", "validate", "--data", "nlu", "--domain", "domain.yml",
               "--config", "config.yml"]
    return subprocess.call(command, cwd=PROJECT_ROOT)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="ftbot", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    sub.add_parser("train", help="train the Rasa model").set_defaults(func=cmd_train)

    run = sub.add_parser("run", help="start the assistant (console chat without a token)")
    run.add_argument("--sender", default="console", help="conversation id of the console chat")
    run.add_argument("--language", choices=LANGUAGES, help="answer in this language")
    run.add_argument("--console", action="store_true",
                     help="console chat even when TELEGRAM_TOKEN is set")
    run.set_defaults(func=cmd_run)

    sub.add_parser("validate", help="rasa data validate").set_defaults(func=cmd_validate)

    stories = sub.add_parser("stories", help="the dialogue test stories (rasa test core), "
                             "with the Rasa patches unless RASA_PATCHES=off")
    stories.add_argument("--stories", default=str(PROJECT_ROOT / "tests" / "stories"))
    stories.add_argument("--out", default=str(PROJECT_ROOT / "reports" / "stories"))
    stories.set_defaults(func=cmd_stories)

    db = sub.add_parser("db", help="database").add_subparsers(dest="db_command", required=True)
    db.add_parser("upgrade", help="apply migrations").set_defaults(func=cli_db.cmd_db_upgrade)
    seed = db.add_parser("seed", help="import a seed file (idempotent)")
    seed.add_argument("file", nargs="?", help="YAML file (default: seed/programmes.yml)")
    seed.add_argument("--if-empty", action="store_true",
                      help="only into a database without programmes (what `make run` does)")
    seed.set_defaults(func=cli_db.cmd_db_seed)
    export = db.add_parser("export", help="write the database as a seed file (the seed's format)")
    export.add_argument("file", nargs="?", help="YAML file to write (default: standard output)")
    export.set_defaults(func=cli_db.cmd_db_export)
    db.add_parser("purge", help="delete the bot's bookkeeping past its keeping time "
                  "(also done daily by `ftbot run`)").set_defaults(func=cli_db.cmd_db_purge)

    programmes = sub.add_parser("programmes").add_subparsers(dest="p_command", required=True)
    plist = programmes.add_parser("list", help="list programmes")
    plist.add_argument("--language", choices=LANGUAGES, default=default_language())
    plist.set_defaults(func=cli_db.cmd_programmes_list)

    cli_events.add_parsers(sub)

    cli_staff.add_parsers(sub)

    bench = sub.add_parser("bench", help="latency and throughput under load (reports/)")
    bench.add_argument("--mode", choices=["inprocess", "telegram", "both"], default="both")
    bench.add_argument("--rates", default="5,10,20,30,45,60",
                       help="offered loads in messages per second, comma-separated")
    bench.add_argument("--duration", type=float, default=60.0, help="seconds per load")
    bench.add_argument("--users", type=int, default=0,
                       help="simulated users (default: enough for the load)")
    bench.add_argument("--smoke", action="store_true",
                       help="a few seconds at 2 msg/s: does it run, is everything answered")
    bench.add_argument("--out", default=str(PROJECT_ROOT / "reports"))
    bench.set_defaults(func=cmd_bench)

    ev = sub.add_parser("eval").add_subparsers(dest="eval_command", required=True)
    nlu = ev.add_parser("nlu", help="evaluate the NLU on the held-out set")
    nlu.add_argument("--data", default=str(PROJECT_ROOT / "tests" / "nlu"),
                     help="a YAML file or a folder of them (default: the held-out set)")
    nlu.add_argument("--out", default=str(PROJECT_ROOT / "reports"))
    nlu.add_argument("--min-intent-accuracy", type=float, default=0.0)
    nlu.add_argument("--min-entity-accuracy", type=float, default=0.0)
    nlu.add_argument("--min-out-of-scope-caught", type=float, default=0.0)
    nlu.add_argument("--max-in-domain-fallback", type=float, default=1.0)
    nlu.add_argument("--compare", action="store_true",
                     help="train and measure every candidate pipeline (slow: minutes)")
    nlu.add_argument("--candidates", default="",
                     help="with --compare: comma-separated names (default: all)")
    nlu.add_argument("--folds", type=int, default=5,
                     help="with --compare: cross-validation folds (0: none)")
    nlu.set_defaults(func=cmd_eval_nlu)
    talks = ev.add_parser("conversations",
                          help="run the conversation suite (tests/conversations/)")
    talks.add_argument("--part", choices=["dev", "heldout"], help="one part (default: both)")
    talks.add_argument("--theme", help="one theme (a file's name)")
    talks.add_argument("--check", action="store_true",
                       help="exit 1 when a part is below its goal")
    talks.add_argument("--show-heldout", action="store_true",
                       help="print the held-out part's failures too (not while tuning)")
    talks.set_defaults(func=cmd_eval_conversations)
    ev.add_parser("knowledge", help="calibrate the knowledge index's threshold "
                  "(leave-one-out on the training data)").set_defaults(func=cmd_eval_knowledge)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        settings = Settings.from_env()
    except ValueError as error:  # a setting with a value we cannot read: say which
        print(f"error: {error}", file=sys.stderr)
        return 2
    configure_logging(settings.log_level)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
