"""`kg path A B`: how two members of the ecosystem are connected, each step with its sources.

Loaded by the main command line's LazyGroup when the command is asked for; it imports the
path search on use, so that `kg --help` stays fast; it opens the build's on-disk store
directly, without the notebook API (pandas alone takes half a second to import).
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

import click
from rich.table import Table

from kg.cli.console import out
from kg.cli.options import as_of_option, build_option
from kg.errors import BuildError

__all__ = ["path_command"]


@click.command("path")
@click.argument("a")
@click.argument("b")
@click.option(
    "--max-hops",
    type=click.IntRange(min=1, max=8),
    default=4,
    show_default=True,
    help="The longest chain of facts to look for.",
)
@as_of_option
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table")
@build_option
def path_command(
    a: str, b: str, max_hops: int, as_of: dt.datetime | None, fmt: str, build_dir: Path
) -> None:
    """How are A and B connected? Up to three shortest chains of facts (memberships, roles,
    participations, ownership and other relations, renames) from A to B, each step with its
    dates and sources. A and B are ids (nuklid, marco-mueller) or IRIs."""
    from kg.networks.paths import NoPathError, paths

    try:
        found = paths(build_dir, a, b, max_hops=max_hops, as_of=as_of.date() if as_of else None)
    except (NoPathError, BuildError) as error:
        click.echo(str(error), err=True)
        sys.exit(1)
    if fmt == "json":
        click.echo(json.dumps(found, ensure_ascii=False, indent=2))
        return
    for number, steps in enumerate(found, 1):
        table = Table(title=f"connection {number}: {len(steps)} step(s)", title_justify="left")
        for column in ("step", "fact", "dates", "sources"):
            table.add_column(column, overflow="fold")
        for step in steps:
            dates = " – ".join(d or "?" for d in (step["start"], step["end"])) if (
                step["start"] or step["end"]) else ""
            sources = "\n".join(f"{s['title']} <{s['url']}>" for s in step["sources"])
            table.add_row(step["statement"], step["fact"], dates, sources or "(no source)")
        out.print(table)
