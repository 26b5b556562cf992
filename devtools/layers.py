"""The import contracts, written from each package's "May import" line.

`python -m devtools.layers` writes `.importlinter`; `lint-imports` (run by `make lint` and
`make test`) checks the code against it, and tests/test_architecture.py fails when the
committed file is not what this module writes, so the docstrings and the contracts cannot
drift apart.

The "May import" line of a package's `__init__` docstring is read up to the end of its
sentence; what is in parentheses is commentary. Every first-party name in it (`bot`,
`bot.db`, `bot.telegram.send`, `actions`, `devtools`) is allowed with what it contains; every
other first-party package or module is forbidden to that package. Exceptions are named below,
each with its reason, and written into the contract as comments.
"""

from __future__ import annotations

import ast
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TOP = ("bot", "actions", "devtools")
CONFIG = ROOT / ".importlinter"

# Highest first; "a : b" may import each other, "a | b" may not. The test checks that no
# "May import" line allows a package to import a higher layer.
LAYERS = (
    "bot.cli",
    "bot.service",
    "actions | devtools",
    "bot.office | bot.console",
    "bot.telegram",
    "bot.staff",
    "bot.reminders",
    "bot.assistant",
    "bot.knowledge",
    "bot.rasa_patches",
    "bot.db",
    "bot.advisor",
    "bot.candidacy",
)

# (the contracts it is an exception to, "importer -> imported", reason): "layers", or the
# package whose "May import" line it breaks. Keep this list short.
EXCEPTIONS: tuple[tuple[tuple[str, ...], str, str], ...] = (
    (("layers",), "bot.knowledge.* -> bot.assistant.programme_extractor",
     "scheme names found in text as the NLU finds them; the extractor is a Rasa component "
     "named in config.yml (a move retrains the model) and bot/knowledge is being edited"),
)

_MAY = re.compile(r"May import:?\s*(.*?)(?:\.\s+(?=[A-Z`])|\.?\s*$)", re.DOTALL)
_NAME = re.compile(r"(?<![\w.])(?:bot|actions|devtools)(?:\.\w+)*")


def docstring(package: str) -> str:
    init = ROOT.joinpath(*package.split("."), "__init__.py")
    return ast.get_docstring(ast.parse(init.read_text(encoding="utf-8"))) or ""


def may_import(doc: str) -> set[str] | None:
    """The first-party names a "May import" line allows; None when there is no such line."""
    found = _MAY.search(doc)
    if found is None:
        return None
    text = re.sub(r"\([^()]*\)", "", found.group(1)).replace("`", "")
    return set(_NAME.findall(text))


def children(module: str) -> list[str]:
    """The modules and packages directly in a package (migrations left out)."""
    folder = ROOT.joinpath(*module.split("."))
    if not folder.is_dir():
        return []
    names = [p.stem for p in folder.glob("*.py") if p.stem not in ("__init__", "__main__")]
    names += [p.name for p in folder.iterdir()
              if (p / "__init__.py").is_file() and p.name != "migrations"]
    return sorted(f"{module}.{name}" for name in names)


def packages() -> list[str]:
    """The packages that say what they may import: `bot`'s subpackages, actions, devtools."""
    found = [m for m in children("bot") if ROOT.joinpath(*m.split("."), "__init__.py").exists()]
    return sorted(found + ["actions", "devtools"])


def units() -> list[str]:
    """Everything first-party a package may or may not import, at the top of each package."""
    return sorted(children("bot") + ["actions", "devtools"])


def _within(module: str, package: str) -> bool:
    return module == package or module.startswith(package + ".")


def forbidden(package: str, allowed: set[str]) -> list[str]:
    """What `package` may not import: every unit neither allowed nor its own; a unit that is
    allowed only in part (bot.telegram when bot.telegram.send is) is split into its children."""
    out: list[str] = []

    def visit(unit: str) -> None:
        if _within(unit, package):
            return
        if any(_within(unit, a) for a in allowed):
            return
        if any(_within(a, unit) for a in allowed):
            for child in children(unit):
                visit(child)
            return
        out.append(unit)

    for unit in units():
        visit(unit)
    return out


def exceptions_of(contract: str) -> list[tuple[str, str]]:
    return [(expression, reason) for owners, expression, reason in EXCEPTIONS
            if contract in owners]


def _ignores(contract: str) -> list[str]:
    out = []
    for expression, reason in exceptions_of(contract):
        out += [f"    # {reason}", f"    {expression}"]
    return ["ignore_imports =", *out] if out else []


def _lines(key: str, values: list[str]) -> list[str]:
    return [f"{key} ="] + [f"    {value}" for value in values]


def render() -> str:
    """The whole `.importlinter` file."""
    out = ["# Written by `python -m devtools.layers` from each package's \"May import\" line",
           "# (its __init__ docstring) and devtools/layers.py's LAYERS and EXCEPTIONS: edit",
           "# those, then run it again. tests/test_architecture.py checks this file is current.",
           "[importlinter]", "root_packages =", *[f"    {t}" for t in TOP],
           "include_external_packages = False", ""]
    out += ["[importlinter:contract:layers]", "name = The layers, highest first",
            "type = layers", *_lines("layers", list(LAYERS)), *_ignores("layers"), ""]
    runtime = [u for u in children("bot") if u != "bot.cli"]
    runtime += [m for m in children("bot.cli") if m != "bot.cli.main"]
    out += ["[importlinter:contract:no-actions]",
            "name = bot never imports the actions package",
            "type = forbidden", *_lines("source_modules", ["bot"]),
            *_lines("forbidden_modules", ["actions"]), ""]
    out += ["[importlinter:contract:no-devtools]",
            "name = Only the command line's main reaches the development tools",
            "type = forbidden", *_lines("source_modules", runtime),
            *_lines("forbidden_modules", ["devtools"]), ""]
    for package in packages():
        allowed = may_import(docstring(package))
        if allowed is None:
            raise SystemExit(f"{package}/__init__.py has no 'May import' line")
        out += [f"[importlinter:contract:{package}-may-import]",
                f"name = {package} may import {', '.join(sorted(allowed)) or 'nothing of ours'}",
                "type = forbidden", "allow_indirect_imports = True",
                *_lines("source_modules", [package]),
                *_lines("forbidden_modules", forbidden(package, allowed)),
                *_ignores(package), ""]
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    """Write `.importlinter`; with --check, exit 1 if the committed one is not current."""
    text = render()
    if "--check" in (argv if argv is not None else sys.argv[1:]):
        current = CONFIG.read_text(encoding="utf-8") if CONFIG.exists() else ""
        if current != text:
            print(f"{CONFIG.name} is stale: run `python -m devtools.layers`", file=sys.stderr)
            return 1
        return 0
    CONFIG.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
