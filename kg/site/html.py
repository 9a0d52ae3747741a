"""HTML building blocks of the static site: one layout, escaping, safe links, inline assets."""

from __future__ import annotations

import html
import json
import re
from functools import cache
from pathlib import Path

import pyvis

__all__ = [
    "ASSETS", "SAFE_URL", "VIS_DIR", "asset", "esc", "href", "json_for_script", "link", "page",
    "script_tag", "style_tag", "vis_asset", "write_assets",
]

VIS_DIR = Path(pyvis.__file__).parent / "templates" / "lib" / "vis-9.1.2"
SAFE_URL = re.compile(r"^(https?://[^\s\"'<>]+|[A-Za-z0-9._/-]+\.html(#[A-Za-z0-9_-]+)?)$")


def esc(text: object) -> str:
    """Text from data as HTML text: < > & " ' escaped, never markup."""
    return html.escape("" if text is None else str(text), quote=True)


def href(url: str) -> str | None:
    """The URL if it is an http(s) address or a page of the site, else None."""
    return url if url and SAFE_URL.match(url) else None


def link(url: str | None, text: object, title: str | None = None) -> str:
    target = href(url or "")
    if target is None:
        return esc(text)
    extra = ' rel="noopener noreferrer"' if target.startswith("http") else ""
    tip = f' title="{esc(title)}"' if title else ""
    return f'<a href="{esc(target)}"{extra}{tip}>{esc(text)}</a>'


def json_for_script(data: object) -> str:
    """JSON that is safe inside <script type="application/json">: no '<', '>' or '&'."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


@cache
def asset(name: str) -> str:
    return (Path(__file__).parent / "assets" / name).read_text(encoding="utf-8")


@cache
def vis_asset(name: str) -> str:
    """vis-network's own file from the pyvis package, to be inlined (no CDN)."""
    text = (VIS_DIR / name).read_text(encoding="utf-8")
    return text.replace("</script", "<\\/script").replace("</style", "<\\/style")


ASSETS = {
    "site.css": asset,
    "network.js": asset,
    "vis-network.min.js": vis_asset,
    "vis-network.css": vis_asset,
}


def write_assets(folder: Path) -> None:
    """The site's shared files (site/assets/), so that pages do not repeat 0.5 MB each."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, read in ASSETS.items():
        (folder / name).write_text(read(name), encoding="utf-8")


def style_tag(name: str, prefix: str | None) -> str:
    """A stylesheet linked from the site's assets, or inlined when prefix is None."""
    if prefix is None:
        return f"<style>{ASSETS[name](name)}</style>"
    return f'<link rel="stylesheet" href="{esc(prefix)}assets/{esc(name)}">'


def script_tag(name: str, prefix: str | None) -> str:
    """A script from the site's assets, or inlined when prefix is None."""
    if prefix is None:
        return f"<script>{ASSETS[name](name)}</script>"
    return f'<script src="{esc(prefix)}assets/{esc(name)}"></script>'


def page(title: str, body: str, *, prefix: str = "", scripts: str = "", styles: str = "") -> str:
    """A complete page; `prefix` leads from the page's folder to the site root."""
    nav = " ".join(
        link(f"{prefix}{target}", text)
        for target, text in (
            ("index.html", "Overview"),
            ("ecosystem.html", "Ecosystem network"),
            ("collaboration.html", "Organisation collaboration"),
            ("ontology.html", "Ontology"),
        )
    )
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{esc(title)} · Saxon life-science knowledge graph</title>
{style_tag("site.css", prefix)}{styles}
</head>
<body>
<header><nav>{nav}</nav></header>
<main>
{body}
</main>
{scripts}
</body>
</html>
"""
