"""Rasa 3.6 behaviour kept, cost removed (each found with `ftbot bench` and a profiler).

`RemoteAction._validate_action_result` calls `jsonschema.validate(result, schema)`, which
checks the schema itself before every validation: about 50 ms of CPU per custom action on the
development machine, more than half of a message's cost (measured with `ftbot bench` and
cProfile). The same validation, with the same error, runs here with a validator built once.

`Event.resolve_by_type` walks every subclass of `Event` for each event read back from the
tracker store (the whole conversation, on every message): about 6 % of the bot's CPU under
load. The class found for a type name never changes, so it is remembered.

`RasaModel.load` builds DIET's weights by training one step on an example before loading
the trained ones; that step was traced into a TensorFlow graph (with the CRF's gradients):
18 of the 23 seconds of loading the model. Run eagerly, it builds the same variables in about
a second; prediction is still a traced graph, and the loaded weights are the same.

That prediction graph is traced once, at load, through AutoGraph, which rewrites the Python
source of every layer it calls (about 70 functions): 5 to 6 of the remaining 11 seconds. DIET's
prediction has no control flow on tensors, so the graph is traced without AutoGraph: the same
graph, the same outputs to the last digit (tests/test_rasa_speedups.py), the same parse time.

Installed and removed only through `bot.rasa_patches` (version guard, RASA_PATCHES switch).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import tensorflow as tf
from jsonschema import ValidationError
from jsonschema.validators import validator_for
from rasa.core.actions.action import RemoteAction
from rasa.shared.constants import DOCS_BASE_URL
from rasa.shared.core.events import Event
from rasa.utils.tensorflow.constants import LEARNING_RATE, RUN_EAGERLY
from rasa.utils.tensorflow.data_generator import RasaBatchDataGenerator
from rasa.utils.tensorflow.models import RasaModel


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


_original_resolve = Event.resolve_by_type
# Rasa's own attributes, as they sit in the classes (staticmethod and classmethod objects
# included), so that uninstall() puts back exactly what was there.
_ORIGINALS = {
    (RemoteAction, "_validate_action_result"): RemoteAction.__dict__["_validate_action_result"],
    (Event, "resolve_by_type"): Event.__dict__["resolve_by_type"],
    (RasaModel, "load"): RasaModel.__dict__["load"],
    (RasaModel, "_rasa_predict"): RasaModel.__dict__["_rasa_predict"],
}
_original_predict = RasaModel._rasa_predict
_resolved: dict[str, type[Event]] = {}


def _resolve_by_type(type_name: str, default: type[Event] | None = None) -> type[Event] | None:
    found = _resolved.get(type_name)
    if found is None:
        found = _original_resolve(type_name, default)
        if found is not None and found is not default:
            _resolved[type_name] = found
    return found


def _load_model(cls: type[RasaModel], model_file_name: str, model_data_example: Any,
                predict_data_example: Any = None, finetune_mode: bool = False, *args: Any,
                **kwargs: Any) -> RasaModel:
    """Rasa 3.6's `RasaModel.load`, with the weight-building step run eagerly."""
    model = cls(*args, **kwargs)
    learning_rate = kwargs.get("config", {}).get(LEARNING_RATE, 0.001)
    model.compile(optimizer=tf.keras.optimizers.Adam(learning_rate), run_eagerly=True)
    model.fit(RasaBatchDataGenerator(model_data_example, batch_size=1), verbose=False)
    model.load_weights(model_file_name)
    model.run_eagerly = bool(kwargs.get("config", {}).get(RUN_EAGERLY))  # as Rasa compiles it
    if not finetune_mode and predict_data_example:
        model.run_inference(predict_data_example)  # traces the prediction graph once
    return model


def _rasa_predict(self: RasaModel, batch_in: Any) -> Any:
    """Rasa 3.6's `_rasa_predict`, its prediction graph traced without AutoGraph."""
    if self._tf_predict_step is None and not self._run_eagerly:
        if not self.prepared_for_prediction:
            self.prepare_for_predict()
            self.prepared_for_prediction = True
        self._tf_predict_step = tf.function(
            self.predict_step, input_signature=self._dynamic_signature(batch_in),
            autograph=False)
    return _original_predict(self, batch_in)


def install() -> None:
    RemoteAction._validate_action_result = _validate_action_result
    Event.resolve_by_type = staticmethod(_resolve_by_type)
    RasaModel.load = classmethod(_load_model)
    RasaModel._rasa_predict = _rasa_predict


def uninstall() -> None:
    for (owner, name), original in _ORIGINALS.items():
        setattr(owner, name, original)
    _resolved.clear()
