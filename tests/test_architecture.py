"""The package's layers: data flows files -> model -> catalogue -> (rules | site | exports).

Every import, including those inside functions, is read from the source. A unit is a
sub-package of `tda` or a top-level module; a unit may import only units at its own layer or
below, and no two units may import each other, directly or round a loop.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "tda"

# Lowest first. Units on one line are peers: they may use each other, but never in a loop.
LAYERS: list[set[str]] = [
    {"__init__", "errors", "codes", "diagnostics", "yamlio", "config", "cache", "processes"},
    {"catalog"},
    {"decisions"},
    {"governance"},
    {"harvested"},
    {"catalogue"},
    {"queries"},
    {"rules"},
    {"repository"},
    {"scaffold", "interop", "site", "layout", "schema", "options"},
    {"cli", "__main__"},
]
RANK = {unit: rank for rank, units in enumerate(LAYERS) for unit in units}


def unit_of(module: str) -> str | None:
    parts = module.split(".")
    if parts[0] != "tda":
        return None
    return parts[1] if len(parts) > 1 else "__init__"


def module_name(path: Path) -> str:
    relative = path.relative_to(PACKAGE.parent).with_suffix("")
    parts = list(relative.parts)
    if parts[-1] == "__init__" and len(parts) > 1:
        parts.pop()
    return ".".join(parts)


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    here = module_name(path).split(".")
    package = here if path.name == "__init__.py" else here[:-1]
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                found.add(".".join([*base, node.module] if node.module else base))
            elif node.module:
                found.add(node.module)
    return found


def unit_edges() -> dict[tuple[str, str], list[str]]:
    """(importer unit, imported unit) -> the files that make that import."""
    edges: dict[tuple[str, str], list[str]] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        source = unit_of(module_name(path))
        for target in filter(None, map(unit_of, imported_modules(path))):
            if source != target and source is not None:
                edges.setdefault((source, target), []).append(str(path.relative_to(PACKAGE)))
    return edges


def test_every_unit_has_a_layer() -> None:
    units = {unit_of(module_name(path)) for path in PACKAGE.rglob("*.py")}
    assert units - set(RANK) == set(), "add new packages and modules to LAYERS"


def test_no_unit_imports_a_layer_above_it() -> None:
    upward = [
        f"{source} -> {target} in {', '.join(sorted(set(files)))}"
        for (source, target), files in unit_edges().items()
        if RANK.get(target, -1) > RANK.get(source, len(LAYERS))
    ]
    assert upward == []


def test_no_import_loop_between_units() -> None:
    graph: dict[str, set[str]] = {}
    for source, target in unit_edges():
        graph.setdefault(source, set()).add(target)
    loops = [component for component in strongly_connected(graph) if len(component) > 1]
    assert loops == []


def strongly_connected(graph: dict[str, set[str]]) -> list[list[str]]:
    """Tarjan's algorithm, iteratively."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[list[str]] = []
    nodes = set(graph) | {t for targets in graph.values() for t in targets}
    for start in sorted(nodes):
        if start in index:
            continue
        work = [(start, iter(sorted(graph.get(start, ()))))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is None:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    component = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.append(member)
                        if member == node:
                            break
                    components.append(sorted(component))
            elif child not in index:
                index[child] = low[child] = len(index)
                stack.append(child)
                on_stack.add(child)
                work.append((child, iter(sorted(graph.get(child, ())))))
            elif child in on_stack:
                low[node] = min(low[node], index[child])
    return components


@pytest.mark.parametrize(
    ("graph", "loops"),
    [
        ({"a": {"b"}, "b": {"a"}}, [["a", "b"]]),
        ({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}, [["a", "b", "c"]]),
        ({"a": {"b"}, "b": {"c"}}, []),
    ],
)
def test_loop_finder_finds_loops(graph: dict[str, set[str]], loops: list[list[str]]) -> None:
    assert [c for c in strongly_connected(graph) if len(c) > 1] == loops


def test_relative_and_nested_imports_are_seen(tmp_path: Path) -> None:
    # The check must see imports inside functions, or a late import would hide a loop.
    source = PACKAGE / "catalog" / "load.py"
    assert "tda.catalog.validate" in imported_modules(source)


def test_the_readme_lists_every_unit_in_layer_order() -> None:
    readme = (PACKAGE.parent / "README.md").read_text(encoding="utf-8")
    table = readme[readme.index("## The package") :].split("\n## ", 1)[0]
    rows = [line for line in table.splitlines() if line.startswith("| `")]
    listed = [set(re.findall(r"`([a-z_]+)`", row.split("|")[1])) for row in rows]
    assert listed == [units - {"__init__"} for units in LAYERS]
