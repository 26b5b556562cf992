"""The Telegram front end (python-telegram-bot 22): the entrepreneurs' chats and, in `desk`,
the staff chat.

Owns: the application and its run modes (`app`: handlers in order, polling or webhook; the
process around it is built in bot.service), the services a handler finds in its context
(`context`: a typed `bot_data`), the entrepreneurs' handlers (`handlers`), one
escape-and-send path (`send`), rendering replies (`render`), the inbox that makes updates
exactly-once (`updates`), rate limits and retries (`delivery`), the HTTP client (`http`),
the lease (`standby`), /healthz and /metrics (`observe`), and the staff desk in the staff
chat (`desk`: its guard, notices, relays, commands and decisions).
May import: bot.assistant, bot.db, bot.i18n, bot.reply, bot.config, bot.dates (a date typed
to /newevent), bot.staff (what becomes of a message during a handoff, office hours, the
applicants' status changes, the CSV and the unanswered questions the staff commands show),
bot.reminders (the scheduler's type in the services; /newevent plans an event's reminders).
"""
