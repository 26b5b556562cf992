"""The network's staff: the handoff desk in the staff chat, its commands, and applicants.

Owns: the desk and its guard (`desk`: STAFF_CHAT_ID, `staff_only`), notices from the outbox
(`notices`), relays between a user and the staff (`relay`), staff commands incl. /newevent,
/export and /unanswered (`commands`), the candidacies' CSV (`export`), the decisions on
candidacies (`decisions`), the top unanswered questions (`unanswered`), office hours
(`office_hours`), the log line and notice of a new candidacy (`announce`, used by the
actions), status changes and the applicants' outbox (`applicants`).
May import: bot.config, bot.db, bot.i18n, bot.dates, bot.reminders, bot.telegram.send,
bot.candidacy (text folding).
`announce` and `office_hours` import nothing of Telegram: the actions use them.
"""
