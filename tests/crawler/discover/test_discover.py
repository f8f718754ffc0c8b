"""Sitemap, feed and robots parsing on recorded files, hostile ones included; the state store;
the blocked-page detector."""

from __future__ import annotations

import gzip
import json
from datetime import UTC, datetime

import pytest

from cleaners import Page, RejectedInput, clean_page
from cleaners.page.blocked import blocked_kind, check_blocked
from crawler.discover import (
    BadDocument,
    TooLarge,
    inflate,
    looks_like_article_url,
    parse_html,
    parse_robots,
    parse_xml,
)
from crawler.state import SQLiteState
from tests.server import PAGES_DIR, SITE_DIR

BASE = "http://127.0.0.1:8000"


def _fixture(name: str) -> bytes:
    return (SITE_DIR / name).read_bytes().replace(b"{{BASE}}", BASE.encode())


def test_sitemap_index_lists_children_including_itself():
    found = parse_xml(_fixture("sitemap_index.xml"), BASE + "/sitemap_index.xml")
    assert found.kind == "sitemapindex"
    assert found.sitemaps == [BASE + "/sitemap-articles.xml.gz", BASE + "/sitemap_index.xml"]


def test_gzipped_sitemap_with_lastmod():
    found = parse_xml(gzip.compress(_fixture("sitemap-articles.xml")), BASE + "/sitemap-articles.xml.gz")
    assert found.kind == "urlset" and len(found.entries) == 3
    assert found.entries[0].lastmod == datetime(2025, 7, 3, 1, 0, tzinfo=UTC)


def test_google_news_sitemap_publication_date():
    found = parse_xml(_fixture("news-sitemap.xml"), BASE + "/news-sitemap.xml")
    assert [e.url for e in found.entries] == [BASE + "/news/id-liputan6-001.html",
                                              BASE + "/news/fundus-id-MediaIndonesia-2026-01-20.html"]
    assert found.entries[0].published == datetime(2025, 7, 4, 2, 30, tzinfo=UTC)


def test_rss_and_atom():
    rss = parse_xml(_fixture("feed.rss"), BASE + "/feed.rss")
    assert rss.kind == "rss" and len(rss.entries) == 4
    assert rss.entries[0].published == datetime(2025, 7, 4, 3, 0, tzinfo=UTC)
    atom = parse_xml(b'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><entry><title>x</title>'
                     b'<link rel="alternate" href="/a/story-one-two-three"/><updated>2025-01-02T03:04:05Z</updated>'
                     b'</entry></feed>', BASE + "/atom.xml")
    assert atom.kind == "atom" and atom.entries[0].url == BASE + "/a/story-one-two-three"
    assert atom.entries[0].lastmod == datetime(2025, 1, 2, 3, 4, 5, tzinfo=UTC)


def test_entity_expansion_is_not_performed():
    lol = b"&lol;" * 10
    doc = (b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY lol "lollollollollollollollollollol">'
           b'<!ENTITY lol2 "' + lol + b'"><!ENTITY lol3 "' + lol.replace(b"lol;", b"lol2;") + b'">'
           b'<!ENTITY lol4 "' + lol.replace(b"lol;", b"lol3;") + b'"><!ENTITY lol5 "' + lol.replace(b"lol;", b"lol4;")
           + b'">]><urlset><url><loc>http://a.example/&lol5;</loc></url><url><loc>http://a.example/b</loc></url>'
           b'</urlset>')
    found = parse_xml(doc, "http://a.example/")
    assert all(len(e.url) < 100 for e in found.entries)
    assert "http://a.example/b" in [e.url for e in found.entries]


def test_external_entities_are_not_read():
    doc = (b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
           b'<urlset><url><loc>http://a.example/&e;</loc></url></urlset>')
    found = parse_xml(doc, "http://a.example/")
    assert all("root:" not in e.url for e in found.entries)


def test_gzip_bomb_stops_at_the_limit():
    bomb = gzip.compress(b"<urlset>" + b" " * (64 * 1024 * 1024))
    assert len(bomb) < 200_000
    with pytest.raises(TooLarge):
        inflate(bomb, limit=8 * 1024 * 1024)
    with pytest.raises(TooLarge):
        parse_xml(gzip.compress(b"<urlset>" + b" " * (51 * 1024 * 1024)))


def test_broken_and_empty_documents():
    assert parse_xml(b"").kind == "unknown"
    assert parse_xml(b"<html><body>not xml").kind == "unknown"
    assert parse_xml(b"<urlset><url><loc>javascript:alert(1)</loc></url></urlset>").entries == []
    corrupt = gzip.compress(b"<urlset></urlset>")[:10] + b"\xff" * 40  # gzip header, then no deflate data
    with pytest.raises(BadDocument):  # counted as a failed sitemap by the crawl, not a traceback
        parse_xml(corrupt)


def test_index_page_links_and_feeds():
    found = parse_html(_fixture("index.html"), BASE + "/index.html")
    assert found.feeds == [BASE + "/feed.rss"]
    urls = [e.url for e in found.entries]
    assert BASE + "/news/fundus-uk-BBC-2026-04-25.html" in urls
    assert [u for u in urls if looks_like_article_url(u)] == [
        BASE + "/news/fundus-uk-BBC-2026-04-25.html", BASE + "/news/id-merdeka-001.html",
        "https://elsewhere.example/news/other-site-story-1234.html"]


def test_robots_sitemaps_and_crawl_delay():
    robots = "User-agent: *\nCrawl-delay: 3\nDisallow: /x\nSitemap: http://a/s.xml\n"
    sitemaps, delay = parse_robots(robots, "newsbroom/0.1")
    assert sitemaps == ["http://a/s.xml"] and delay == 3.0


def test_state_recovers_records_written_before_a_kill(tmp_path):
    state = SQLiteState(tmp_path / "crawl.db")
    jsonl = tmp_path / "articles.jsonl"
    line1 = json.dumps({"id": "a1", "url": "http://s/1", "canonical_url": None, "title": "T", "text": "x",
                        "fetched_at": "2025-07-01T00:00:00+00:00"})
    state.note_pending(["http://s/requested-1", "http://s/1"], "a1", None)
    jsonl.write_text(line1 + "\n" + '{"id": "a2", "url": "http://s/2", "tit', encoding="utf-8")
    assert state.recover(jsonl) == 1
    assert jsonl.read_text(encoding="utf-8") == line1 + "\n"  # the torn line is cut
    assert not state.should_fetch("http://s/requested-1", None)
    assert not state.should_fetch("http://s/1", None)
    assert state.should_fetch("http://s/2", None)
    assert state.should_fetch("http://s/1", datetime(2025, 7, 2, tzinfo=UTC))  # lastmod moved
    assert state.recover(jsonl) == 0
    state.close()


@pytest.mark.parametrize("html, kind", [
    ("<title>Just a moment...</title><body><p>Checking your browser before accessing.</p></body>", "captcha"),
    ("<body><div class='g-recaptcha'></div><p>Verifikasi</p></body>", "captcha"),
    ("<title>Access Denied</title><body><h1>Access Denied</h1><p>Reference #18</p></body>", "block"),
    ("<body><h2>Before you continue to Example</h2><button>Accept all</button></body>", "consent"),
    ("<body><h1>Judul</h1><p>Konten ini khusus pelanggan. Silakan masuk.</p></body>", "paywall"),
    ("<body><dialog open><p>We care about your privacy</p><button>Accept all cookies</button></dialog></body>",
     "consent"),
])
def test_blocked_pages_are_recognized(html, kind):
    assert blocked_kind(html) == kind
    with pytest.raises(RejectedInput) as exc:
        check_blocked(Page(url="http://x/", body=html.encode(), headers={"content-type": "text/html"}))
    assert exc.value.reason == "blocked"
    # the pipeline itself (offline `clean` too) rejects it, on its one parse
    with pytest.raises(RejectedInput) as exc:
        clean_page(Page(url="http://x/", body=html.encode(), headers={"content-type": "text/html"}))
    assert exc.value.reason == "blocked" and f"blocked:{kind}" in exc.value.message


def test_paywall_stub_with_a_teaser_is_not_an_article():
    teaser = " ".join(["Pemerintah daerah mengumumkan rencana pembangunan tanggul baru di pesisir utara."] * 3)
    html = (f"<html><head><title>Tanggul Baru</title></head><body><article><h1>Tanggul Baru</h1><p>{teaser}</p>"
            "<div class='paywall'><p>Artikel ini khusus pelanggan. Silakan berlangganan untuk melanjutkan.</p>"
            "</div></article></body></html>")
    with pytest.raises(RejectedInput) as exc:
        clean_page(Page(url="http://x/a", body=html.encode(), headers={"content-type": "text/html"}))
    assert exc.value.reason == "blocked" and "paywall" in exc.value.message


def test_an_article_with_a_captcha_comment_form_or_a_blunt_headline_stays_an_article():
    html = (PAGES_DIR / "id-merdeka-001.html").read_text(encoding="utf-8")
    html = html.replace("</body>", "<form class='comment'><div class='g-recaptcha'></div></form></body>", 1)
    html = html.replace("<title>", "<title>Access Denied: ", 1)
    assert blocked_kind(html) is None


def test_real_articles_are_not_blocked():
    for path in sorted(PAGES_DIR.glob("*.html")):
        assert blocked_kind(path.read_bytes().decode("utf-8", "replace")) is None, path.name
