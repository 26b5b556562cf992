"""Run Rasa custom actions in this process instead of over HTTP.

Rasa 3.6 calls every custom action through `EndpointConfig.request(json=payload)`;
rasa-sdk's `ActionExecutor.run()` takes that same payload. This endpoint hands the payload
to the executor and maps its failures to the errors Rasa expects from an action server,
so Rasa behaves exactly as with `rasa run actions` (rejections let other policies act).

The endpoint is built with the session factory of the assistant it serves and hands it to
the actions: at start-up it calls the action package's `setup(sessions)` hook, looked up on
the module rasa-sdk imported by the package's name (the bot never imports `actions`), and
wraps every action run in the scope that hook returned (`actions/store.py`: a context
variable). So the actions use their endpoint's database and never read DATABASE_URL, and two
assistants on two databases in one process do not share one. A package without `setup` is
handed nothing.

Part of the Rasa boundary (`bot.rasa_patches`), used in both modes: it patches nothing and
relies only on the endpoint's `request(json=...)` call, which tests/test_actions_inprocess.py
checks against Rasa's own remote action. With ACTION_ENDPOINT_URL set, Rasa calls that
action server instead, whose actions find their database themselves (`actions/store.py`).
"""

from __future__ import annotations

import contextlib
import importlib
import json
import logging
from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any

from rasa.utils.endpoints import ClientResponseError, EndpointConfig
from rasa_sdk.executor import ActionExecutor
from rasa_sdk.interfaces import ActionExecutionRejection, ActionNotFoundException
from sqlalchemy.orm import sessionmaker

logger = logging.getLogger(__name__)


class InProcessActionEndpoint(EndpointConfig):
    def __init__(self, sessions: sessionmaker, package: str = "actions") -> None:
        super().__init__(url=f"inprocess://{package}")
        self.executor = ActionExecutor()
        self.executor.register_package(package)  # imports the package by its name
        setup = getattr(importlib.import_module(package), "setup", None)
        self._run_scope: Callable[[], AbstractContextManager[Any]] = (
            setup(sessions) if setup is not None else contextlib.nullcontext)

    async def request(self, method: str = "post", subpath: str | None = None,
                      content_type: str | None = "application/json", compress: bool = False,
                      **kwargs: Any) -> Any:
        payload = kwargs["json"]
        action = payload.get("next_action")
        try:
            with self._run_scope():  # the actions use this endpoint's sessions
                return await self.executor.run(payload)
        except ActionExecutionRejection as exc:
            body = json.dumps({"action_name": exc.action_name, "error": exc.message})
            raise ClientResponseError(400, "Bad Request", body) from exc
        except ActionNotFoundException as exc:
            raise ClientResponseError(404, "Not Found", json.dumps({"error": str(exc)})) from exc
        except Exception as exc:  # an action's bug must not take the whole bot down
            logger.exception("Custom action %s failed", action)
            error = type(exc).__name__
            raise ClientResponseError(500, "Internal Server Error", error) from exc


def action_endpoint(url: str | None, sessions: sessionmaker) -> EndpointConfig:
    """Where Rasa runs the custom actions: the action server at `url`, else this process,
    on `sessions` (the assistant's database)."""
    return EndpointConfig(url=url) if url else InProcessActionEndpoint(sessions)
