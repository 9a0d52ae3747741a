"""Options shared by several commands, declared once."""

from __future__ import annotations

from pathlib import Path

import click

from .config import BUILD_DIR, DATA_DIR

build_option = click.option(
    "--build",
    "build_dir",
    type=click.Path(path_type=Path),
    default=BUILD_DIR,
    show_default=True,
    help="Build folder written by `kg build`.",
)

data_option = click.option(
    "--data",
    "data_dir",
    type=click.Path(path_type=Path),
    default=DATA_DIR,
    show_default=True,
    help="Folder of curated CSV tables.",
)
