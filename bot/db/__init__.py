"""The one data layer: models, sessions, migrations and queries shared by the bot and the actions.

Owns: every SQL statement of the project (no SQL elsewhere), the schema (`models`, Alembic
migrations in bot/migrations), the seed import (`seed`, its schema `seed_schema`),
personal data's export and erasure (`privacy`), and the outbox's one policy (`outbox`) and
one sender (`sender`: what the bot says on its own initiative, from every outbox table).
May import: bot.config, bot.candidacy (the seed checks eligibility rules), bot.advisor (the
seed checks the needs a scheme meets).

Importing the package registers the listener that moves the programmes' version on every
change (`catalogue`): no process can change a programme without the assistant's copy of it
being renewed.
"""

from bot.db import catalogue  # noqa: F401 - registers the change listener
