"""The README's commands are the ones CI runs."""

from kg.config import ROOT


def test_ci_runs_the_readme_test_command():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    command = "python -m pip install -q -e '.[test]' && python -m pytest"
    assert command in readme
    assert command in ci.splitlines()
    assert "pip install -e . && kg build && kg viz" in readme
