"""The Telegram front end for entrepreneurs (python-telegram-bot 22).

Owns: the application and its run modes (`app`: handlers in order, polling or webhook; the
process around it is built in bot.service), the services a handler finds in its context
(`context`: a typed `bot_data`), the entrepreneurs' handlers (`handlers`), one
escape-and-send path (`send`), rendering replies (`render`), the inbox that makes updates
exactly-once (`updates`), rate limits and retries (`delivery`), the HTTP client (`http`),
the lease (`standby`) and /healthz and /metrics (`observe`).
May import: bot.assistant, bot.db, bot.i18n, bot.reply, bot.config, bot.staff (a turn during
a handoff, the desk's type), bot.reminders (the scheduler's type, in the services).
"""
