"""The `kg` command line: a thin click layer over the Python API."""

from kg.cli.commands import cli, main

__all__ = ["cli", "main"]
