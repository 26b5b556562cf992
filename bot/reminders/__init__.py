"""Events and reminders: what is planned, when it fires, who gets it, what it says.

Owns: the plan of reminders from the database and REMINDER_OFFSETS (`plan`), the APScheduler
jobs that fire them (`scheduler`), the deliveries as a source of the one sender
(`fanout`: `bot.db.sender` sends each once), what a delivery says (`compose`), and staff
changes to events with the news they owe subscribers (`events`).
May import: bot.config, bot.db, bot.dates, bot.i18n, bot.reply. Not the channels: the
sender is handed its way to send (`bot.telegram.send.telegram_channel`).
"""
