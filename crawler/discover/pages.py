"""HTML index and home pages (their links and linked feeds) and robots.txt (its sitemaps and crawl delay)."""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import urljoin

from cleaners.urls import absolute
from crawler.discover.entries import MAX_XML_BYTES, Discovered, Entry

if TYPE_CHECKING:
    from selectolax.lexbor import LexborHTMLParser

__all__ = ["parse_html", "parse_robots", "FEED_TYPES"]

FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/feed+json")


def parse_html(body: bytes, base_url: str, content_type: str | None = None) -> Discovered:
    """Links and linked feeds of an HTML page (an index page or a home page)."""
    from selectolax.lexbor import LexborHTMLParser

    from cleaners.decode import decode

    html, _ = decode(body[:MAX_XML_BYTES], content_type)
    tree = LexborHTMLParser(html)
    base = base_url
    base_node = tree.css_first("base[href]")
    if base_node is not None:
        base = urljoin(base_url, base_node.attributes.get("href") or "")
    out = Discovered("html", feeds=_feed_links(tree, base))
    seen: set[str] = set()
    for node in tree.css("a[href]"):
        url = absolute(base, node.attributes.get("href"))
        if url and url not in seen:
            seen.add(url)
            out.entries.append(Entry(url))
            if out.full():
                break
    return out


def _feed_links(tree: LexborHTMLParser, base: str) -> list[str]:
    """The feeds a page links to (<link rel="alternate" type="application/rss+xml" ...>), once each."""
    feeds: list[str] = []
    for node in tree.css("link[rel~=alternate][href]"):
        if (node.attributes.get("type") or "").lower() in FEED_TYPES:
            url = absolute(base, node.attributes.get("href"))
            if url and url not in feeds:
                feeds.append(url)
    return feeds


def parse_robots(text: str, user_agent: str) -> tuple[list[str], float | None]:
    """(Sitemap URLs, Crawl-delay for `user_agent`) of a robots.txt."""
    from protego import Protego

    robots = Protego.parse(text)
    delay = robots.crawl_delay(user_agent)
    return list(dict.fromkeys(robots.sitemaps)), (float(delay) if delay is not None else None)
