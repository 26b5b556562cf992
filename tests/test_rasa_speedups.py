"""The compiled action-result validation accepts and refuses exactly what Rasa's does; the
other speedups answer as Rasa's own functions."""

from __future__ import annotations

import pytest
from jsonschema import ValidationError, validate
from rasa.core.actions.action import RemoteAction

from bot.rasa_patches import speedups as rasa_speedups
from devtools.bench import SCRIPTS
from tests.support.assistant import needs_model

GOOD = {"events": [{"event": "slot", "name": "language", "value": "fr"}],
        "responses": [{"response": "utter_greet"}]}
BAD = {"events": [{"name": "language"}], "responses": "not a list"}


def test_the_same_results_pass_and_fail_as_with_jsonschema_validate(rasa_patched):
    action = RemoteAction("action_x", None)
    schema = RemoteAction.action_response_format_spec()
    validate(GOOD, schema)
    assert action._validate_action_result(GOOD) is True
    with pytest.raises(ValidationError):
        validate(BAD, schema)
    with pytest.raises(ValidationError, match="Failed to validate Action server response"):
        action._validate_action_result(BAD)


def test_a_domain_is_empty_exactly_when_rasa_says_so(rasa_patched):
    from rasa.shared.core.domain import Domain

    from bot.config import PROJECT_ROOT

    original = rasa_speedups._ORIGINALS[(Domain, "is_empty")]
    empty, full = Domain.empty(), Domain.load(PROJECT_ROOT / "domain.yml")
    for _ in range(2):  # asked again: the remembered answer is the same
        assert empty.is_empty() is original(empty) is True
        assert full.is_empty() is original(full) is False
    assert Domain.from_dict({"intents": ["greet"]}).is_empty() is False


def test_event_types_resolve_to_the_same_classes_as_rasa_resolves_them(rasa_patched):
    from rasa.shared.core.events import ActionExecuted, Event, SlotSet, UserUttered
    from rasa.shared.utils.common import all_subclasses

    original = rasa_speedups._original_resolve
    for cls in all_subclasses(Event):
        if cls.type_name != "event":
            assert Event.resolve_by_type(cls.type_name) is original(cls.type_name)
    assert Event.resolve_by_type("slot") is SlotSet
    assert Event.resolve_by_type("nonsense", UserUttered) is UserUttered
    assert Event.resolve_by_type("nonsense", ActionExecuted) is ActionExecuted
    assert Event.resolve_by_type("topic") is None
    with pytest.raises(ValueError, match="Unknown event name 'nonsense'"):
        Event.resolve_by_type("nonsense")
    restored = Event.from_parameters({"event": "slot", "name": "language", "value": "en"})
    assert restored == SlotSet("language", "en")


def results_of_every_shape() -> list[dict]:
    """Results our actions return, and broken ones: wrong types, missing keys, odd events."""
    from rasa.shared.core.events import (
        ActionExecuted,
        ActiveLoop,
        BotUttered,
        FollowupAction,
        SessionStarted,
        SlotSet,
        UserUttered,
    )

    events = [SlotSet("language", "fr").as_dict(), SlotSet("x", None).as_dict(),
              ActionExecuted("action_listen").as_dict(), ActiveLoop("candidacy_form").as_dict(),
              ActiveLoop(None).as_dict(), FollowupAction("advisor_form").as_dict(),
              BotUttered("hello", {"buttons": []}).as_dict(), SessionStarted().as_dict(),
              UserUttered("hi", {"name": "greet", "confidence": 1.0},
                          [{"entity": "programme", "value": "bft", "start": 0, "end": 3}]
                          ).as_dict()]
    broken = [{"name": "language"}, {"event": 3}, {"event": "slot", "name": "x"},
              {"event": "slot", "value": 1}, {"event": "no_such_event"},
              {"event": "slot", "name": "x", "value": 1, "timestamp": "now"},
              {"event": "slot", "name": "x", "value": 1, "timestamp": True},
              {"event": "action", "name": 5}, {"event": "action", "hide_rule_turn": "yes"},
              {"event": "user", "parse_data": {"entities": [{"entity": "programme"}]}},
              {"event": "user", "parse_data": {"intent": {"confidence": "high"}}},
              {"event": "entities"}, {"event": "bot", "metadata": []}, "not an event"]
    results = [{"events": [event], "responses": []} for event in events + broken]
    results += [{"events": events}, {"responses": [{"text": "hi"}]}, {}, {"events": {}},
                {"responses": ["text"]}, {"events": events, "responses": "no"}, []]
    return results


def test_every_result_is_accepted_or_refused_as_jsonschema_validate_does(rasa_patched):
    action = RemoteAction("action_x", None)
    schema = RemoteAction.action_response_format_spec()
    refused = 0
    for result in results_of_every_shape():
        try:
            validate(result, schema)
            expected = True
        except ValidationError:
            expected = False
            refused += 1
        try:
            got = action._validate_action_result(result)
        except ValidationError:
            got = False
        assert got is expected, result
        try:
            rasa_speedups._compiled()(result)
            fast = True
        except Exception:  # noqa: BLE001 - fastjsonschema's own errors
            fast = False
        assert fast is expected, result  # the compiled schema agrees on every one of them
    assert refused > 10


def test_rasas_event_branches_are_told_apart_by_their_event_type():
    """What checking an event against its own type's branch alone relies on."""
    items = RemoteAction.action_response_format_spec()["properties"]["events"]["items"]
    types = [branch["properties"]["event"]["const"] for branch in items["oneOf"]]
    assert len(types) == len(set(types)) == 23


@needs_model
@pytest.mark.slow
async def test_every_action_result_of_real_conversations_passes_both_ways(assistant,
                                                                          monkeypatch):
    schema = RemoteAction.action_response_format_spec()
    checked = []
    original = RemoteAction._validate_action_result

    def both(action: RemoteAction, result: dict) -> bool:
        validate(result, schema)  # jsonschema, as Rasa would
        rasa_speedups._compiled()(result)
        checked.append(len(result.get("events") or []))
        return original(action, result)

    monkeypatch.setattr(RemoteAction, "_validate_action_result", both)
    for name, lines in SCRIPTS.items():
        for line in lines * 2:  # twice: a second candidacy after the first was cancelled
            await assistant.handle(f"speedups-{name}", line, {"language": name[:2]})
    assert len(checked) > sum(len(lines) for lines in SCRIPTS.values()) and max(checked) > 5
