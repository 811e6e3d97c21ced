"""How the extension's modules depend on each other: no import cycle (a
deferred import inside a function counts: it only hides the cycle), and no
module reaches for another's private names (``from x import _name`` or
``x._name``). Read from the source with ``ast``; nothing is imported."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "ckanext" / "simore"
PREFIX = "ckanext.simore"


def _modules() -> dict[str, ast.Module]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        if "migration" in path.relative_to(PACKAGE).parts:
            continue  # alembic's frozen scripts
        parts = path.relative_to(PACKAGE.parents[1]).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = ast.parse(path.read_text(encoding="utf-8"))
    return found


def _imports(tree: ast.Module, modules: set[str]) -> dict[str, str]:
    """The extension's modules a module imports, each with the name it is
    known by there."""
    found = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith(PREFIX):
            for alias in node.names:
                whole = "{}.{}".format(node.module, alias.name)
                target = whole if whole in modules else node.module
                if target in modules:
                    found[target] = alias.asname or alias.name
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name in modules:
                    found[alias.name] = alias.asname or alias.name
    return found


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    cycles = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        for target in graph[module]:
            if target not in index:
                visit(target)
                low[module] = min(low[module], low[target])
            elif target in stack:
                low[module] = min(low[module], index[target])
        if low[module] == index[module]:
            component = []
            while True:
                member = stack.pop()
                component.append(member)
                if member == module:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for module in graph:
        if module not in index:
            visit(module)
    return cycles


def test_no_module_imports_one_that_imports_it_back():
    modules = _modules()
    graph = {name: set(_imports(tree, set(modules))) - {name} for name, tree in modules.items()}
    assert _cycles(graph) == []


def test_the_cycle_finder_finds_a_cycle():
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_no_module_uses_another_modules_private_names():
    modules = _modules()
    reaching = []
    for name, tree in modules.items():
        imported = _imports(tree, set(modules))
        local_names = {local: target for target, local in imported.items()}
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith(PREFIX):
                reaching += [
                    "{}: {}.{}".format(name, node.module, a.name) for a in node.names if a.name.startswith("_")
                ]
            elif (
                isinstance(node, ast.Attribute)
                and isinstance(node.value, ast.Name)
                and node.value.id in local_names
                and node.attr.startswith("_")
                and not node.attr.startswith("__")
            ):
                reaching.append("{}: {}.{}".format(name, local_names[node.value.id], node.attr))
    assert reaching == []
