"""Discovery: article URLs out of sitemaps, feeds, robots.txt and index pages.

Pure functions over bytes (no network), used by the crawl spider and tested on recorded files.
XML is parsed by lxml with entities left unresolved, no DTD and no network, after a bounded
gunzip (a gzip bomb costs at most `MAX_XML_BYTES`).
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from functools import lru_cache
from urllib.parse import urljoin, urlsplit

from lxml import etree

from cleaners.errors import ConfigError, read_toml
from cleaners.knowledge import DATA_DIR
from cleaners.urls import absolute

__all__ = ["Entry", "Discovered", "MAX_XML_BYTES", "BadDocument", "TooLarge", "inflate", "parse_xml", "parse_html",
           "parse_robots", "parse_date", "looks_like_article_url"]

MAX_XML_BYTES = 50 * 1024 * 1024  # the sitemap protocol's own limit, uncompressed
MAX_ENTRIES = 100_000
_URL_VOCAB = DATA_DIR / "vocab" / "urls.toml"


class BadDocument(ValueError):
    """A feed or sitemap that cannot be read: counted as a discovery failure."""


class TooLarge(BadDocument):
    pass


@dataclass(frozen=True)
class Entry:
    """One article URL found by discovery, with the dates its source gave."""

    url: str
    lastmod: datetime | None = None
    published: datetime | None = None

    @property
    def date(self) -> datetime | None:
        return self.published or self.lastmod


@dataclass
class Discovered:
    kind: str  # "sitemapindex", "urlset", "rss", "atom", "html", "unknown"
    entries: list[Entry] = field(default_factory=list)
    sitemaps: list[str] = field(default_factory=list)  # children of a sitemap index
    feeds: list[str] = field(default_factory=list)  # feeds linked from an HTML page


def inflate(body: bytes, limit: int = MAX_XML_BYTES) -> bytes:
    """`body` itself, or its gunzipped content when it is gzip; never more than `limit` bytes."""
    if not body.startswith(b"\x1f\x8b"):
        if len(body) > limit:
            raise TooLarge(f"the document is {len(body):,} bytes, over the limit of {limit:,}")
        return body
    out = bytearray()
    decomp = zlib.decompressobj(16 + zlib.MAX_WBITS)
    data = body
    while data:
        try:
            chunk = decomp.decompress(data, 1 << 16)
        except zlib.error as exc:
            raise BadDocument(f"the gzip document is corrupt: {exc}") from None
        out += chunk
        if len(out) > limit:
            raise TooLarge(f"the gzip document inflates past the limit of {limit:,} bytes")
        data = decomp.unconsumed_tail
        if decomp.eof:
            break
    return bytes(out)


def _parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False,
                           recover=True, remove_comments=True, remove_pis=True)


def parse_date(raw: str | None) -> datetime | None:
    """W3C datetime (sitemaps, Atom) or RFC 822 (RSS) to an aware UTC datetime; None if unreadable."""
    if not raw:
        return None
    text = raw.strip()
    if not text:
        return None
    moment = None
    try:
        iso = text.replace("Z", "+00:00").replace("z", "+00:00")
        if len(iso) == 10:
            moment = datetime.fromisoformat(iso).replace(tzinfo=UTC)
        else:
            moment = datetime.fromisoformat(iso)
    except ValueError:
        try:
            moment = parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            return None
    if moment is None:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def _local(tag: object) -> str:
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1].lower()


def _child_text(el: etree._Element, *names: str) -> str | None:
    for child in el:
        if _local(child.tag) in names and child.text and child.text.strip():
            return child.text.strip()
    return None


def _descendant_text(el: etree._Element, name: str) -> str | None:
    for child in el.iter():
        if _local(child.tag) == name and child.text and child.text.strip():
            return child.text.strip()
    return None




def parse_xml(body: bytes, base_url: str | None = None) -> Discovered:
    """A sitemap, sitemap index, Google News sitemap, RSS or Atom feed (gzipped or not)."""
    data = inflate(body)
    if not data.strip():
        return Discovered("unknown")
    try:
        root = etree.fromstring(data, _parser())
    except etree.XMLSyntaxError:
        return Discovered("unknown")
    if root is None:
        return Discovered("unknown")
    kind = _local(root.tag)
    out = Discovered(kind if kind in ("sitemapindex", "urlset") else "unknown")
    if kind == "sitemapindex":
        for sm in root:
            if _local(sm.tag) == "sitemap":
                loc = absolute(base_url, _child_text(sm, "loc"))
                if loc:
                    out.sitemaps.append(loc)
                    if len(out.sitemaps) >= MAX_ENTRIES:
                        break
    elif kind == "urlset":
        for item in root:
            if _local(item.tag) != "url":
                continue
            loc = absolute(base_url, _child_text(item, "loc"))
            if not loc:
                continue
            published = None
            for child in item:
                if _local(child.tag) == "news":
                    published = parse_date(_descendant_text(child, "publication_date"))
            out.entries.append(Entry(loc, parse_date(_child_text(item, "lastmod")), published))
            if len(out.entries) >= MAX_ENTRIES:
                break
    elif kind in ("rss", "rdf"):
        out.kind = "rss"
        for item in root.iter():
            if _local(item.tag) != "item":
                continue
            link = _child_text(item, "link")
            if not link:
                guid = next((c for c in item if _local(c.tag) == "guid"), None)
                if guid is not None and guid.get("isPermaLink", "true") != "false":
                    link = (guid.text or "").strip()
            loc = absolute(base_url, link)
            if loc:
                date = parse_date(_child_text(item, "pubdate", "date", "published"))
                out.entries.append(Entry(loc, parse_date(_child_text(item, "updated", "modified")), date))
                if len(out.entries) >= MAX_ENTRIES:
                    break
    elif kind == "feed":
        out.kind = "atom"
        for item in root:
            if _local(item.tag) != "entry":
                continue
            href = None
            for link in item:
                if _local(link.tag) == "link" and link.get("rel", "alternate") == "alternate" and link.get("href"):
                    href = link.get("href")
                    break
            loc = absolute(base_url, href)
            if loc:
                out.entries.append(Entry(loc, parse_date(_child_text(item, "updated")),
                                         parse_date(_child_text(item, "published"))))
                if len(out.entries) >= MAX_ENTRIES:
                    break
    return out


_FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/feed+json")


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
    out = Discovered("html")
    seen: set[str] = set()
    for node in tree.css("link[rel~=alternate][href]"):
        kind = (node.attributes.get("type") or "").lower()
        if kind in _FEED_TYPES:
            url = absolute(base, node.attributes.get("href"))
            if url and url not in out.feeds:
                out.feeds.append(url)
    for node in tree.css("a[href]"):
        url = absolute(base, node.attributes.get("href"))
        if url and url not in seen:
            seen.add(url)
            out.entries.append(Entry(url))
            if len(out.entries) >= MAX_ENTRIES:
                break
    return out


def parse_robots(text: str, user_agent: str) -> tuple[list[str], float | None]:
    """(Sitemap URLs, Crawl-delay for `user_agent`) of a robots.txt."""
    from protego import Protego

    robots = Protego.parse(text)
    delay = robots.crawl_delay(user_agent)
    return list(dict.fromkeys(robots.sitemaps)), (float(delay) if delay is not None else None)


@dataclass(frozen=True)
class _UrlVocab:
    not_article: re.Pattern[str]
    not_page: re.Pattern[str]
    slug: re.Pattern[str]
    number: re.Pattern[str]


@lru_cache(maxsize=1)
def _url_vocab() -> _UrlVocab:
    data = read_toml(_URL_VOCAB, ConfigError)
    segments = "|".join(map(re.escape, data["not_article_segments"]))
    extensions = "|".join(map(re.escape, data["not_article_extensions"]))
    return _UrlVocab(
        not_article=re.compile(rf"/({segments})(/|$|\?)", re.I),
        not_page=re.compile(rf"\.({extensions})$", re.I),
        slug=re.compile(rf"[a-z0-9]+(?:-[a-z0-9]+){{{int(data['slug_min_words']) - 1},}}", re.I),
        number=re.compile(rf"\d{{{int(data['id_min_digits'])},}}"),
    )


def looks_like_article_url(url: str) -> bool:
    """For sites without a profile: a URL whose path looks like one article's (a long slug, an id
    or a dated path), not a section, tag or service page."""
    vocab = _url_vocab()
    path = urlsplit(url).path
    if not path or path == "/" or vocab.not_article.search(path) or vocab.not_page.search(path):
        return False
    last = path.rstrip("/").rsplit("/", 1)[-1]
    return bool(vocab.slug.search(last) or vocab.number.search(path) or
                (last.endswith((".html", ".htm")) and last not in ("index.html", "index.htm")))
