"""Rasa 3.6 behaviour kept, cost removed (each found with `ftbot bench` and a profiler).

`RemoteAction._validate_action_result` calls `jsonschema.validate(result, schema)`, which
checks the schema itself before every validation: about 50 ms of CPU per custom action on the
development machine, more than half of a message's cost (measured with `ftbot bench` and
cProfile). Even with the validator built once, jsonschema's interpretation of the schema (each
event tried against ~20 `oneOf` branches) cost ~1 ms per action. The schema is now compiled to
Python by fastjsonschema, each event checked against its own type's branch only (`_compiled`);
a result it refuses goes to jsonschema, which
raises Rasa's own error (or accepts it, should the two ever disagree), so the outcome is
jsonschema's wherever fastjsonschema finds a fault (tests compare both on valid and broken
results).

`Event.resolve_by_type` walks every subclass of `Event` for each event read back from the
tracker store (the whole conversation, on every message): about 6 % of the bot's CPU under
load. The class found for a type name never changes, so it is remembered.

`Domain.is_empty` compares the whole domain's `as_dict()` with that of a new empty domain, and
the processor asks it for every message (`_check_for_unseen_features`): ~0.3 ms of CPU per
message through Telegram (py-spy). Rasa builds a domain once and never empties it in place,
so "not empty" is remembered on the domain itself; an empty domain is asked again each time.

(Two more patches made DIET's model load in 6 s instead of 23 s. The pipeline no longer uses
DIET (docs/nlu.md), so they were removed rather than kept untested.)

Installed and removed only through `bot.rasa_patches` (version guard, RASA_PATCHES switch).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import Any

import fastjsonschema
from jsonschema import ValidationError
from jsonschema.validators import validator_for
from rasa.core.actions.action import RemoteAction
from rasa.shared.constants import DOCS_BASE_URL
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import Event


@lru_cache(maxsize=1)
def _validator() -> Any:
    schema = RemoteAction.action_response_format_spec()
    cls = validator_for(schema)
    cls.check_schema(schema)  # once, as jsonschema.validate would on every call
    return cls(schema)


@lru_cache(maxsize=1)
def _compiled() -> Callable[[Any], None]:
    """The schema compiled; each event checked against its own type's branch of `oneOf`.

    Rasa's schema checks each event against 23 branches of a `oneOf`, one per event type
    (`event` is a different constant in each), and a compiled `oneOf` raises and catches an
    error for every branch that does not match: 0.6-1.9 ms for the result of a form's
    validation or a scheme's answer, 11 ms for a cancelled candidacy's. An event matches at
    most the branch of its own type, so checking it against that one branch alone is the same
    test. (If a Rasa schema ever had branches without distinct constants, the whole schema is
    compiled as it is.)
    """
    schema = RemoteAction.action_response_format_spec()
    items = schema["properties"]["events"]["items"]
    branches = items.get("oneOf", [])
    types = [branch.get("properties", {}).get("event", {}).get("const") for branch in branches]
    if not branches or None in types or len(set(types)) != len(types):
        return fastjsonschema.compile(schema)
    item = {key: value for key, value in items.items() if key != "oneOf"}
    check_result = fastjsonschema.compile(
        {**schema, "properties": {**schema["properties"],
                                  "events": {**schema["properties"]["events"], "items": item}}})
    by_type = {name: fastjsonschema.compile({"allOf": [item, branch]})
               for name, branch in zip(types, branches, strict=True)}

    def validate(result: Any) -> None:
        check_result(result)  # the result's shape, and each event's common part
        for event in result.get("events") or ():
            check = by_type.get(event["event"])
            if check is None:
                raise fastjsonschema.JsonSchemaValueException(
                    f"unknown event type {event['event']!r}")
            check(event)

    return validate


def _validate_action_result(self: RemoteAction, result: dict[str, Any]) -> bool:
    try:
        _compiled()(result)
        return True
    except fastjsonschema.JsonSchemaException:
        pass  # jsonschema decides, with Rasa's error
    try:
        _validator().validate(result)
        return True
    except ValidationError as error:
        error.message += (
            ". Failed to validate Action server response from API, make sure your response "
            f"from the Action endpoint is valid. For more information about the format visit "
            f"{DOCS_BASE_URL}/custom-actions")
        raise


_original_resolve = Event.resolve_by_type
# Rasa's own attributes, as they sit in the classes (staticmethod and classmethod objects
# included), so that uninstall() puts back exactly what was there.
_ORIGINALS = {
    (RemoteAction, "_validate_action_result"): RemoteAction.__dict__["_validate_action_result"],
    (Event, "resolve_by_type"): Event.__dict__["resolve_by_type"],
    (Domain, "is_empty"): Domain.__dict__["is_empty"],
}
_NOT_EMPTY = "_bot_not_empty"  # set on a domain found not empty
_resolved: dict[str, type[Event]] = {}


def _resolve_by_type(type_name: str, default: type[Event] | None = None) -> type[Event] | None:
    found = _resolved.get(type_name)
    if found is None:
        found = _original_resolve(type_name, default)
        if found is not None and found is not default:
            _resolved[type_name] = found
    return found


def _is_empty(self: Domain) -> bool:
    if self.__dict__.get(_NOT_EMPTY):
        return False
    empty = _ORIGINALS[(Domain, "is_empty")](self)
    if not empty:
        self.__dict__[_NOT_EMPTY] = True
    return empty


def install() -> None:
    RemoteAction._validate_action_result = _validate_action_result
    Event.resolve_by_type = staticmethod(_resolve_by_type)
    Domain.is_empty = _is_empty


def uninstall() -> None:
    for (owner, name), original in _ORIGINALS.items():
        setattr(owner, name, original)
    _resolved.clear()
