"""Rasa 3.6 behaviour kept, cost removed.

`RemoteAction._validate_action_result` calls `jsonschema.validate(result, schema)`, which
checks the schema itself before every validation: about 50 ms of CPU per custom action on the
development machine, more than half of a message's cost (measured with `ftbot bench` and
cProfile). The same validation, with the same error, runs here with a validator built once.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from jsonschema import ValidationError
from jsonschema.validators import validator_for
from rasa.core.actions.action import RemoteAction
from rasa.shared.constants import DOCS_BASE_URL


@lru_cache(maxsize=1)
def _validator() -> Any:
    schema = RemoteAction.action_response_format_spec()
    cls = validator_for(schema)
    cls.check_schema(schema)  # once, as jsonschema.validate would on every call
    return cls(schema)


def _validate_action_result(self: RemoteAction, result: dict[str, Any]) -> bool:
    try:
        _validator().validate(result)
        return True
    except ValidationError as error:
        error.message += (
            ". Failed to validate Action server response from API, make sure your response "
            f"from the Action endpoint is valid. For more information about the format visit "
            f"{DOCS_BASE_URL}/custom-actions")
        raise


def install() -> None:
    RemoteAction._validate_action_result = _validate_action_result
