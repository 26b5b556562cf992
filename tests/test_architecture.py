"""The layout's rules, checked on the source: no import cycle, and the runtime never needs
the actions package or the development tools (docs/architecture.md)."""

from __future__ import annotations

import ast
import graphlib
from pathlib import Path

import pytest

from bot.config import PROJECT_ROOT

PACKAGES = ("bot", "actions", "devtools")
MAX_MODULES_IN_BOT = 8
MAX_LINES = 320


def module_name(path: Path) -> str:
    parts = path.relative_to(PROJECT_ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def project_modules() -> dict[str, Path]:
    return {module_name(path): path for package in PACKAGES
            for path in (PROJECT_ROOT / package).rglob("*.py")
            if "migrations" not in path.parts}


def imports_of(path: Path, modules: dict[str, Path]) -> set[str]:
    """The project modules `path` imports, anywhere in it (lazy imports included).

    `from package import name` counts as importing `package.name` when that is a module,
    else `package`; a module's own parent packages are not counted (Python imports them
    first, whatever the module says).
    """
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                child = f"{node.module}.{alias.name}"
                found.add(child if child in modules else node.module)
    return {name for name in found if name in modules}


def import_graph(modules: dict[str, Path]) -> dict[str, set[str]]:
    return {name: imports_of(path, modules) for name, path in modules.items()}


def test_modules_form_no_import_cycle():
    graph = import_graph(project_modules())
    try:
        graphlib.TopologicalSorter(graph).prepare()
    except graphlib.CycleError as error:
        pytest.fail(f"import cycle: {' -> '.join(error.args[1])}")


def test_the_cycle_check_finds_a_cycle():
    with pytest.raises(graphlib.CycleError):
        graphlib.TopologicalSorter({"a": {"b"}, "b": {"c"}, "c": {"a"}}).prepare()


def test_the_runtime_package_never_imports_the_actions():
    graph = import_graph(project_modules())
    offenders = {name: sorted(i for i in imported if i.split(".")[0] == "actions")
                 for name, imported in graph.items() if name.split(".")[0] == "bot"}
    assert {name: found for name, found in offenders.items() if found} == {}


def test_only_the_command_line_reaches_the_development_tools():
    graph = import_graph(project_modules())
    reaching = {name for name, imported in graph.items() if name.split(".")[0] == "bot"
                and any(i.split(".")[0] == "devtools" for i in imported)}
    assert reaching <= {"bot.cli.main"}


def test_bot_keeps_few_modules_at_its_top_and_none_too_long():
    top = sorted(p.name for p in (PROJECT_ROOT / "bot").glob("*.py"))
    assert len(top) <= MAX_MODULES_IN_BOT, top
    long = {name: n for name, path in project_modules().items()
            if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert long == {}


def test_every_package_says_what_it_owns_and_may_import():
    for init in (PROJECT_ROOT / "bot").rglob("__init__.py"):
        if "migrations" in init.parts:
            continue
        doc = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8"))) or ""
        assert "Owns" in doc or init.parent.name == "bot", init
        assert "import" in doc, init


def test_the_actions_take_their_texts_from_the_domain_only():
    """One catalogue per answer: the conversation's texts are in domain.yml, never in
    bot/messages.yml (the runtime's and the staff's)."""
    graph = import_graph(project_modules())
    assert {name for name, imported in graph.items()
            if name.startswith("actions") and "bot.i18n" in imported} == set()
