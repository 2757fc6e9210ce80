"""The shape of the code, read from its source: the pure core does no I/O, layers import downwards only,
and no modules import each other in a circle (ARCHITECTURE.md)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.support.imports import (
    ROOT,
    Import,
    import_cycles,
    imports_of,
    in_package,
    module_imports,
    module_name,
    source_files,
)

PURE = ("bot/pricing", "bot/reports")

# What the pure core must not import: each name covers its submodules.
NOT_IN_THE_CORE: dict[str, str] = {
    "os": "the environment and the file system",
    "pathlib": "file I/O",
    "shutil": "file I/O",
    "tempfile": "file I/O",
    "glob": "file I/O",
    "io.open": "file I/O",
    "importlib": "loading code or files at run time",
    "socket": "the network",
    "ssl": "the network",
    "http": "the network",
    "urllib": "the network",
    "aiohttp": "the network",
    "subprocess": "other processes",
    "asyncio": "the event loop",
    "time": "the clock",
    "logging": "log output (logging is the caller's job)",
    "sqlalchemy": "the database",
    "aiosqlite": "the database",
    "asyncpg": "the database",
    "alembic": "the database",
    "storage": "the database layer",
    "slack_sdk": "Slack",
    "slack_bolt": "Slack",
    "english_words": "word lists read from disk (storage/wordlists.py reads them)",
    "names": "word lists read from disk (storage/wordlists.py reads them)",
    "bot.config": "the environment (Settings)",
    "bot.services": "the edge's wiring",
    "bot.app": "the Slack app",
    "bot.handlers": "the Slack edge",
    "bot.server": "the HTTP server",
    "bot.cli": "the command line",
    "bot.render": "presentation",
}
# Calls that reach the outside world whatever they were imported as.
NOT_CALLED_IN_THE_CORE: dict[str, str] = {
    "open": "file I/O",
    "print": "output",
    "input": "input",
    "now": "the clock (take `today`/`now` as an argument)",
    "today": "the clock (take `today`/`now` as an argument)",
    "utcnow": "the clock (take `today`/`now` as an argument)",
    "getenv": "the environment",
    "read_text": "file I/O",
    "read_bytes": "file I/O",
    "write_text": "file I/O",
    "write_bytes": "file I/O",
}
NOT_READ_IN_THE_CORE = {"environ": "the environment"}

# Deliberate exceptions, each with its reason.
CORE_EXCEPTIONS: dict[tuple[str, str], str] = {
    # The curated tips are YAML shipped inside the package (bot/pricing/tips/data), read once at import
    # through importlib.resources: package data, the same on every machine, not the environment.
    ("bot.pricing.tips.curated", "importlib"): "packaged tips data",
    ("bot.pricing.tips.curated", "read_text()"): "packaged tips data",
}


def core_violations(path: Path, module: str) -> list[str]:
    """Every import, call or read in `path` that the pure core must not make, as 'file:line what (why)'."""
    rel = path.relative_to(ROOT).as_posix() if path.is_relative_to(ROOT) else path.name
    found: list[str] = []

    def flag(line: int, what: str, why: str, key: str) -> None:
        if (module, key) not in CORE_EXCEPTIONS:
            found.append(f"{rel}:{line} {what} ({why})")

    for imp in imports_of(path):
        for banned, why in NOT_IN_THE_CORE.items():
            if in_package(imp.name, banned):
                flag(imp.line, f"imports {imp.name}", why, banned)
                break
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
            if name in NOT_CALLED_IN_THE_CORE and not (name == "open" and isinstance(func, ast.Attribute)):
                flag(node.lineno, f"calls {name}()", NOT_CALLED_IN_THE_CORE[name], f"{name}()")
            elif name == "open":  # x.open(): a path, an archive, io
                flag(node.lineno, f"calls {ast.unparse(func)}()", "file I/O", "open()")
        elif isinstance(node, ast.Attribute) and node.attr in NOT_READ_IN_THE_CORE:
            flag(node.lineno, f"reads {ast.unparse(node)}", NOT_READ_IN_THE_CORE[node.attr], node.attr)
    return found


def _core_modules() -> list[tuple[Path, str]]:
    return [(p, module_name(p)) for p in source_files(*PURE)]


@pytest.mark.parametrize(("path", "module"), _core_modules(), ids=[m for _, m in _core_modules()])
def test_the_pure_core_does_no_io(path: Path, module: str) -> None:
    """bot/pricing and bot/reports: no file, network, database, Slack, clock or environment."""
    assert not core_violations(path, module)


def test_the_core_check_catches_each_kind_of_violation(tmp_path: Path) -> None:
    """The check above is not vacuous: a module doing each forbidden thing is flagged for it."""
    bad = tmp_path / "bad.py"
    bad.write_text(
        "import os\n"
        "from pathlib import Path\n"
        "from sqlalchemy import select\n"
        "import slack_sdk.web\n"
        "from storage.db import Database\n"
        "from bot.handlers import answer\n"
        "from bot.config import get_settings\n"
        "import time\n"
        "from datetime import date, datetime\n"
        "def f(p):\n"
        "    date.today(); datetime.now(); open(p); p.open()\n"
        "    return os.environ['X']\n",
        encoding="utf-8",
    )
    found = "\n".join(core_violations(bad, "bot.pricing.bad"))
    for expected in (
        ":1 imports os",
        ":2 imports pathlib",
        ":3 imports sqlalchemy",
        ":4 imports slack_sdk.web",
        ":5 imports storage.db",
        ":6 imports bot.handlers",
        ":7 imports bot.config",
        ":8 imports time",
        ":11 calls today()",
        ":11 calls now()",
        ":11 calls open()",
        ":11 calls p.open()",
        ":12 reads os.environ",
    ):
        assert expected in found, (expected, found)
    assert ":9 " not in found  # the date and datetime types themselves are fine


# -- layers ---------------------------------------------------------------------------------------

EDGE = ("bot.cli", "bot.server", "bot.app", "bot.handlers", "bot.services")

# (package, what it must not import): the layers of ARCHITECTURE.md, arrows pointing the way imports go.
LAYER_RULES: dict[str, tuple[str, ...]] = {
    "storage": (*EDGE, "bot.render", "bot.command", "bot.config", "slack_sdk", "slack_bolt", "aiohttp"),
    "bot.pricing": (*EDGE, "bot.render", "bot.command", "bot.config", "storage"),
    "bot.reports": (*EDGE, "bot.render", "bot.command", "bot.config", "storage"),
    "bot.command": (*EDGE, "bot.render", "storage"),
    "bot.render": (*EDGE, "storage", "sqlalchemy"),
    "bot.config": (*EDGE, "bot.render", "bot.command", "bot.pricing", "bot.reports", "storage"),
    "bot.stores": ("bot.cli", "bot.server", "bot.app", "bot.handlers", "bot.jobs", "bot.render", "bot.answer",
                   "bot.services"),
    "bot.services": ("bot.cli", "bot.server", "bot.app", "bot.handlers", "bot.jobs", "bot.render", "bot.answer"),
    "bot.answer": ("bot.cli", "bot.server", "bot.app", "bot.handlers", "bot.jobs", "bot.render"),
    "bot.jobs": ("bot.cli", "bot.server", "bot.app", "bot.handlers"),
    "bot.handlers": ("bot.cli", "bot.server", "bot.app"),
    "bot.app": ("bot.cli", "bot.server"),
    "bot.server": ("bot.cli",),
}

# Rules the code breaks, each marked xfail with its reason (none since the issue-8 reshape).
KNOWN_LAYER_BREAKS: dict[str, str] = {}  # none left: issue 8 removed them


def layer_breaks(package: str, forbidden: tuple[str, ...]) -> list[str]:
    out = []
    for module, imps in module_imports().items():
        if not in_package(module, package):
            continue
        for imp in imps:
            if any(in_package(imp.name, f) for f in forbidden) and not _same_statement_seen(out, imp):
                out.append(f"{module} imports {imp.name} ({imp.path.relative_to(ROOT)}:{imp.line})")
    return out


def _same_statement_seen(out: list[str], imp: Import) -> bool:
    return any(f"{imp.path.relative_to(ROOT)}:{imp.line})" in line for line in out)


@pytest.mark.parametrize(
    ("package", "forbidden"),
    [
        pytest.param(
            p,
            f,
            id=p,
            marks=[pytest.mark.xfail(strict=True, reason=KNOWN_LAYER_BREAKS[p])] if p in KNOWN_LAYER_BREAKS else [],
        )
        for p, f in LAYER_RULES.items()
    ],
)
def test_layers_import_downwards_only(package: str, forbidden: tuple[str, ...]) -> None:
    assert not layer_breaks(package, forbidden)


# -- circles --------------------------------------------------------------------------------------

# Circles the code has, each with its reason (none since the issue-8 reshape).
KNOWN_CYCLES: dict[str, str] = {}  # none left
# The circles issue 8 removed: bot.app <-> the handlers, storage.importers.registry <-> sources.
REMOVED_CYCLES = ("bot.app", "storage.importers.registry")


def _cycle_through(module: str) -> list[str]:
    return next((c for c in import_cycles() if module in c), [])


@pytest.mark.parametrize(
    "module", REMOVED_CYCLES)
def test_known_import_circle_is_gone(module: str) -> None:
    assert not _cycle_through(module)


def test_no_other_import_circles() -> None:
    """No modules of bot/ and storage/ import each other in a circle (type-only and deferred imports count)."""
    new = [c for c in import_cycles() if not any(m in c for m in KNOWN_CYCLES)]
    assert not new, new


def test_the_circle_finder_finds_circles() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}, "e": {"e"}}
    assert import_cycles(graph) == [["a", "b", "c"]]


# -- tests ----------------------------------------------------------------------------------------


def test_test_modules_do_not_import_each_other() -> None:
    """Shared helpers live in tests/support/ (or are fixtures in conftest.py); a test_* module and
    conftest.py are never imported by name, and no helper module is named test_*."""
    tests = ROOT / "tests"
    found = []
    for path in sorted(tests.rglob("*.py")):
        for imp in imports_of(path):
            last = imp.name.split(".")
            if in_package(imp.name, "tests") and any(p.startswith("test_") or p == "conftest" for p in last[1:]):
                found.append(f"{path.relative_to(ROOT)}:{imp.line} imports {imp.name}")
    assert not found, found
    assert not [p.name for p in (tests / "support").glob("test_*.py")]
