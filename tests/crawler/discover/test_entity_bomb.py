"""An entity bomb in a sitemap: nothing is expanded, and the parser stopping there is said and counted
(the entries before it are kept), instead of the entries after it vanishing without a word."""

from __future__ import annotations

from crawler.discover import parse_xml
from tests.crawler.conftest import crawl


def _bomb_sitemap(base: str) -> bytes:
    lol = '<!DOCTYPE urlset [<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{i} "' + (f"&lol{i - 1};" if i > 1 else "&lol;") * 10 + '">' for i in range(1, 10)) + "]>"
    before = f"<url><loc>{base}/news/id-merdeka-001.html</loc></url>"
    after = f"<url><loc>{base}/news/id-liputan6-001.html</loc></url>"
    return (f'<?xml version="1.0"?>{lol}<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{before}'
            f"<url><loc>&lol9;</loc></url>{after}</urlset>").encode()


def test_parse_xml_reports_where_an_entity_bomb_stopped_it():
    found = parse_xml(_bomb_sitemap("http://127.0.0.1:1"), "http://127.0.0.1:1/sitemap.xml")
    assert found.kind == "urlset"
    assert [e.url for e in found.entries][:1] == ["http://127.0.0.1:1/news/id-merdeka-001.html"]
    assert found.problem is not None and "entity" in found.problem.lower()
    assert "lollol" not in str([e.url for e in found.entries])


def test_a_clean_sitemap_has_no_problem():
    found = parse_xml(b'<urlset><url><loc>http://x.test/a?b=1&c=2</loc></url></urlset>', "http://x.test/")
    assert found.problem is None and len(found.entries) == 1


def test_the_crawl_counts_it_as_a_discovery_failure(site, profile, tmp_path):
    site.put("/sitemap-articles.xml", _bomb_sitemap(site.base), "application/xml")
    summary = crawl(tmp_path / "out", profile)
    assert summary.discovery_failed == 1
    assert "feeds/sitemaps failed 1" in summary.line()
