"""The researcher notebooks (notebooks/*.ipynb): stored without outputs, and each runs top to
bottom on a fresh Jupyter kernel against a build of the curated data, quickly, offline, and
without writing into its working directory."""

from __future__ import annotations

import time
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

import kg
from tests.paths import REPO

NOTEBOOKS_DIR = REPO / "notebooks"
NOTEBOOKS = sorted(NOTEBOOKS_DIR.glob("*.ipynb"))
TIME_LIMIT = 60  # seconds per notebook, kernel start included

# Text that some cell output of each executed notebook must contain (stdout, text/plain or
# text/html), and kinds of output it must produce.
EXPECTED = {
    "01-getting-started.ipynb": (["Klaus Kopka", "cluster-founders"], []),
    "02-nuklid.ipynb": (["Marco Müller", "Radeberg", "<iframe srcdoc="], ["text/html"]),
    "03-collaboration-structure.ipynb": (
        ["betweenness", "biosaxony Management GmbH"],
        ["image/png"],
    ),
}

# The notebooks call kg.sparql(), kg.network() … which read the default build/ folder. There
# is no setting to point that elsewhere, so the test puts this cell first: it imports kg from
# this checkout (not from wherever the package happens to be installed), replaces the
# module's cached default graph with one loaded from the session's build of the curated data
# (the `built` fixture), and refuses network connections from Python code in the kernel.
SETUP = """\
import functools, socket, sys
sys.path.insert(0, {root!r})
import kg.api
kg.api._default_graph = functools.cache(lambda: kg.api.Graph({build!r}))


def _offline(self, address, *args, **kwargs):
    raise OSError(f"notebooks must not use the network (tried to connect to {{address!r}})")


socket.socket.connect = socket.socket.connect_ex = _offline
%matplotlib inline
"""


def _ids(path: Path) -> str:
    return path.name


def test_the_notebooks_are_there():
    assert {p.name for p in NOTEBOOKS} >= set(EXPECTED)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_ids)
def test_stored_without_outputs(path: Path):
    nb = nbformat.read(path, as_version=nbformat.NO_CONVERT)
    nbformat.validate(nb)
    assert nb.nbformat == 4
    assert nb.metadata.kernelspec.name == "python3"
    code = [cell for cell in nb.cells if cell.cell_type == "code"]
    assert code, f"{path.name} has no code cells"
    for cell in code:
        assert cell.outputs == [], f"{path.name}: stored outputs in cell {cell.get('id')}"
        assert cell.execution_count is None, f"{path.name}: execution count in {cell.get('id')}"


def _outputs(nb) -> tuple[str, set[str]]:
    """All text of the executed notebook's outputs, and the mime types of its outputs."""
    texts, mimes = [], set()
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            if output.output_type == "stream":
                texts.append(output.text)
            for mime, value in output.get("data", {}).items():
                mimes.add(mime)
                if mime in ("text/plain", "text/html"):
                    texts.append(value if isinstance(value, str) else "".join(value))
    return "\n".join(texts), mimes


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_ids)
def test_runs_top_to_bottom(path: Path, built: Path, tmp_path: Path):
    assert path.name in EXPECTED, f"add what {path.name} must show to EXPECTED"
    nb = nbformat.read(path, as_version=4)
    root = str(Path(kg.__file__).resolve().parent.parent)
    nb.cells.insert(0, nbformat.v4.new_code_cell(SETUP.format(root=root, build=str(built))))
    workdir = tmp_path / "cwd"
    workdir.mkdir()
    client = NotebookClient(
        nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(workdir)}}
    )
    started = time.perf_counter()
    client.execute()  # raises CellExecutionError, naming the cell, if any cell fails
    seconds = time.perf_counter() - started
    print(f"{path.name}: {seconds:.1f} s")

    errors = [o for c in nb.cells for o in c.get("outputs", []) if o.output_type == "error"]
    assert not errors
    text, mimes = _outputs(nb)
    strings, kinds = EXPECTED[path.name]
    for expected in strings:
        assert expected in text, f"{path.name}: no output shows {expected!r}"
    for kind in kinds:
        assert kind in mimes, f"{path.name}: no {kind} output"
    assert not list(workdir.iterdir()), f"{path.name} wrote into its working directory"
    assert seconds < TIME_LIMIT, f"{path.name} took {seconds:.0f} s"
