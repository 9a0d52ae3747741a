"""Network drawings: networkx graph → vis-network data with fixed positions → HTML section.

pyvis gives us vis-network (inlined from its package files) and its node and edge option
names; the page itself comes from our own template, so that nothing is loaded from a CDN
and every label reaches the browser as data, not markup.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import networkx as nx

from .networks import communities, simple_graph
from .webpage import esc, json_for_script, script_tag, style_tag

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


def positions(graph: nx.Graph, seed: int = 42) -> dict[str, tuple[int, int]]:
    """Fixed coordinates, the same for the same graph: a seeded spring layout of the
    connected nodes, and the isolated ones in a row underneath (so they do not squeeze
    the rest into a corner)."""
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
        if n <= 300:  # small: Kamada-Kawai spreads dense cores well and has no randomness
            layout = nx.kamada_kawai_layout(connected)
        else:
            layout = nx.spring_layout(
                connected, seed=seed, iterations=50 if n <= 1000 else 25, k=3.5 / math.sqrt(n)
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


def _colours(keys: list[str]) -> dict[str, str]:
    return {key: PALETTE[i % len(PALETTE)] for i, key in enumerate(keys)}


def _edge_text(data: dict, label: Callable[[str], str]) -> list[str]:
    if "reasons" in data:
        return list(data["reasons"])
    if data.get("edge_type") == "on-behalf-of":
        role = (data.get("role_label") or "member").lower()
        return [f"on behalf of, as {role} of {label(data.get('via', ''))}"]
    text = data.get("role_label") or data.get("relation_label") or data.get("edge_type", "")
    if data.get("share") is not None:
        text += f" ({data['share']:g} %)"
    dates = "–".join(d for d in (data.get("start"), data.get("end")) if d)
    if data.get("on_behalf_of"):
        text += f", on behalf of {label(data['on_behalf_of'])}"
    return [f"{text} {dates}".strip()]


def payload(
    graph: nx.Graph,
    *,
    pages: dict[str, str] | None = None,
    sources: Callable[[str], list[dict]] | None = None,
    names: Callable[[str], str] | None = None,
) -> dict:
    """The data the page script draws: nodes with positions, sizes, colours, tooltips."""
    pages = pages or {}
    # without a lookup, an edge's sources are shown by their addresses; nodes get none
    sources = sources or (
        lambda key: [{"url": key, "title": key}] if "://" in key and key not in graph else []
    )
    simple = simple_graph(graph)
    community = communities(simple)
    pos = positions(graph)

    def label(node: str) -> str:
        if node in graph:
            return graph.nodes[node].get("label", node)
        return names(node) if names else node

    roles: dict[str, list[str]] = {n: [] for n in graph.nodes}
    edges = []
    for u, v, data in sorted(graph.edges(data=True), key=lambda e: (e[0], e[1], str(e[2]))):
        texts = _edge_text(data, label)
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
                "kind_label": attrs.get("kind_label", ""),
                "type": attrs.get("type", ""),
                "community": community.get(node, 0),
                "x": pos[node][0],
                "y": pos[node][1],
                "size": round(8 + 4 * math.sqrt(simple.degree(node)), 2),
                "page": pages.get(node),
                "roles": sorted(set(roles[node])),
                "sources": sources(node),
            }
        )
    kinds = sorted({(n["kind"], n["kind_label"]) for n in nodes})
    comms = sorted({n["community"] for n in nodes})
    return {
        "nodes": nodes,
        "edges": edges,
        "kindNames": {k: name or k for k, name in kinds},
        "kindColours": _colours([k for k, _ in kinds]),
        "communityNames": {f"c{c}": f"Community {c + 1}" for c in comms},
        "communityColours": _colours([f"c{c}" for c in comms]),
    }


def section(
    data: dict,
    *,
    small: bool = False,
    caption: str = "",
    hint: str = "Click a node; double-click opens its page.",
) -> str:
    """Controls, the drawing and the details panel of one network."""
    return f"""<div class="{"kg-small" if small else ""}">
<div class="kg-controls">
<label>Colour by <select id="kg-colour"><option value="kind">kind</option>
<option value="community">community</option></select></label>
<form id="kg-search"><input id="kg-search-text" type="search" placeholder="Find by name"
 aria-label="Find by name"> <button type="submit">Find</button>
 <span id="kg-search-status" class="muted"></span></form>
<span id="kg-filters"></span>
</div>
<div class="kg-layout">
<div id="kg-network" role="img" aria-label="{esc(caption)}"></div>
<aside><h3>Legend</h3><ul id="kg-legend"></ul>
<h3>Details</h3><div id="kg-details" class="muted">{esc(hint)}</div>
<p class="muted">{len(data["nodes"])} nodes, {len(data["edges"])} edges. {esc(caption)}</p>
</aside>
</div>
</div>"""


def scripts(data: dict, prefix: str | None = None) -> str:
    """The data block and the scripts: from the site's assets, or all inline (prefix None)."""
    return (
        f'<script type="application/json" id="kg-network-data">{json_for_script(data)}'
        f"</script>\n{script_tag('vis-network.min.js', prefix)}\n"
        f"{script_tag('network.js', prefix)}"
    )


def styles(prefix: str | None = None) -> str:
    return style_tag("vis-network.css", prefix)
