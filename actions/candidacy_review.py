"""`action_review_hear`: what a message at the summary ("Je l'envoie ?") is, when it is not a
plain yes, a button or a question the review's rules answer (nlu/rules_review.yml).

A correction of an answer ("en fait le nom c'est Colocampus pas SmartCampus") is kept, checked
by the form's own validator, and the summary shown again (a follow-up action, ahead of the
rule's next step); the NLU reads such a message as a cancellation, a question or nothing, so
this runs first for those intents. Otherwise the rule goes on: a "no" or "cancel" asks whether
to drop the candidacy, as before; anything else is answered here as the NLU read it, then the
summary's question is asked again. The candidacy is neither sent nor lost by a message it did
not understand.
"""

from __future__ import annotations

from rasa_sdk import Action, Tracker
from rasa_sdk.events import FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.candidacy_form import ValidateCandidacyForm
from actions.candidacy_hear import correction
from actions.common import language_of
from actions.handoff import ActionFallback
from actions.knowledge_action import ActionKnowledge
from actions.programmes import ActionProgrammeInfo
from actions.texts import t

REVIEW = "action_review_candidacy"
ANSWERS = {"ask_knowledge": ActionKnowledge, "ask_programme_info": ActionProgrammeInfo}


class ActionReviewHear(Action):
    def name(self) -> str:
        return "action_review_hear"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list:
        fixed = correction(tracker, "")
        if fixed is not None:
            field, value = fixed
            checked = getattr(ValidateCandidacyForm(), f"validate_{field}")(
                value, dispatcher, tracker, domain)
            if checked.get(field) is not None:
                language = language_of(tracker)
                dispatcher.utter_message(text=t("corrected", language, value=value,
                                                label=t(f"label_{field}", language)))
                return [*(SlotSet(k, v) for k, v in checked.items()), FollowupAction(REVIEW)]
            return [FollowupAction(REVIEW)]  # refused: the reason was said, the answer stays
        intent = ((tracker.latest_message or {}).get("intent") or {}).get("name")
        if intent in ("cancel", "deny"):  # the rule asks whether to drop it
            return []
        return ANSWERS.get(intent, ActionFallback)().run(dispatcher, tracker, domain)
