"""German and English: every page in both, a switch that keeps the reader on the same page,
German words, dates and numbers on the German pages."""

from __future__ import annotations

import json
import re
from pathlib import Path

from kg.site.i18n import TEXT, Words, date, number
from tests.browser import visit

SWITCH = re.compile(r'<a class="kg-lang" href="([^"]+)" hreflang="(en|de)"')


def read(site: Path, name: str) -> str:
    return (site / name).read_text(encoding="utf-8")


def network_data(text: str) -> dict:
    return json.loads(text.split('id="kg-network-data">', 1)[1].split("</script>", 1)[0])


def test_both_languages_have_the_same_interface_keys():
    assert set(TEXT["en"]) == set(TEXT["de"])
    for key in TEXT["en"]:
        fields = set(re.findall(r"{(\w+)}", TEXT["en"][key]))
        assert fields == set(re.findall(r"{(\w+)}", TEXT["de"][key])), key


def test_german_dates_numbers_and_reasons():
    assert date("2024-08-01", "de") == "01.08.2024" and date("2024-08-01", "en") == "2024-08-01"
    assert number(11500000, "de") == "11.500.000" and number(2.5, "de") == "2,5"
    assert number(11500000, "en") == "11,500,000"
    words = Words("de", {"Founding member": "Gründungsmitglied"})
    assert words.reason("membership: X of Y is founding member of Z of W") == (
        "Mitgliedschaft: X of Y ist Gründungsmitglied von Z of W"
    )


def test_every_page_exists_in_both_languages_and_links_to_its_twin(site):
    english = {
        p.relative_to(site).as_posix() for p in site.rglob("*.html") if p.parts[-2:][0] != "de"
    }
    english = {name for name in english if not name.startswith("de/")}
    german = {p.relative_to(site / "de").as_posix() for p in (site / "de").rglob("*.html")}
    assert english == german and len(english) > 100
    for name in sorted(english):
        for lang, path in (("en", site / name), ("de", site / "de" / name)):
            text = path.read_text(encoding="utf-8")
            assert f'<html lang="{lang}">' in text, path
            target, other = SWITCH.search(text).groups()
            assert other != lang
            twin = (path.parent / target).resolve()
            assert twin == ((site / "de" / name) if lang == "en" else (site / name)).resolve()


def test_german_entity_page(site):
    de, en = read(site, "de/person/marco-mueller.html"), read(site, "person/marco-mueller.html")
    assert "01.08.2024" in de and "2024-08-01" in en and "01.08.2024" not in en
    assert "Geschäftsführer/in" in de and "Managing director" in en
    assert "<h2>Rollen und Mitgliedschaften von Marco Müller</h2>" in de
    assert "<th scope=\"col\">Quellen</th>" in de
    assert 'href="../org/abx.html"' in de  # links stay within the German pages
    biocube = read(site, "de/org/biocube.html")
    assert "11.500.000" in biocube and "11,500,000" in read(site, "org/biocube.html")


def test_german_networks_and_overview(site):
    ecosystem = network_data(read(site, "de/ecosystem.html"))
    assert "Unternehmen" in ecosystem["kindNames"].values()
    assert "Company" not in ecosystem["kindNames"].values()
    reasons = [r for e in network_data(read(site, "de/collaboration.html"))["edges"]
               for r in e["roles"]]
    assert any(r.startswith("gemeinsame Mitgliedschaft: ") for r in reasons)
    assert not any(r.startswith("shared ") for r in reasons)
    overview = read(site, "de/index.html")
    assert "<h1>Das Life-Science-Ökosystem in Sachsen</h1>" in overview
    assert "Organisationen" in overview and '<html lang="de">' in overview


def test_german_ontology_page(site):
    text = read(site, "de/ontology.html")
    assert "<h1>Referenz der Ontologie</h1>" in text
    assert "Unternehmen<br><span class='muted' lang='en'>Company</span>" in text


def test_german_search_index(site):
    text = read(site, "assets/search-index-de.js")
    index = json.loads(json.loads(text.split("JSON.parse(", 1)[1].rsplit(");", 1)[0]))
    assert "Unternehmen" in index["kinds"] and "Ort" in index["kinds"]
    assert "Company" not in index["kinds"]


def test_switch_and_search_in_chromium(site, chromium):
    seen = visit(chromium, (site / "org" / "nuklid.html").as_uri())
    page = seen.page
    page.click("a.kg-lang")
    page.wait_for_url("**/de/org/nuklid.html")
    assert page.get_attribute("html", "lang") == "de"
    assert page.text_content("h1") == "nukliD – Radiopharmacy Cluster Dresden"
    page.fill("#kg-find-input", "itd")
    page.wait_for_selector("#kg-find[data-searched='itd']", state="attached")
    assert "Unternehmen" in page.text_content("#kg-find-option-0")
    assert "gefunden" in page.text_content("#kg-find-status")
    page.keyboard.press("Enter")
    page.wait_for_url("**/de/org/itd.html")
    # network.js speaks German too
    page.wait_for_selector("body[data-drawn='yes']", state="attached")
    page.evaluate("kgNetwork.selectNodes([]); 0")
    page.fill("#kg-search-text", "nuklid")
    page.click("#kg-search button")
    assert "Die Seite von nukliD" in page.text_content("#kg-details")
    assert seen.errors == [] and seen.blocked == []
    page.close()
