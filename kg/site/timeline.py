"""Time on the pages: what the network pages' time control needs, the overview's growth
chart and each entity's timeline.

The time control (assets/timecontrol.js) shows a network as of 31 December of a chosen year
by the as-of rule of every query (kg.builder.lifetimes): an affiliation edge is one fact and
carries the first and last day it can hold; a collaboration edge is a pair of organisations
and carries the years at whose end the catalogue query collaboration-pairs, asked as of that
day, names it — so page, query and `kg network --as-of` agree. Positions stay as laid out
for the whole network: readers see ties appear and disappear, not the drawing move.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

import networkx as nx
import pyoxigraph

from kg.networks.views import Facts, collaboration_pairs
from kg.rdf.stores import select
from kg.site.html import esc, link

__all__ = [
    "BOUNDARIES", "change_years", "collaboration_years", "edge_window", "growth_chart",
    "node_window", "tie_years", "timeline_html",
]


def tie_years(facts: Facts) -> list[int]:
    """The years from the first to the last day on which a dated tie begins or ends."""
    days = [
        row[key][:4]
        for row in (*facts.memberships, *facts.relations, *facts.participations)
        for key in ("validFrom", "validUntil")
        if key in row
    ]
    return list(range(int(min(days)), int(max(days)) + 1)) if days else []


BOUNDARIES = """
PREFIX sls: <https://w3id.org/saxony-lifescience/ontology#>
SELECT DISTINCT ?day WHERE { ?fact sls:validFrom|sls:validUntil ?day }
"""


def change_years(store: pyoxigraph.Store) -> set[int]:
    """The years at whose end the as-of answers may differ from the year before: a window
    opens or closes in the year itself or (a last day of 31 December) the year after."""
    years = {int(row["day"][:4]) for row in select(store, BOUNDARIES)}
    return years | {year + 1 for year in years}


def collaboration_years(
    store: pyoxigraph.Store, years: Sequence[int]
) -> dict[tuple[str, str], list[int]]:
    """(a, b), a < b → the years at whose end the pair is a collaboration tie.

    The query is asked only at the end of a year in which some window opens or closes; in
    between the answer stays the same, so the year before's is kept (the data spans six
    centuries, the years with a change are far fewer)."""
    held: dict[tuple[str, str], list[int]] = {}
    changes = change_years(store)
    pairs: list[tuple[str, str]] = []
    for i, year in enumerate(years):
        if i == 0 or year in changes:
            pairs = [(row["a"], row["b"]) for row in
                     collaboration_pairs(store, dt.date(year, 12, 31))]
        for pair in pairs:
            held.setdefault(pair, []).append(year)
    return held


def node_window(attrs: dict) -> dict[str, str]:
    """The node's first and last possible day, where known (organisations and events)."""
    return {k: attrs[k] for k in ("valid_from", "valid_until") if k in attrs}


def edge_window(graph: nx.Graph, u: str, v: str, data: dict) -> dict[str, object]:
    """An affiliation edge's days, or a collaboration edge's years (see the module text)."""
    if "years" in data:
        return {"years": data["years"]}
    return {k: data[k] for k in ("valid_from", "valid_until") if k in data}


def growth_chart(rows: list[dict[str, int]], title: str, labels: dict[str, str]) -> str:
    """An SVG bar chart of organisations founded and ties begun per year, with the ties held
    at each year's end as a line; a table of the same numbers follows for screen readers."""
    if not rows:
        return ""
    width, height, pad = 720, 220, 30
    step = (width - 2 * pad) / len(rows)
    top = max(max(r["ties_begun"] + r["organisations_founded"] for r in rows), 1)
    held_top = max(max(r["ties_held"] for r in rows), 1)
    bars, points = [], []
    for i, row in enumerate(rows):
        x = pad + i * step
        for value, offset, css in (
            (row["organisations_founded"], 0, "kg-founded"),
            (row["ties_begun"], row["organisations_founded"], "kg-begun"),
        ):
            if value:
                h = (height - 2 * pad) * value / top
                y = height - pad - (height - 2 * pad) * offset / top - h
                bars.append(
                    f'<rect class="{css}" x="{x:.1f}" y="{y:.1f}" width="{max(step - 2, 1):.1f}"'
                    f' height="{h:.1f}"><title>{row["year"]}: {value}</title></rect>'
                )
        y = height - pad - (height - 2 * pad) * row["ties_held"] / held_top
        points.append(f"{x + step / 2:.1f},{y:.1f}")
    ticks = [
        f'<text x="{pad + i * step + step / 2:.1f}" y="{height - 8}" text-anchor="middle">'
        f'{row["year"]}</text>'
        for i, row in enumerate(rows)
        if row["year"] % 5 == 0 or i in (0, len(rows) - 1)
    ]
    svg = (
        f'<svg class="kg-growth" viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="kg-growth-title"><title id="kg-growth-title">{esc(title)}</title>'
        + "".join(bars)
        + f'<polyline class="kg-held" fill="none" points="{" ".join(points)}"/>'
        + "".join(ticks)
        + "</svg>"
    )
    legend = " · ".join(
        f'<span class="{css}-key">{esc(labels[key])}</span>'
        for css, key in (("kg-founded", "founded"), ("kg-begun", "begun"), ("kg-held", "held"))
    )
    return f'<figure class="kg-growth-figure">{svg}<figcaption>{legend}</figcaption></figure>'


def timeline_html(
    items: Iterable[tuple[str, str, str, list[dict[str, str]]]], heading: str, undated: str
) -> str:
    """An entity's facts in date order: (ISO start for sorting, the dates as shown, text,
    sources); undated facts last."""
    items = sorted(items, key=lambda item: (item[0] == "", item[0], item[2]))
    if not items:
        return ""
    rows = []
    for _, date, text, sources in items:
        cited = ", ".join(link(s["url"], s.get("title") or s["url"]) for s in sources)
        rows.append(
            f'<li><span class="kg-when">{esc(date or undated)}</span> '
            f'<span class="kg-what">{esc(text)}</span>'
            + (f' <span class="kg-cited">{cited}</span>' if cited else "")
            + "</li>"
        )
    return f'<section class="kg-timeline"><h2>{esc(heading)}</h2><ol>{"".join(rows)}</ol></section>'
