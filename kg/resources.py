"""Files that ship with the package: ontology, shapes, vocabularies, catalogue queries, assets.

`ontology/` and `queries/` live at the repository's top level, where curators and analysts look
for them; the wheel maps them into the package (`kg/ontology`, `kg/queries`, see
`[tool.hatch.build.targets.wheel.force-include]` in pyproject.toml), so there is one copy of
each file and an installed `kg` never reads a checkout.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

__all__ = ["shipped"]

_CHECKOUT = Path(__file__).resolve().parent.parent


def shipped(name: str) -> Path:
    """The folder `name` as the installed package holds it.

    An editable install (`pip install -e .`) runs the package from the checkout, where the
    wheel's mapping has not happened: there the folder is the checkout's top-level one.

    >>> (shipped("ontology") / "shapes.ttl").is_file()
    True
    """
    packaged = files("kg") / name
    if packaged.is_dir():
        return Path(str(packaged))
    checkout = _CHECKOUT / name
    if (_CHECKOUT / "pyproject.toml").is_file() and checkout.is_dir():
        return checkout
    raise FileNotFoundError(f"the package is missing its {name}/ folder (a broken install?)")
