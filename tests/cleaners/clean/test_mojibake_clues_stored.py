"""The stored clues of ftfy's badness pattern (cleaners/data/vocab/mojibake_clues.json) are what the
installed ftfy's pattern reads as, are ignored when written from another ftfy, and spare a process that
cleans text with nothing for ftfy to look at the import of ftfy."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from checks.mojibake_clues import main as check_clues
from cleaners.clean import normalize


def _stored_for_this_ftfy() -> bool:
    data = json.loads(normalize.CLUES_FILE.read_text(encoding="utf-8"))
    return data["badness_sha256"] == normalize.badness_source_hash()


def test_the_stored_clues_are_the_installed_ftfys() -> None:
    if not _stored_for_this_ftfy():
        pytest.skip("the file was written from another ftfy: python -m checks.mojibake_clues --write")
    assert check_clues([]) == 0
    stored = normalize.stored_clues()
    assert stored is not None and len(stored) > 10
    assert [[frozenset(chars) for chars in sets] for sets in stored] == normalize.read_clues()


def test_clues_written_from_another_ftfy_are_ignored(tmp_path, monkeypatch) -> None:
    other = tmp_path / "mojibake_clues.json"
    other.write_text(json.dumps({"badness_sha256": "0" * 64, "needs": [["x"]]}), encoding="utf-8")
    monkeypatch.setattr(normalize, "CLUES_FILE", other)
    assert normalize.stored_clues() is None
    other.write_text("{not json", encoding="utf-8")
    assert normalize.stored_clues() is None


def test_text_with_nothing_for_ftfy_does_not_import_it() -> None:
    if not _stored_for_this_ftfy():
        pytest.skip("the file was written from another ftfy")
    code = ("import sys; from cleaners import clean_text; "
            "clean_text('Jakarta \u2014 Presiden meresmikan jembatan \u201cbaru\u201d di Kalimantan pada Senin pagi. '"
            " * 3); print('ftfy' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out == ["False"]
    code = "import sys; from cleaners.clean.normalize import fix_mojibake; print(fix_mojibake('SÃ£o Paulo'))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out == ["São", "Paulo"]
