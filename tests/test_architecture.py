"""The house rules ARCHITECTURE.md states, checked on the code: a package imports a sibling only through its face
(its __init__), the graph of packages and spine modules has no circles, and no module outgrows 400 lines."""

from __future__ import annotations

import ast
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

import pytest

GENERATOR = Path(__file__).resolve().parents[1] / "generator"
PACKAGES = frozenset(p.name for p in GENERATOR.iterdir() if (p / "__init__.py").is_file())
MAX_LINES = 400


def modules() -> Iterator[tuple[str, Path]]:
    for path in sorted(GENERATOR.rglob("*.py")):
        parts = path.relative_to(GENERATOR.parent).with_suffix("").parts
        yield ".".join(parts).removesuffix(".__init__"), path


def room(module: str) -> str:
    """A module's room: its package (generator.site.pages → site), or the spine module itself."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "generator"


def imports(path: Path) -> Iterator[str]:
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if (
            isinstance(node, ast.ImportFrom)
            and node.level == 0
            and (node.module or "").startswith("generator")
        ):
            yield node.module or ""
        elif isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names if alias.name.startswith("generator"))


def test_siblings_import_each_others_faces_only() -> None:
    insides = [
        f"{module} imports {target}"
        for module, path in modules()
        for target in imports(path)
        if room(target) in PACKAGES
        and room(target) != room(module)
        and room(target) != "samples"
        and len(target.split(".")) > 2
    ]
    assert insides == []


def test_the_graph_of_rooms_has_no_circles() -> None:
    """Rooms are the packages and the spine's modules; an edge is an import (lazy ones included)."""
    edges: dict[str, set[str]] = defaultdict(set)
    for module, path in modules():
        source = room(module) if room(module) in PACKAGES else module
        for target in imports(path):
            node = room(target) if room(target) in PACKAGES else ".".join(target.split(".")[:2])
            if node != source and node != "generator":
                edges[source].add(node)
    circles = []
    state: dict[str, int] = {}

    def visit(node: str, trail: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(edges.get(node, ())):
            if state.get(nxt) == 1:
                circles.append(" → ".join([*trail[trail.index(nxt) :], nxt]))
            elif nxt not in state:
                visit(nxt, [*trail, nxt])
        state[node] = 2

    for node in sorted(edges):
        if node not in state:
            visit(node, [node])
    assert circles == []


@pytest.mark.parametrize(("module", "path"), list(modules()), ids=[m for m, _ in modules()])
def test_no_module_outgrows_400_lines(module: str, path: Path) -> None:
    assert len(path.read_text(encoding="utf-8").splitlines()) <= MAX_LINES, module
