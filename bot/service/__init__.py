"""The process, built in one place: what runs, who is handed what, and in which order it stops.

Owns: `process` (the bot's lease and standby, the Telegram front end with its services and
the staff desk's handlers, the one sender and its sources, the admin server with /healthz,
/metrics and the back-office, the reminders' scheduler, the daily purge; started in that
order, stopped in the reverse). Nothing below imports it: each part is handed what it needs.
May import: bot.config, bot.db, bot.assistant, bot.telegram, bot.staff, bot.office,
bot.reminders.
"""
