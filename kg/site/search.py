"""The site's search index: every organisation, cluster, person, event and place with its
names normalised for matching (case and accents ignored), written by `kg viz` as
`assets/search-index.js` and read by `assets/search.js` on the reader's first search.

The index is a script rather than JSON so that pages opened from disk (file://, where
browsers refuse to fetch files) can load it.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass

__all__ = [
    "KEY_SEPARATOR", "Entry", "index_script", "keys_of", "normalise",
    "transliterate",
]

KEY_SEPARATOR = "\u0001"
"""Between the normalised names of one entry (a character no name contains)."""
_NOT_ALNUM = re.compile(r"[\W_]+")
_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue"})


def normalise(text: str) -> str:
    """Lower case without accents, punctuation as single spaces; search.js's `norm` does
    the same to the reader's query.

    >>> normalise("  Wilhelm ZÖRGIEBEL, Dr.")
    'wilhelm zorgiebel dr'
    >>> normalise("Straße")
    'strasse'
    """
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(c for c in decomposed if not unicodedata.category(c).startswith("M"))
    return _NOT_ALNUM.sub(" ", bare.casefold()).strip()


def transliterate(text: str) -> str:
    """German spelling without umlauts (Müller → Mueller), another way readers type names."""
    return text.translate(_UMLAUTS)


def keys_of(names: Iterable[str]) -> str:
    """The distinct normalised forms of `names` (and of their transliterations), joined."""
    keys: dict[str, None] = {}
    for name in names:
        for form in (name, transliterate(name)):
            if key := normalise(form):
                keys.setdefault(key, None)
    return KEY_SEPARATOR.join(keys)


@dataclass(frozen=True)
class Entry:
    label: str
    kind: str
    place: str
    path: str
    """From the site's root, e.g. org/tu-dresden.html or index.html#place-dresden."""
    names: tuple[str, ...] = ()
    """Other names, matched as the label is."""


def index_script(entries: Iterable[Entry], kind_name: Callable[[str], str] = str) -> str:
    """`window.kgSearchIndex = JSON.parse("{...}");` — entries sorted by label and path,
    kinds as numbers into a list (so that 50,000 entries do not repeat "Organisation" each).

    Each entry is [keys, label, kind number, place, path]."""
    rows = sorted(entries, key=lambda e: (normalise(e.label), e.label, e.path))
    kinds = sorted({kind_name(e.kind) for e in rows})
    number = {k: i for i, k in enumerate(kinds)}
    data = {
        "kinds": kinds,
        "entries": [
            [keys_of((e.label, *e.names)), e.label, number[kind_name(e.kind)], e.place, e.path]
            for e in rows
        ],
    }
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    # JSON.parse of a string is read about three times faster than the same object written
    # as a script (4.4 MB at 1M triples: 100 ms instead of 300-600 ms in Chromium)
    return f"window.kgSearchIndex = JSON.parse({json.dumps(text, ensure_ascii=False)});\n"
