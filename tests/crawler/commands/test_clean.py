"""`newsbroom clean` through main([...]): real pages, hostile inputs, parallel runs."""

from __future__ import annotations

import gzip
import io
import json
import os
import shutil
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from crawler.cli import main
from crawler.outputs.manifest import MANIFEST_NAME
from tests.conftest import EXPECTED, PAGES, SEEDS

SOME_PAGES = ["id-merdeka-001", "id-liputan6-002", "fundus-uk-BBC-2026-04-25", "np4k-chinese-article"]


def _copy_pages(target: Path, ids=SOME_PAGES) -> Path:
    target.mkdir(parents=True, exist_ok=True)
    for page_id in ids:
        shutil.copy(PAGES / f"{page_id}.html", target / f"{page_id}.html")
    return target


def _records(out: Path) -> list[dict]:
    return [json.loads(line) for line in (out / "articles.jsonl").read_text(encoding="utf-8").splitlines()]


def _rejects(out: Path) -> list[dict]:
    path = out / "rejects.jsonl"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()] if path.exists() else []


def _files(root: Path) -> set[str]:
    """The files of `root` but its manifest (which names the run)."""
    return {str(p.relative_to(root)) for p in root.rglob("*") if p.is_file() and p.name != MANIFEST_NAME}


def test_clean_a_directory_into_txt_and_jsonl(tmp_path, capsys):
    src = _copy_pages(tmp_path / "in")
    out = tmp_path / "out"
    assert main(["clean", str(src), "-o", str(out), "--jobs", "1"]) == 0
    for page_id in SOME_PAGES:
        expected = (EXPECTED / f"{page_id}.txt").read_text(encoding="utf-8")
        assert (out / f"{page_id}.txt").read_text(encoding="utf-8") == expected
    records = _records(out)
    assert [Path(r["source"]).stem for r in records] == sorted(SOME_PAGES)
    assert all(r["text"] and r["sha256"] for r in records)
    # pages of profiled sites go through their profile; the others through the generic path
    assert all(r["extractor"].startswith("site:" if r["site"] in ("liputan6.com", "merdeka.com") else "generic/")
               for r in records)
    err = capsys.readouterr().err
    assert "read 4; written 4; rejected 0" in err
    assert capsys.readouterr().out == ""


def test_without_output_dir_jsonl_goes_to_stdout(tmp_path, capsys):
    src = _copy_pages(tmp_path / "in", ["id-merdeka-002"])
    assert main(["clean", str(src / "id-merdeka-002.html"), "--jobs", "1"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert len(out) == 1 and json.loads(out[0])["title"].startswith("Hedy Lamarr")


def test_text_dumps_go_through_the_same_rules(tmp_path):
    out = tmp_path / "out"
    assert main(["clean", str(SEEDS), "-o", str(out), "--jobs", "1", "--format", "txt"]) == 0
    for seed in sorted(SEEDS.glob("*.txt")):
        expected = (PAGES.parent / "seeds" / seed.name.replace(".txt", ".expected.txt")).read_bytes()
        assert (out / seed.name).read_bytes() == expected
    assert not (out / "articles.jsonl").exists()


def test_stdin_and_gzip(tmp_path, monkeypatch, capsys):
    body = gzip.compress((PAGES / "id-merdeka-003.html").read_bytes())
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(body)))
    assert main(["clean", "-", "--jobs", "1"]) == 0
    record = json.loads(capsys.readouterr().out)
    assert record["source"] == "-" and "Mawar Eva" in record["title"]


def test_jobs_one_and_two_give_identical_bytes(tmp_path):
    src = _copy_pages(tmp_path / "in", sorted(p.stem for p in PAGES.glob("*.html"))[:12])
    shutil.copy(SEEDS / "001_f3226ebb9ab90383.txt", src / "seed.txt")
    outputs = []
    for jobs in ("1", "2"):
        out = tmp_path / f"out{jobs}"
        assert main(["clean", str(src), "-o", str(out), "--jobs", jobs]) == 0
        outputs.append({name: (out / name).read_bytes() for name in sorted(_files(out))})
    assert outputs[0] == outputs[1]
    assert len(outputs[0]) == 13 + 2


def _warc(path: Path, records: list[tuple[str, bytes, str]]) -> None:
    with open(path, "wb") as fh:
        writer = WARCWriter(fh, gzip=path.name.endswith(".gz"))
        for url, body, ctype in records:
            headers = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body),
                                                          http_headers=headers))


@pytest.mark.parametrize("name", ["crawl.warc", "crawl.warc.gz"])
def test_warc_records_become_articles_named_by_id(tmp_path, name):
    warc = tmp_path / name
    _warc(warc, [
        ("https://www.merdeka.com/jatim/sate.html", (PAGES / "id-merdeka-001.html").read_bytes(),
         "text/html; charset=utf-8"),
        ("https://example.com/logo.png", b"\x89PNG\r\n\x1a\n", "image/png"),
        ("https://www.liputan6.com/x/../../../../etc/passwd", (PAGES / "id-liputan6-001.html").read_bytes(),
         "text/html"),
    ])
    out = tmp_path / "out"
    assert main(["clean", str(warc), "-o", str(out), "--jobs", "1"]) == 0
    records = _records(out)
    assert len(records) == 2
    assert records[0]["url"] == "https://www.merdeka.com/jatim/sate.html"
    for record in records:
        assert (out / f"{record['id']}.txt").exists()
        assert record["source"].startswith(str(warc) + "#")
    assert _files(out) == {"articles.jsonl", "rejects.jsonl"} | {f"{r['id']}.txt" for r in records}


def _bad_inputs(root: Path) -> dict[str, str]:
    """Hostile and broken inputs, each with the rejection reason it must get."""
    root.mkdir()
    page = (PAGES / "id-merdeka-001.html").read_bytes()
    (root / "empty.html").write_bytes(b"")
    (root / "image.html").write_bytes(b"\x89PNG\r\n\x1a\n" + os.urandom(2000))
    (root / "binary.html").write_bytes(bytes(range(256)) * 100)
    (root / "truncated.html.gz").write_bytes(gzip.compress(page)[:-200])
    (root / "corrupt.html.gz").write_bytes(b"\x1f\x8b\x08\x00" + os.urandom(500))
    with gzip.open(root / "bomb.html.gz", "wb", compresslevel=9) as fh:
        chunk = b"<p>" + b"a" * (1 << 20)
        for _ in range(64):  # 64 MiB inflated from about 64 KiB
            fh.write(chunk)
    (root / "huge.html").write_bytes(b"<html><body>" + b"<p>kata kata kata</p>" * 150_000 + b"</body></html>")
    (root / "nested.html").write_bytes(b"<html><body>" + b"<div>" * 100_000 + b"teks" + b"</div>" * 100_000
                                      + b"</body></html>")
    (root / "nav-only.html").write_bytes(b"<html><body><nav><a href='/'>Beranda</a><a href='/a'>Berita</a></nav>"
                                         b"</body></html>")
    (root / "broken.warc").write_bytes(b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 999999\r\n\r\n"
                                       b"HTTP/1.1 200 OK\r\n")
    (root / "notwarc.warc.gz").write_bytes(gzip.compress(b"this is not an archive"))
    return {
        "empty.html": "empty", "image.html": "binary", "binary.html": "binary", "truncated.html.gz": "truncated",
        "corrupt.html.gz": "truncated", "bomb.html.gz": "too_large", "huge.html": "too_large",
        "nested.html": "too_deep", "nav-only.html": "no_article", "broken.warc": "broken_record",
        "notwarc.warc.gz": "broken_record",
    }


def test_bad_inputs_are_counted_rejections_and_the_run_goes_on(tmp_path, capsys):
    bad = tmp_path / "bad"
    reasons = _bad_inputs(bad)
    shutil.copy(PAGES / "id-merdeka-002.html", bad / "zz-good.html")
    out = tmp_path / "out"
    code = main(["clean", str(bad), "-o", str(out), "--jobs", "2", "--max-bytes", "2M"])
    assert code == 1
    rejects = {Path(r["source"].split("#")[0]).name: r["reason"] for r in _rejects(out)}
    assert rejects == reasons
    assert [Path(r["source"]).name for r in _records(out)] == ["zz-good.html"]
    err = capsys.readouterr().err
    assert f"rejected {len(reasons)}" in err and "written 1" in err
    assert all("newsbroom: rejected" in line for line in err.splitlines()[:len(reasons)])


def test_nothing_is_written_outside_the_output_directory(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    page = (PAGES / "id-merdeka-001.html").read_bytes()
    for name in ("..html", "...html", "-rf.html", "a b;c.html", "ünïcode.html", ".hidden.html"):
        (src / name).write_bytes(page)
    out = tmp_path / "deep" / "out"
    before = _files(tmp_path)
    assert main(["clean", str(src), "-o", str(out), "--jobs", "1"]) == 0
    after = _files(tmp_path) - before
    assert all(name.startswith("deep/out/") for name in after)
    assert len([n for n in after if n.endswith(".txt")]) == 6


def test_usage_errors_exit_2_with_a_hint(tmp_path, capsys):
    with pytest.raises(SystemExit) as info:
        main(["clean"])
    assert info.value.code == 2
    assert "--help" in capsys.readouterr().err
    afile = tmp_path / "afile"
    afile.write_text("x")
    assert main(["clean", str(PAGES / "id-merdeka-001.html"), "-o", str(afile)]) == 2
    assert "give a directory" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["clean", "x.html", "--jobs", "0"])


def test_missing_input_is_a_rejection_not_a_crash(tmp_path):
    out = tmp_path / "out"
    assert main(["clean", str(tmp_path / "nope.html"), str(PAGES / "id-merdeka-001.html"), "-o", str(out),
                 "--jobs", "1"]) == 1
    assert [r["reason"] for r in _rejects(out)] == ["unreadable"]
    assert len(_records(out)) == 1
