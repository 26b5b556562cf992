"""The staff's web back-office, served under /admin by the bot's own admin server.

Owns: `app` (the aiohttp sub-application: sessions, the login by one-time link, the CSRF
check, the pages, each route named), what its handlers find on the application (`keys`:
typed `web.AppKey`s) and its Jinja2 templates (links written by route name). The login link
itself is built by bot.config (`Settings.office_login_url`), for the staff chat's /login and
`ftbot admin link` too. Everything it changes goes through the same code as the staff chat
and the command line (bot.staff.applicants for a status, bot.db for the rest), and is
written to the audit log with who did it.
May import: bot.config, bot.db, bot.i18n, bot.staff, bot.telegram.desk.relay (a handoff's
Take, Reply and Close call the staff chat's own functions, with the running bot; nothing
else of Telegram's handlers), bot.reminders.events (a staff change to an event, as from the
command line), bot.advisor.reading (a scheme's needs checked against the advisor's
vocabulary, as the seed does).
"""
