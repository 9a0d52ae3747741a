"""Options shared by several commands, declared once.

Folder defaults are computed when a command runs, from the working folder (see
kg.config.project_dir), never from where the package is installed.
"""

from __future__ import annotations

from pathlib import Path

import click

from kg.config import default_build_dir, default_data_dir

__all__ = ["as_of_option", "build_option", "data_option"]

build_option = click.option(
    "--build",
    "build_dir",
    type=click.Path(path_type=Path),
    default=default_build_dir,
    show_default="build/ of the project folder",
    help="Build folder written by `kg build`.",
)

data_option = click.option(
    "--data",
    "data_dir",
    type=click.Path(path_type=Path),
    default=default_data_dir,
    show_default="data/ of the project folder",
    help="Folder of curated CSV tables.",
)


as_of_option = click.option(
    "--as-of",
    "as_of",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="A day (YYYY-MM-DD): the graph as it was then (README: As of a date).",
)
