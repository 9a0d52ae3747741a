"""`kg enrich` against a local oxigraph server holding a Wikidata-shaped fixture."""

from __future__ import annotations

import csv
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.builder.pipeline import build
from kg.query.engines import EndpointError
from kg.query.enrich import Client, enrich
from kg.query.server import start, stop
from tests.conftest import free_port, wait_ready
from tests.paths import RESOURCES

FIXTURE = RESOURCES / "wikidata-fixture.ttl"


@pytest.fixture(scope="module")
def wikidata(tmp_path_factory):
    location = tmp_path_factory.mktemp("wikidata") / "store"
    store = ox.Store(str(location))
    store.bulk_load(path=str(FIXTURE), format=ox.RdfFormat.TURTLE)
    store.flush()
    del store
    port = free_port()
    process = start(location, "127.0.0.1", port)
    wait_ready(f"http://127.0.0.1:{port}")
    yield f"http://127.0.0.1:{port}/query"
    stop(process)


@pytest.fixture(scope="module")
def curated_build(tmp_path_factory):
    """The curated data with a founding date for TU Dresden that the fixture contradicts."""
    import shutil

    from tests.paths import DATA_DIR

    root = tmp_path_factory.mktemp("enrich")
    shutil.copytree(DATA_DIR, root / "data")
    path = root / "data" / "organisations.csv"
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    for row in rows:
        if row["id"] == "tu-dresden":
            row["founded"] = "1890"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    build(root / "data", root / "build")
    return root / "build"


def read(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(path.open(encoding="utf-8")))


def test_happy_path(wikidata, curated_build, tmp_path):
    out = tmp_path / "enriched"
    client = Client(wikidata, timeout=5, retries=1, cache_dir=tmp_path / "cache")
    report = enrich(
        wikidata, build_dir=curated_build, out_dir=out, client=client, retrieved="2026-11-25"
    )
    rows = read(out / "wikidata.csv")
    hzdr = {
        (r["property"], r["value"], r["language"]) for r in rows if r["entity"].endswith("/hzdr")
    }
    assert ("label", "Fixture HZDR label", "de") in hzdr
    assert ("label", "Fixture HZDR label (en)", "en") in hzdr
    assert ("website", "https://fixture.example.org/hzdr", "") in hzdr
    assert ("official-name", "Fixture official name", "de") in hzdr
    assert any(p == "coordinates" and "Point(10" in v for p, v, _ in hzdr)
    assert not any(lang == "fr" for _, _, lang in hzdr)
    assert all(r["endpoint"] == wikidata and r["retrieved"] == "2026-11-25" for r in rows)
    mpi = [r for r in rows if r["entity"].endswith("/mpi-cbg")]
    assert mpi and mpi[0]["wikidata"] == "Q900000001" and mpi[0]["scheme"] == "ror"
    conflicts = {
        (c["entity"].rsplit("/", 1)[-1], c["property"], c["curated"], c["enriched"])
        for c in read(out / "conflicts.csv")
    }
    assert ("tu-dresden", "inception", "1890", "1828-01-01T00:00:00Z") in conflicts
    # every conflict is a real disagreement of years; agreeing or absent values give none
    assert all(cur[:4] != enr[:4] for _, prop, cur, enr in conflicts if prop == "inception")
    assert not any(entity == "mpi-cbg" for entity, *_ in conflicts)
    assert any("leipzig-university" in m for m in report.not_found)


def test_cache_answers_the_second_run(wikidata, curated_build, tmp_path):
    cache = tmp_path / "cache"
    first = enrich(
        wikidata,
        build_dir=curated_build,
        out_dir=tmp_path / "a",
        client=Client(wikidata, retries=1, cache_dir=cache),
        retrieved="2026-11-25",
    )
    second = enrich(
        wikidata,
        build_dir=curated_build,
        out_dir=tmp_path / "b",
        client=Client(wikidata, retries=1, cache_dir=cache),
        retrieved="2026-11-25",
    )
    assert first.requests > 0 and second.requests == 0 and second.cached == first.requests
    assert (tmp_path / "a" / "wikidata.csv").read_bytes() == (
        tmp_path / "b" / "wikidata.csv"
    ).read_bytes()


def test_curated_data_is_untouched(wikidata, curated_build, tmp_path):
    before = (curated_build / "kg.nt").read_bytes()
    enrich(
        wikidata,
        build_dir=curated_build,
        out_dir=tmp_path / "out",
        client=Client(wikidata, retries=1, cache_dir=None),
    )
    assert (curated_build / "kg.nt").read_bytes() == before


def test_endpoint_down(curated_build, tmp_path):
    url = f"http://127.0.0.1:{free_port()}/query"
    client = Client(url, timeout=2, retries=2, cache_dir=None, pause=0.01)
    with pytest.raises(EndpointError, match="cannot reach"):
        enrich(url, build_dir=curated_build, out_dir=tmp_path, client=client)
    assert client.requests == 2  # retried once


def test_endpoint_timeout(slow_endpoint, curated_build, tmp_path):
    client = Client(slow_endpoint, timeout=1, retries=1, cache_dir=None)
    with pytest.raises(EndpointError, match="no answer within 1 s"):
        enrich(slow_endpoint, build_dir=curated_build, out_dir=tmp_path, client=client)


def test_malformed_answer(garbage_endpoint, curated_build, tmp_path):
    client = Client(garbage_endpoint, timeout=5, retries=3, cache_dir=None)
    with pytest.raises(EndpointError, match="not a SPARQL result"):
        enrich(garbage_endpoint, build_dir=curated_build, out_dir=tmp_path, client=client)
    assert client.requests == 1  # garbage is not retried


def test_cli(wikidata, curated_build, tmp_path, run):
    result = run(
        "enrich",
        "--endpoint",
        wikidata,
        "--build",
        str(curated_build),
        "--out",
        str(tmp_path / "e"),
        "--no-cache",
        "--retries",
        "1",
    )
    assert result.exit_code == 0, result.output
    assert "conflict: " in result.stdout and "tu-dresden inception" in result.stdout
    assert "not found at the endpoint" in result.stdout
    down = run(
        "enrich",
        "--endpoint",
        f"http://127.0.0.1:{free_port()}/q",
        "--build",
        str(curated_build),
        "--out",
        str(tmp_path / "f"),
        "--no-cache",
        "--retries",
        "1",
    )
    assert down.exit_code == 1 and "enrich failed: cannot reach" in down.stderr
