"""The `kg` command line: a thin click layer over the Python API.

Each command imports its stage on use, inside the function: `kg --help` and `kg query` then
start without loading networkx, pandas, pySHACL or the site code they do not need."""

from __future__ import annotations

import signal
import sys
from pathlib import Path

import click
from rich.table import Table

from kg.cli.console import err, out
from kg.cli.options import build_option, data_option
from kg.config import ONTOLOGY_DIR, default_build_dir, default_data_dir
from kg.errors import BuildError, DataError

__all__ = [
    "FORMATS", "LazyGroup", "TABLE_ROWS", "build_command", "cli", "enrich_command", "fail",
    "fmt_command", "main", "publish_command", "queries_command", "query_command", "serve_command",
    "synth_command", "validate_command", "viz_command",
]


def fail(message: str, code: int = 1) -> None:
    """Print a plain, unwrapped message to stderr and exit: error lines must stay greppable."""
    click.echo(message, err=True)
    sys.exit(code)


class LazyGroup(click.Group):
    """Imports the modules of big subcommands only when they run: `kg query` must start fast
    (networkx alone takes 0.15 s to import)."""

    LAZY = {
        "network": "kg.cli.network:network",
        "path": "kg.cli.path:path_command",
        "release": "kg.cli.release:release_command",
    }

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted([*super().list_commands(ctx), *self.LAZY])

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name in self.LAZY:
            import importlib

            module, attr = self.LAZY[name].split(":")
            return getattr(importlib.import_module(module), attr)
        return super().get_command(ctx, name)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="saxony-lifescience-kg")
def cli() -> None:
    """Knowledge graph of the Saxon life-science ecosystem."""


@cli.command("build")
@data_option
@click.option(
    "--out",
    "out_dir",
    type=click.Path(path_type=Path),
    default=default_build_dir,
    show_default="build/ of the project folder",
    help="Output folder; replaced only when the build succeeds.",
)
@click.option("--base-iri", default=None, help="Base IRI of data resources ($KG_BASE_IRI).")
@click.option("--quiet", "-q", is_flag=True, help="Print nothing but errors.")
def build_command(data_dir: Path, out_dir: Path, base_iri: str | None, quiet: bool) -> None:
    """Load, map, validate and write the graph (kg.nt, kg.ttl, kg.jsonld, ontology)."""
    from kg.builder.pipeline import ShapeError, build
    from kg.cli.console import StageProgress

    progress = None if quiet else StageProgress()
    try:
        result = build(data_dir, out_dir, base=base_iri, progress=progress)
    except DataError as error:
        fail(
            f"{error}\n{len(error.issues)} problem(s) in the curated data; "
            f"{out_dir} was left as it was."
        )
    except ShapeError as error:
        fail(f"{error}\n{len(error.violations)} SHACL violation(s); {out_dir} was left as it was.")
    except (BuildError, ValueError, OSError) as error:
        fail(f"build failed: {error}; {out_dir} was left as it was.")
    if not quiet:
        table = Table(title=f"Built {result.out}", show_lines=False)
        table.add_column("what")
        table.add_column("count", justify="right")
        for name, count in result.counts.items():
            table.add_row(name, str(count))
        cited = "facts with a source (prov:wasDerivedFrom or dcterms:source)"
        table.add_row(cited, str(result.derived_from))
        table.add_row("data triples", str(result.data_triples))
        table.add_row("triples with ontology", str(result.triples))
        out.print(table)


@cli.command("validate")
@click.argument(
    "path",
    type=click.Path(path_type=Path, exists=True),
    default=lambda: default_build_dir() / "kg.nt",
)
@click.option(
    "--shapes",
    type=click.Path(path_type=Path, exists=True),
    default=ONTOLOGY_DIR / "shapes.ttl",
    show_default=True,
)
@click.option(
    "--engine",
    type=click.Choice(["sparql", "pyshacl"]),
    default="sparql",
    show_default=True,
    help="sparql: the shapes compiled to SPARQL on Oxigraph (fast, what `kg build` uses); "
    "pyshacl: the reference engine (slow on large graphs).",
)
def validate_command(path: Path, shapes: Path, engine: str) -> None:
    """Check a built graph (default build/kg.nt) against the SHACL shapes."""
    from kg.builder.validate import check_file

    try:
        violations, size = check_file(path, shapes, engine)
    except SyntaxError as error:
        fail(f"{path}: cannot parse: {error}")
    for violation in violations:
        click.echo(str(violation))
    if violations:
        fail(f"{len(violations)} violation(s) in {path}")
    out.print(f"{path}: conforms to {shapes.name} ({size} triples, {engine})", markup=False)


@cli.command("fmt")
@click.option(
    "--data",
    "data_dir",
    type=click.Path(path_type=Path, exists=True, file_okay=False),
    default=default_data_dir,
    show_default="data/ of the project folder",
)
@click.option("--check", is_flag=True, help="Only report tables not in canonical form.")
def fmt_command(data_dir: Path, check: bool) -> None:
    """Rewrite the curated tables in canonical form (column order, rows sorted by key)."""
    from kg.builder.pipeline import check_data
    from kg.curate.fmt import format_tables

    try:
        check_data(data_dir)  # never reformat a table that does not load: it could lose data
    except DataError as error:
        fail(f"{error}\nfix these problems first; nothing was rewritten.")
    changed = format_tables(data_dir, check=check)
    for path in changed:
        out.print(f"{'not canonical' if check else 'rewrote'}: {path}", markup=False)
    if check and changed:
        fail(f"{len(changed)} table(s) not in canonical form; run `kg fmt` to fix.")
    if not changed:
        out.print("all tables are in canonical form")


FORMATS = ["table", "csv", "tsv", "json", "md"]
TABLE_ROWS = 500  # more is unreadable in a terminal, and rich takes 3 s to lay out 1,000


@cli.command("queries")
@click.option("--format", "fmt", type=click.Choice(["table", "md"]), default="table")
def queries_command(fmt: str) -> None:
    """List the catalogue of named queries."""
    from kg.query.catalogue import CatalogueError, catalogue

    try:
        entries = catalogue()
    except CatalogueError as error:
        fail(str(error))
    rows = [
        (
            q.name,
            q.summary,
            ", ".join(
                f"{p.name}{'' if p.required else '?'}" + (f"={p.default}" if p.default else "")
                for p in q.params
            ),
        )
        for q in entries.values()
    ]
    if fmt == "md":
        click.echo("| query | title | parameters |\n|---|---|---|")
        for name, summary, params in rows:
            click.echo(f"| `{name}` | {summary} | {params} |")
        return
    table = Table(title=f"{len(rows)} queries (kg query NAME --param KEY=VALUE)")
    for column in ("query", "title", "parameters (? optional)"):
        table.add_column(column)
    for row in rows:
        table.add_row(*row)
    out.print(table)


@cli.command("query")
@click.argument("query")
@click.option(
    "--param",
    "-p",
    "params",
    multiple=True,
    metavar="KEY=VALUE",
    help="A parameter value; repeat for several.",
)
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True)
@click.option(
    "--graph",
    type=click.Path(path_type=Path, exists=True, dir_okay=False),
    help="Query this RDF file instead of build/kg.nt.",
)
@click.option("--endpoint", help="Send the query to this SPARQL 1.1 endpoint instead.")
@build_option
@click.option(
    "--store",
    "store_mode",
    type=click.Choice(["disk", "memory"]),
    default=None,
    help="Run on the build's on-disk store or load it into memory first "
    "[default: the query's `#+ store:` header, else disk].",
)
@click.option(
    "--timeout", type=float, default=30, show_default=True, help="Seconds to wait for an endpoint."
)
def query_command(
    query: str,
    params: tuple[str, ...],
    fmt: str,
    graph: Path | None,
    endpoint: str | None,
    build_dir: Path,
    store_mode: str | None,
    timeout: float,
) -> None:
    """Run QUERY (a catalogue name or a .rq file) and print its results."""
    from kg.query.catalogue import CatalogueError
    from kg.query.engines import EndpointError
    from kg.query.params import ParamError, QuerySyntaxError, parse_assignments
    from kg.query.results import FORMATTERS, to_turtle
    from kg.query.service import QueryService

    if graph and endpoint:
        fail("use either --graph or --endpoint, not both", 2)
    service = QueryService(
        build_dir, endpoint=endpoint, file=graph, store_mode=store_mode, timeout=timeout
    )
    try:
        named, text = service.bind(query, parse_assignments(params), text_allowed=False)
        if service.answered(named, text) and _print_answer(service, named, text, fmt):
            return
        results = service.results(query, parse_assignments(params), text_allowed=False)
    except (CatalogueError, ParamError, QuerySyntaxError, EndpointError, BuildError) as error:
        fail(str(error))
    if results.form == "CONSTRUCT":
        click.echo(to_turtle(results), nl=False)
    elif fmt == "table":
        _print_table(results)
    else:
        # bytes, so that the CRLF line ends of SPARQL CSV reach the output unchanged
        click.echo(FORMATTERS[fmt](results).encode("utf-8"), nl=False)


def _print_answer(service, named, text: str, fmt: str) -> bool:
    """Print the build's precomputed answer straight from its file (Oxigraph writes csv, tsv
    and json; a table reads only its head): printing, not choosing, is the CLI's job."""
    from kg.query.answers import formatted_answer, head_of_answer
    from kg.query.engines import sort_concatenations
    from kg.query.results import concatenated_columns

    if fmt == "table":
        head = head_of_answer(service.build_dir, named, text, TABLE_ROWS)
        if head is not None:
            _print_table(sort_concatenations(head[0], concatenated_columns(text)), head[1])
        return head is not None
    answer = formatted_answer(service.build_dir, named, text, fmt)
    if answer is not None:
        click.echo(answer, nl=False)
    return answer is not None


def _print_table(results, total: int | None = None) -> None:
    """The first TABLE_ROWS rows of `results` (of `total` rows, if it holds only a head)."""
    from kg.query.results import short

    if results.form == "ASK":
        out.print(str(results.boolean).lower())
        return
    rows = results.rows
    total = len(rows) if total is None else total
    caption = f"{total} row(s)"
    if total > TABLE_ROWS:
        # rich lays out every cell before printing: 50k rows take minutes, csv takes a second
        caption = f"first {TABLE_ROWS} of {total} rows: --format csv, tsv, json or md for all"
        err.print(f"note: the table shows the first {TABLE_ROWS} of {total} rows")
        rows = rows[:TABLE_ROWS]
    table = Table(caption=caption)
    for variable in results.variables:
        table.add_column(variable, overflow="fold")
    for row in rows:
        table.add_row(*(short(row[v]) for v in results.variables))
    out.print(table)


@cli.command("serve")
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on; loopback unless you say otherwise.",
)
@click.option("--port", type=int, default=7878, show_default=True)
@click.option(
    "--timeout",
    type=click.FloatRange(min=0.1),
    default=30.0,
    show_default=True,
    metavar="SECONDS",
    help="Time limit of one query; a query still running then is stopped (503).",
)
@click.option(
    "--workers",
    type=click.IntRange(min=1, max=64),
    default=2,
    show_default=True,
    help="Queries answered at the same time (one Oxigraph engine each).",
)
@click.option(
    "--connections",
    type=click.IntRange(min=1, max=4096),
    default=64,
    show_default=True,
    help="Client connections held open at once; one more is answered 503 and closed.",
)
@click.option("--log", is_flag=True, help="Print one line per request on stderr.")
@build_option
def serve_command(
    host: str, port: int, timeout: float, workers: int, connections: int, log: bool,
    build_dir: Path,
) -> None:
    """Serve the build as a read-only public SPARQL endpoint, with a query page.

    Oxigraph answers; SERVICE (federation), UPDATE and Graph Store writes are refused, each
    query has a time limit, and nothing is fetched on a client's behalf. Queries up to 64
    KB: by GET while the request line stays under 64 KB, else by POST. Ctrl-C or SIGTERM
    stops it.
    """
    from kg.query import sandbox
    from kg.query.server import LOOPBACK, ServerError, port_free, prepare_store, start, stop

    if not port_free(host, port):  # before touching the store
        fail(f"port {port} on {host} is already in use: choose another with --port")
    try:
        location = prepare_store(build_dir)
        endpoint = start(
            location, host, port, timeout=timeout, workers=workers, log=log,
            connections=connections,
        )
    except (ServerError, BuildError) as error:
        fail(str(error))
    shown = f"[{host}]" if ":" in host else host
    if host not in LOOPBACK:
        err.print(f"warning: listening on {host}, reachable from other machines")
    if not sandbox.available():
        err.print("warning: no seccomp here; SERVICE is refused by the query check alone")
    click.echo(
        f"SPARQL endpoint http://{shown}:{port}/query (read-only, {timeout:g} s a query); "
        f"query page http://{shown}:{port}/ — Ctrl-C stops"
    )
    # SIGTERM (a service manager, `kill`) stops like Ctrl-C; SIGINT is set again because a
    # shell starts background jobs with it ignored
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        closed = endpoint.wait()
    except KeyboardInterrupt:
        stop(endpoint)
        click.echo("server stopped")
        return
    stop(endpoint)
    if not closed:
        fail("an Oxigraph engine died and could not be restarted")


@cli.command("publish")
@click.option(
    "--endpoint", required=True, help="Graph Store Protocol URL, e.g. http://127.0.0.1:7878/store."
)
@click.option("--graph", "graph_iri", default=None, help="Named graph IRI to replace.")
@click.option("--user", default=None)
@click.option("--password", default=None, envvar="KG_PUBLISH_PASSWORD")
@build_option
def publish_command(
    endpoint: str, graph_iri: str | None, user: str | None, password: str | None, build_dir: Path
) -> None:
    """Replace a named graph on a SPARQL 1.1 store with build/kg.nt."""
    from kg.query.engines import EndpointError
    from kg.query.publish import DEFAULT_GRAPH, publish

    graph_iri = graph_iri or DEFAULT_GRAPH
    try:
        status = publish(endpoint, graph_iri, build_dir=build_dir, user=user, password=password)
    except (EndpointError, BuildError) as error:
        fail(str(error))
    out.print(f"published {build_dir / 'kg.nt'} as <{graph_iri}> (HTTP {status})", markup=False)


@cli.command("viz")
@click.option(
    "--out",
    "out_dir",
    type=click.Path(path_type=Path),
    default=None,
    help="Site folder (default site/); replaced only when all pages are written.",
)
@build_option
def viz_command(out_dir: Path | None, build_dir: Path) -> None:
    """Write the static site: overview, networks, a page per organisation and person."""
    from kg.config import default_site_dir
    from kg.site.pages import write_site

    out_dir = out_dir or default_site_dir()
    try:
        pages = write_site(build_dir, out_dir)
    except (BuildError, OSError) as error:
        fail(f"viz failed: {error}; {out_dir} was left as it was.")
    click.echo(f"wrote {len(pages)} pages to {out_dir} — open {out_dir / 'index.html'}")


@cli.command("enrich")
@click.option("--endpoint", default=None, help="SPARQL endpoint (default: Wikidata's).")
@build_option
@click.option(
    "--out",
    "out_dir",
    type=click.Path(path_type=Path),
    default=None,
    help="Folder of the reviewed tables (default data/enriched/).",
)
@click.option("--timeout", type=float, default=30, show_default=True)
@click.option("--retries", type=int, default=3, show_default=True)
@click.option("--no-cache", is_flag=True, help="Ask the endpoint again, ignoring the cache.")
def enrich_command(
    endpoint: str | None,
    build_dir: Path,
    out_dir: Path | None,
    timeout: float,
    retries: int,
    no_cache: bool,
) -> None:
    """Fetch labels, coordinates, founding dates, websites and official names for entities
    with a Wikidata or ROR id into data/enriched/ for review (never into the curated data)."""
    from kg.query.engines import EndpointError
    from kg.query.enrich import WIKIDATA, Client, default_cache_dir, default_out_dir, enrich

    endpoint = endpoint or WIKIDATA
    client = Client(
        endpoint,
        timeout=timeout,
        retries=max(1, retries),
        cache_dir=None if no_cache else default_cache_dir(),
    )
    out_dir = out_dir or default_out_dir()
    try:
        report = enrich(endpoint, build_dir=build_dir, out_dir=out_dir, client=client)
    except (EndpointError, BuildError) as error:
        fail(f"enrich failed: {error}")
    click.echo(
        f"{len(report.rows)} values for review in {out_dir}/wikidata.csv "
        f"({report.requests} requests, {report.cached} from the cache)"
    )
    for conflict in report.conflicts:
        click.echo(
            f"conflict: {conflict['entity']} {conflict['property']}: curated "
            f"{conflict['curated']!r}, endpoint {conflict['enriched']!r}"
        )
    for missing in report.not_found:
        click.echo(f"not found at the endpoint: {missing}")


@cli.command("synth")
@click.option(
    "--orgs",
    type=click.IntRange(min=1),
    required=True,
    help="Number of organisations (16000 gives about a million triples).",
)
@click.option("--seed", type=int, default=42, show_default=True)
@click.option("--out", "out_dir", type=click.Path(path_type=Path), required=True)
def synth_command(orgs: int, seed: int, out_dir: Path) -> None:
    """Write a synthetic ecosystem in the curated tables' format (for scale tests)."""
    from kg.curate.synth import synth

    written = synth(orgs, out_dir, seed)
    click.echo(
        f"wrote {len(written)} tables to {out_dir}; build them with `kg build --data {out_dir}`"
    )


def main() -> None:
    cli(prog_name="kg")


if __name__ == "__main__":
    main()
