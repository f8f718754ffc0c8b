"""`newsbroom eval DIR` through main([...]): the score lines and the extractor summary line."""

from __future__ import annotations

import re
import shutil

from crawler.cli import main
from tests.conftest import FIXTURES, PAGES


def test_eval_scores_pages_and_counts_extractors(tmp_path, capsys):
    for name in ("id-merdeka-001", "fundus-uk-BBC-2026-04-25"):
        for ext in (".html", ".json"):
            shutil.copy(PAGES / f"{name}{ext}", tmp_path / f"{name}{ext}")
    assert main(["eval", str(tmp_path)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == f"2 pages from {tmp_path}"
    score = (r"newsbroom {13}P \d\.\d{3}  R \d\.\d{3}  F1 \d\.\d{3}  junk lines +\d+  refused +0 +[\d.]+ pages/s"
             r" +[\d.]+ ms CPU/page")
    assert re.fullmatch(score, lines[1])
    assert lines[2] == "newsbroom extractors: generic 1, site:merdeka 1; site profile fallbacks to generic 0"
    assert lines[3] == "newsbroom titles: exact 2/2 (1.000)"  # neither gold gives a date: no date line


def _copy(tmp_path, names: list[str], source) -> None:
    for name in names:
        for path in source.glob(f"{name}.*"):
            shutil.copy(path, tmp_path / path.name)


def test_eval_reports_the_publication_days_and_times_the_golds_give(tmp_path, capsys):
    # id-kapanlagi-101: 11:52 +07:00, right; id-kompas-101: 21:04 +07:00 printed under its <h2> headline
    _copy(tmp_path, ["id-kapanlagi-101", "id-kompas-101"], FIXTURES / "metadata")
    assert main(["eval", str(tmp_path)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert "newsbroom dates: publication day right 2/2 (1.000); time and offset right 2/2 (1.000)" in lines


def test_eval_scores_wcxb_pages_with_word_bags_beside_the_peer_in_the_mode_asked(tmp_path, capsys):
    _copy(tmp_path, ["wcxb-0158", "wcxb-0488"], FIXTURES / "metadata")
    assert main(["eval", str(tmp_path), "--peer", "trafilatura", "--peer-mode", "fast"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == f"2 pages from {tmp_path}"
    figures = r"P \d\.\d{3}  R \d\.\d{3}  F1 \d\.\d{3}  with \d\.\d{3}  without \d\.\d{3}  refused +\d+ +[\d.]+ pages/s"
    assert re.fullmatch(rf"newsbroom {{13}}{figures} +[\d.]+ ms CPU/page", lines[1])
    assert re.fullmatch(rf"trafilatura-fast {{6}}{figures} +[\d.]+ ms CPU/page", lines[2])
    assert "newsbroom dates: publication day right 2/2 (1.000); time and offset right 0/0" in lines
    assert main(["eval", str(tmp_path), "--peer", "trafilatura"]) == 0  # precision, the default
    assert capsys.readouterr().out.splitlines()[2].startswith("trafilatura-precision ")


def test_eval_needs_a_directory_of_scorable_pages(tmp_path, capsys):
    assert main(["eval", str(tmp_path / "nope")]) == 2
    assert "is not a directory of <id>.html and <id>.json pages" in capsys.readouterr().err
    assert main(["eval", str(tmp_path)]) == 2
    assert f"no <id>.html (or <id>.html.gz) with a <id>.json beside it in {tmp_path}" in capsys.readouterr().err


def test_eval_scores_text_dumps_line_by_line(tmp_path, capsys):
    dumps = PAGES.parent / "textdumps"
    for path in dumps.glob("dev-*"):
        shutil.copy(path, tmp_path / path.name)
    assert main(["eval", str(tmp_path), "--per-page"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[-3] == f"2 text dumps from {tmp_path}"
    score = (r"newsbroom    P (\d\.\d{3})  R (\d\.\d{3})  F1 \d\.\d{3}  exact (\d)/2  "
             r"junk lines +(\d+) +[\d.]+ dumps/s")
    match = re.fullmatch(score, lines[-2])
    assert match is not None
    extra = [line for line in lines if line.startswith("    extra:")]
    assert int(match.group(4)) == len(extra)  # every output line not in the gold is counted
    assert lines[-1].startswith("newsbroom junk lines by kind: ")
    kinds = dict(part.rsplit(" ", 1) for part in lines[-1].split(": ", 1)[1].split(", ")) if extra else {}
    assert sum(int(n) for n in kinds.values()) == len(extra)
    assert lines[0].startswith("dev-jpnn-002")


def test_eval_names_the_kind_the_gold_gives_an_extra_line(tmp_path, capsys):
    # A topic label between paragraphs reads as a subheading and stays; this gold removed it as
    # furniture, so the line counts as junk of that kind.
    first = "Isi berita yang cukup panjang untuk sebuah paragraf di sini, kata dia kepada wartawan."
    second = "Paragraf kedua juga cukup panjang untuk dibaca sebagai paragraf, kata para pedagang."
    raw = "\n".join(["Kapolda: Polisi di Malut Siaga", first, "Konflik Rusia Vs Ukraina", second])
    (tmp_path / "a.raw.txt").write_text(raw, encoding="utf-8")
    gold = "\n".join(["Kapolda: Polisi di Malut Siaga", first, second])
    (tmp_path / "a.clean.txt").write_text(gold, encoding="utf-8")
    (tmp_path / "a.json").write_text('{"junk_removed": [{"text": "Konflik Rusia Vs Ukraina", "kind": "furniture"}]}',
                                     encoding="utf-8")
    assert main(["eval", str(tmp_path)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert re.search(r"exact 0/1  junk lines +1 ", out[-2])
    assert out[-1] == "newsbroom junk lines by kind: furniture 1"
