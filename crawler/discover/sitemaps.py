"""Sitemaps: sitemap indexes, URL sets with lastmod, Google News sitemaps; and `parse_xml`, the one
entry for an XML document found by discovery, which may turn out to be a sitemap or a feed."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from lxml import etree

from cleaners.urls import absolute
from crawler.discover.dates import parse_date
from crawler.discover.entries import Discovered, Entry
from crawler.discover.feeds import read_atom, read_rss
from crawler.discover.xml import child_text, descendant_text, load, local

__all__ = ["parse_xml", "read_sitemap_index", "read_urlset"]


def read_sitemap_index(root: etree._Element, base_url: str | None) -> Discovered:
    """The child sitemaps of a sitemap index."""
    out = Discovered("sitemapindex")
    for sm in root:
        if local(sm.tag) == "sitemap":
            loc = absolute(base_url, child_text(sm, "loc"))
            if loc:
                out.sitemaps.append(loc)
                if out.full():
                    break
    return out


def read_urlset(root: etree._Element, base_url: str | None) -> Discovered:
    """The URLs of a sitemap, with lastmod and (Google News) the publication date."""
    out = Discovered("urlset")
    for item in root:
        if local(item.tag) != "url":
            continue
        loc = absolute(base_url, child_text(item, "loc"))
        if not loc:
            continue
        out.entries.append(Entry(loc, parse_date(child_text(item, "lastmod")), _news_published(item)))
        if out.full():
            break
    return out


def _news_published(item: etree._Element) -> datetime | None:
    published = None
    for child in item:
        if local(child.tag) == "news":
            published = parse_date(descendant_text(child, "publication_date"))
    return published


_READERS: dict[str, Callable[[etree._Element, str | None], Discovered]] = {
    "sitemapindex": read_sitemap_index,
    "urlset": read_urlset,
    "rss": read_rss,
    "rdf": read_rss,
    "feed": read_atom,
}


def parse_xml(body: bytes, base_url: str | None = None) -> Discovered:
    """A sitemap, sitemap index, Google News sitemap, RSS or Atom feed (gzipped or not).
    TooLarge / BadDocument when the gzip around it is too large or broken; kind "unknown" when it
    is not XML or not one of these."""
    problems: list[str] = []
    root = load(body, problems)
    if root is None:
        return Discovered("unknown")
    reader = _READERS.get(local(root.tag))
    found = reader(root, base_url) if reader is not None else Discovered("unknown")
    found.problem = problems[0] if problems else None
    return found
