"""Discovered article URLs in one normal form (crawler.discover.urls.normalize_url): the tracking and
fragment variants of one article are one URL; parameters that select content are kept."""

from __future__ import annotations

import pytest

from crawler.discover import Entry, parse_html, parse_xml
from crawler.discover.urls import is_tracking_parameter, normalize_url

A = "https://www.contoh.example/news/one-article.html"


@pytest.mark.parametrize("variant", [A, A + "?utm_source=rss&utm_medium=feed", A + "#comments", A + "?fbclid=IwAR0abc",
                                     A + "?gclid=x&utm_campaign=y#top", A + "?mc_cid=1&mc_eid=2", A + "?_ga=2.1",
                                     "HTTPS://WWW.Contoh.Example:443/news/one-article.html?xtor=RSS-1"])
def test_the_variants_of_one_article_are_one_url(variant):
    assert normalize_url(variant) == A


@pytest.mark.parametrize(("url", "expected"), [
    (A + "?id=5&utm_source=x&page=2", A + "?id=5&page=2"),  # content parameters keep their order and bytes
    (A + "?gallery=3&refresh=1&ref=home", A + "?gallery=3&refresh=1&ref=home"),
    (A + "?q=a%20b&utm_term=z", A + "?q=a%20b"),
    ("https://contoh.example", "https://contoh.example/"),
    ("http://contoh.example:80/a;b?x", "http://contoh.example/a;b?x"),
    ("http://contoh.example:8080/a", "http://contoh.example:8080/a"),
    ("mailto:someone@contoh.example", "mailto:someone@contoh.example"),
    ("https://[::1/broken", "https://[::1/broken"),
])
def test_what_is_kept(url, expected):
    assert normalize_url(url) == expected
    assert normalize_url(expected) == expected  # once is enough


def test_tracking_parameter_names():
    assert all(map(is_tracking_parameter, ["utm_source", "UTM_Medium", "fbclid", "gclid", "msclkid", "utm%5Fterm"]))
    assert not any(map(is_tracking_parameter, ["id", "page", "p", "article_id", "gallery", "source_id", "q"]))


def test_feeds_and_pages_give_normal_urls():
    feed = (f'<?xml version="1.0"?><rss version="2.0"><channel><item><link>{A}?utm_source=rss&amp;utm_medium=feed'
            f"</link></item><item><link>{A}#comments</link></item><item><link>{A}?fbclid=1</link></item>"
            "</channel></rss>").encode()
    assert {e.url for e in parse_xml(feed, A).entries} == {A}
    html = f'<html><body><a href="{A}?utm_source=tw">x</a><a href="/news/two.html?id=5#c">y</a></body></html>'
    assert [e.url for e in parse_html(html.encode(), A).entries] == [A, "https://www.contoh.example/news/two.html?id=5"]
    assert Entry(A + "?utm_source=x").url == A
