"""The package reads as its data flow: imports go one way and nothing imports in a circle."""

from __future__ import annotations

import ast
import importlib
import pkgutil
from pathlib import Path

import grimp
import networkx as nx
from importlinter.cli import lint_imports

import kg
from tests.paths import REPO

MODULES = sorted(m.name for m in pkgutil.walk_packages(kg.__path__, "kg."))


def test_stages_import_only_the_stages_below_them():
    """The layers contract in pyproject.toml ([tool.importlinter]), checked by import-linter."""
    assert lint_imports(config_filename=str(REPO / "pyproject.toml"), no_cache=True) == 0


def test_no_module_imports_itself_in_a_circle():
    graph = grimp.build_graph("kg")
    imports = nx.DiGraph(
        (module, imported)
        for module in graph.modules
        for imported in graph.find_modules_directly_imported_by(module)
    )
    circles = [sorted(c) for c in nx.strongly_connected_components(imports) if len(c) > 1]
    assert circles == []


def test_the_api_keeps_its_names_when_every_module_is_loaded():
    """A subpackage called `build` or `sparql` would shadow `kg.build()` or `kg.sparql()`."""
    for name in MODULES:
        importlib.import_module(name)
    for name in ("build", "sparql", "network", "graph", "metrics", "ego", "show", "use"):
        assert callable(getattr(kg, name)) and not hasattr(getattr(kg, name), "__path__"), name


def _module_files():
    return sorted(Path(kg.__file__).parent.rglob("*.py"))


def test_every_module_says_what_is_public():
    missing = [
        str(path)
        for path in _module_files()
        if path.name != "__main__.py" and "__all__" not in path.read_text(encoding="utf-8")
    ]
    assert missing == []


# Only the entry points import inside functions: `kg --help` and `import kg` stay fast
# because a command or an API function loads its stage when it is first used.
ON_USE = {
    "kg/__init__.py", "kg/cli/commands.py", "kg/cli/network.py", "kg/cli/path.py",
    "kg/cli/release.py",
}


def test_imports_inside_functions_only_in_the_entry_points():
    inside = set()
    for path in _module_files():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and any(
                isinstance(inner, ast.Import | ast.ImportFrom) for inner in ast.walk(node)
            ):
                inside.add(path.relative_to(REPO).as_posix())
    assert inside <= ON_USE, inside - ON_USE
    for name in ON_USE:
        assert "on use" in (REPO / name).read_text(encoding="utf-8").lower(), name
