"""What discovery finds: article URLs with their dates (`Entry`), grouped per document (`Discovered`),
the limits every parser keeps, and the error a document that cannot be read raises."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from crawler.discover.urls import normalize_url

__all__ = ["Entry", "Discovered", "BadDocument", "TooLarge", "MAX_XML_BYTES", "MAX_ENTRIES"]

MAX_XML_BYTES = 50 * 1024 * 1024  # the sitemap protocol's own limit, uncompressed
MAX_ENTRIES = 100_000


class BadDocument(ValueError):
    """A feed or sitemap that cannot be read: counted as a discovery failure."""


class TooLarge(BadDocument):
    pass


@dataclass(frozen=True)
class Entry:
    """One article URL found by discovery, with the dates its source gave. The URL is kept in its
    normal form (`normalize_url`: no fragment, no tracking parameters), so the variants of one
    article that feeds and pages list are one URL to the crawl, its state and its dupefilter."""

    url: str
    lastmod: datetime | None = None
    published: datetime | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "url", normalize_url(self.url))

    @property
    def date(self) -> datetime | None:
        return self.published or self.lastmod


@dataclass
class Discovered:
    kind: str  # "sitemapindex", "urlset", "rss", "atom", "html", "unknown"
    entries: list[Entry] = field(default_factory=list)
    sitemaps: list[str] = field(default_factory=list)  # children of a sitemap index
    feeds: list[str] = field(default_factory=list)  # feeds linked from an HTML page
    # why the parser stopped before the end (an entity bomb, ...): what it found before is kept, and
    # the document counts as a discovery failure
    problem: str | None = None

    def full(self) -> bool:
        """True once the document gave as many entries (or child sitemaps) as one document may."""
        return len(self.entries) >= MAX_ENTRIES or len(self.sitemaps) >= MAX_ENTRIES
