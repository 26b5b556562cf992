"""Rasa custom actions: run in-process by default (bot.assistant.actions), or by `rasa run actions`.

Owns: every answer that needs the database or logic — programmes (`programmes`), the network
and events (`network`), reminders (`reminders`), the handoff (`handoff`), the candidacy form
(`candidacy_form` validates, `candidacy_answers` reads, `candidacy_ask` asks, `candidacy`
reviews and submits, `candidacy_status` tells where the sent ones stand), the advisor form
(`advisor`, `advisor_answer`), the answers from the knowledge base (`knowledge*`), the
language slot (`language`), and the conversation's text fragments from domain.yml (`texts`).
A `FormValidationAction` per form, one `validate_<slot>` per field.
May import: rasa_sdk, bot.db, bot.candidacy, bot.advisor (a founder's situation, the
schemes that fit it), bot.knowledge (which stored fact answers a question),
bot.assistant.programme_extractor (scheme names found in text as the NLU finds them),
bot.reminders.plan, bot.staff.announce, bot.staff.office_hours, bot.assistant.language,
bot.dates, bot.config. Never bot.i18n: every text of the conversation is in domain.yml.
"""
