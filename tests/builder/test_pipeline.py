"""kg.builder.pipeline on a data folder of one row a table: the outputs, the counts, the
stages, and an output folder left as it was whenever the build fails."""

from __future__ import annotations

import shutil

import pytest

from kg.builder.mapping import map_dataset
from kg.builder.pipeline import ShapeError, build, check_data
from kg.builder.serialize import STORE, ntriples_lines
from kg.config import DEFAULT_BASE_IRI, ONTOLOGY_DIR
from kg.errors import DataError
from kg.rdf.vocab import ontology_files
from tests.conftest import tree_digest

TABLES = {
    "sources": "id,title,url,publisher\ns1,A page,https://example.org/a,Example\n",
    "organisations": "id,name,kind,founded,sources\na,A e.V.,association,2014,s1\n",
    "people": "id,family_name,sources\np,Xu,s1\n",
    "memberships": "member,organisation,role,start,sources\np,a,member,2020,s1\n",
}


def write_data(folder):
    folder.mkdir()
    for name, text in TABLES.items():
        (folder / f"{name}.csv").write_text(text, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    root = tmp_path_factory.mktemp("small")
    data = write_data(root / "data")
    stages: list[tuple[str, bool]] = []
    result = build(data, root / "build", progress=lambda name, t: stages.append((name, t is None)))
    return root, result, stages


def test_every_output_is_written(small):
    root, result, _ = small
    assert sorted(p.name for p in (root / "build").iterdir()) == [
        "answers",
        "kg.jsonld",
        "kg.nt",
        "kg.ttl",
        "ontology",
        STORE,
    ]
    assert sorted(p.name for p in root.iterdir()) == ["build", "data"]  # no staging left
    assert result.out == root / "build"


def test_kg_nt_is_the_mapped_data_and_the_ontology_sorted(small, vocab):
    root, result, _ = small
    data = map_dataset(check_data(root / "data"), vocab, DEFAULT_BASE_IRI)
    assert result.data_triples == len(data) > 0
    expected = sorted(data.lines | ntriples_lines(ontology_files(ONTOLOGY_DIR)))
    assert (root / "build" / "kg.nt").read_text(encoding="utf-8") == "\n".join(expected) + "\n"
    assert result.triples == len(expected)


def test_the_counts(small):
    _, result, _ = small
    assert result.counts["org:Organization"] == 1
    assert result.counts["foaf:Person"] == 1
    assert result.counts["org:Membership"] == 1
    assert result.counts["sls:Source"] == 1
    assert result.counts["schema:Event"] == 0
    assert result.derived_from == 3  # the organisation, the person, the membership


def test_each_stage_starts_then_ends_in_order(small):
    _, result, stages = small
    names = [name for name, _ in stages[::2]]
    assert stages == [(name, start) for name in names for start in (True, False)]
    assert names[:3] == ["read ontology and shapes", "load tables", "map to RDF"]
    assert names[-1] == "write Turtle, JSON-LD, on-disk store"
    assert list(result.seconds) == names


def _previous_output(root):
    out = root / "build"
    out.mkdir()
    (out / "kg.nt").write_text("the previous build\n", encoding="utf-8")
    return out


def test_bad_data_leaves_the_output_as_it_was(tmp_path):
    data = write_data(tmp_path / "data")
    (data / "people.csv").write_text("id,family_name,sources\np,Xu,s9\n", encoding="utf-8")
    out = _previous_output(tmp_path)
    before = tree_digest(out)
    with pytest.raises(DataError, match=r"people\.csv:2:3: source 's9' is not in sources\.csv"):
        build(data, out)
    assert tree_digest(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["build", "data"]


def test_a_shape_violation_leaves_the_output_as_it_was(tmp_path):
    data = write_data(tmp_path / "data")
    ontology = tmp_path / "ontology"
    shutil.copytree(ONTOLOGY_DIR, ontology)
    with (ontology / "shapes.ttl").open("a", encoding="utf-8") as shapes:
        shapes.write(
            "\nshp:TestGivenName a sh:NodeShape ; sh:targetClass foaf:Person ;\n"
            "    sh:property [ sh:path foaf:givenName ; sh:minCount 1 ] .\n"
        )
    out = _previous_output(tmp_path)
    before = tree_digest(out)
    with pytest.raises(ShapeError) as caught:
        build(data, out, ontology_dir=ontology)
    (violation,) = caught.value.violations
    assert (violation.focus, violation.path) == ("id:person/p", "foaf:givenName")
    assert tree_digest(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["build", "data", "ontology"]


def test_an_interrupted_build_leaves_the_output_as_it_was(tmp_path):
    data = write_data(tmp_path / "data")
    out = _previous_output(tmp_path)
    before = tree_digest(out)

    def interrupt(stage, seconds):
        if stage == "validate (SHACL)":
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        build(data, out, progress=interrupt)
    assert tree_digest(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["build", "data"]


def test_check_data_loads_without_building(tmp_path):
    data = write_data(tmp_path / "data")
    dataset = check_data(data)
    assert [r["id"] for r in dataset.rows("people")] == ["p"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data"]
