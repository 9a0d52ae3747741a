"""`kg release`: write a versioned, reusable dump of the build (see kg/builder/release.py).

Loaded by the main command line's LazyGroup when the command is asked for.
The command imports its stage on use, so that `kg --help` stays fast.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from kg.cli.options import build_option, data_option
from kg.errors import BuildError

__all__ = ["release_command"]


def _fail(message: str) -> None:
    """One plain line on stderr, exit status 1 (kg.cli.fail, without importing kg.cli)."""
    click.echo(message, err=True)
    sys.exit(1)


@click.command("release", context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--version", "version", required=True, metavar="X.Y.Z", help="Version of the release, N.N.N."
)
@build_option
@data_option
@click.option(
    "--out",
    "out_dir",
    type=click.Path(path_type=Path),
    default=None,
    help="Folder of releases (default: releases/ of the project folder); the release goes "
    "into OUT/X.Y.Z.",
)
@click.option(
    "--previous",
    default=None,
    metavar="PATH|VERSION",
    help="Release to compare with (default: the highest version below X.Y.Z in OUT).",
)
@click.option(
    "--date",
    default=None,
    metavar="YYYY-MM-DD",
    help="Release date (dcterms:issued); without it the release records no date.",
)
@click.option("--force", is_flag=True, help="Replace an existing release of this version.")
def release_command(
    version: str,
    build_dir: Path,
    data_dir: Path,
    out_dir: Path | None,
    previous: str | None,
    date: str | None,
    force: bool,
) -> None:
    """Write release X.Y.Z of the build: dump, Turtle, tables, ontology, VoID, changelog."""
    from kg.builder.release import ReleaseError, default_releases_dir, make_release

    out_dir = out_dir or default_releases_dir()

    try:
        folder = make_release(
            version, build_dir, data_dir, out_dir, previous=previous, date=date, force=force
        )
    except ReleaseError as error:
        _fail(str(error))
    except (BuildError, OSError) as error:
        _fail(f"release failed: {error}; {Path(out_dir) / version} was left as it was.")
    files = sorted(p for p in folder.rglob("*") if p.is_file())
    for path in files:
        click.echo(f"{path.stat().st_size:>10}  {path}")
    total = sum(p.stat().st_size for p in files)
    click.echo(f"released {version}: {len(files)} files, {total} bytes in {folder}")

