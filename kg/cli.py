"""The `kg` command line: a thin click layer over the Python API."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from rich.console import Console
from rich.table import Table

from .config import BUILD_DIR, DATA_DIR, ONTOLOGY_DIR
from .errors import BuildError, DataError

out = Console(highlight=False)
err = Console(stderr=True, highlight=False)


def fail(message: str, code: int = 1) -> None:
    """Print a plain, unwrapped message to stderr and exit: error lines must stay greppable."""
    click.echo(message, err=True)
    sys.exit(code)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="saxony-lifescience-kg")
def cli() -> None:
    """Knowledge graph of the Saxon life-science ecosystem."""


@cli.command("build")
@click.option(
    "--data",
    "data_dir",
    type=click.Path(path_type=Path),
    default=DATA_DIR,
    show_default=True,
    help="Folder of curated CSV tables.",
)
@click.option(
    "--out",
    "out_dir",
    type=click.Path(path_type=Path),
    default=BUILD_DIR,
    show_default=True,
    help="Output folder; replaced only when the build succeeds.",
)
@click.option("--base-iri", default=None, help="Base IRI of data resources ($KG_BASE_IRI).")
@click.option("--quiet", "-q", is_flag=True, help="Print nothing but errors.")
def build_command(data_dir: Path, out_dir: Path, base_iri: str | None, quiet: bool) -> None:
    """Load, map, validate and write the graph (kg.nt, kg.ttl, kg.jsonld, ontology)."""
    from .build import ShapeError, build

    progress = None if quiet else (lambda stage: err.print(f"[dim]• {stage}[/dim]"))
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
        table.add_row("facts with a source (prov:wasDerivedFrom)", str(result.derived_from))
        table.add_row("data triples", str(result.data_triples))
        table.add_row("triples with ontology", str(result.triples))
        out.print(table)


@cli.command("validate")
@click.argument("path", type=click.Path(path_type=Path, exists=True), default=BUILD_DIR / "kg.nt")
@click.option(
    "--shapes",
    type=click.Path(path_type=Path, exists=True),
    default=ONTOLOGY_DIR / "shapes.ttl",
    show_default=True,
)
def validate_command(path: Path, shapes: Path) -> None:
    """Check a built graph (default build/kg.nt) against the SHACL shapes."""
    from rdflib import Graph

    from .validate import validate_graph

    try:
        graph = Graph().parse(path)
        shapes_graph = Graph().parse(shapes, format="turtle")
    except Exception as error:  # rdflib raises many parser exception types
        fail(f"{path}: cannot parse: {error}")
    violations = validate_graph(graph, shapes_graph)
    for violation in violations:
        click.echo(str(violation))
    if violations:
        fail(f"{len(violations)} violation(s) in {path}")
    out.print(f"{path}: conforms to {shapes.name} ({len(graph)} triples)", markup=False)


@cli.command("fmt")
@click.option(
    "--data",
    "data_dir",
    type=click.Path(path_type=Path, exists=True, file_okay=False),
    default=DATA_DIR,
    show_default=True,
)
@click.option("--check", is_flag=True, help="Only report tables not in canonical form.")
def fmt_command(data_dir: Path, check: bool) -> None:
    """Rewrite the curated tables in canonical form (column order, rows sorted by key)."""
    from .build import check_data
    from .fmt import format_tables

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


def main() -> None:
    cli(prog_name="kg")


if __name__ == "__main__":
    main()
