"""`newsbroom sites [--check] [--fixtures DIR]` through main([...])."""

from __future__ import annotations

from cleaners.knowledge.sites import default_registry
from crawler.cli import main
from tests.conftest import FIXTURES


def test_sites_check_runs_every_profile_on_its_fixtures(capsys):
    assert main(["sites", "--check", "--fixtures", str(FIXTURES)]) == 0
    captured = capsys.readouterr()
    profiles = len(default_registry())
    assert captured.out.count("check: ok on") == profiles and "FAILED" not in captured.out
    assert captured.err.strip().endswith(f"; {profiles} pass their check, 0 fail")


def test_sites_check_without_the_fixtures_is_a_usage_error(tmp_path, capsys, monkeypatch):
    missing = tmp_path / "nowhere"
    assert main(["sites", "--check", "--fixtures", str(missing)]) == 2
    err = capsys.readouterr().err
    assert f"no fixtures directory at {missing}" in err and "--fixtures DIR" in err
    monkeypatch.chdir(tmp_path)  # the default is ./fixtures
    assert main(["sites", "--check"]) == 2
    assert "no fixtures directory at fixtures" in capsys.readouterr().err
    assert main(["sites"]) == 0  # listing needs no fixtures
