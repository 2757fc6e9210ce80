"""Read the import structure of billbot's own packages from the source (AST only, nothing is imported).

`module_imports()` gives every module under bot/ and storage/ with every import it makes (module level,
inside functions, under `if TYPE_CHECKING:`, `importlib.import_module("literal")`), each with its line:
a circle that only type hints or a deferred import close is still a circle in the design.
`import_cycles()` finds the circles among them (strongly connected components).
"""

from __future__ import annotations

import ast
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("bot", "storage")
SKIP = ("storage/migrations/versions",)  # Alembic revisions: generated, never imported by the code


@dataclass(frozen=True, slots=True)
class Import:
    """`importer` imports `name` (a dotted module, or module.attribute for `from m import attr`) at `line`."""

    importer: str
    name: str
    line: int
    path: Path


def module_name(path: Path) -> str:
    """bot/pricing/quote.py → bot.pricing.quote (a file outside the project: its stem)."""
    parts = list((path.relative_to(ROOT) if path.is_relative_to(ROOT) else Path(path.name)).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def source_files(*packages: str) -> list[Path]:
    files = []
    for package in packages or PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            rel = path.relative_to(ROOT).as_posix()
            if not any(rel.startswith(s) for s in SKIP):
                files.append(path)
    return files


def _absolute(module: str | None, level: int, importer: str, is_package: bool) -> str:
    if level == 0:
        return module or ""
    base = importer.split(".")
    base = base if is_package else base[:-1]
    base = base[: len(base) - (level - 1)]
    return ".".join([*base, module] if module else base)


def _is_import_module(call: ast.Call) -> bool:
    func = call.func
    name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
    return (
        name in ("import_module", "__import__")
        and bool(call.args)
        and isinstance(call.args[0], ast.Constant)
        and isinstance(call.args[0].value, str)
    )


def imports_of(path: Path) -> list[Import]:
    importer = module_name(path)
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    out: list[Import] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and _is_import_module(node):
            out.append(Import(importer, node.args[0].value, node.lineno, path))  # type: ignore[attr-defined]
        elif isinstance(node, ast.Import):
            out += [Import(importer, a.name, node.lineno, path) for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = _absolute(node.module, node.level, importer, path.name == "__init__.py")
            out.append(Import(importer, base, node.lineno, path))
            out += [Import(importer, f"{base}.{a.name}", node.lineno, path) for a in node.names if a.name != "*"]
    return out


@lru_cache(maxsize=1)
def module_imports() -> Mapping[str, tuple[Import, ...]]:
    return {module_name(p): tuple(imports_of(p)) for p in source_files()}


def internal_graph() -> dict[str, set[str]]:
    """Module → the modules of bot/ and storage/ it imports (only names that are modules)."""
    modules = module_imports()
    return {m: {i.name for i in imps if i.name in modules and i.name != m} for m, imps in modules.items()}


def import_cycles(graph: Mapping[str, set[str]] | None = None) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan), each sorted, sorted."""
    graph = internal_graph() if graph is None else graph
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return sorted(found)


def in_package(name: str, package: str) -> bool:
    return name == package or name.startswith(package + ".")
