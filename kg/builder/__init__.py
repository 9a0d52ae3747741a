"""From checked tables to the graph: mapping, SHACL, outputs, releases.

Named `builder`, not `build`: `kg.build()` is the Python API's function."""

__all__: list[str] = []
