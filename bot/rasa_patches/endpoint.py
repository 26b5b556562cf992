"""Run Rasa custom actions in this process instead of over HTTP.

Rasa 3.6 calls every custom action through `EndpointConfig.request(json=payload)`;
rasa-sdk's `ActionExecutor.run()` takes that same payload. This endpoint hands the payload
to the executor and maps its failures to the errors Rasa expects from an action server,
so Rasa behaves exactly as with `rasa run actions` (rejections let other policies act).

Part of the Rasa boundary (`bot.rasa_patches`), used in both modes: it patches nothing and
relies only on the endpoint's `request(json=...)` call, which tests/test_actions_inprocess.py
checks against Rasa's own remote action. With ACTION_ENDPOINT_URL set, Rasa calls that
action server instead.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from rasa.utils.endpoints import ClientResponseError, EndpointConfig
from rasa_sdk.executor import ActionExecutor
from rasa_sdk.interfaces import ActionExecutionRejection, ActionNotFoundException

logger = logging.getLogger(__name__)


class InProcessActionEndpoint(EndpointConfig):
    def __init__(self, package: str = "actions") -> None:
        super().__init__(url=f"inprocess://{package}")
        self.executor = ActionExecutor()
        self.executor.register_package(package)

    async def request(self, method: str = "post", subpath: str | None = None,
                      content_type: str | None = "application/json", compress: bool = False,
                      **kwargs: Any) -> Any:
        payload = kwargs["json"]
        action = payload.get("next_action")
        try:
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


def action_endpoint(url: str | None = None) -> EndpointConfig:
    """Where Rasa runs the custom actions: the action server at `url`, else this process."""
    return EndpointConfig(url=url) if url else InProcessActionEndpoint()
