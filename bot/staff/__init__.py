"""The network's staff, free of any channel: what the staff chat, the back-office, the
console, the command line and the actions share.

Owns: status changes and the applicants' outbox (`applicants`, a source of the one sender;
the command line hands it Telegram's channel), the candidacies' CSV (`export`), the top
unanswered questions (`unanswered`), office hours (`office_hours`), the log line and notice
of a new candidacy (`announce`, used by the actions), what becomes of a person's messages
while a request is active (`waiting`: the staff desk and the console ask it), the stored
"nobody has answered yet" jobs (`timers`). The staff desk in the Telegram staff chat (its
guard, notices, relays, commands and decisions) is bot.telegram.desk.
May import: bot.config, bot.db, bot.i18n, bot.reply, bot.reminders (the persistent
scheduler the timers' jobs are stored in), bot.candidacy (text folding), bot.assistant (the
runtime, to answer while a request waits). Nothing of Telegram: `python-telegram-bot` is
never imported here, nor bot.telegram.
"""
