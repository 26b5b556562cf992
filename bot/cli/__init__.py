"""`ftbot`, the command line: train, run, database, staff tools, stories, bench, eval.

Owns: argument parsing and the commands' output (`main`, `database`, `events`, `staff`).
Each command imports what it needs when it runs, so `ftbot --help` stays fast. May import
every `bot` package, and `devtools` (only `main`) for the development commands.
"""

from bot.cli.main import main

__all__ = ["main"]
