"""Rasa custom actions: run in-process by default (bot.rasa_patches.endpoint), or by `rasa run
actions`.

Owns: every answer that needs the database or logic, one module per subject —
- what every answering action shares: language, database access, formatting (`common`), the
  conversation's text fragments from domain.yml (`texts`), and the database they are handed by
  whoever runs them, never read from DATABASE_URL by the in-process actions (`store`, whose
  `setup` this package exports as the in-process endpoint's start-up hook);
- programmes (`programmes`), the network and events (`network`), reminders (`reminders`),
  the handoff (`handoff`), the language slot (`language`), a yes/no on who may apply
  (`eligibility`);
- the candidacy form: `candidacy_common` (its slots and the scheme's record), `candidacy_form`
  validates, `candidacy_answers` reads, `candidacy_hear` answers what is not the answer,
  `candidacy_within` takes an answer out of a sentence (a question beside it answered),
  `candidacy_dates` reads a founding date said in relative words, `candidacy_ask` asks,
  `candidacy` reviews and submits, `candidacy_review` hears a correction or a question at
  the summary, `candidacy_status` tells where the sent ones stand;
- the advisor form: `advisor` reads and validates, `advisor_ask` asks, `advisor_answer`
  recommends, `advisor_follow_up` takes a need added after the answer, `advisor_change`
  changes one answer;
- the knowledge base: `knowledge` (the fact asked about), `knowledge_action`
  (`action_knowledge`), `knowledge_context` (a short follow-up read with the question before
  it), `knowledge_pairs` (two schemes at once), `knowledge_choice` (which of the two),
  `question_parts` (the other questions about a scheme one message asks).
A `FormValidationAction` per form, one `validate_<slot>` per field.
May import: rasa_sdk, bot.db, bot.candidacy, bot.advisor (a founder's situation, the
schemes that fit it), bot.knowledge (which stored fact answers a question),
bot.assistant.programme_extractor (scheme names found in text as the NLU finds them),
bot.reminders.plan, bot.staff.announce, bot.staff.office_hours, bot.assistant.language,
bot.dates, bot.config, bot.i18n (the one text loader, for the conversation's catalogue only:
`texts` reads domain.yml's fragments through it, never bot/messages.yml).
"""

from actions.store import setup  # the in-process endpoint's start-up hook (actions/store.py)

__all__ = ["setup"]
