"""Directories as users have them: mirrors with odd names, links that lead nowhere, names that are
not UTF-8, sub-directories that cannot be listed, and directories with nothing to clean."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from cleaners.model import Rejection
from crawler.cli import main
from crawler.inputs.files import display_name, iter_inputs, looks_like_html

ROOT = Path(__file__).resolve().parents[3]
PAGES = ROOT / "fixtures" / "pages"
PAGE = PAGES / "id-merdeka-001.html"


def _lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def _clean(*args: str) -> int:
    return main(["clean", *args, "--jobs", "1", "--no-progress"])


def test_a_name_that_is_not_utf8_is_escaped_in_the_record_and_the_file_name(tmp_path, capsys):
    src = tmp_path / "in"
    src.mkdir()
    raw = os.path.join(os.fsencode(src), b"caf\xe9.html")
    with open(raw, "wb") as fh:
        fh.write(PAGE.read_bytes())
    out = tmp_path / "out"
    assert _clean(str(src), "-o", str(out)) == 0
    [record] = _lines(out / "articles.jsonl")
    assert record["source"] == str(src) + "/caf\\xe9.html"
    assert [p.name for p in out.glob("*.txt")] == ["caf_xe9.txt"]
    capsys.readouterr()
    assert _clean(str(src)) == 0  # JSONL on stdout: no crash on the name either
    assert json.loads(capsys.readouterr().out)["source"].endswith("caf\\xe9.html")
    assert display_name("plain.html") == "plain.html"


def test_links_that_lead_nowhere_are_unreadable_rejections(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(PAGE, src / "good.html")
    (src / "loop.html").symlink_to("loop.html")
    (src / "gone.html").symlink_to("nowhere.html")
    (src / "ping").symlink_to("pong")  # a loop of two links, no suffix
    (src / "pong").symlink_to("ping")
    (src / "sub").mkdir()
    (src / "sub" / "up").symlink_to("..")  # a link to a directory is not followed: no endless walk
    os.mkfifo(src / "fifo.html")  # would block a reader for ever
    out = tmp_path / "out"
    assert _clean(str(src), "-o", str(out)) == 1
    rejects = {Path(r["source"]).name: r for r in _lines(out / "rejects.jsonl")}
    assert {name: r["reason"] for name, r in rejects.items()} == {
        "fifo.html": "unreadable", "gone.html": "unreadable", "loop.html": "unreadable", "ping": "unreadable",
        "pong": "unreadable"}
    assert "loop" in rejects["loop.html"]["message"] and "dangling" in rejects["gone.html"]["message"]
    assert [Path(r["source"]).name for r in _lines(out / "articles.jsonl")] == ["good.html"]
    assert _clean(str(src / "loop.html"), "-o", str(tmp_path / "out2")) == 1  # named on the command line too


def _unprivileged() -> list[str] | None:
    """How to run a command as a user that permissions apply to (root reads everything)."""
    if os.geteuid() != 0:
        return []
    if shutil.which("setpriv"):
        return ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]
    return None


def test_a_sub_directory_that_cannot_be_listed_is_counted(tmp_path):
    prefix = _unprivileged()
    if prefix is None:
        pytest.skip("cannot drop root privileges here (no setpriv)")
    base = Path(os.environ.get("TMPDIR", "/tmp")) / f"nb-unlistable-{os.getpid()}"
    src = base / "in"
    try:
        (src / "a-locked").mkdir(parents=True)
        shutil.copy(PAGE, src / "a-locked" / "hidden.html")
        shutil.copy(PAGE, src / "b.html")
        (src / "c").mkdir()
        shutil.copy(PAGE, src / "c" / "d.html")
        for path in (base, src, src / "c"):
            path.chmod(0o755)
        for path in (src / "b.html", src / "c" / "d.html"):
            path.chmod(0o644)
        (src / "a-locked").chmod(0o000)
        code = ("import json, sys; from crawler.inputs.files import iter_inputs; "
                "items = iter_inputs([sys.argv[1]], 1 << 22); "
                "print(json.dumps([[i.source, getattr(i, 'reason', 'page')] for i in items]))")
        done = subprocess.run([*prefix, sys.executable, "-c", code, str(src)], cwd=ROOT, capture_output=True, text=True,
                              timeout=60)
        assert done.returncode == 0, done.stderr
        assert json.loads(done.stdout) == [[f"{src}/b.html", "page"], [f"{src}/a-locked", "unreadable"],
                                           [f"{src}/c/d.html", "page"]]
    finally:
        if (src / "a-locked").exists():
            (src / "a-locked").chmod(0o755)
        shutil.rmtree(base, ignore_errors=True)


def test_mirror_pages_without_a_page_suffix_are_sniffed(tmp_path, capsys):
    src = tmp_path / "mirror"
    (src / "news").mkdir(parents=True)
    page = PAGE.read_bytes()
    (src / "news" / "read.php?id=5").write_bytes(page)
    (src / "news" / "index").write_bytes(page)
    (src / "news" / "old.shtml").write_bytes(page)
    (src / "news" / "utf16").write_bytes(b"\xff\xfe" + "<!DOCTYPE html><html><body>x</body></html>".encode("utf-16-le"))
    (src / "news" / "robots").write_bytes(b"User-agent: *\nDisallow:\n")
    (src / "news" / "feed").write_bytes(b'<?xml version="1.0"?><rss><channel><title>x</title></channel></rss>')
    (src / "news" / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(100))
    (src / "news" / "data.json").write_bytes(b'{"html": "<html>"}')
    skipped: Counter = Counter()
    found = [Path(i.source).name for i in iter_inputs([str(src)], 1 << 22, skipped=skipped)]
    assert found == ["index", "old.shtml", "read.php?id=5", "utf16"]
    assert skipped == Counter({"not_html": 2})  # robots and feed; logo.png and data.json are not opened
    out = tmp_path / "out"
    _clean(str(src), "-o", str(out))
    names = sorted(p.name for p in out.glob("*.txt"))
    assert {"index.txt", "old.txt", "read.php_id_5.txt"} <= set(names)
    assert "skipped 2 not pages (not_html 2)" in capsys.readouterr().err


def test_sniffing():
    assert looks_like_html(b"\xef\xbb\xbf\n  <!doctype HTML><p>")
    assert looks_like_html(b"<!-- saved from url=(0042)https://x.test/ -->\n<html lang=id>")
    assert looks_like_html("<html><body>".encode("utf-16-be"))
    assert not looks_like_html(b'<?xml version="1.0"?><urlset><url><loc>x</loc></url></urlset>')
    assert not looks_like_html(b"plain text that mentions <html> later")
    assert not looks_like_html(b"")


def test_a_directory_with_nothing_to_clean_says_so(tmp_path, capsys):
    empty = tmp_path / "empty"
    empty.mkdir()
    assets = tmp_path / "assets"
    assets.mkdir()
    (assets / "a.css").write_text("body{}")
    (assets / "notes").write_text("just notes")
    out = tmp_path / "out"
    assert _clean(str(empty), str(assets), "-o", str(out)) == 1
    rejects = _lines(out / "rejects.jsonl")
    assert [(Path(r["source"]).name, r["reason"]) for r in rejects] == [("empty", "empty"), ("assets", "empty")]
    assert "holds no files" in rejects[0]["message"] and "2 other files skipped" in rejects[1]["message"]
    assert "nothing to clean in this directory" in capsys.readouterr().err


def test_items_of_an_empty_directory_api(tmp_path):
    [item] = list(iter_inputs([str(tmp_path)], 1 << 20))
    assert isinstance(item, Rejection) and item.reason == "empty"
