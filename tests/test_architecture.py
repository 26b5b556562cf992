"""The layout's rules, checked on the source: no import cycle, the runtime never needs the
actions package or the development tools, and the import contracts (`.importlinter`, checked
by `lint-imports`) say what each package's "May import" line says (docs/architecture.md)."""

from __future__ import annotations

import ast
import graphlib
import re
import subprocess
import sys
from pathlib import Path

import pytest

from bot.config import PROJECT_ROOT
from devtools import layers

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


def test_the_staff_services_import_nothing_of_telegram():
    """bot.staff is what the staff chat, the back-office, the console, the command line and
    the actions share: free of any channel; the Telegram staff desk is bot.telegram.desk."""
    offenders = {}
    for path in (PROJECT_ROOT / "bot" / "staff").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import) else
                     [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            found = [n for n in names if n.split(".")[0] == "telegram"
                     or n == "bot.telegram" or n.startswith("bot.telegram.")]
            if found:
                offenders.setdefault(path.name, []).extend(found)
    assert offenders == {}


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


def test_the_package_docstrings_name_every_package_and_action_module():
    """bot/__init__.py names each of bot's packages, actions/__init__.py each of its modules:
    a reader starts there."""
    def named(init: Path) -> set[str]:
        doc = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8"))) or ""
        return set(re.findall(r"`(\w+)`", doc))

    packages = {p.parent.name for p in (PROJECT_ROOT / "bot").glob("*/__init__.py")}
    assert packages - named(PROJECT_ROOT / "bot" / "__init__.py") == set()
    modules = {p.stem for p in (PROJECT_ROOT / "actions").glob("*.py")} - {"__init__"}
    assert modules - named(PROJECT_ROOT / "actions" / "__init__.py") == set()


def test_the_actions_take_their_texts_from_the_domain_only():
    """One catalogue per answer: the conversation's texts are in domain.yml, never in
    bot/messages.yml (the runtime's and the staff's). The actions reach the one text loader
    (bot.i18n) through `actions.texts` only, and it takes only the conversation's fragments
    (`fragment`, and `join_words` over CONVERSATION, the catalogue it hands on)."""
    graph = import_graph(project_modules())
    assert {name for name, imported in graph.items()
            if name.startswith("actions") and "bot.i18n" in imported} == {"actions.texts"}
    tree = ast.parse((PROJECT_ROOT / "actions" / "texts.py").read_text(encoding="utf-8"))
    taken = {alias.name for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)
             and node.module == "bot.i18n" for alias in node.names}
    assert taken == {"fragment", "join_words", "CONVERSATION"}
    calls = [node for node in ast.walk(tree) if isinstance(node, ast.Call)
             and getattr(node.func, "id", "") == "_join_words"]
    assert calls and all(ast.unparse(call.args[-1]) == "CONVERSATION" for call in calls)


def _private(name: str) -> bool:
    return name.startswith("_") and not name.endswith("__")


def rasa_private_names(tree: ast.AST) -> list[str]:
    """In a module that imports Rasa: private attributes read on anything but `self` or
    `cls` (a project module's own privates, on its own objects, are read through `self`),
    and private names or modules imported from Rasa."""
    imports_rasa = any(
        (isinstance(node, ast.Import) and any(a.name.split(".")[0] == "rasa" for a in node.names))
        or (isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "rasa")
        for node in ast.walk(tree))
    if not imports_rasa:
        return []
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and _private(node.attr) and not (
                isinstance(node.value, ast.Name) and node.value.id in ("self", "cls")):
            found.append(f"line {node.lineno}: .{node.attr}")
        elif (isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "rasa"
              and (any(map(_private, node.module.split(".")))
                   or any(_private(alias.name) for alias in node.names))):
            found.append(f"line {node.lineno}: from {node.module}")
    return found


def test_only_the_rasa_boundary_reaches_into_rasas_private_names():
    """Rasa's internals are touched in bot/rasa_patches only, behind its version guard: an
    upgrade of Rasa has one package to read (docs/architecture.md, "Leaving Rasa")."""
    found = {name: names for name, path in project_modules().items()
             if not name.startswith("bot.rasa_patches")
             and (names := rasa_private_names(ast.parse(path.read_text(encoding="utf-8"))))}
    assert found == {}


def test_the_private_name_check_finds_one():
    tree = ast.parse("from rasa.core import tracker_store\n"
                     "store = store._tracker_store\nself._mine = 1\n"
                     "from rasa.shared.core.trackers import _private_helper\n")
    assert sorted(rasa_private_names(tree)) == ["line 2: ._tracker_store",
                                                "line 4: from rasa.shared.core.trackers"]
    assert rasa_private_names(ast.parse("store = store._tracker_store\n")) == []


def _test_imports(path: Path) -> set[str]:
    """The modules under `tests` that `path` imports, lazy imports included."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # `from . import x`, `from .test_x import y`: relative to tests/
                found.update(f"tests.{node.module or alias.name}" for alias in node.names)
            elif node.module:
                found.update([node.module, *(f"{node.module}.{a.name}" for a in node.names)])
    return {name for name in found if name.split(".")[0] == "tests"}


def test_no_test_module_imports_another_test_module():
    """What two test modules share lives in tests/support; a test module, conftest.py or a
    helper never imports a test module (its fixtures and tests would come along)."""
    tests = PROJECT_ROOT / "tests"
    importers = [*tests.glob("*.py"), *(tests / "support").glob("*.py")]
    offenders = {path.name: sorted(name for name in _test_imports(path)
                                   if name.split(".")[1].startswith("test_"))
                 for path in importers}
    assert {name: found for name, found in offenders.items() if found} == {}
    helpers = {p.stem for p in tests.glob("*.py")} - {"conftest", "__init__"}
    assert all(name.startswith("test_") for name in helpers), "helpers go in tests/support"


def test_the_test_import_check_finds_one(tmp_path):
    module = tmp_path / "test_a.py"
    module.write_text("from tests.test_office import site\nimport tests.support.office\n")
    assert _test_imports(module) >= {"tests.test_office", "tests.support.office"}


def test_the_import_contracts_are_written_from_the_docstrings():
    """`.importlinter` is what devtools/layers.py writes from each package's "May import"
    line: change a line, or LAYERS / EXCEPTIONS, then run `python -m devtools.layers`."""
    assert (PROJECT_ROOT / ".importlinter").read_text(encoding="utf-8") == layers.render()


def test_every_package_has_a_may_import_line_and_a_layer():
    placed = {name.strip() for layer in layers.LAYERS for name in re.split(r"[:|]", layer)}
    for package in layers.packages():
        assert layers.may_import(layers.docstring(package)) is not None, package
        assert package in placed, f"{package}: give it a layer in devtools/layers.py"


def _layer_of(module: str) -> int | None:
    for index, layer in enumerate(layers.LAYERS):
        for name in re.split(r"[:|]", layer):
            name = name.strip()
            if module == name or module.startswith(name + "."):
                return index
    return None


def _excepted_in_layers(package: str, allowed: str) -> bool:
    for importer, imported in (expression.split(" -> ")
                               for expression, _ in layers.exceptions_of("layers")):
        importer = importer.removesuffix(".**").removesuffix(".*")
        if importer.startswith(package) and imported.startswith(allowed):
            return True
    return False


def test_no_may_import_line_reaches_a_higher_layer_unless_named():
    upward = []
    for package in layers.packages():
        for allowed in layers.may_import(layers.docstring(package)):
            mine, theirs = _layer_of(package), _layer_of(allowed)
            if theirs is not None and theirs < mine and not _excepted_in_layers(package,
                                                                                allowed):
                upward.append(f"{package} -> {allowed}")
    assert upward == []


def test_every_exception_names_its_contract_and_reason():
    contracts = {"layers", *layers.packages()}
    for owners, expression, reason in layers.EXCEPTIONS:
        assert set(owners) <= contracts, expression
        assert " -> " in expression and len(reason) > 20, expression


def test_the_may_import_line_is_read_up_to_its_sentence_without_asides():
    doc = ("Owns: x.\nMay import: bot.config, `bot.db` (not bot.telegram), actions,\n"
           "bot.telegram.send. Never bot.i18n: texts.")
    assert layers.may_import(doc) == {"bot.config", "bot.db", "actions", "bot.telegram.send"}
    assert layers.may_import("May import: rasa. Nothing of ours.") == set()
    assert layers.may_import("Owns everything.") is None


def test_a_package_allowed_in_part_is_forbidden_the_rest():
    forbidden = layers.forbidden("bot.staff", {"bot.telegram.send", "bot.db"})
    assert "bot.telegram.send" not in forbidden and "bot.telegram.render" in forbidden
    assert "bot.telegram" not in forbidden and "bot.db" not in forbidden
    assert {"bot.office", "actions", "devtools"} <= set(forbidden)
    assert not any(name.startswith("bot.staff") for name in forbidden)


def test_lint_imports_keeps_every_contract():
    command = [str(Path(sys.executable).parent / "lint-imports"), "--no-cache"]
    run = subprocess.run(command, cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stdout[-3000:]
