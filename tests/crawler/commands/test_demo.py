"""`newsbroom demo`: the bundled pages cleaned, the bundled site served and crawled twice."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from crawler.cli import main
from crawler.commands.demo import DemoSite
from crawler.outputs.manifest import read_manifest
from tests.conftest import FIXTURES


def test_demo_cleans_then_crawls_twice_and_the_second_pass_gets_304s(tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["demo", "-o", str(out), "--fixtures", str(FIXTURES)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("read 30; written 30; rejected 0; extractors: generic")
    second = next(line for line in lines if line.startswith("pass 2 asked"))
    assert second.endswith(" 0 full answers (the rest were 304 Not Modified)")
    assert (out / "crawl" / "articles.jsonl").exists() and (out / "id-merdeka-001.txt").exists()
    before = {p.relative_to(out) for p in out.rglob("*") if p.is_file()}
    (out / "mine.txt").write_text("kept")
    (out / "crawl" / "contoh" / "mine.txt").write_text("kept")
    assert main(["demo", "-o", str(out), "--fixtures", str(FIXTURES)]) == 0  # again: the earlier demo replaced
    after = {p.relative_to(out) for p in out.rglob("*") if p.is_file()}
    ids = [json.loads(line)["id"] for line in (out / "crawl" / "articles.jsonl").read_text().splitlines()]
    site = Path("crawl/contoh")
    assert {p for p in after if p.parent != site} == {p for p in before if p.parent != site} | {Path("mine.txt")}
    # the ids of pages without a canonical URL follow the site's port: the earlier demo's are gone
    assert {p for p in after if p.parent == site} == {site / f"{i}.txt" for i in ids} | {site / "mine.txt"}


def test_demo_after_crawl_keeps_every_crawl_record(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with DemoSite(FIXTURES) as site:
        profile = site.profile(tmp_path)
        assert main(["crawl", "contoh", "--profile", str(profile), "--no-autothrottle", "--delay", "0"]) == 0
    crawl = tmp_path / "out" / "crawl"
    records = (crawl / "articles.jsonl").read_bytes()
    files = {p: p.read_bytes() for p in crawl.rglob("*") if p.is_file()}
    assert records.count(b"\n") >= 3 and read_manifest(crawl)["command"] == "crawl"  # type: ignore[index]
    assert main(["demo", "--fixtures", str(FIXTURES)]) == 2 - 2  # its own default directory: out/demo
    assert read_manifest(tmp_path / "out" / "demo")["command"] == "demo"  # type: ignore[index]
    capsys.readouterr()
    assert main(["demo", "-o", str(crawl), "--fixtures", str(FIXTURES)]) == 2  # not into the crawl's
    assert "newsbroom crawl" in capsys.readouterr().err
    assert main(["clean", str(FIXTURES / "pages" / "id-merdeka-001.html"), "-o", str(crawl)]) == 2
    assert {p: p.read_bytes() for p in crawl.rglob("*") if p.is_file()} == files


@pytest.mark.parametrize("missing", ["pages", "site"])
def test_demo_without_the_fixtures_says_so_and_exits_2(tmp_path, capsys, monkeypatch, missing):
    fixtures = tmp_path / "fixtures"
    (fixtures / ({"pages", "site"} - {missing}).pop()).mkdir(parents=True)
    assert main(["demo", "-o", str(tmp_path / "out"), "--fixtures", str(fixtures)]) == 2
    err = capsys.readouterr().err
    assert f"no bundled fixtures (pages/ and site/) in {fixtures}" in err and "--fixtures DIR" in err
    assert not (tmp_path / "out").exists()
    monkeypatch.chdir(tmp_path)  # the default is ./fixtures
    assert main(["demo"]) == 2
    assert "no bundled fixtures (pages/ and site/) in fixtures;" in capsys.readouterr().err


def test_demo_site_answers_conditional_requests_with_304():
    import urllib.error
    import urllib.request

    with DemoSite(FIXTURES) as site:
        with urllib.request.urlopen(f"{site.base}/sitemap-articles.xml.gz") as answer:
            etag = answer.headers["ETag"]
            assert answer.status == 200 and answer.read()[:2] == b"\x1f\x8b"
        with urllib.request.urlopen(f"{site.base}/robots.txt") as answer:
            assert f"Sitemap: {site.base}/sitemap_index.xml" in answer.read().decode()
        request = urllib.request.Request(f"{site.base}/sitemap-articles.xml.gz", headers={"If-None-Match": etag})
        with pytest.raises(urllib.error.HTTPError) as info:
            urllib.request.urlopen(request)
        assert info.value.code == 304
        with pytest.raises(urllib.error.HTTPError) as info:
            urllib.request.urlopen(f"{site.base}/../README.md")
        assert info.value.code == 404
    assert [status for _path, status in site.log] == [200, 200, 304, 404]
