"""`ftbot`, the command line: train, run, database, staff tools, stories, bench, eval.

Owns: argument parsing and the commands' output (`main`, `events`). Each command imports
what it needs when it runs, so `ftbot --help` stays fast. May import every `bot` package,
and `devtools` for the development commands (bench, eval).
"""

from bot.cli.main import main

__all__ = ["main"]
