"""The compiled action-result validation accepts and refuses exactly what Rasa's does."""

from __future__ import annotations

import pytest
from jsonschema import ValidationError, validate
from rasa.core.actions.action import RemoteAction

from bot import rasa_patches
from bot.rasa_patches import speedups as rasa_speedups

GOOD = {"events": [{"event": "slot", "name": "language", "value": "fr"}],
        "responses": [{"response": "utter_greet"}]}
BAD = {"events": [{"name": "language"}], "responses": "not a list"}


@pytest.fixture
def patched():
    """The patches installed the supported way, and left as they were found."""
    was = rasa_patches.installed()
    rasa_patches.install()
    yield
    if not was:
        rasa_patches.uninstall()


def test_the_same_results_pass_and_fail_as_with_jsonschema_validate(patched):
    action = RemoteAction("action_x", None)
    schema = RemoteAction.action_response_format_spec()
    validate(GOOD, schema)
    assert action._validate_action_result(GOOD) is True
    with pytest.raises(ValidationError):
        validate(BAD, schema)
    with pytest.raises(ValidationError, match="Failed to validate Action server response"):
        action._validate_action_result(BAD)


def test_event_types_resolve_to_the_same_classes_as_rasa_resolves_them(patched):
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
