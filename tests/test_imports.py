"""Every module of the package imports with the declared dependencies alone.

A module that needs an undeclared package (scipy was one) fails here, not on a user's
machine. The wheel test (test_install.py) runs the commands in an environment made only from
pyproject.toml; the docstring examples run through `--doctest-modules`.
"""

from __future__ import annotations

import importlib
import pkgutil

import pytest

import kg

MODULES = sorted(m.name for m in pkgutil.walk_packages(kg.__path__, "kg."))


def test_the_package_has_modules():
    assert "kg.cli" in MODULES and "kg.builder.pipeline" in MODULES


@pytest.mark.parametrize("name", MODULES)
def test_module_imports(name):
    importlib.import_module(name)


def test_test_tooling_is_not_in_the_package():
    assert not any(name.startswith("kg.browser") for name in MODULES)


def test_networkx_algorithms_that_need_scipy_run():
    import networkx as nx

    graph = nx.path_graph(4)
    assert set(nx.kamada_kawai_layout(graph)) == set(graph)
    assert abs(sum(nx.pagerank(graph).values()) - 1) < 1e-9
