"""The one Rasa boundary: everything of this project that reaches into Rasa's internals.

Owns the patches: `speedups` (action-result validation, event-class lookup, the domain's
emptiness check), `states` (dialogue states resumed instead of replayed), `rules` (the rule
policy's rules indexed), `runner` (the graph of components run in order, without dask's
scheduler), `copies` (a tracker, and a form's temporary one, copied from its state, not
replayed), `payloads` (a custom action's events turned into dicts once), `mappings` (a slot's
custom mapping action run as a registered function; `latest_message`, a tracker's private
`_latest_message_data`) and `debug_logs` (debug-log arguments built only when Rasa's debug
lines are kept). Each keeps Rasa 3.6's behaviour and removes a cost measured with `ftbot
bench`; each is tested against Rasa's own functions. Owns too what the runtime hands Rasa:
`tracker_store` (the SQL tracker store, cached while patched; `turn_scope`, found inside
Rasa's private store wrappers) and `endpoint` (the custom actions run in this process).
May import: rasa, rasa_sdk, sqlalchemy, jsonschema, fastjsonschema, structlog, bot.db (the
tracker store shares the project's engine). Nothing else of the project's.

One version guard: `install()`, called once by whatever runs the assistant (`ftbot run`,
`ftbot bench`, `ftbot stories`), refuses, with one warning, on a Rasa version other than the
pinned one (the patches replace internals that another version may have changed), and does
nothing when the operator set RASA_PATCHES=off. Whatever depends on the patches asks
`installed()`: the tracker store is then Rasa's own `SQLTrackerStore` (on the same engine)
and the turn scope does nothing, through the same calls, so "off" is the same code path as
"on" minus the patches (tests/test_rasa_patches.py, tests/test_dialogue.py run both). The
in-process endpoint is used in both modes: it relies only on the endpoint's public
`request(json=...)`. `uninstall()` puts Rasa's originals back. Leaving Rasa 3.6: see
docs/architecture.md ("Leaving Rasa Open Source 3.6").
"""

from __future__ import annotations

import logging
from types import ModuleType

import rasa

logger = logging.getLogger(__name__)

PINNED_RASA = "3.6.21"  # the version the patches were written for and tested against
_installed = False


def install(enabled: bool = True, rasa_version: str | None = None) -> bool:
    """Patch Rasa; True when the patches are in place after the call."""
    global _installed
    if not enabled:
        logger.info("Rasa patches off (RASA_PATCHES=off): Rasa runs as released")
        return _installed
    version = rasa_version or rasa.__version__
    if version != PINNED_RASA:
        logger.warning("Rasa patches not installed: written for Rasa %s, this is Rasa %s",
                       PINNED_RASA, version)
        return _installed
    if not _installed:
        for patch in _patches():
            patch.install()
        _installed = True
    return True


def uninstall() -> None:
    """Rasa's own functions back, caches emptied."""
    global _installed
    if _installed:
        for patch in _patches():
            patch.uninstall()
        _installed = False


def _patches() -> tuple[ModuleType, ...]:
    """The patch modules in the order they are installed (imported only once needed)."""
    from bot.rasa_patches import (
        copies,
        debug_logs,
        mappings,
        payloads,
        rules,
        runner,
        speedups,
        states,
    )

    return (speedups, states, rules, runner, copies, payloads, mappings, debug_logs)


def installed() -> bool:
    return _installed
