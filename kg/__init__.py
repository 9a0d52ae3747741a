"""Knowledge graph of the Saxon life-science ecosystem.

The Python API (the command line calls the same functions):

>>> import kg
>>> kg.build()                                              # doctest: +SKIP
>>> kg.sparql("cluster-founders", cluster="nuklid")         # doctest: +SKIP
>>> kg.show(kg.network("collaboration"))                    # doctest: +SKIP
"""

__version__ = "0.1.0"

_API = (
    "Graph", "build", "ego", "graph", "growth", "metrics", "network", "path", "show", "sparql",
    "use",
)
__all__ = [*_API, "queries"]


def __getattr__(name: str):
    # Imported on use (first use), so that `kg --help` and `import kg.config` stay fast.
    if name in _API:
        from kg import api

        return getattr(api, name)
    if name == "queries":
        from kg.query.catalogue import catalogue

        return catalogue
    raise AttributeError(f"module 'kg' has no attribute {name!r}")
