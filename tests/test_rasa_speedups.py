"""The compiled action-result validation accepts and refuses exactly what Rasa's does."""

from __future__ import annotations

import pytest
from jsonschema import ValidationError, validate
from rasa.core.actions.action import RemoteAction

from bot import rasa_speedups

GOOD = {"events": [{"event": "slot", "name": "language", "value": "fr"}],
        "responses": [{"response": "utter_greet"}]}
BAD = {"events": [{"name": "language"}], "responses": "not a list"}


def test_the_same_results_pass_and_fail_as_with_jsonschema_validate():
    rasa_speedups.install()
    action = RemoteAction("action_x", None)
    schema = RemoteAction.action_response_format_spec()
    validate(GOOD, schema)
    assert action._validate_action_result(GOOD) is True
    with pytest.raises(ValidationError):
        validate(BAD, schema)
    with pytest.raises(ValidationError, match="Failed to validate Action server response"):
        action._validate_action_result(BAD)
