"""The checkout's own folders: the curated data and READMEs the tests read."""

from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DATA_DIR = REPO / "data"
RESOURCES = REPO / "tests" / "resources"
"""Files the tests read: W3C vocabularies, a Wikidata fixture (each with its licence)."""
