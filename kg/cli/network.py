"""`kg network …`: metrics, exports and ego networks of the networkx views of a build.

Loaded by the main command line's LazyGroup when the command is asked for.
The command imports its stage on use, so that `kg --help` stays fast.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import sys
import time
from pathlib import Path

import click
from rich.table import Table

from kg.cli.console import out
from kg.cli.options import as_of_option, build_option
from kg.errors import BuildError
from kg.networks.views import FORMATS, METRIC_KEYS, VIEWS, NetworkError

__all__ = [
    "COLUMNS", "HEADERS", "ego_command", "export_command", "format_option", "growth_command",
    "metrics_command", "network", "view_option",
]

COLUMNS = ("id", "label", "type", "kind", *METRIC_KEYS, "community")
HEADERS = {"weighted_degree": "w. degree", "community": "comm.", "distance": "dist."}


def _fail(message: str) -> None:
    click.echo(message, err=True)
    sys.exit(1)


def _view(name: str, build_dir: Path, as_of: dt.datetime | None = None):
    from kg.networks.views import open_views

    try:
        return open_views(build_dir, [name], as_of.date() if as_of else None)[name]
    except (BuildError, NetworkError) as error:
        _fail(str(error))


def _as_of_text(as_of: dt.datetime | None) -> str:
    return f" as of {as_of.date()}" if as_of else ""


def _slug(iri: str) -> str:
    return iri.rstrip("/").rsplit("/", 1)[-1]


def _print_rows(rows: list[dict], columns: list[str], fmt: str, title: str) -> None:
    """Rows as a rich table, CSV or JSON (a list of objects)."""
    if fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
    elif fmt == "csv":
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, columns, lineterminator="\n", extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
        click.echo(buffer.getvalue(), nl=False)
    else:
        table = Table(caption=title)
        shown = [c for c in columns if c != "type"]  # kind is finer; keep the table narrow
        for column in shown:
            numeric = column not in ("id", "label", "kind")
            header = HEADERS.get(column, column)
            justify = "right" if numeric else "left"
            table.add_column(header, justify=justify, overflow="fold", no_wrap=numeric)
        for row in rows:
            table.add_row(*(_slug(row[c]) if c == "id" else str(row[c]) for c in shown))
        out.print(table)


view_option = click.option(
    "--view",
    type=click.Choice(sorted(VIEWS)),
    default="collaboration",
    show_default=True,
    help="Which network view of the graph.",
)
format_option = click.option(
    "--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table"
)


@click.group("network", context_settings={"help_option_names": ["-h", "--help"]})
def network() -> None:
    """Network analysis (networkx) of the built graph: metrics, exports, ego networks."""


@network.command("metrics")
@view_option
@click.option("--top", type=click.IntRange(min=0), default=20, show_default=True, help="0: all.")
@click.option("--sort", "sort", type=click.Choice(METRIC_KEYS), default="degree", show_default=True)
@click.option("--timings", is_flag=True, help="Print the seconds of each step to stderr.")
@format_option
@as_of_option
@build_option
def metrics_command(
    view: str,
    top: int,
    sort: str,
    fmt: str,
    build_dir: Path,
    timings: bool,
    as_of: dt.datetime | None,
) -> None:
    """Rank the nodes of a view by degree, weighted degree, betweenness or PageRank."""
    from kg.networks.views import metrics, ranked

    steps: dict[str, float] = {}
    start = time.perf_counter()
    graph = _view(view, build_dir, as_of)
    steps["store and view"] = round(time.perf_counter() - start, 3)
    found = metrics(graph, steps)
    rows = [{"rank": i, **row} for i, row in enumerate(ranked(found, sort, top), 1)]
    if timings:
        report = ", ".join(f"{step} {seconds:.2f} s" for step, seconds in steps.items())
        click.echo(report, err=True)
    title = (
        f"{view} view{_as_of_text(as_of)}: {graph.number_of_nodes()} nodes, "
        f"{graph.number_of_edges()} edges; top {len(rows)} by {sort}"
    )
    _print_rows(rows, ["rank", *COLUMNS], fmt, title)


@network.command("export")
@view_option
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="graphml", show_default=True)
@click.option(
    "--out",
    "out_path",
    type=click.Path(path_type=Path),
    required=True,
    help="File to write; for csv, OUT's stem gets -nodes.csv and -edges.csv.",
)
@as_of_option
@build_option
def export_command(
    view: str, fmt: str, out_path: Path, build_dir: Path, as_of: dt.datetime | None
) -> None:
    """Write a view for Gephi, Cytoscape or any GraphML/GEXF/CSV reader."""
    from kg.networks.views import export

    graph = _view(view, build_dir, as_of)
    try:
        out_path.parent.mkdir(parents=True, exist_ok=True)
        paths = export(graph, out_path, fmt)
    except (OSError, NetworkError) as error:
        _fail(f"cannot write {out_path}: {error}")
    for path in paths:
        click.echo(f"wrote {path}")
    click.echo(
        f"{view} view{_as_of_text(as_of)}: {graph.number_of_nodes()} nodes, "
        f"{graph.number_of_edges()} edges",
        err=True,
    )


@network.command("ego")
@click.argument("entity")
@click.option("--radius", type=click.IntRange(min=0), default=1, show_default=True)
@click.option(
    "--view",
    type=click.Choice(sorted(VIEWS)),
    default="affiliation",
    show_default=True,
    help="Which network view of the graph.",
)
@format_option
@as_of_option
@build_option
def ego_command(
    entity: str, radius: int, view: str, fmt: str, build_dir: Path, as_of: dt.datetime | None
) -> None:
    """List the nodes within RADIUS ties of ENTITY (an id such as nuklid, or an IRI)."""
    from kg.networks.views import distances, ego_graph

    graph = _view(view, build_dir, as_of)
    try:
        ego = ego_graph(graph, entity, radius)
    except NetworkError as error:
        _fail(str(error))
    hops = distances(ego, ego.graph["center"])
    rows = sorted(
        (
            {"distance": hops[node], "id": node, **{k: data.get(k, "") for k in COLUMNS[1:4]}}
            for node, data in ego.nodes(data=True)
        ),
        key=lambda row: (row["distance"], row["label"].lower(), row["id"]),
    )
    title = (
        f"{view} view: {len(rows)} nodes within {radius} of {_slug(ego.graph['center'])}, "
        f"{ego.number_of_edges()} edges"
    )
    _print_rows(rows, ["distance", *COLUMNS[:4]], fmt, title)


@network.command("growth")
@format_option
@build_option
def growth_command(fmt: str, build_dir: Path) -> None:
    """How the ecosystem grew per year: organisations founded, ties begun and ended, events,
    and the ties that held at the end of each year."""
    from kg.networks.growth import GROWTH_COLUMNS, growth
    from kg.networks.views import load_facts
    from kg.rdf.stores import open_store

    try:
        rows = growth(load_facts(open_store(build_dir), sources=False))
    except BuildError as error:
        _fail(str(error))
    _print_rows(rows, list(GROWTH_COLUMNS), fmt, "growth of the ecosystem per year")
