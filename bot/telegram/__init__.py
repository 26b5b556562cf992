"""The Telegram front end for entrepreneurs (python-telegram-bot 22).

Owns: the application and its run modes (`app`: handlers wired in one place, polling or
webhook), the entrepreneurs' handlers (`handlers`), one escape-and-send path (`send`),
rendering replies (`render`), the inbox that makes updates exactly-once (`updates`), rate
limits and retries (`delivery`) and the HTTP client (`http`).
May import: bot.assistant, bot.db, bot.i18n, bot.reply, bot.config, bot.reminders, bot.staff.
"""
