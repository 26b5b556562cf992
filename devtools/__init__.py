"""Development tools, outside the runtime package: nothing in `bot` needs them to run.

Owns: the benchmark (`bench`, `bench_run`), the Bot API emulator harness (`emulator`) and the
NLU evaluation (`evaluation`). Used by `ftbot bench`, `ftbot eval` and the tests.
May import: bot.
"""
