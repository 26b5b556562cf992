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
from rasa_sdk.events import FollowupAction
from rasa_sdk.executor import CollectingDispatcher

from actions.candidacy_form import ValidateCandidacyForm
from actions.candidacy_hear import correction, keep_correction
from actions.handoff import ActionFallback
from actions.knowledge_action import ActionKnowledge
from actions.programmes import ActionProgrammeInfo

REVIEW = "action_review_candidacy"
ANSWERS = {"ask_knowledge": ActionKnowledge, "ask_programme_info": ActionProgrammeInfo}


class ActionReviewHear(Action):
    def name(self) -> str:
        return "action_review_hear"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list:
        fixed = correction(tracker, "")
        if fixed is not None:  # kept, or refused with its reason: the summary again either way
            form = ValidateCandidacyForm()
            return [*keep_correction(dispatcher, tracker, fixed, lambda slot, value: getattr(
                form, f"validate_{slot}")(value, dispatcher, tracker, domain)),
                FollowupAction(REVIEW)]
        intent = ((tracker.latest_message or {}).get("intent") or {}).get("name")
        if intent in ("cancel", "deny"):  # the rule asks whether to drop it
            return []
        return ANSWERS.get(intent, ActionFallback)().run(dispatcher, tracker, domain)
