"""Confidence you can see: independent sources per fact, disputes, the data-quality page."""

from __future__ import annotations

import csv
import io
import re

import pytest

from kg.builder.pipeline import build
from kg.errors import DataError
from kg.rdf.stores import open_store
from kg.site.html import write_assets
from kg.site.pages import Site
from kg.site.quality import quality_page
from tests.browser import axe_script, browser, visit
from tests.paths import REPO

ID = "https://w3id.org/saxony-lifescience/id/"
SOURCE = ID + "source/"
CUP = ID + "org/cup"
EVIL = "<script>alert(7)</script>"


@pytest.fixture(scope="module")
def answers(built, request):
    """A catalogue query's rows on the curated build, as `kg query --format csv` gives them."""
    from click.testing import CliRunner

    from kg.cli.commands import cli

    def rows(name: str, *params: str) -> list[dict[str, str]]:
        args = ["query", name, "--build", str(built), "--format", "csv"]
        for param in params:
            args += ["-p", param]
        result = CliRunner().invoke(cli, args, catch_exceptions=False)
        assert result.exit_code == 0, result.output
        return list(csv.DictReader(io.StringIO(result.stdout)))

    return rows


def sources_of(row: dict[str, str]) -> set[str]:
    return {s.removeprefix(SOURCE) for s in row["sources"].split("; ") if s}


# -- independent sources ------------------------------------------------------------------


def test_single_source_holds_facts_with_one_publisher_only(answers):
    rows = {r["fact"]: r for r in answers("single-source")}
    # CUP's founding year 1991 rests on one article of the Saechsische Zeitung
    claim = rows[ID + "claim/cup/founded/1991"]
    assert claim["kind"] == "claim" and claim["about"] == CUP
    assert sources_of(claim) == {"saechsische-5103077"}
    assert claim["publisher"] == "Sächsische Zeitung"
    # five hosts: the ministry's release and TAG24, two publishers, so not single-source
    assert ID + "claim/thementag-radiopharmazie-2026/number-of-hosts/5" not in rows
    hosted = rows[ID + "participation/thementag-radiopharmazie-2026/cup/host"]
    assert sources_of(hosted) == {"nuklid-thementag-2026"}
    assert hosted["other"] == ID + "event/thementag-radiopharmazie-2026"
    assert hosted["otherName"] == "Thementag Radiopharmazie"
    # two pages of one publisher (TU Dresden) are one independent source
    unit = rows[ID + "relation/cmcb/unit-of/tu-dresden"]
    assert len(sources_of(unit)) == 2
    assert unit["publisher"] == "Technische Universität Dresden"


def test_single_source_covers_every_kind_and_filters_by_entity(answers):
    kinds = {r["kind"] for r in answers("single-source")}
    assert {"organisation", "person", "membership", "participation", "claim"} <= kinds
    rows = answers("single-source", "entity=cup")
    assert rows
    assert all(CUP in (r["about"], r["other"]) for r in rows)


# -- disputes -----------------------------------------------------------------------------


def test_cup_founding_year_has_every_value_with_its_source(answers):
    rows = [r for r in answers("disputed") if r["subject"] == CUP]
    values = {r["value"]: sources_of(r) for r in rows}
    assert values == {
        "2005": {"frank-hoehme-cup"},
        "after 1990": {"oiger-2022-cup"},
        "1991": {"saechsische-5103077"},
        "1992": {"wirtschaft-in-sachsen-2020-cup"},
    }
    assert {r["claimLabel"] for r in rows} == {"Founded"}


def test_observations_of_one_day_with_two_values_are_disputed(answers):
    rows = answers("disputed", "entity=biosaxony")
    values = {r["value"]: sources_of(r) for r in rows}
    assert set(values) == {"21", "22"}
    assert values["21"] == {"medienservice-136834"}
    assert "biosaxony-news-5-jahre" in values["22"]
    assert {r["date"] for r in rows} == {"2009-12-18"}


def test_every_recorded_disagreement_is_listed(answers):
    rows = answers("disputed")
    subjects = {r["subject"] for r in rows}
    for slug in ("person/burkhard-jung", "person/mathias-roessler", "org/biocube",
                 "event/thementag-radiopharmazie-2026", "person/dirk-freitag-stechl"):
        assert ID + slug in subjects, slug
    hosts = {r["value"]: sources_of(r) for r in rows if r["claimLabel"] == "Number of hosts"}
    assert hosts == {
        "5": {"medienservice-1094040", "tag24-2026-radiopharmazie"},
        "6": {"nuklid-thementag-2026"},
    }
    # observations of one organisation on different days are no dispute
    hzdr = [r for r in rows if r["subject"] == ID + "org/hzdr"]
    assert {r["date"] for r in hzdr} == {"2017"}
    assert {r["value"] for r in hzdr} == {"1100", "1200"}


# -- the claims table ---------------------------------------------------------------------


def test_a_claim_is_mapped_and_cited(built):
    lines = set((built / "kg.nt").read_text(encoding="utf-8").splitlines())
    node = f"<{ID}claim/cup/founded/1991>"
    sls = "https://w3id.org/saxony-lifescience/ontology#"
    for triple in (
        f"<http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{sls}Claim>",
        f"<{sls}claimAbout> <{CUP}>",
        f"<{sls}claimKind> <https://w3id.org/saxony-lifescience/vocab/claim-kind/founded>",
        f'<{sls}claimedValue> "1991"',
        f"<http://www.w3.org/ns/prov#wasDerivedFrom> <{SOURCE}saechsische-5103077>",
    ):
        assert f"{node} {triple} ." in lines, triple


def test_claims_table_errors_name_file_line_and_column(data_copy, tmp_path):
    with (data_copy / "claims.csv").open("a", encoding="utf-8") as f:
        f.write("cup,birthday,1990,oiger-2022-cup,\n")
        f.write("nobody,founded,1990,oiger-2022-cup,\n")
        f.write("cup,founded,1989,no-such-source,\n")
    lines = len((data_copy / "claims.csv").read_text(encoding="utf-8").splitlines())
    with pytest.raises(DataError) as caught:
        build(data_copy, tmp_path / "out")
    text = str(caught.value)
    assert re.search(rf"claims\.csv:{lines - 2}:2: unknown claim 'birthday'; known: .*founded",
                     text), text
    assert re.search(rf"claims\.csv:{lines - 1}:1: subject 'nobody' is not an id", text), text
    assert re.search(rf"claims\.csv:{lines}:4: source 'no-such-source' is not in sources\.csv",
                     text), text
    assert not (tmp_path / "out").exists()


# -- the data-quality page ----------------------------------------------------------------


@pytest.fixture(scope="module")
def site(built) -> Site:
    return Site(open_store(built))


def _linked_count(page: str, anchor: str) -> int:
    found = re.search(rf'<a href="#{anchor}">([\d.,]+)</a>', page)
    assert found, anchor
    return int(found.group(1).replace(",", "").replace(".", ""))


def test_quality_page_counts_equal_the_queries(site, answers):
    page = quality_page(site)
    single = answers("single-source")
    assert _linked_count(page, "single-source") == len(single)
    for kind in ("person", "membership", "claim"):
        anchor = "single-" + kind
        assert _linked_count(page, anchor) == sum(r["kind"] == kind for r in single)
    disputed = {(r["subject"], r["claim"], r["date"]) for r in answers("disputed")}
    assert _linked_count(page, "disputed") == len(disputed)
    for anchor in ("single-source", "undated-memberships", "undated-relations",
                   "without-seat", "disputed"):
        assert f'id="{anchor}"' in page
    # entity names link to their pages
    assert '<a href="org/cup.html">CUP Laboratorien Dr. Freitag GmbH</a>' in page


def test_disputed_values_carry_the_curators_note(site, answers):
    rows = [r for r in answers("disputed", "entity=biocube") if r["value"] == "2010"]
    assert len(rows) == 1 and "ground-breaking of 2011-04-07" in rows[0]["note"]
    # the note stands in the row of its value on the work list
    page = quality_page(site)
    row = next(tr for tr in page.split("<tr>") if "Bio City 20 Jahre" in tr and ">2010<" in tr)
    assert "ground-breaking of 2011-04-07" in row


def test_quality_page_in_german_and_linked_from_the_overview(site):
    site.lang = "de"
    try:
        page = quality_page(site)
        index = site.index()
    finally:
        site.lang = "en"
    assert "<h1>Datenqualität</h1>" in page and 'lang="de"' in page
    assert 'href="quality.html"' in index
    assert 'href="quality.html"' in site.index()


def test_quality_page_escapes_text_from_data(data_copy, tmp_path):
    with (data_copy / "organisations.csv").open("a", encoding="utf-8") as f:
        f.write(f'evil-org,"{EVIL}",company,,,,,,,,,idw-2025-01-16,\n')
    with (data_copy / "claims.csv").open("a", encoding="utf-8") as f:
        f.write(f'evil-org,founded,"{EVIL}",idw-2025-01-16,"{EVIL}"\n')
        f.write("evil-org,founded,1999,idw-2025-01-16,\n")
    build(data_copy, tmp_path / "build")
    page = quality_page(Site(open_store(tmp_path / "build")))
    assert EVIL not in page
    assert "&lt;script&gt;alert(7)&lt;/script&gt;" in page


def test_site_yields_the_quality_page(site):
    """Site.iter_files (what `kg viz` writes) has the page; stop once it comes."""
    for path, text in site.iter_files():
        if path == "quality.html":
            assert "<h1>Data quality</h1>" in text
            break
    else:
        pytest.fail("quality.html not among the site's pages")


def test_quality_page_is_accessible(site, tmp_path):
    """axe-core finds nothing serious; headings step down one level at a time."""
    write_assets(tmp_path / "assets")
    for lang, name in (("en", "quality.html"), ("de", "de/quality.html")):
        site.lang = lang
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(quality_page(site), encoding="utf-8")
    site.lang = "en"
    with browser() as chromium:
        for name in ("quality.html", "de/quality.html"):
            text = (tmp_path / name).read_text(encoding="utf-8")
            levels = [int(h) for h in re.findall(r"<h([1-6])[\s>]", text)]
            assert levels[0] == 1 and levels.count(1) == 1
            assert all(b <= a + 1 for a, b in zip(levels, levels[1:], strict=False)), levels
            page = visit(chromium, (tmp_path / name).as_uri()).page
            page.add_script_tag(path=axe_script())
            found = page.evaluate(
                "axe.run(document).then(r => r.violations.map(v => [v.id, v.impact]))"
            )
            page.close()
            assert [v for v in found if v[1] in ("serious", "critical")] == [], (name, found)


def test_claims_table_is_documented():
    readme = REPO / "data" / "README.md"
    text = " ".join(readme.read_text(encoding="utf-8").split())
    assert "### `claims.csv`" in text
    assert "record each value in `claims.csv`" in text
    assert "independent when their `publisher` in `sources.csv` differs" in text
