"""Rasa's debug-log arguments are skipped only where they serve nothing but a dropped line."""

from __future__ import annotations

import ast
import inspect
import logging

import pytest
import structlog
from rasa.core.policies.policy import Policy
from rasa.core.policies.rule_policy import RulePolicy
from rasa.core.processor import MessageProcessor
from rasa.utils.log_utils import configure_structlog

from bot import rasa_patches
from bot.rasa_patches import debug_logs
from devtools.bench import SCRIPTS
from tests.support.assistant import needs_model


def _parents(tree: ast.AST) -> dict[ast.AST, ast.AST]:
    return {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}


def _in_debug_line(node: ast.AST, parents: dict[ast.AST, ast.AST]) -> bool:
    """Whether the node is part of a `structlogger.debug(...)` call's arguments."""
    while node in parents:
        node = parents[node]
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                and node.func.attr == "debug" and isinstance(node.func.value, ast.Name)
                and node.func.value.id == "structlogger"):
            return True
    return False


STATES = [{"user": {"intent": "greet"}}, {"prev_action": {"action_name": "utter_greet"}}]


@pytest.fixture
def structlog_as_configured():
    """Rasa's structlog configured by the test; the configuration before it put back."""
    before = structlog.get_config()
    yield configure_structlog
    structlog.configure(**before)


@pytest.mark.parametrize("module", debug_logs.MODULES, ids=lambda m: m.__name__)
def test_in_each_patched_module_copy_only_builds_arguments_of_debug_lines(module):
    tree = ast.parse(inspect.getsource(module))
    parents = _parents(tree)
    uses = [node for node in ast.walk(tree) if isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name) and node.value.id == "copy"]
    assert uses, module.__name__
    assert all(_in_debug_line(node, parents) for node in uses), [
        (node.lineno, node.attr) for node in uses if not _in_debug_line(node, parents)]


def test_the_rule_policys_formatted_states_serve_only_a_debug_line():
    source = inspect.getsource(inspect.getmodule(RulePolicy))
    tree = ast.parse(source)
    parents = _parents(tree)
    calls = [node for node in ast.walk(tree) if isinstance(node, ast.Call)
             and isinstance(node.func, ast.Attribute)
             and node.func.attr == "format_tracker_states"]
    assert len(calls) == 1
    assignment = parents[calls[0]]
    assert isinstance(assignment, ast.Assign) and len(assignment.targets) == 1
    name = assignment.targets[0].id
    function = assignment
    while not isinstance(function, ast.FunctionDef):
        function = parents[function]
    reads = [node for node in ast.walk(function) if isinstance(node, ast.Name)
             and node.id == name and isinstance(node.ctx, ast.Load)]
    assert reads and all(_in_debug_line(node, parents) for node in reads)


def test_while_debug_lines_are_dropped_nothing_is_copied_or_formatted(
        rasa_patched, structlog_as_configured):
    structlog_as_configured(logging.WARNING)
    assert debug_logs.debug_dropped()
    for module in debug_logs.MODULES:
        assert module.copy.deepcopy(STATES) is STATES
    assert RulePolicy.format_tracker_states(STATES) is STATES


def test_when_debug_lines_are_kept_they_get_rasas_copies_and_formatting(
        rasa_patched, structlog_as_configured):
    structlog_as_configured(logging.DEBUG)
    assert not debug_logs.debug_dropped()
    for module in debug_logs.MODULES:
        copied = module.copy.deepcopy(STATES)
        assert copied == STATES and copied is not STATES and copied[0] is not STATES[0]
    assert RulePolicy.format_tracker_states(STATES) == Policy.format_tracker_states(STATES)


@needs_model
@pytest.mark.slow
async def test_at_every_prediction_of_real_conversations_rasas_own_code_predicts_the_same(
        assistant, monkeypatch, structlog_as_configured):
    structlog_as_configured(logging.WARNING)  # as the bot runs
    assert rasa_patches.installed() and debug_logs.debug_dropped()
    compared = []
    predict = MessageProcessor._predict_next_with_tracker

    def both_ways(self, tracker):  # noqa: ANN001, ANN202 - the policies' prediction, twice
        ours = predict(self, tracker)
        debug_logs.uninstall()
        try:
            rasas = predict(self, tracker)
        finally:
            debug_logs.install()
        assert ours == rasas and ours.probabilities == rasas.probabilities
        compared.append(ours.policy_name)
        return ours

    monkeypatch.setattr(MessageProcessor, "_predict_next_with_tracker", both_ways)
    for name, lines in SCRIPTS.items():
        for line in lines * 2:  # twice: the conversation grows, a second form included
            await assistant.handle(f"debug-logs-{name}", line, {"language": name[:2]})
    turns = 2 * sum(len(lines) for lines in SCRIPTS.values())
    assert len(compared) > 2 * turns and "RulePolicy" in compared  # two predictions a turn
