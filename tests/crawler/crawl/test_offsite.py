"""Redirects off the site (another host, or another port of the site's host) are not followed and are
counted as permanent `offsite` rejections, in the crawl and in `fetch`."""

from __future__ import annotations

from cleaners.knowledge.sites import registry_with
from crawler.fetch.client import Fetcher
from crawler.fetch.scope import in_site
from tests.crawler.conftest import crawl, fetch_refusal, records
from tests.server import SiteServer

ELSEWHERE = "/news/id-merdeka-001.html"
OTHER_PORT = "/news/id-liputan6-001.html"


def test_scope_compares_scheme_host_and_port():
    base = "http://127.0.0.1:8080"
    assert in_site("http://127.0.0.1:8080/a", ("127.0.0.1",), base)
    assert not in_site("http://127.0.0.1:8081/a", ("127.0.0.1",), base)
    assert not in_site("https://127.0.0.1:8080/a", ("127.0.0.1",), base)
    assert in_site("https://www.example.com/a", ("example.com",), "http://example.com")  # 80 <-> 443
    assert not in_site("https://www.example.com:8443/a", ("example.com",), "https://example.com")
    assert not in_site("http://example.com:99999/a", ("example.com",), "http://example.com")


def test_crawl_counts_offsite_redirects_and_does_not_follow_another_port(site, profile, tmp_path):
    with SiteServer() as other:
        site.script(ELSEWHERE, (301, {"Location": "http://example.invalid/x.html"}))
        site.script(OTHER_PORT, (302, {"Location": other.base + OTHER_PORT}))
        out = tmp_path / "out"
        summary = crawl(out, profile)
        assert not other.requests()
    rejects = {r["source"].replace(site.base, ""): r for r in records(out, "rejects.jsonl")}
    assert rejects[ELSEWHERE]["reason"] == "offsite" and "example.invalid" in rejects[ELSEWHERE]["message"]
    assert rejects[OTHER_PORT]["reason"] == "offsite" and other.base in rejects[OTHER_PORT]["message"]
    assert summary.rejected["offsite"] == 2
    # permanent: the next pass does not ask again
    before = len(site.requests(ELSEWHERE)) + len(site.requests(OTHER_PORT))
    crawl(out, profile)
    assert len(site.requests(ELSEWHERE)) + len(site.requests(OTHER_PORT)) == before


def test_fetch_does_not_follow_a_redirect_to_another_port(site, profile):
    with SiteServer() as other:
        site.script(OTHER_PORT, (302, {"Location": other.base + OTHER_PORT}))
        fetcher = Fetcher(user_agent="newsbroom-test", registry=registry_with([str(profile)]))
        info = fetch_refusal(fetcher, site.base + OTHER_PORT)
        assert info.value.reason == "offsite"
        assert not other.requests()
