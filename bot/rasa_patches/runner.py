"""Rasa's graph of components run in order, without dask's scheduler.

`DaskGraphRunner.run` rebuilds the minimal graph for its targets and hands it to
`dask.get`, whose synchronous scheduler orders and dispatches the nodes: ~3 ms of a
message's CPU for the NLU graph and the two or three dialogue predictions of each message
(cProfile under `ftbot bench`), for graphs of about ten nodes that always run in the same
order. Here the order is computed once per runner and set of targets, and each node is
called with its parents' outputs exactly as dask calls it: a `(node name, output)` tuple per
parent, an input as `(input name, value)`, and the bare name of a dependency nobody provided
(which `GraphNode` reports). A `RuntimeError` becomes Rasa's `GraphRunError`, as in Rasa.

Installed and removed only through `bot.rasa_patches` (version guard, RASA_PATCHES switch).
"""

from __future__ import annotations

from dataclasses import dataclass
from graphlib import TopologicalSorter
from typing import Any

from rasa.engine.exceptions import GraphRunError
from rasa.engine.graph import GraphNode
from rasa.engine.runner.dask import DaskGraphRunner

_original = DaskGraphRunner.__dict__["run"]
PLANS = "_ftbot_plans"  # attribute of a runner holding its plans, by targets


@dataclass(frozen=True)
class _Plan:
    names: frozenset[str]
    steps: tuple[tuple[str, GraphNode, tuple[str, ...]], ...]  # node, its callable, its needs


def _plan(runner: DaskGraphRunner, targets: tuple[str, ...]) -> _Plan:
    plans: dict[tuple[str, ...], _Plan] = runner.__dict__.setdefault(PLANS, {})
    plan = plans.get(targets)
    if plan is None:
        schema = runner._graph_schema.minimal_graph_schema(list(targets))
        sorter = TopologicalSorter({
            name: [need for need in node.needs.values() if need in schema.nodes]
            for name, node in schema.nodes.items()})
        steps = tuple((name, runner._instantiated_nodes[name],
                       tuple(schema.nodes[name].needs.values()))
                      for name in sorter.static_order())
        plan = plans[targets] = _Plan(frozenset(schema.nodes), steps)
    return plan


def run(self: DaskGraphRunner, inputs: dict[str, Any] | None = None,
        targets: list[str] | None = None) -> dict[str, Any]:
    run_targets = targets if targets else self._graph_schema.target_names
    plan = _plan(self, tuple(run_targets))
    results: dict[str, Any] = {}
    for input_name, input_value in (inputs or {}).items():
        if isinstance(input_value, str) and (input_value in plan.names
                                             or input_value in results):
            raise GraphRunError(
                f"Input value '{input_value}' clashes with a node name. Make sure "
                f"that none of the input names passed to the `run` method are the "
                f"same as node names in the graph schema.")
        results[input_name] = (input_name, input_value)
    try:
        for name, node, needs in plan.steps:
            if name not in results:  # an input of the same name replaces the node, as in dask
                results[name] = node(*[results.get(need, need) for need in needs])
    except RuntimeError as e:
        raise GraphRunError("Error running runner.") from e
    return dict(results[target] for target in run_targets)


def install() -> None:
    DaskGraphRunner.run = run


def uninstall() -> None:
    DaskGraphRunner.run = _original
