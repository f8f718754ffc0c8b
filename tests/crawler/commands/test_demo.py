"""`newsbroom demo`: the bundled pages cleaned, the bundled site served and crawled twice."""

from __future__ import annotations

import pytest

from crawler.cli import main
from crawler.commands.demo import DemoSite
from tests.conftest import FIXTURES


def test_demo_cleans_then_crawls_twice_and_the_second_pass_gets_304s(tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["demo", "-o", str(out), "--fixtures", str(FIXTURES)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("read 30; written 30; rejected 0; extractors: generic")
    second = next(line for line in lines if line.startswith("pass 2 asked"))
    assert second.endswith(" 0 full answers (the rest were 304 Not Modified)")
    assert (out / "crawl" / "articles.jsonl").exists() and (out / "id-merdeka-001.txt").exists()


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
