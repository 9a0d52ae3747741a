"""The site's interface text in English and German: one dictionary per language, the same
keys in both (tests/site/test_pages_*.py checks that), and German dates and numbers."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property

from kg.networks.paths import statement

__all__ = [
    "ENGLISH", "LANGS", "TEXT", "WORDS_DE", "Words", "date", "number", "reason", "statement_de",
    "t",
]

LANGS = ("en", "de")
"""English pages at the site's root, German ones under de/."""

TEXT: dict[str, dict[str, str]] = {
    "en": {
        "site": "Saxon life-science knowledge graph",
        "nav": "Site",
        "overview": "Overview",
        "ecosystem": "Ecosystem network",
        "collaboration": "Organisation collaboration",
        "ontology": "Ontology",
        "language": "Deutsch",
        "language_label": "Diese Seite auf Deutsch",
        "search": "Search",
        "search_site": "Search the site",
        "search_placeholder": "Search organisations, people, places",
        "search_results": "Search results",
        "search_loading": "Loading the index …",
        "search_none": "Nothing found.",
        "search_some": "{n} found. Arrow keys choose, Enter opens.",
        "search_many": "{n} found, the first {k} shown. Arrow keys choose, Enter opens.",
        "search_failed": "The search index could not be loaded.",
        "place": "Place",
        "places": "Places",
        "name": "Name",
        "also_written": "Also written",
        "kind": "Kind",
        "other_sites": "Other sites",
        "date": "Date",
        "founded": "Founded",
        "website": "Website",
        "identifier": "{scheme} id",
        "note": "Note",
        "fact": "Fact",
        "value": "Value",
        "sources": "Sources",
        "roles_held": "Roles and memberships of {name}",
        "members": "Members and roles at {name}",
        "on_behalf": "On behalf of {name}",
        "who": "Who",
        "organisation": "Organisation",
        "on_behalf_of": "On behalf of",
        "role": "Role",
        "from": "From",
        "to": "To",
        "current": "Current ({n})",
        "former": "Former ({n})",
        "relations": "Owners, parents, groups and renames",
        "tie": "Tie",
        "to_whom": "To",
        "share": "Share",
        "since": "Since",
        "event": "Event",
        "events": "Events",
        "participants": "Participants",
        "about": "about",
        "measure": "Measure",
        "figures": "Figures",
        "what": "What",
        "how_many": "How many",
        "onto_title": "Ontology reference",
        "onto_intro": (
            "The terms this knowledge graph adds to W3C ORG, FOAF, PROV-O, schema.org, "
            "OWL-Time and SKOS, and its controlled vocabularies, in English and German. "
            "Generated from the ontology's Turtle files"
        ),
        "onto_classes": "Classes",
        "onto_object_properties": "Object properties",
        "onto_datatype_properties": "Datatype properties",
        "onto_schemes": "Concept schemes",
        "onto_subclass_of": "subclass of",
        "onto_domain": "domain",
        "onto_range": "range",
        "onto_broader": "broader",
        "onto_code": "code in the tables",
        "onto_term": "Term",
        "onto_label": "Label (en / de)",
        "onto_definition": "Definition (en / de)",
        "onto_relations": "Relations",
        "lean_note": (
            "To keep this page small, the drawing leaves out the sources of single ties; the "
            "page of each organisation, person and event lists them."
        ),
        "index_title": "The Saxon life-science ecosystem",
        "index_intro": (
            "Companies, research institutes, clusters, public bodies and people of "
            "biotechnology, medical technology and health economy in Saxony, and how they are "
            "tied together. Every fact is curated from a public source, shown beside it."
        ),
        "index_ecosystem": "The ecosystem network",
        "index_ecosystem_about": (
            "people, organisations, clusters and events, each tie a membership, role, "
            "participation or ownership."
        ),
        "index_collaboration": "The organisation collaboration network",
        "index_collaboration_about": (
            "organisations tied by shared people, clusters, events and ownership."
        ),
        "index_ontology": "The ontology",
        "index_ontology_about": "classes, properties and vocabularies.",
        "index_counts": "What the graph holds",
        "ecosystem_title": "The ecosystem network",
        "ecosystem_intro": (
            "People, organisations, clusters and events. Each edge is one fact: a membership "
            "or role, a participation, an ownership, group or unit tie, or a rename. Node size "
            "follows the number of ties; hover for details and sources."
        ),
        "collaboration_intro": (
            "Organisations tied by shared people, shared clusters, shared events and "
            "ownership or group relations; the wider the edge, the more reasons."
        ),
        "community_hint": "Click a community for its members; double-click opens its page.",
        "communities_unit": "communities",
        "community_ties_unit": "tied pairs of communities",
        "aggregated_intro": (
            "Its {n} nodes are too many to draw at once: each circle is a community (Louvain, "
            "seed 42) sized by its members, and the edges are the ties between communities. "
            "Double-click a community, or pick it from the list below, to open its drawing."
        ),
        "communities": "Communities",
        "singles": (
            "{n} communities of a single node (without ties) are drawn as that node; the "
            "overview lists every entity."
        ),
        "community_intro": (
            "{n} of the {of} nodes of {network}, found together by Louvain community "
            "detection (seed 42). {summary}."
        ),
        "and_more": " and {n} more",
        "most_ties_with": "Most ties with",
        "ties_of": "Ties of {name}",
        "time_label": "The network as of the end of",
        "time_all": "all years",
        "time_hint": (
            "Ties shown as they held on 31 December of the chosen year (the as-of rule of every "
            "query); a participation counts on the days of its event."
        ),
        "growth_title": "How the ecosystem grew",
        "growth_intro": (
            "Per year, from the dated facts: organisations founded and ties begun (bars), "
            "and the ties that held at the end of the year (line)."
        ),
        "growth_founded": "organisations founded",
        "growth_begun": "ties begun",
        "growth_held": "ties held at the end of the year",
        "growth_table": "The same numbers as a table",
        "growth_columns": "Year|Founded|Ties begun|Ties ended|Events|Ties held",
        "finder_title": "How are they connected?",
        "finder_intro": (
            "Two names: the shortest chains of facts between them (up to three), each step "
            "with its sources. Computed in your browser from this site's data."
        ),
        "finder_from": "From",
        "finder_to": "To",
        "finder_go": "Connect",
        "finder_unknown": "Not found: ",
        "finder_several": "Several match: ",
        "finder_same": "That is the same entity.",
        "finder_none": "No connection within {n} steps.",
        "finder_connection": "Connection",
        "finder_steps": "step(s)",
        "finder_nosource": "no source",
        "timeline": "Timeline",
        "timeline_undated": "undated",
        "ego_intro": "Its direct ties in the ecosystem network.",
        "behalf_as": "on behalf of, as {role} of {of}",
        "behalf_of": ", on behalf of {of}",
        "community": "Community {n}",
        "community_kind": "Community",
        "smaller_communities": "Smaller communities",
        "members_n": "{n} members",
        "ties_n": "{n} ties",
        "tie_1": "{n} tie",
        "most_ties": "Most ties",
        "open_page": "Open the page of {name}",
        "not_found": "not found",
        "net_hint": "Click a node; double-click opens its page.",
        "nodes": "nodes",
        "edges": "edges",
        "colour_by": "Colour by",
        "by_kind": "kind",
        "by_community": "community",
        "find_in_network": "Find in this network",
        "find": "Find",
        "show_kinds": "Show these kinds",
        "legend": "Legend",
        "details": "Details",
        "ties": "Ties",
        "nodes_caption": "Nodes ({n})",
        "edges_caption": "Ties ({n})",
        "as_table": "The network as tables (for screen readers and keyboards)",
        "quality_title": "Data quality",
        "quality_intro": (
            "A curator's work list. Sources count as independent when their publishers "
            "differ: two articles of one newspaper are one source. Each count links to its "
            "list below."
        ),
        "quality_work_list": "Work list",
        "quality_check": "What to check",
        "quality_count": "How many",
        "quality_single": "Facts resting on one publisher",
        "quality_undated_memberships": "Memberships without a start",
        "quality_undated_relations": "Organisation relations without a start",
        "quality_without_seat": "Organisations without a seat",
        "quality_disputed": "Facts on which sources disagree",
        "quality_sources_caption": "Independent sources (publishers) per fact",
        "quality_kind": "Kind of fact",
        "quality_facts": "Facts",
        "quality_one": "One publisher",
        "quality_two": "Two publishers",
        "quality_more": "Three or more",
        "quality_none": "None.",
        "quality_about": "About",
        "quality_claim": "Claim",
        "quality_tie": "Tied to",
        "quality_publisher": "Publisher",
        "quality_member": "Member",
        "quality_role": "Role",
        "quality_organisation": "Organisation",
        "quality_subject": "Subject",
        "quality_relation": "Relation",
        "quality_object": "Object",
        "quality_kind_organisation": "Organisations",
        "quality_kind_person": "People",
        "quality_kind_place": "Places",
        "quality_kind_event": "Events",
        "quality_kind_membership": "Memberships",
        "quality_kind_participation": "Participations",
        "quality_kind_organisation_relation": "Organisation relations",
        "quality_kind_rename": "Renames",
        "quality_kind_identifier": "Identifiers",
        "quality_kind_observation": "Observations",
        "quality_kind_award": "Awards",
        "quality_kind_aim": "Aims",
        "quality_kind_claim": "Claims where sources disagree",
        "index_quality": "Data quality",
        "index_quality_about": (
            "facts resting on one publisher, without dates or seat, and where sources disagree."
        ),
        "map": "Map",
        "index_map_about": "organisations at their seats on an outline of Saxony.",
        "map_title": "Organisations on a map of Saxony",
        "map_intro": (
            "Each circle is a place with the organisations seated there (or in a district of "
            "it); the more organisations, the larger the circle. Hover over or focus a circle "
            "for their names, click it for the list. The table below the map holds the same."
        ),
        "map_kinds": "Show kinds",
        "map_dot": "{place} – organisations: {n}",
        "map_table": "Places and their organisations",
        "map_organisations": "Organisations",
        "map_outside": "outside the map of Saxony",
        "map_unplaced": "no coordinates recorded",
        "map_credit_outline": "Outline of Saxony: © GeoBasis-DE / BKG 2017, simplified",
        "map_credit_places": "coordinates of places:",
        "map_at": "{name} on a map of Saxony",
        "map_seat": "Seat on the map",
    },
    "de": {
        "site": "Wissensgraph Life Sciences in Sachsen",
        "nav": "Website",
        "overview": "Übersicht",
        "ecosystem": "Netzwerk des Ökosystems",
        "collaboration": "Zusammenarbeit der Organisationen",
        "ontology": "Ontologie",
        "language": "English",
        "language_label": "This page in English",
        "search": "Suche",
        "search_site": "Die Website durchsuchen",
        "search_placeholder": "Organisationen, Personen, Orte suchen",
        "search_results": "Suchergebnisse",
        "search_loading": "Der Suchindex wird geladen …",
        "search_none": "Nichts gefunden.",
        "search_some": "{n} gefunden. Pfeiltasten wählen, Eingabe öffnet.",
        "search_many": "{n} gefunden, die ersten {k} gezeigt. Pfeiltasten wählen, Eingabe öffnet.",
        "search_failed": "Der Suchindex konnte nicht geladen werden.",
        "place": "Ort",
        "places": "Orte",
        "name": "Name",
        "also_written": "Auch geschrieben",
        "kind": "Art",
        "other_sites": "Weitere Standorte",
        "date": "Datum",
        "founded": "Gegründet",
        "website": "Website",
        "identifier": "{scheme}-Kennung",
        "note": "Anmerkung",
        "fact": "Angabe",
        "value": "Wert",
        "sources": "Quellen",
        "roles_held": "Rollen und Mitgliedschaften von {name}",
        "members": "Mitglieder und Rollen bei {name}",
        "on_behalf": "Im Auftrag von {name}",
        "who": "Wer",
        "organisation": "Organisation",
        "on_behalf_of": "Im Auftrag von",
        "role": "Rolle",
        "from": "Von",
        "to": "Bis",
        "current": "Aktuell ({n})",
        "former": "Früher ({n})",
        "relations": "Eigentümer, Mutter- und Tochtergesellschaften, Gruppen, Umbenennungen",
        "tie": "Beziehung",
        "to_whom": "Zu",
        "share": "Anteil",
        "since": "Seit",
        "event": "Veranstaltung",
        "events": "Veranstaltungen",
        "participants": "Teilnehmende",
        "about": "etwa",
        "measure": "Kennzahl",
        "figures": "Kennzahlen",
        "what": "Was",
        "how_many": "Anzahl",
        "onto_title": "Referenz der Ontologie",
        "onto_intro": (
            "Die Begriffe, die dieser Wissensgraph zu W3C ORG, FOAF, PROV-O, schema.org, "
            "OWL-Time und SKOS hinzufügt, und seine kontrollierten Vokabulare, auf Deutsch und "
            "Englisch. Erzeugt aus den Turtle-Dateien der Ontologie"
        ),
        "onto_classes": "Klassen",
        "onto_object_properties": "Objekteigenschaften",
        "onto_datatype_properties": "Dateneigenschaften",
        "onto_schemes": "Begriffsschemata",
        "onto_subclass_of": "Unterklasse von",
        "onto_domain": "Definitionsbereich",
        "onto_range": "Wertebereich",
        "onto_broader": "Oberbegriff",
        "onto_code": "Code in den Tabellen",
        "onto_term": "Begriff",
        "onto_label": "Bezeichnung (de / en)",
        "onto_definition": "Definition (de / en)",
        "onto_relations": "Beziehungen",
        "lean_note": (
            "Damit diese Seite klein bleibt, zeigt die Zeichnung die Quellen einzelner "
            "Verbindungen nicht; die Seite jeder Organisation, Person und Veranstaltung nennt sie."
        ),
        "index_title": "Das Life-Science-Ökosystem in Sachsen",
        "index_intro": (
            "Unternehmen, Forschungsinstitute, Cluster, Behörden und Menschen aus "
            "Biotechnologie, Medizintechnik und Gesundheitswirtschaft in Sachsen, und wie sie "
            "miteinander verbunden sind. Jede Angabe stammt aus einer öffentlichen Quelle, "
            "die daneben steht."
        ),
        "index_ecosystem": "Das Netzwerk des Ökosystems",
        "index_ecosystem_about": (
            "Personen, Organisationen, Cluster und Veranstaltungen; jede Verbindung eine "
            "Mitgliedschaft, Rolle, Teilnahme oder Beteiligung."
        ),
        "index_collaboration": "Das Netzwerk der Zusammenarbeit",
        "index_collaboration_about": (
            "Organisationen, verbunden durch gemeinsame Personen, Cluster, Veranstaltungen "
            "und Beteiligungen."
        ),
        "index_ontology": "Die Ontologie",
        "index_ontology_about": "Klassen, Eigenschaften und Vokabulare.",
        "index_counts": "Was der Graph enthält",
        "ecosystem_title": "Das Netzwerk des Ökosystems",
        "ecosystem_intro": (
            "Personen, Organisationen, Cluster und Veranstaltungen. Jede Kante ist eine "
            "Angabe: eine Mitgliedschaft oder Rolle, eine Teilnahme, eine Eigentums-, Konzern- "
            "oder Einheitsbeziehung oder eine Umbenennung. Die Größe eines Knotens folgt der "
            "Zahl seiner Verbindungen; beim Darüberfahren erscheinen Einzelheiten und Quellen."
        ),
        "collaboration_intro": (
            "Organisationen, verbunden durch gemeinsame Personen, Cluster, Veranstaltungen "
            "und Eigentums- oder Konzernbeziehungen; je breiter die Kante, desto mehr Gründe."
        ),
        "community_hint": (
            "Eine Gemeinschaft anklicken zeigt ihre Mitglieder; Doppelklick öffnet ihre Seite."
        ),
        "communities_unit": "Gemeinschaften",
        "community_ties_unit": "verbundene Paare von Gemeinschaften",
        "aggregated_intro": (
            "Seine {n} Knoten sind zu viele, um sie auf einmal zu zeichnen: Jeder Kreis ist "
            "eine Gemeinschaft (Louvain, Seed 42), so groß wie ihre Mitgliederzahl, und die "
            "Kanten sind die Verbindungen zwischen Gemeinschaften. Ein Doppelklick auf eine "
            "Gemeinschaft oder die Liste unten öffnet ihre Zeichnung."
        ),
        "communities": "Gemeinschaften",
        "singles": (
            "{n} Gemeinschaften aus einem einzigen Knoten (ohne Verbindungen) sind als dieser "
            "Knoten gezeichnet; die Übersicht nennt alle."
        ),
        "community_intro": (
            "{n} der {of} Knoten von {network}, zusammen gefunden von der "
            "Louvain-Gemeinschaftserkennung (Seed 42). {summary}."
        ),
        "and_more": " und {n} weitere",
        "most_ties_with": "Die meisten Verbindungen mit",
        "ties_of": "Verbindungen von {name}",
        "time_label": "Das Netz zum Ende des Jahres",
        "time_all": "alle Jahre",
        "time_hint": (
            "Verbindungen, wie sie am 31. Dezember des gewählten Jahres bestanden (die "
            "Stichtagsregel aller Abfragen); eine Teilnahme zählt an den Tagen ihrer Veranstaltung."
        ),
        "growth_title": "Wie das Ökosystem gewachsen ist",
        "growth_intro": (
            "Je Jahr, aus den datierten Fakten: gegründete Organisationen und begonnene "
            "Verbindungen (Balken) und die am Jahresende bestehenden Verbindungen (Linie)."
        ),
        "growth_founded": "gegründete Organisationen",
        "growth_begun": "begonnene Verbindungen",
        "growth_held": "am Jahresende bestehende Verbindungen",
        "growth_table": "Dieselben Zahlen als Tabelle",
        "growth_columns": "Jahr|Gegründet|Begonnen|Beendet|Veranstaltungen|Bestehend",
        "finder_title": "Wie hängen sie zusammen?",
        "finder_intro": (
            "Zwei Namen: die kürzesten Ketten von Fakten zwischen ihnen (bis zu drei), jeder "
            "Schritt mit seinen Quellen. Berechnet in Ihrem Browser aus den Daten dieser Seite."
        ),
        "finder_from": "Von",
        "finder_to": "Nach",
        "finder_go": "Verbinden",
        "finder_unknown": "Nicht gefunden: ",
        "finder_several": "Mehrere passen: ",
        "finder_same": "Das ist dieselbe Einheit.",
        "finder_none": "Keine Verbindung in höchstens {n} Schritten.",
        "finder_connection": "Verbindung",
        "finder_steps": "Schritt(e)",
        "finder_nosource": "keine Quelle",
        "timeline": "Zeitleiste",
        "timeline_undated": "ohne Datum",
        "ego_intro": "Direkte Verbindungen im Netzwerk des Ökosystems.",
        "behalf_as": "im Auftrag, als {role} von {of}",
        "behalf_of": ", im Auftrag von {of}",
        "community": "Gemeinschaft {n}",
        "community_kind": "Gemeinschaft",
        "smaller_communities": "Kleinere Gemeinschaften",
        "members_n": "{n} Mitglieder",
        "ties_n": "{n} Verbindungen",
        "tie_1": "{n} Verbindung",
        "most_ties": "Die meisten Verbindungen",
        "open_page": "Die Seite von {name} öffnen",
        "not_found": "nicht gefunden",
        "net_hint": "Einen Knoten anklicken; Doppelklick öffnet seine Seite.",
        "nodes": "Knoten",
        "edges": "Kanten",
        "colour_by": "Färben nach",
        "by_kind": "Art",
        "by_community": "Gemeinschaft",
        "find_in_network": "In diesem Netzwerk finden",
        "find": "Finden",
        "show_kinds": "Diese Arten zeigen",
        "legend": "Legende",
        "details": "Einzelheiten",
        "ties": "Verbindungen",
        "nodes_caption": "Knoten ({n})",
        "edges_caption": "Verbindungen ({n})",
        "as_table": "Das Netzwerk als Tabellen (für Screenreader und Tastatur)",
        "quality_title": "Datenqualität",
        "quality_intro": (
            "Eine Arbeitsliste für die Kuratierung. Quellen gelten als unabhängig, wenn ihre "
            "Herausgeber verschieden sind: zwei Artikel einer Zeitung sind eine Quelle. Jede "
            "Zahl führt zu ihrer Liste weiter unten."
        ),
        "quality_work_list": "Arbeitsliste",
        "quality_check": "Was zu prüfen ist",
        "quality_count": "Anzahl",
        "quality_single": "Fakten, die auf einem Herausgeber beruhen",
        "quality_undated_memberships": "Mitgliedschaften ohne Beginn",
        "quality_undated_relations": "Organisationsbeziehungen ohne Beginn",
        "quality_without_seat": "Organisationen ohne Sitz",
        "quality_disputed": "Fakten, in denen Quellen voneinander abweichen",
        "quality_sources_caption": "Unabhängige Quellen (Herausgeber) je Fakt",
        "quality_kind": "Art des Fakts",
        "quality_facts": "Fakten",
        "quality_one": "Ein Herausgeber",
        "quality_two": "Zwei Herausgeber",
        "quality_more": "Drei oder mehr",
        "quality_none": "Keine.",
        "quality_about": "Betrifft",
        "quality_claim": "Angabe",
        "quality_tie": "Verbunden mit",
        "quality_publisher": "Herausgeber",
        "quality_member": "Mitglied",
        "quality_role": "Rolle",
        "quality_organisation": "Organisation",
        "quality_subject": "Subjekt",
        "quality_relation": "Beziehung",
        "quality_object": "Objekt",
        "quality_kind_organisation": "Organisationen",
        "quality_kind_person": "Personen",
        "quality_kind_place": "Orte",
        "quality_kind_event": "Veranstaltungen",
        "quality_kind_membership": "Mitgliedschaften",
        "quality_kind_participation": "Teilnahmen",
        "quality_kind_organisation_relation": "Organisationsbeziehungen",
        "quality_kind_rename": "Umbenennungen",
        "quality_kind_identifier": "Kennungen",
        "quality_kind_observation": "Beobachtungen",
        "quality_kind_award": "Auszeichnungen",
        "quality_kind_aim": "Ziele",
        "quality_kind_claim": "Angaben, in denen Quellen abweichen",
        "index_quality": "Datenqualität",
        "index_quality_about": (
            "Fakten mit nur einem Herausgeber, ohne Datum oder Sitz, und wo Quellen "
            "voneinander abweichen."
        ),
        "map": "Karte",
        "index_map_about": "Organisationen an ihrem Sitz auf einem Umriss Sachsens.",
        "map_title": "Organisationen auf einer Karte Sachsens",
        "map_intro": (
            "Jeder Kreis ist ein Ort mit den dort (oder in einem seiner Stadtteile) ansässigen "
            "Organisationen; je mehr Organisationen, desto größer der Kreis. Zeigen oder "
            "fokussieren Sie einen Kreis für ihre Namen, klicken Sie ihn für die Liste an. Die "
            "Tabelle unter der Karte enthält dasselbe."
        ),
        "map_kinds": "Arten zeigen",
        "map_dot": "{place} – Organisationen: {n}",
        "map_table": "Orte und ihre Organisationen",
        "map_organisations": "Organisationen",
        "map_outside": "außerhalb der Karte Sachsens",
        "map_unplaced": "keine Koordinaten erfasst",
        "map_credit_outline": "Umriss Sachsens: © GeoBasis-DE / BKG 2017, vereinfacht",
        "map_credit_places": "Koordinaten der Orte:",
        "map_at": "{name} auf einer Karte Sachsens",
        "map_seat": "Sitz auf der Karte",
    },
}


def t(lang: str, key: str, **values: object) -> str:
    """The text `key` in `lang` with {placeholders} filled in.

    >>> t("de", "search_some", n=3)
    '3 gefunden. Pfeiltasten wählen, Eingabe öffnet.'
    """
    text = TEXT[lang][key]
    return text.format(**values) if values else text


_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})(?:-(\d{2}))?$")


def date(value: str, lang: str) -> str:
    """An ISO date (or year-month) as written in `lang`: 2024-08-01 → 01.08.2024 in German.

    >>> date("2024-08-01", "de"), date("2024-08", "de"), date("2024", "de")
    ('01.08.2024', '08/2024', '2024')
    """
    match = _ISO_DATE.match(value or "")
    if lang != "de" or not match:
        return value
    year, month, day = match.groups()
    return f"{day}.{month}.{year}" if day else f"{month}/{year}"


def number(value: float | int, lang: str) -> str:
    """Thousands grouped and decimals as `lang` writes them: 12,345.5 / 12.345,5.

    >>> number(12345.5, "de"), number(12345, "en")
    ('12.345,5', '12,345')
    """
    text = f"{value:,}" if isinstance(value, int) else f"{value:,.10g}"
    if isinstance(value, float) and "e" not in text:
        text = f"{value:,.6f}".rstrip("0").rstrip(".")
    if lang == "de":
        text = text.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return text


WORDS_DE = {
    # the counts of the overview (kg.site.data.COUNTS)
    "Organisations": "Organisationen",
    "Clusters and networks": "Cluster und Netzwerke",
    "People": "Personen",
    "Roles and memberships": "Rollen und Mitgliedschaften",
    "Events": "Veranstaltungen",
    "Participations in events": "Teilnahmen an Veranstaltungen",
    "Ownership, group and unit ties": "Eigentums-, Konzern- und Einheitsbeziehungen",
    "Places": "Orte",
    "External identifiers": "Externe Kennungen",
    "Sources": "Quellen",
    # kinds of node that are no class of the ontology
    "Person": "Person",
    "about": "betrifft",
    "rename": "Umbenennung",
    # kinds of fact in a path (kg.networks.paths.fact_kind)
    "membership": "Mitgliedschaft",
    "role": "Rolle",
    "ownership": "Eigentum",
    "subsidiary": "Tochtergesellschaft",
    "group": "Konzern",
    "unit": "Einheit",
    "operation": "Betrieb",
    "merger": "Fusion",
    "participation": "Teilnahme",
    "on behalf of": "im Auftrag von",
    "relation": "Beziehung",
}
"""German words for English labels that the ontology does not label itself."""

_REASONS_DE = (
    (re.compile(r"^shared person: (.*)$"), "gemeinsame Person: {0}"),
    (re.compile(r"^shared membership: (.*)$"), "gemeinsame Mitgliedschaft: {0}"),
    (re.compile(r"^shared event: (.*)$"), "gemeinsame Veranstaltung: {0}"),
    (re.compile(r"^renamed: (.*) to (.*)$"), "umbenannt: {0} in {1}"),
    (re.compile(r"^relation: (.*)$"), "Beziehung: {0}"),
)


def reason(text: str, lang: str, term: Mapping[str, str]) -> str:
    """A collaboration tie's reason (English, from queries/collaboration-pairs.rq) in `lang`;
    a role inside it through `term` (lower-case English label → German label, the longest
    labels first).

    >>> reason("shared event: BIO-Europe 2025", "de", {})
    'gemeinsame Veranstaltung: BIO-Europe 2025'
    >>> reason("membership: A is member of B", "de", {"member": "Mitglied"})
    'Mitgliedschaft: A ist Mitglied von B'
    """
    if lang == "en":
        return text
    if text.startswith("membership: "):
        # "membership: X is ROLE of Y": the longest known role between " is " and " of "
        for role in term:
            left, found, right = text[len("membership: ") :].partition(f" is {role} of ")
            if found:
                return f"Mitgliedschaft: {left} ist {term[role]} von {right}"
        return "Mitgliedschaft: " + text[len("membership: ") :]
    for pattern, german in _REASONS_DE:
        if match := pattern.match(text):
            return german.format(*match.groups())
    return text


STATEMENTS_DE = {
    "on behalf of": "{subject} handelt für {obj} ({role} bei {via})",
    "rename": "{subject} umbenannt in {obj}",
    # German relation labels begin with a noun or a preposition ("Teil der
    # Unternehmensgruppe", "Im Eigentum von"): after a colon both keep their case
    "relation": "{subject}: {role} {obj}",
    "role": "{subject}: {role} bei {obj}",
    "plain": "{subject} – {obj}",
}


def statement_de(fact_type: str, subject: str, obj: str, label: str = "", via: str = "") -> str:
    """A fact in German words, as kg.networks.paths.statement says it in English; `label` is
    the German label of the role or relation (nouns keep their capital).

    >>> statement_de("membership", "Marco Müller", "nukliD", "Gründer/in")
    'Marco Müller: Gründer/in bei nukliD'
    >>> statement_de("relation", "leap:up GmbH", "biosaxony e.V.", "Im Eigentum von")
    'leap:up GmbH: Im Eigentum von biosaxony e.V.'
    """
    return statement(fact_type, subject, obj, label, via, words=STATEMENTS_DE, lower=False)


@dataclass(frozen=True)
class Words:
    """The language of the pages being written: interface text, vocabulary labels, dates and
    numbers."""

    lang: str = "en"
    german: Mapping[str, str] = field(default_factory=dict)
    """English label of an ontology term → its German label (from the graph)."""

    def t(self, key: str, **values: object) -> str:
        return t(self.lang, key, **values)

    def term(self, label: str) -> str:
        if self.lang == "en" or not label:
            return label
        return self.german.get(label) or WORDS_DE.get(label, label)

    @cached_property
    def _roles(self) -> dict[str, str]:
        ordered = sorted(self.german.items(), key=lambda item: (-len(item[0]), item[0]))
        return {en.lower(): de for en, de in ordered}

    def reason(self, text: str) -> str:
        return text if self.lang == "en" else reason(text, self.lang, self._roles)

    def statement(
        self, fact_type: str, subject: str, obj: str, label: str = "", via: str = ""
    ) -> str:
        """A fact in words in the pages' language; `label` is the English label."""
        if self.lang == "en":
            return statement(fact_type, subject, obj, label, via)
        return statement_de(fact_type, subject, obj, self.term(label), via)

    def date(self, value: str) -> str:
        return date(value, self.lang)

    def number(self, value: float | int) -> str:
        return number(value, self.lang)


ENGLISH = Words()
