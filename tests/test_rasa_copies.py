"""A tracker copied from its state equals the one Rasa's replay of its events builds; so does
a form's temporary tracker."""

from __future__ import annotations

import pytest
from rasa.core.actions.forms import FormAction
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import (
    ActionExecuted,
    ActiveLoop,
    BotUttered,
    Event,
    Restarted,
    SlotSet,
    UserUttered,
)
from rasa.shared.core.trackers import DialogueStateTracker, EventVerbosity

from bot.rasa_patches import copies
from devtools.bench import SCRIPTS
from tests.support.assistant import needs_model
from tests.support.rasa import DOMAIN

LOGGED = (UserUttered, BotUttered)


def state(tracker: DialogueStateTracker) -> dict:
    """Every attribute; events by identity, slots by their whole state."""
    logged = {id(event) for event in tracker.events}

    def value(item: object) -> object:
        if isinstance(item, LOGGED):  # an event of the log: that very one; else by content
            if id(item) in logged:
                return "logged", id(item)
            return "empty", {k: v for k, v in item.as_dict().items() if k != "timestamp"}
        return item

    found = {name: value(item) for name, item in vars(tracker).items()
             if name not in ("events", "slots")}
    found["events"] = [id(event) for event in tracker.events]
    found["slots"] = {name: (type(slot), vars(slot)) for name, slot in tracker.slots.items()}
    found["current_state"] = tracker.current_state(EventVerbosity.ALL)
    return found


def assert_same_copy(tracker: DialogueStateTracker) -> DialogueStateTracker:
    ours, rasas = copies.copy(tracker), copies._original(tracker)
    assert state(ours) == state(rasas)
    return ours


def a_tracker(*events: Event, **options: object) -> DialogueStateTracker:
    tracker = DialogueStateTracker("42", DOMAIN.slots, **options)
    tracker.model_id = "a-model"  # set on the served tracker, never on a copy
    for event in events:
        tracker.update(event)
    return tracker


def test_a_form_in_progress_is_copied_as_rasa_copies_it():
    tracker = a_tracker(
        ActionExecuted("action_listen"),
        UserUttered("je veux candidater", {"name": "apply", "confidence": 0.9}),
        ActionExecuted("candidacy_form"), ActiveLoop("candidacy_form"),
        SlotSet("requested_slot", "applicant_name"), BotUttered("Votre nom ?"),
        ActionExecuted("action_listen"),
        UserUttered("Marie Dupont", {"name": "inform", "confidence": 0.6}),
        SlotSet("applicant_name", "Marie Dupont"))
    copy = assert_same_copy(tracker)
    assert copy.model_id is None and copy.latest_message is tracker.latest_message


def test_after_a_restart_the_latest_message_is_a_fresh_empty_one():
    tracker = a_tracker(ActionExecuted("action_listen"),
                        UserUttered("bonjour", {"name": "greet", "confidence": 1.0}),
                        BotUttered("Bonjour !"), Restarted())
    copy = assert_same_copy(tracker)
    assert copy.latest_message is not tracker.latest_message


def test_the_copy_is_independent_of_the_original():
    tracker = a_tracker(ActionExecuted("candidacy_form"), ActiveLoop("candidacy_form"),
                        SlotSet("language", "fr"))
    copy = copies.copy(tracker)
    copy.update(SlotSet("language", "en"))
    copy.active_loop.is_interrupted = True
    copy.latest_action["action_name"] = "changed"
    assert tracker.get_slot("language") == "fr"
    assert tracker.active_loop.is_interrupted is False
    assert tracker.latest_action["action_name"] == "candidacy_form"
    assert len(tracker.events) == len(copy.events) - 1


def test_a_tracker_that_keeps_only_its_last_events_gets_rasas_copy():
    tracker = a_tracker(ActionExecuted("action_listen"), SlotSet("language", "fr"),
                        max_event_history=1)
    assert state(copies.copy(tracker)) == state(copies._original(tracker))


def temporary_state(tracker: DialogueStateTracker, shared: DialogueStateTracker) -> dict:
    """`state`, with the events the form created (not in `shared`) compared by content."""
    known = {id(event) for event in shared.events}

    def without_time(item: dict) -> dict:
        return {k: v for k, v in item.items() if k != "timestamp"}

    found = state(tracker)
    found["events"] = [("logged", id(event)) if id(event) in known
                       else ("new", without_time(event.as_dict())) for event in tracker.events]
    current = found.pop("current_state")
    found["current_state"] = {
        **{k: v for k, v in current.items() if k not in ("events", "latest_event_time")},
        "events": [without_time(event) for event in current["events"]]}
    return found


def assert_same_temporary(form: FormAction, tracker: DialogueStateTracker,
                          additional: list[Event]) -> DialogueStateTracker:
    ours = copies._temporary_tracker(form, tracker, additional, DOMAIN)
    rasas = copies._original_temporary(form, tracker, additional, DOMAIN)
    assert temporary_state(ours, tracker) == temporary_state(rasas, tracker)
    return ours


def form_in_progress(*more: Event) -> DialogueStateTracker:
    return a_tracker(
        ActionExecuted("action_listen"),
        UserUttered("je veux candidater", {"name": "apply", "confidence": 0.9}),
        ActionExecuted("candidacy_form"), ActiveLoop("candidacy_form"),
        SlotSet("requested_slot", "applicant_name"), BotUttered("Votre nom ?"),
        ActionExecuted("action_listen"),
        UserUttered("Marie Dupont", {"name": "inform", "confidence": 0.6}), *more)


def test_a_forms_temporary_tracker_is_the_one_rasa_replays():
    form = FormAction("candidacy_form", None)
    tracker = form_in_progress()
    temporary = assert_same_temporary(form, tracker, [SlotSet("applicant_name", "Marie")])
    assert temporary.get_slot("applicant_name") == "Marie"
    assert tracker.get_slot("applicant_name") is None  # the conversation itself is untouched


def test_after_a_restart_a_forms_temporary_tracker_is_rasas():
    form = FormAction("candidacy_form", None)
    tracker = form_in_progress()
    tracker.update(Restarted())
    for event in form_in_progress().events:
        tracker.update(event)
    temporary = assert_same_temporary(form, tracker, [])
    assert len(temporary.events) < len(tracker.events)  # only what followed the restart


@needs_model
@pytest.mark.slow
async def test_at_every_action_of_real_conversations_both_copies_are_the_same(
        assistant, monkeypatch):
    compared = []

    def checked_copy(tracker: DialogueStateTracker) -> DialogueStateTracker:
        compared.append(tracker.sender_id)
        return assert_same_copy(tracker)

    monkeypatch.setattr(DialogueStateTracker, "copy", checked_copy)
    for name, lines in SCRIPTS.items():
        for line in lines * 2:  # twice: a second candidacy after the first was cancelled
            await assistant.handle(f"copies-{name}", line, {"language": name[:2]})
    assert len(compared) > 3 * sum(len(lines) for lines in SCRIPTS.values())


@needs_model
@pytest.mark.slow
async def test_at_every_form_turn_of_real_conversations_temporary_trackers_are_the_same(
        assistant, monkeypatch):
    compared = []

    def checked(form: FormAction, tracker: DialogueStateTracker, additional: list[Event],
                domain: Domain) -> DialogueStateTracker:
        compared.append(form.name())
        return assert_same_temporary(form, tracker, additional)

    monkeypatch.setattr(FormAction, "_temporary_tracker", checked)
    for line in SCRIPTS["fr_candidacy"] * 2:  # twice: a second candidacy after a cancelled one
        await assistant.handle("temporary-fr_candidacy", line, {"language": "fr"})
    assert len(compared) > len(SCRIPTS["fr_candidacy"])
