"""The README's commands are the ones CI runs."""

from tests.paths import REPO as ROOT

MAIN = "pip install -e . && kg build && kg viz"
TESTS = "python -m pip install -q -e '.[test]' && python -m pytest"


def test_ci_runs_the_readme_test_command():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert TESTS in readme
    assert TESTS in ci.splitlines()


def test_ci_runs_the_readme_main_command_in_a_fresh_environment():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    first_block_line = [
        line for line in readme.split("```bash\n")[1].splitlines() if "kg build" in line
    ]
    assert first_block_line == [MAIN]
    assert "python3 -m venv" in ci and 'bash -c "$main"' in ci
