"""The network's staff: the handoff desk in the staff chat, its commands, and applicants.

Owns: the desk and its guard (`desk`: STAFF_CHAT_ID, `staff_only`), notices from the outbox
(`notices`), relays between a user and the staff and a request withdrawn (`relay`), what
becomes of a person's messages while a request is active (`waiting`, channel-free: the
console uses it), the stored "nobody has answered yet" jobs (`timers`), staff commands incl.
/newevent, /export and /unanswered (`commands`), the candidacies' CSV (`export`), the
decisions on candidacies (`decisions`), the top unanswered questions (`unanswered`), office
hours (`office_hours`), the log line and notice of a new candidacy (`announce`, used by the
actions), status changes and the applicants' outbox (`applicants`).
May import: bot.config, bot.db, bot.i18n, bot.dates, bot.reply, bot.reminders,
bot.telegram.send, bot.telegram.render (a message's length limit), bot.telegram.context
(the services a handler finds in its context), bot.candidacy (text
folding), bot.assistant (the runtime, to answer while a request waits).
`announce` and `office_hours` import nothing of Telegram: the actions use them.
"""
