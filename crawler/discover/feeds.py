"""Feeds: the article links and dates of an RSS (0.9x, 1.0/RDF, 2.0) or Atom document."""

from __future__ import annotations

from lxml import etree

from cleaners.urls import absolute
from crawler.discover.dates import parse_date
from crawler.discover.entries import Discovered, Entry
from crawler.discover.xml import child_text, local

__all__ = ["read_rss", "read_atom"]


def read_rss(root: etree._Element, base_url: str | None) -> Discovered:
    """The items of an RSS feed: the link (else a permalink guid), pubDate / dc:date, updated."""
    out = Discovered("rss")
    for item in root.iter():
        if local(item.tag) != "item":
            continue
        loc = absolute(base_url, child_text(item, "link") or _permalink(item))
        if loc:
            date = parse_date(child_text(item, "pubdate", "date", "published"))
            out.entries.append(Entry(loc, parse_date(child_text(item, "updated", "modified")), date))
            if out.full():
                break
    return out


def _permalink(item: etree._Element) -> str | None:
    guid = next((c for c in item if local(c.tag) == "guid"), None)
    if guid is not None and guid.get("isPermaLink", "true") != "false":
        return (guid.text or "").strip()
    return None


def read_atom(root: etree._Element, base_url: str | None) -> Discovered:
    """The entries of an Atom feed: the alternate link, updated, published."""
    out = Discovered("atom")
    for item in root:
        if local(item.tag) != "entry":
            continue
        loc = absolute(base_url, _alternate(item))
        if loc:
            out.entries.append(Entry(loc, parse_date(child_text(item, "updated")),
                                     parse_date(child_text(item, "published"))))
            if out.full():
                break
    return out


def _alternate(entry: etree._Element) -> str | None:
    for link in entry:
        if local(link.tag) == "link" and link.get("rel", "alternate") == "alternate" and link.get("href"):
            return link.get("href")
    return None
