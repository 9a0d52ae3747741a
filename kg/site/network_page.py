"""Network drawings: networkx graph → vis-network data with fixed positions → HTML section.

pyvis gives us vis-network (inlined from its package files) and its node and edge option
names; the page itself comes from our own template, so that nothing is loaded from a CDN
and every label reaches the browser as data, not markup.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from itertools import combinations

import networkx as nx

from kg.networks.views import communities, simple_graph, within
from kg.site.html import esc, json_for_script, link, script_tag, style_tag, table
from kg.site.i18n import ENGLISH, Words, number, t
from kg.site.timeline import edge_window, node_window

__all__ = [
    "Coords", "KAMADA_KAWAI_LIMIT", "Layout", "OTHER_COLOUR", "PALETTE", "aggregate_payload",
    "community_graph", "community_id", "community_name", "community_summary", "payload",
    "positions", "radial", "script_text", "scripts", "section", "spring", "standard", "styles",
    "text_alternative", "time_control",
]

KAMADA_KAWAI_LIMIT = 300
"""Connected parts up to this many nodes are laid out with Kamada-Kawai, larger ones with a
seeded spring layout. Kamada-Kawai costs 0.02–8 s a graph (3 to 150 nodes): too much for
the thousands of drawings of a large site, which use `spring` and `radial` instead."""
RING_GAP, NODE_GAP = 180, 45
"""Radial ego layouts: distance between rings, and between neighbours on a ring."""

Coords = dict[str, tuple[int, int]]
Layout = Callable[[nx.Graph, dict[str, int]], Coords]
"""(graph, node → community) → fixed coordinates of every node."""

# 20 colours that stay apart from each other (after Sasha Trubetskoy's list).
PALETTE = (
    "#e6194b",
    "#3cb44b",
    "#4363d8",
    "#f58231",
    "#911eb4",
    "#42d4f4",
    "#f032e6",
    "#bfef45",
    "#469990",
    "#9a6324",
    "#800000",
    "#808000",
    "#000075",
    "#a9a9a9",
    "#dcbeff",
    "#ffe119",
    "#fabed4",
    "#aaffc3",
    "#ffd8b1",
    "#000000",
)
OTHER_COLOUR = "#888888"
"""Communities beyond the PALETTE's 20 largest on an aggregated page (network.js's default)."""


def positions(
    graph: nx.Graph, seed: int = 42, kamada_kawai_limit: int = KAMADA_KAWAI_LIMIT
) -> Coords:
    """Fixed coordinates, the same for the same graph: Kamada-Kawai (up to
    `kamada_kawai_limit` connected nodes) or a seeded spring layout of the connected nodes,
    and the isolated ones in rows underneath (so they do not squeeze the rest into a
    corner)."""
    simple = simple_graph(graph) if graph.is_multigraph() or graph.is_directed() else graph
    ordered = nx.Graph()
    ordered.add_nodes_from(sorted(simple.nodes))
    ordered.add_edges_from(sorted((min(u, v), max(u, v)) for u, v in simple.edges))
    isolated = [n for n in ordered.nodes if ordered.degree(n) == 0]
    connected = ordered.subgraph(n for n in ordered.nodes if ordered.degree(n) > 0)
    scale = 200 + 60 * math.sqrt(ordered.number_of_nodes())
    coords: dict[str, tuple[int, int]] = {}
    if connected.number_of_nodes():
        n = connected.number_of_nodes()
        if n <= kamada_kawai_limit:  # Kamada-Kawai spreads dense cores well, no randomness
            layout = nx.kamada_kawai_layout(connected)
        else:
            layout = nx.spring_layout(
                connected, seed=seed, iterations=50 if n < 500 else 25, k=3.5 / math.sqrt(n)
            )
        coords = {
            v: (round(float(x) * scale), round(float(y) * scale)) for v, (x, y) in layout.items()
        }
    bottom = max((y for _, y in coords.values()), default=0) + 100
    per_row = max(1, int(math.sqrt(len(isolated) or 1) * 2))
    for i, node in enumerate(isolated):
        coords[node] = (
            round(-scale + (i % per_row) * 2 * scale / per_row),
            bottom + 120 * (i // per_row),
        )
    return coords


def radial(center: str) -> Layout:
    """A layout for ego networks: `center` in the middle, the others on rings around it,
    nearest first, each ring in order of community, kind and id (so that a community sits
    together). O(n log n), where Kamada-Kawai took seconds per ego at scale."""

    def layout(graph: nx.Graph, community: dict[str, int]) -> Coords:
        hops = within(graph, center)
        far = max(hops.values(), default=0) + 1
        others = sorted(
            (n for n in graph if n != center),
            key=lambda n: (
                hops.get(n, far),
                community.get(n, 0),
                str(graph.nodes[n].get("kind", "")),
                n,
            ),
        )
        return {center: (0, 0), **_rings(others)}

    return layout


def _rings(nodes: list[str]) -> Coords:
    coords: Coords = {}
    ring, done = 0, 0
    while done < len(nodes):
        ring += 1
        radius = RING_GAP * ring
        chunk = nodes[done : done + max(8, int(2 * math.pi * radius / NODE_GAP))]
        for i, node in enumerate(chunk):
            angle = 2 * math.pi * (i + 0.5 * (ring % 2)) / len(chunk)
            coords[node] = (round(radius * math.cos(angle)), round(radius * math.sin(angle)))
        done += len(chunk)
    return coords


def spring(graph: nx.Graph, community: dict[str, int]) -> Coords:
    """`positions` without Kamada-Kawai: the layout of the many drawings of a large site."""
    return positions(graph, kamada_kawai_limit=0)


def standard(graph: nx.Graph, community: dict[str, int]) -> Coords:
    """`positions` with its defaults (Kamada-Kawai for small connected parts)."""
    return positions(graph)


def _colours(keys: list[str]) -> dict[str, str]:
    return {key: PALETTE[i % len(PALETTE)] for i, key in enumerate(keys)}


def _edge_text(data: dict, label: Callable[[str], str], words: Words = ENGLISH) -> list[str]:
    if "reasons" in data:
        return [words.reason(r) for r in data["reasons"]]
    if data.get("edge_type") == "on-behalf-of":
        role = words.term(data.get("role_label") or "Member")
        role = role.lower() if words.lang == "en" else role
        return [words.t("behalf_as", role=role, of=label(data.get("via", "")))]
    text = words.term(
        data.get("role_label") or data.get("relation_label") or data.get("edge_type", "")
    )
    if data.get("share") is not None:
        text += f" ({words.number(float(data['share']))} %)"
    dates = "–".join(words.date(d) for d in (data.get("start"), data.get("end")) if d)
    if data.get("on_behalf_of"):
        text += words.t("behalf_of", of=label(data["on_behalf_of"]))
    return [f"{text} {dates}".strip()]


def payload(
    graph: nx.Graph,
    *,
    pages: dict[str, str] | None = None,
    sources: Callable[[str], list[dict]] | None = None,
    names: Callable[[str], str] | None = None,
    layout: Layout = standard,
    lean: bool = False,
    community: dict[str, int] | None = None,
    words: Words = ENGLISH,
    years: Sequence[int] = (),
) -> dict:
    """The data the page script draws: nodes with positions, sizes, colours, tooltips.
    `years`: those the time control offers (kg.site.timeline), none for no control.
    `lean` leaves the sources out of nodes and edges (for pages that would be too big);
    `community` (node → number, e.g. of the whole network) saves running Louvain here;
    `words`: the language of kinds, roles and dates."""
    pages = pages or {}
    # without a lookup, an edge's sources are shown by their addresses; nodes get none
    sources = sources or (
        lambda key: [{"url": key, "title": key}] if "://" in key and key not in graph else []
    )
    if lean:
        sources = _no_sources
    simple = simple_graph(graph)
    if community is None:
        community = communities(simple)
    pos = layout(graph, community)

    def label(node: str) -> str:
        if node in graph:
            return graph.nodes[node].get("label", node)
        return names(node) if names else node

    roles: dict[str, list[str]] = {n: [] for n in graph.nodes}
    edges = []
    for u, v, data in sorted(_ends(graph), key=lambda e: (e[0], e[1], str(e[2]))):
        texts = _edge_text(data, label, words)
        if "reasons" not in data:
            roles[u].extend(f"{t} – {label(v)}" for t in texts)
        edges.append(
            {
                "from": u,
                "to": v,
                "width": min(1 + data.get("weight", 1), 8),
                "label": f"{label(u)} – {label(v)}",
                "roles": texts,
                "sources": [s for url in data.get("sources", []) for s in sources(url)],
                **edge_window(graph, u, v, data),
            }
        )
    nodes = []
    for node in sorted(graph.nodes):
        attrs = graph.nodes[node]
        nodes.append(
            {
                "id": node,
                "label": attrs.get("label", node),
                "kind": attrs.get("kind", ""),
                "kind_label": words.term(attrs.get("kind_label", "")),
                "type": attrs.get("type", ""),
                "community": community.get(node, 0),
                "x": pos[node][0],
                "y": pos[node][1],
                "size": round(8 + 4 * math.sqrt(simple.degree(node)), 2),
                "page": pages.get(node),
                "roles": sorted(set(roles[node])),
                "sources": sources(node),
                **node_window(attrs),
            }
        )
    kinds = sorted({(n["kind"], n["kind_label"]) for n in nodes})
    comms = sorted({n["community"] for n in nodes})
    return {
        "nodes": nodes,
        "edges": edges,
        "kindNames": {k: name or k for k, name in kinds},
        "kindColours": _colours([k for k, _ in kinds]),
        "communityNames": {f"c{c}": community_name(c, words) for c in comms},
        "communityColours": _colours([f"c{c}" for c in comms]),
        **({"time": {"years": list(years)}} if years else {}),
    }


def _ends(graph: nx.Graph) -> Iterable[tuple[str, str, dict]]:
    """Edges with their data; an undirected edge from its smaller end, whichever end the
    graph (or a subgraph view, whose order follows a set's) happens to list first."""
    if graph.is_directed():
        return graph.edges(data=True)
    return ((min(u, v), max(u, v), data) for u, v, data in graph.edges(data=True))


def _no_sources(key: str) -> list[dict]:
    return []


# -- aggregated drawings: communities as nodes ----------------------------------------------


def community_name(number: int, words: Words = ENGLISH) -> str:
    return words.t("community", n=number + 1)


def community_id(number: int) -> str:
    return f"community-{number + 1}"


def community_graph(
    simple: nx.Graph, community: dict[str, int], words: Words = ENGLISH
) -> nx.Graph:
    """Communities as nodes (their numbers; `members`: their nodes, sorted; `summary`, for
    two or more members: `community_summary`) and, between two communities, an edge whose
    `weight` is the number of tied pairs of their members.

    >>> q = community_graph(nx.path_graph(["a", "b", "c"]), {"a": 0, "b": 0, "c": 1})
    >>> q.nodes[0]["members"], q.edges[0, 1]["weight"]
    (['a', 'b'], 1)
    """
    members: dict[int, list[str]] = defaultdict(list)
    for node in sorted(simple):
        members[community[node]].append(node)
    quotient = nx.Graph()
    quotient.add_nodes_from((c, {"members": members[c]}) for c in sorted(members))
    for c, nodes in members.items():
        if len(nodes) > 1:
            quotient.nodes[c]["summary"] = community_summary(simple, nodes, words=words)
    ties: Counter[tuple[int, int]] = Counter()
    for u, v in simple.edges():
        a, b = community[u], community[v]
        if a != b:
            ties[(a, b) if a < b else (b, a)] += 1
    quotient.add_edges_from((a, b, {"weight": n}) for (a, b), n in sorted(ties.items()))
    return quotient


def aggregate_payload(
    simple: nx.Graph,
    quotient: nx.Graph,
    *,
    pages: dict[str, str],
    community_pages: dict[int, str],
    words: Words = ENGLISH,
) -> dict:
    """The data of an aggregated drawing of `simple` (its `community_graph` is `quotient`):
    one node per community (`members`: how many; a community of one shows its member and
    opens the member's page), one edge per pair of tied communities (width by the number of
    ties), laid out here once: the page's physics stay off."""
    pos = _quotient_layout(quotient)
    nodes = [
        _super_node(simple, c, data, pos[c], pages.get, community_pages.get, words)
        for c, data in quotient.nodes(data=True)
    ]
    label = {node["community"]: node["label"] for node in nodes}
    edges = [
        {
            "from": community_id(a),
            "to": community_id(b),
            "width": round(min(1 + math.log2(ties), 8), 2),
            "label": f"{label[a]} – {label[b]}",
            "roles": [words.t("ties_n" if ties > 1 else "tie_1", n=words.number(ties))],
            "sources": [],
        }
        for a, b, ties in quotient.edges(data="weight")
    ]
    return {"nodes": nodes, "edges": edges, "colourBy": "community", **_legends(nodes, words)}


def _quotient_layout(quotient: nx.Graph) -> dict[int, tuple[int, int]]:
    """Tied communities laid out by `positions` (up to 100 by Kamada-Kawai, which spreads a
    few densely tied communities evenly where a spring layout heaps them up) and pushed
    apart until no two circles overlap; the untied ones in a square grid underneath."""
    tied = [c for c in quotient if quotient.degree(c)]
    layout = positions(quotient.subgraph(tied), kamada_kawai_limit=100) if tied else {}
    coords = _spread(quotient, layout)
    untied = [c for c in quotient if not quotient.degree(c)]
    largest = max((len(quotient.nodes[c]["members"]) for c in untied), default=1)
    gap = max(30, round(2 * _super_size(largest)) + 6)
    xs = [x for x, _ in coords.values()] or [0]
    per_row = max(1, (max(xs) - min(xs)) // gap, math.ceil(math.sqrt(len(untied))))
    top = max((y for _, y in coords.values()), default=0) + 300
    for i, c in enumerate(untied):
        coords[c] = (min(xs) + (i % per_row) * gap, top + (i // per_row) * gap)
    return coords


def _spread(quotient: nx.Graph, coords: dict) -> dict:
    """`coords` scaled up (at most 8×) until the circles of no two communities overlap."""
    radius = {c: _super_size(len(quotient.nodes[c]["members"])) for c in coords}
    factor = 1.0
    for (a, (xa, ya)), (b, (xb, yb)) in combinations(sorted(coords.items()), 2):
        room = math.hypot(xa - xb, ya - yb) or 1.0
        factor = max(factor, (radius[a] + radius[b] + 20) / room)
    factor = min(factor, 8.0)
    return {c: (round(x * factor), round(y * factor)) for c, (x, y) in coords.items()}


def _super_size(members: int) -> float:
    return 8 if members == 1 else round(10 + 3 * math.sqrt(members), 2)


def _super_node(
    simple: nx.Graph,
    number: int,
    data: dict,
    xy: tuple[int, int],
    page: Callable[[str], str | None],
    community_page: Callable[[int], str | None],
    words: Words = ENGLISH,
) -> dict:
    members = data["members"]
    base = {"id": community_id(number), "community": number, "members": len(members)}
    base.update(x=xy[0], y=xy[1], sources=[])
    if len(members) == 1:
        attrs = simple.nodes[members[0]]
        return {
            **base,
            "label": attrs.get("label", members[0]),
            "kind": attrs.get("kind", ""),
            "kind_label": words.term(attrs.get("kind_label", "")),
            "type": attrs.get("type", ""),
            "size": _super_size(1),
            "page": page(members[0]),
            "roles": [],
        }
    return {
        **base,
        "label": f"{community_name(number, words)} ({words.number(len(members))})",
        "kind": "community",
        "kind_label": words.t("members_n", n=words.number(len(members))),
        "type": "community",
        "size": _super_size(len(members)),
        "page": community_page(number),
        "roles": data["summary"],
    }


def community_summary(
    simple: nx.Graph, members: list[str], hubs: int = 5, words: Words = ENGLISH
) -> list[str]:
    """Two lines: members by kind, and the members with the most ties."""
    kinds = Counter(
        words.term(str(simple.nodes[n].get("kind_label") or "other")) for n in members
    )
    counted = sorted(kinds.items(), key=lambda item: (-item[1], item[0]))
    top = sorted(members, key=lambda n: (-simple.degree(n), n))[:hubs]
    return [
        ", ".join(f"{words.number(count)} × {kind}" for kind, count in counted),
        words.t("most_ties") + ": " + "; ".join(str(simple.nodes[n].get("label", n)) for n in top),
    ]


def _legends(nodes: list[dict], words: Words = ENGLISH) -> dict:
    """Kinds (communities, and the kinds of single members); the 20 largest communities in
    colour, the others grey."""
    kinds = dict(sorted({(n["kind"], n["kind_label"]) for n in nodes if n["members"] == 1}))
    kinds["community"] = words.t("community_kind")
    largest = [n["community"] for n in nodes if n["members"] > 1][: len(PALETTE)]
    names = {f"c{c}": community_name(c, words) for c in largest}
    colours = {f"c{c}": PALETTE[i] for i, c in enumerate(largest)}
    names["other"], colours["other"] = words.t("smaller_communities"), OTHER_COLOUR
    return {
        "kindNames": dict(sorted(kinds.items())),
        "kindColours": _colours(sorted(kinds)),
        "communityNames": names,
        "communityColours": colours,
    }


def section(
    data: dict,
    *,
    small: bool = False,
    caption: str = "",
    hint: str | None = None,
    units: tuple[str, str] | None = None,
    level: int = 2,
    lang: str = "en",
) -> str:
    """Controls, the drawing, the details panel and a text alternative of one network;
    `level` is that of the panel's headings (one below the heading of the network)."""
    hint = hint if hint is not None else t(lang, "net_hint")
    nodes_unit, edges_unit = units or (t(lang, "nodes"), t(lang, "edges"))
    counts = (
        f"{number(len(data['nodes']), lang)} {nodes_unit}, "
        f"{number(len(data['edges']), lang)} {edges_unit}"
    )
    h = f"h{level}"
    find = esc(t(lang, "find_in_network"))
    return f"""<div class="{"kg-small" if small else ""}">
<div class="kg-controls">
<label>{esc(t(lang, "colour_by"))} <select id="kg-colour"><option value="kind">\
{esc(t(lang, "by_kind"))}</option>
<option value="community">{esc(t(lang, "by_community"))}</option></select></label>
<form id="kg-search" role="search" aria-label="{find}">
<input id="kg-search-text" type="search" placeholder="{find}" aria-label="{find}">
 <button type="submit">{esc(t(lang, "find"))}</button>
 <span id="kg-search-status" class="muted" aria-live="polite"></span></form>
<fieldset id="kg-filters"><legend class="kg-hidden">{esc(t(lang, "show_kinds"))}</legend>\
</fieldset>
{time_control(data, lang)}
</div>
<div class="kg-layout">
<div id="kg-network" role="img" aria-label="{esc(caption)}"></div>
<aside><{h}>{esc(t(lang, "legend"))}</{h}><ul id="kg-legend"></ul>
<{h}>{esc(t(lang, "details"))}</{h}><div id="kg-details" class="muted" aria-live="polite">\
{esc(hint)}</div>
<p class="muted">{esc(counts)}. {esc(caption)}</p>
</aside>
</div>
{text_alternative(data, lang)}
<script type="application/json" id="kg-network-text">{json_for_script(script_text(lang))}\
</script>
</div>"""


def time_control(data: dict, lang: str) -> str:
    """The slider over the years of the dated facts (assets/timecontrol.js brings it to life;
    it stays hidden without script, and on drawings without dated facts)."""
    years = data.get("time", {}).get("years", [])
    if not years:
        return ""
    label, everything = esc(t(lang, "time_label")), esc(t(lang, "time_all"))
    return (
        f'<div id="kg-time" class="kg-time" hidden data-all="{everything}">'
        f'<label for="kg-time-year">{label}</label> '
        f'<input id="kg-time-year" type="range" min="0" max="{len(years)}" '
        f'value="{len(years)}" step="1" aria-describedby="kg-time-hint"> '
        f'<output for="kg-time-year" aria-live="polite">{everything}</output>'
        f'<span id="kg-time-hint" class="muted"> {esc(t(lang, "time_hint"))}</span></div>'
    )


def script_text(lang: str) -> dict[str, str]:
    """The words network.js writes into the page."""
    return {
        "sources": t(lang, "sources"),
        "open": t(lang, "open_page", name="{name}"),
        "notFound": t(lang, "not_found"),
    }


def text_alternative(data: dict, lang: str = "en") -> str:
    """The network as two tables, its nodes (with their number of ties) and its ties, in a
    <details> element: what a screen reader (or a reader without a mouse) gets of it."""
    ties: Counter[str] = Counter()
    for edge in data["edges"]:
        ties[edge["from"]] += 1
        ties[edge["to"]] += 1
    label = {n["id"]: n["label"] for n in data["nodes"]}
    page = {n["id"]: n.get("page") for n in data["nodes"]}

    def name(node: str) -> str:
        return link(page.get(node), label.get(node, node))

    nodes = table(
        (t(lang, "name"), t(lang, "kind"), t(lang, "ties")),
        (
            [name(n["id"]), esc(n.get("kind_label", "")), esc(number(ties[n["id"]], lang))]
            for n in data["nodes"]
        ),
        caption=t(lang, "nodes_caption", n=number(len(data["nodes"]), lang)),
    )
    edges = table(
        (t(lang, "from"), t(lang, "to"), t(lang, "tie")),
        (
            [name(e["from"]), name(e["to"]), esc("; ".join(e.get("roles", [])))]
            for e in data["edges"]
        ),
        caption=t(lang, "edges_caption", n=number(len(data["edges"]), lang)),
    )
    summary = esc(t(lang, "as_table"))
    return f'<details class="kg-alt"><summary>{summary}</summary>{nodes}{edges}</details>'


def scripts(data: dict, prefix: str | None = None) -> str:
    """The data block and the scripts: from the site's assets, or all inline (prefix None)."""
    return (
        f'<script type="application/json" id="kg-network-data">{json_for_script(data)}'
        f"</script>\n{script_tag('vis-network.min.js', prefix)}\n"
        f"{script_tag('network.js', prefix)}"
        + (f"\n{script_tag('timecontrol.js', prefix)}" if data.get("time") else "")
    )


def styles(prefix: str | None = None) -> str:
    return style_tag("vis-network.css", prefix)
