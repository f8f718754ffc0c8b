"""`newsbroom eval DIR` through main([...]): the score lines and the extractor summary line."""

from __future__ import annotations

import re
import shutil

from crawler.cli import main
from tests.conftest import PAGES


def test_eval_scores_pages_and_counts_extractors(tmp_path, capsys):
    for name in ("id-merdeka-001", "fundus-uk-BBC-2026-04-25"):
        for ext in (".html", ".json"):
            shutil.copy(PAGES / f"{name}{ext}", tmp_path / f"{name}{ext}")
    assert main(["eval", str(tmp_path)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == f"2 pages from {tmp_path}"
    score = r"newsbroom    P \d\.\d{3}  R \d\.\d{3}  F1 \d\.\d{3}  junk lines +\d+ +[\d.]+ pages/s"
    assert re.fullmatch(score, lines[1])
    assert lines[2] == "newsbroom extractors: generic 1, site:merdeka 1; site profile fallbacks to generic 0"


def test_eval_needs_a_directory_of_scorable_pages(tmp_path, capsys):
    assert main(["eval", str(tmp_path / "nope")]) == 2
    assert "is not a directory of <id>.html and <id>.json pages" in capsys.readouterr().err
    assert main(["eval", str(tmp_path)]) == 2
    assert f"no <id>.html with a <id>.json beside it in {tmp_path}" in capsys.readouterr().err
