"""The staff's web back-office, served under /admin by the bot's own admin server.

Owns: `app` (the aiohttp sub-application: sessions, the login by one-time link, the CSRF
check, the pages, each route named), what its handlers find on the application (`keys`:
typed `web.AppKey`s) and its Jinja2 templates (links written by route name). Everything it
changes goes through the same code as the staff chat and the command line
(bot.staff.applicants for a status, bot.db for the rest), and is written to the audit log
with who did it.
May import: bot.config, bot.db, bot.i18n, bot.staff (not its Telegram handlers: a handoff's
Take, Reply and Close call bot.staff.relay's functions behind them, with the running bot).
"""
