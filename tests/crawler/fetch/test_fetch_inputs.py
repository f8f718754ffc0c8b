"""`newsbroom fetch -i FILE` and `-i -`: URL lists from a file and from standard input."""

from __future__ import annotations

import io
import json
import sys

from crawler.cli import main
from tests.crawler.conftest import records


def _stdin(monkeypatch, text: str) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(text.encode("utf-8")), encoding="utf-8"))


def test_fetch_reads_urls_from_a_file_stdin_and_arguments(site, profile, tmp_path, monkeypatch, capsys):
    b = site.base
    listing = tmp_path / "urls.txt"
    listing.write_bytes(("\ufeff# today's articles\n\n" f"{b}/news/id-merdeka-001.html\n"
                         f"   {b}/news/id-fimela-001.html   \n" "not a url\n" "  # indented comment\n").encode())
    _stdin(monkeypatch, f"{b}/news/id-liputan6-001.html\r\n\r\n# done\r\n")
    out = tmp_path / "out"
    code = main(["fetch", "--profile", str(profile), "-o", str(out), "-i", str(listing), "-i", "-",
                 f"{b}/news/id-merdeka-002.html"])
    assert code == 1  # one line was rejected
    fetched = {r["url"].replace(b, "") for r in records(out)}
    assert fetched == {"/news/id-merdeka-001.html", "/news/id-fimela-001.html", "/news/id-liputan6-001.html",
                       "/news/id-merdeka-002.html"}
    rejects = records(out, "rejects.jsonl")
    assert [r["source"] for r in rejects] == ["not a url"]
    assert "not http(s)" in rejects[0]["message"]
    assert "rejected 1" in capsys.readouterr().err


def test_fetch_without_urls_or_with_an_unreadable_list_is_a_usage_error(tmp_path, monkeypatch, capsys):
    assert main(["fetch"]) == 2
    assert "no URL to fetch" in capsys.readouterr().err
    _stdin(monkeypatch, "\n# nothing here\n")
    assert main(["fetch", "-i", "-"]) == 2
    assert "no URL to fetch" in capsys.readouterr().err
    assert main(["fetch", "-i", str(tmp_path / "missing.txt")]) == 2
    err = capsys.readouterr().err
    assert "cannot read the URL list" in err and "missing.txt" in err
    assert not list(tmp_path.iterdir())


def test_fetch_list_on_stdout(site, profile, monkeypatch, capsys):
    _stdin(monkeypatch, f"{site.base}/news/id-merdeka-001.html\n")
    assert main(["fetch", "--profile", str(profile), "--format", "jsonl", "-i", "-"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [json.loads(line)["url"] for line in lines] == [f"{site.base}/news/id-merdeka-001.html"]
