"""The staff desk in the Telegram staff chat (STAFF_CHAT_ID): its handlers and its notices.

Owns: the desk and its guard (`chat`: `StaffDesk`, `staff_only`, `desk_of`), notices from the
outbox and their "nobody has answered yet" timers started (`notices`, a source of the one
sender), relays between a person and the staff, Take, Close and a request withdrawn
(`relay`; the back-office's Take, Reply and Close call its functions), staff commands incl.
/newevent, /export, /unanswered and /login (`commands`), the decisions on candidacies
(`decisions`). What it shares with the back-office, the console and the command line is in
bot.staff, which imports nothing of Telegram.
May import: what bot.telegram may import (its contract covers this package) and bot.telegram
itself: `send`, `render` (a message's length limit) and `context` (the services a handler
finds in its context). The handlers are wired by bot.service; `handlers` imports `chat`,
`notices` and `relay` (a person's message during a handoff, /forget).
"""
