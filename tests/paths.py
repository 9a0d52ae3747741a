"""The checkout's own folders: the curated data and READMEs the tests read."""

from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DATA_DIR = REPO / "data"
