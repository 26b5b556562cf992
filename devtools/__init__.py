"""Development tools, outside the runtime package: nothing in `bot` needs them to run.

Owns: the benchmark (`bench`, `bench_run`), the Bot API emulator harness (`emulator`), the
NLU evaluation (`evaluation`) and the import contracts written from the packages' "May
import" lines (`layers`: `python -m devtools.layers`). Used by `ftbot bench`, `ftbot eval`,
`make lint` and the tests.
May import: bot.
"""
