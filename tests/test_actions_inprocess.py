"""The in-process endpoint fails exactly like an action server, so Rasa reacts the same."""

from __future__ import annotations

import json

import pytest
from rasa.utils.endpoints import ClientResponseError
from rasa_sdk import Action
from rasa_sdk.interfaces import ActionExecutionRejection

from bot.db.session import session_factory
from bot.rasa_patches.endpoint import InProcessActionEndpoint

UNUSED = session_factory("sqlite://")  # these actions touch no database


class ActionRejecting(Action):
    def name(self) -> str:
        return "test_action_rejecting"

    def run(self, dispatcher, tracker, domain):
        raise ActionExecutionRejection(self.name(), "not now")


class ActionBroken(Action):
    def name(self) -> str:
        return "test_action_broken"

    def run(self, dispatcher, tracker, domain):
        raise KeyError("bug")


def call(name: str) -> dict:
    tracker = {"sender_id": "u", "slots": {}, "latest_message": {}, "events": [],
               "paused": False, "followup_action": None, "active_loop": {},
               "latest_action_name": None}
    return {"next_action": name, "sender_id": "u", "tracker": tracker, "domain": {}}


@pytest.fixture
def endpoint() -> InProcessActionEndpoint:
    endpoint = InProcessActionEndpoint(UNUSED)
    endpoint.executor.register_action(ActionRejecting)
    endpoint.executor.register_action(ActionBroken)
    return endpoint


async def test_a_rejection_becomes_the_400_rasa_expects(endpoint):
    with pytest.raises(ClientResponseError) as error:
        await endpoint.request(json=call("test_action_rejecting"))
    assert error.value.status == 400
    assert json.loads(error.value.text) == {"action_name": "test_action_rejecting",
                                            "error": "not now"}


async def test_an_unknown_action_is_a_404(endpoint):
    with pytest.raises(ClientResponseError) as error:
        await endpoint.request(json=call("action_that_does_not_exist"))
    assert error.value.status == 404


async def test_a_crashing_action_is_a_500_not_a_crash_of_the_bot(endpoint):
    with pytest.raises(ClientResponseError) as error:
        await endpoint.request(json=call("test_action_broken"))
    assert error.value.status == 500


def test_every_domain_action_is_registered():
    import yaml

    from bot.config import PROJECT_ROOT

    domain = yaml.safe_load((PROJECT_ROOT / "domain.yml").read_text(encoding="utf-8"))
    registered = set(InProcessActionEndpoint(UNUSED).executor.actions)
    assert set(domain["actions"]) <= registered
