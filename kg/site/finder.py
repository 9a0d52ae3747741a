"""The overview's "How are they connected?" finder: the data it searches, written by `kg viz`.

The browser finds the connection itself (assets/finder.js), from `assets/finder-data.js`:
every fact of the affiliation view as one step, with the same kinds and words as `kg path`
(kg.networks.paths.statement), its dates and its sources, one file a language
(`finder-data.js`, `finder-data-de.js`). Nothing is fetched; everything from the data is shown
as text.
"""

from __future__ import annotations

import json

import networkx as nx

from kg.networks.paths import fact_kind
from kg.site.data import SiteData
from kg.site.i18n import ENGLISH, Words

__all__ = ["finder_data", "finder_file", "finder_script"]


def finder_file(lang: str) -> str:
    """The finder's data for the pages in `lang`, in assets/."""
    return "finder-data.js" if lang == "en" else f"finder-data-{lang}.js"

_TYPES = {
    "membership": "membership", "participation": "participation",
    "on-behalf-of": "on behalf of", "relation": "relation", "rename": "rename",
}


def _step(
    data: SiteData, u: str, v: str, attrs: dict, sources: dict[str, int], lang: Words
) -> list:
    fact_type = _TYPES[attrs["edge_type"]]
    label = attrs.get("role_label") or attrs.get("relation_label") or ""
    via = data.label(attrs["via"]) if "via" in attrs else ""
    words = lang.statement(fact_type, data.label(u), data.label(v), label, via)
    if "share" in attrs:
        words += f" ({attrs['share']:g} %)"
    cited = attrs.get("sources", [])
    return [
        lang.term(fact_kind(fact_type, attrs.get("role") or attrs.get("relation"))),
        lang.term(label), attrs.get("start", ""), attrs.get("end", ""), words,
        [sources.setdefault(url, len(sources)) for url in cited],
    ]


def finder_data(
    graph: nx.MultiDiGraph, data: SiteData, pages: dict[str, str], lang: Words = ENGLISH
) -> dict:
    """Nodes [name, kind, page, alternative names], facts [from, to, kind, role, start, end,
    statement, source numbers] and sources [url, title]; numbers index the lists, so the
    file stays small. Facts come in the graph's own (sorted) order: the same data, the same
    file."""
    nodes = sorted(graph.nodes)
    index = {n: i for i, n in enumerate(nodes)}
    sources: dict[str, int] = {}
    facts = [
        [index[u], index[v], *_step(data, u, v, attrs, sources, lang)]
        for u, v, key, attrs in sorted(graph.edges(keys=True, data=True), key=lambda e: e[2])
        if attrs["edge_type"] in _TYPES
    ]
    return {
        "nodes": [
            [
                data.label(n), lang.term(graph.nodes[n].get("kind_label", "")), pages.get(n, ""),
                [name for name in data.names.get(n, []) if name != data.label(n)],
            ]
            for n in nodes
        ],
        "facts": facts,
        "sources": [
            [url, data.source(url).get("title", url)]
            for url, _ in sorted(sources.items(), key=lambda item: item[1])
        ],
    }


def finder_script(
    graph: nx.MultiDiGraph, data: SiteData, pages: dict[str, str], lang: Words = ENGLISH
) -> str:
    """`window.kgFinder = JSON.parse("...")`: parsed as JSON, never run as code."""
    payload = json.dumps(finder_data(graph, data, pages, lang), ensure_ascii=False,
                         separators=(",", ":"), sort_keys=True)
    return f"window.kgFinder = JSON.parse({json.dumps(payload, ensure_ascii=False)});\n"
