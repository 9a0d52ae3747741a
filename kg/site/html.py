"""HTML building blocks of the static site: one layout, escaping, safe links, inline assets."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterable, Sequence
from functools import cache
from pathlib import Path

import pyvis

from kg.site.i18n import t

__all__ = [
    "ASSETS", "SAFE_URL", "TITLE_LIMIT", "VIS_DIR", "asset", "asset_root", "esc", "href",
    "index_file", "json_for_script", "link", "other_language", "page", "page_title", "script_tag",
    "search_box", "style_tag", "table", "vis_asset", "write_assets",
]

VIS_DIR = Path(pyvis.__file__).parent / "templates" / "lib" / "vis-9.1.2"
TITLE_LIMIT = 70
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
    "search.js": asset,
    "finder.js": asset,
    "timecontrol.js": asset,
    "map.js": asset,
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


def table(
    head: Sequence[str],
    rows: Iterable[Sequence[str]],
    *,
    row_headers: bool = False,
    cls: str = "kg-reflow",
    caption: str = "",
) -> str:
    """A table whose `head` (plain text, escaped here) labels every column (scope="col")
    and every cell (data-label, shown before the cell where a phone stacks the cells);
    `rows` hold HTML. With `row_headers`, the first cell of a row is its header."""
    labels = [esc(h) for h in head]
    heading = "".join(f'<th scope="col">{h}</th>' for h in labels)
    body = []
    for row in rows:
        cells = []
        for i, cell in enumerate(row):
            if i == 0 and row_headers:
                cells.append(f'<th scope="row">{cell}</th>')
            else:
                cells.append(f'<td data-label="{labels[i]}">{cell}</td>')
        body.append(f"<tr>{''.join(cells)}</tr>")
    title = f"<caption>{esc(caption)}</caption>" if caption else ""
    return (
        f'<table class="{cls}">{title}<thead><tr>{heading}</tr></thead>'
        f"<tbody>{''.join(body)}</tbody></table>"
    )


def asset_root(prefix: str, lang: str = "en") -> str:
    """From a page to the site's shared assets/ (German pages live one folder down, in de/)."""
    return prefix + ("../" if lang != "en" else "")


def other_language(prefix: str, lang: str, here: str) -> str:
    """From a page (`here`, from its language's root) to the same page in the other language."""
    return prefix + ("de/" if lang == "en" else "../") + here


def page_title(title: str, lang: str = "en", limit: int = TITLE_LIMIT) -> str:
    """`title · site name`, the title shortened with … so that the whole stays within `limit`
    characters (screen readers and search results cut long titles).

    >>> len(page_title("x" * 100))
    70
    """
    tail = f" · {t(lang, 'site')}"
    room = limit - len(tail)
    if len(title) > room:
        title = title[: room - 1].rstrip() + "…"
    return title + tail


def index_file(lang: str) -> str:
    """The search index of a language's pages, in assets/."""
    return "search-index.js" if lang == "en" else f"search-index-{lang}.js"


def search_box(prefix: str, lang: str) -> str:
    """The site-wide search (an ARIA combobox; assets/search.js brings it to life)."""
    strings = {
        "loading": t(lang, "search_loading"),
        "none": t(lang, "search_none"),
        "some": t(lang, "search_some", n="{n}"),
        "many": t(lang, "search_many", n="{n}", k="{k}"),
        "failed": t(lang, "search_failed"),
    }
    return (
        f'<div id="kg-find" class="kg-find" role="search" '
        f'aria-label="{esc(t(lang, "search_site"))}" data-root="{esc(prefix)}" '
        f'data-index="{esc(asset_root(prefix, lang))}assets/{index_file(lang)}">'
        f'<label for="kg-find-input" class="kg-hidden">{esc(t(lang, "search"))}</label>'
        f'<input id="kg-find-input" type="search" role="combobox" aria-expanded="false" '
        f'aria-controls="kg-find-list" aria-autocomplete="list" autocomplete="off" '
        f'spellcheck="false" placeholder="{esc(t(lang, "search_placeholder"))}">'
        f'<ul id="kg-find-list" role="listbox" aria-label="{esc(t(lang, "search_results"))}" '
        f"hidden></ul>"
        f'<p id="kg-find-status" class="kg-hidden" aria-live="polite"></p>'
        f'<script type="application/json" id="kg-find-text">{json_for_script(strings)}</script>'
        f"</div>"
    )


def page(
    title: str,
    body: str,
    *,
    prefix: str | None = "",
    scripts: str = "",
    styles: str = "",
    lang: str = "en",
    here: str | None = None,
) -> str:
    """A complete page; `prefix` leads from the page's folder to its language's root, `here`
    is the page's path from there (for the link to the other language). With `prefix`
    None, a page on its own (kg.show in a notebook): no site header, every asset inlined."""
    if prefix is None:
        return _document(title, body, lang, None, styles, scripts, header="", search="")
    nav = " ".join(
        link(f"{prefix}{target}", t(lang, key))
        for target, key in (
            ("index.html", "overview"),
            ("ecosystem.html", "ecosystem"),
            ("collaboration.html", "collaboration"),
            ("ontology.html", "ontology"),
            ("map.html", "map"),
        )
    )
    other = "en" if lang == "de" else "de"
    switch = (
        f'<a class="kg-lang" href="{esc(other_language(prefix, lang, here))}" hreflang="{other}" '
        f'lang="{other}" title="{esc(t(lang, "language_label"))}">{esc(t(lang, "language"))}</a>'
        if here is not None and href(other_language(prefix, lang, here))
        else ""
    )
    assets = asset_root(prefix, lang)
    header = (
        f'<header><nav aria-label="{esc(t(lang, "nav"))}">{nav}</nav>{switch}\n'
        f"{search_box(prefix, lang)}</header>"
    )
    return _document(
        title, body, lang, assets, styles, scripts, header, script_tag("search.js", assets)
    )


def _document(
    title: str,
    body: str,
    lang: str,
    assets: str | None,
    styles: str,
    scripts: str,
    header: str,
    search: str,
) -> str:
    return f"""<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{esc(page_title(title, lang))}</title>
{style_tag("site.css", assets)}{styles}
</head>
<body>
{header}
<main>
{body}
</main>
{scripts}
{search}
</body>
</html>
"""
