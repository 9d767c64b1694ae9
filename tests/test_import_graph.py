"""The package's import graph: no cycles, estat_client stands alone, no private imports across modules.

The graph is read from the source with ``ast`` (nothing is imported), so it includes imports
inside functions — a lazy import still ties two modules together — but not those under
``if TYPE_CHECKING:``, which never run.

How an import becomes an edge:

* ``import a.b.c`` → ``a.b.c``;
* ``from a.b import c`` → ``a.b.c`` when ``c`` is a sub-module of ``a.b``, else ``a.b`` (whose
  ``__init__`` must run to give the name);
* relative imports are resolved against the importing module's package;
* importing ``a.b.c`` also runs ``a/__init__`` and ``a/b/__init__``; those implicit edges are
  left out (every module would otherwise depend on every package above it), but an explicit
  import of a package is an edge to its ``__init__`` like any other.

The privacy rule:

* a ``_``-prefixed *module* (``curriculum.data._x``) is private to its package: modules of that
  package (and its ``__init__``, re-exporting it) may import it, no module outside may;
* a ``_``-prefixed *name* (``from m import _helper``) is private to its module: no other
  module may import it. A helper two modules share is public, in a module with a public name.
"""

from __future__ import annotations

import ast
import textwrap
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("curriculum", "estat_client")


@dataclass(frozen=True)
class Import:
    importer: str
    target: str  # the module whose code runs
    name: str | None  # the name taken from it (``from target import name``), if not a sub-module
    line: int


def find_modules(root: Path, packages) -> dict[str, Path]:
    """Every module of ``packages`` under ``root``: dotted name → file (a package is its ``__init__``)."""
    modules = {}
    for package in packages:
        for path in sorted((root / package).rglob("*.py")):
            parts = list(path.relative_to(root).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            modules[".".join(parts)] = path
    return modules


def _type_checking_nodes(tree: ast.AST) -> set[int]:
    skipped = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            skipped.update(id(child) for statement in node.body for child in ast.walk(statement))
    return skipped


def imports_of(module: str, path: Path, modules) -> list[Import]:
    """The imports of one module that land in ``modules`` (third-party imports are left out)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    skipped = _type_checking_nodes(tree)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = []
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Import):
            found += [Import(module, alias.name, None, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                source = ".".join(base + ([node.module] if node.module else []))
            else:
                source = node.module
            for alias in node.names:
                submodule = f"{source}.{alias.name}"
                if submodule in modules:
                    found.append(Import(module, submodule, None, node.lineno))
                else:
                    found.append(Import(module, source, None if alias.name == "*" else alias.name, node.lineno))
    return [item for item in found if item.target in modules]


def build_graph(root: Path, packages) -> tuple[dict[str, set[str]], list[Import]]:
    """The module graph (module → modules it imports) and the list of imports it was built from."""
    modules = find_modules(root, packages)
    imports = [item for module, path in modules.items() for item in imports_of(module, path, modules)]
    graph = {module: set() for module in modules}
    for item in imports:
        if item.target != item.importer:
            graph[item.importer].add(item.target)
    return graph, imports


def room_of(module: str) -> str:
    """The sub-package a module belongs to (``curriculum.data.ssdse`` → ``curriculum.data``); a
    module at the top of a package is its own room (``curriculum.mesh``)."""
    return ".".join(module.split(".")[:2])


def room_graph(graph: dict[str, set[str]]) -> dict[str, set[str]]:
    """The module graph collapsed to rooms, edges within a room dropped."""
    rooms: dict[str, set[str]] = {}
    for module, targets in graph.items():
        rooms.setdefault(room_of(module), set()).update(room_of(t) for t in targets if room_of(t) != room_of(module))
    for targets in list(rooms.values()):
        for target in targets:
            rooms.setdefault(target, set())
    return rooms


def find_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """One cycle per strongly connected component of more than one module (Tarjan), as a closed path."""
    index, low, stack, on_stack, components = {}, {}, [], set(), []

    def visit(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph[node]):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                components.append(set(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return sorted((_cycle_in(graph, component) for component in components), key=lambda c: c[0])


def _cycle_in(graph, component: set[str]) -> list[str]:
    """A shortest closed path through the component's smallest module (breadth-first)."""
    start = min(component)
    previous, queue = {start: None}, [start]
    for node in queue:
        for nxt in sorted(graph[node] & component):
            if nxt == start:
                path = [node]
                while previous[path[-1]] is not None:
                    path.append(previous[path[-1]])
                return [start, *reversed(path[:-1]), start] if len(path) > 1 else [start, node, start]
            if nxt not in previous:
                previous[nxt] = node
                queue.append(nxt)
    raise AssertionError(f"no cycle through {start}")  # a strongly connected component always has one


def _private(part: str) -> bool:
    return part.startswith("_") and not part.startswith("__")


def private_imports(imports: list[Import]) -> list[Import]:
    """Imports that break the privacy rule of the module docstring."""
    bad = []
    for item in imports:
        parts = item.target.split(".")
        owners = [".".join(parts[:i]) for i, part in enumerate(parts) if _private(part)]
        module_ok = all(item.importer == owner or item.importer.startswith(owner + ".") for owner in owners)
        name_ok = not (item.name and _private(item.name) and item.target != item.importer)
        if not (module_ok and name_ok):
            bad.append(item)
    return bad


def _describe(item: Import) -> str:
    what = f"{item.target}.{item.name}" if item.name else item.target
    return f"{item.importer} (line {item.line}) imports {what}"


# -- the package itself -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def package_graph():
    return build_graph(ROOT, PACKAGES)


def test_the_graph_sees_the_package(package_graph):
    graph, _ = package_graph
    assert "curriculum.data.ssdse" in graph["curriculum.data"]  # the re-export in data/__init__
    assert "curriculum.errors" in graph["curriculum.data.ssdse"]
    assert "estat_client.api" in graph["estat_client"]


def test_no_import_cycles(package_graph):
    graph, _ = package_graph
    cycles = find_cycles(graph)
    assert not cycles, "import cycles:\n" + "\n".join("  " + " → ".join(cycle) for cycle in cycles)


def test_no_cycles_between_sub_packages(package_graph):
    """The rooms of the package (data, practice, course, …; a top-level module is its own room)
    use each other in one direction only: data must not call up into practice even lazily."""
    graph, _ = package_graph
    cycles = find_cycles(room_graph(graph))
    assert not cycles, "import cycles between sub-packages:\n" + "\n".join("  " + " → ".join(c) for c in cycles)


def test_estat_client_imports_nothing_from_curriculum(package_graph):
    _, imports = package_graph
    bad = [item for item in imports if item.importer.split(".")[0] == "estat_client"
           and item.target.split(".")[0] == "curriculum"]
    assert not bad, "estat_client must stand alone:\n" + "\n".join("  " + _describe(item) for item in bad)


def test_no_private_imports_across_modules(package_graph):
    _, imports = package_graph
    bad = private_imports(imports)
    assert not bad, "private imports across modules:\n" + "\n".join("  " + _describe(item) for item in bad)


# -- the graph builder, on a tiny package with known answers ------------------------------------


def _write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")


@pytest.fixture
def tiny(tmp_path):
    _write(tmp_path, {
        "pkg/__init__.py": "from pkg.a import run\n",
        "pkg/a.py": "from . import b\n\ndef run():\n    return b.go()\n",
        "pkg/b.py": "import json\n\ndef go():\n    from pkg.sub.c import helper  # lazy: still an edge\n    return helper()\n",
        "pkg/sub/__init__.py": "",
        "pkg/sub/c.py": "from ..a import run\nfrom ._d import _secret\n\ndef helper():\n    return _secret\n",
        "pkg/sub/_d.py": "_secret = 1\n",
        "pkg/e.py": "from typing import TYPE_CHECKING\nfrom pkg.sub import c, _d\nfrom pkg.sub.c import _private\n"
                    "if TYPE_CHECKING:\n    from pkg import a\n",
        "other/__init__.py": "",
        "other/f.py": "import pkg.sub.c\nfrom pkg import run\n",
    })
    return tmp_path


def test_builder_resolves_relative_lazy_and_submodule_imports(tiny):
    graph, _ = build_graph(tiny, ("pkg", "other"))
    assert graph["pkg"] == {"pkg.a"}
    assert graph["pkg.a"] == {"pkg.b"}  # `from . import b` is the sub-module, not the package
    assert graph["pkg.b"] == {"pkg.sub.c"}  # inside a function; json is not ours
    assert graph["pkg.sub.c"] == {"pkg.a", "pkg.sub._d"}  # `..a` from pkg.sub.c is pkg.a
    assert graph["pkg.e"] == {"pkg.sub.c", "pkg.sub._d"}  # the TYPE_CHECKING import of pkg.a is not run
    assert graph["other.f"] == {"pkg.sub.c", "pkg"}  # `from pkg import run` runs pkg/__init__


def test_builder_finds_the_known_cycle(tiny):
    graph, _ = build_graph(tiny, ("pkg", "other"))
    assert find_cycles(graph) == [["pkg.a", "pkg.b", "pkg.sub.c", "pkg.a"]]
    assert find_cycles(room_graph(graph)) == [["pkg.a", "pkg.b", "pkg.sub", "pkg.a"]]
    graph["pkg.sub.c"].discard("pkg.a")
    assert find_cycles(graph) == [] and find_cycles(room_graph(graph)) == []


def test_builder_finds_private_imports(tiny):
    _, imports = build_graph(tiny, ("pkg", "other"))
    bad = sorted(_describe(item) for item in private_imports(imports))
    # pkg.sub.c may import its package's private module _d, but not a private name from it;
    # pkg.e is outside pkg.sub, so neither _d nor c's private name is open to it.
    assert bad == [
        "pkg.e (line 2) imports pkg.sub._d",
        "pkg.e (line 3) imports pkg.sub.c._private",
        "pkg.sub.c (line 2) imports pkg.sub._d._secret",
    ]
