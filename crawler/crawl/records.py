"""What the stages of a crawl pass hand each other: the spider's items and its requests' meta.

`RequestMeta` travels in `request.meta[META_KEY]` as a plain dict (`to_meta`/`of`), so it survives
the JOBDIR disk queue and scrapy-redis's request serialization (crawler.crawl.shared) unchanged.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from datetime import datetime
from typing import Any, Literal

from cleaners.model import Page

__all__ = ["META_KEY", "RequestKind", "RequestMeta", "ArticleItem", "RejectItem"]

META_KEY = "newsbroom"

RequestKind = Literal["robots", "sitemap", "feed", "index", "article"]


@dataclass(frozen=True)
class RequestMeta:
    """Why the spider asked for a URL. For articles: the article's URL (the first page is known by it,
    not by its one-page form), the lastmod its feed or sitemap gave, the pages fetched so far, and in a
    shared crawl the claim ("<worker>\\t<token>") this worker holds on it."""

    kind: RequestKind
    depth: int = 0
    url: str | None = None
    lastmod: datetime | None = None
    pages: tuple[Page, ...] = ()
    claim: str | None = None

    def to_meta(self) -> dict[str, Any]:
        """The entry of `request.meta` that carries this: {META_KEY: plain dict}."""
        return {META_KEY: {f.name: getattr(self, f.name) for f in fields(self)}}

    @classmethod
    def of(cls, meta: dict[str, Any]) -> RequestMeta | None:
        """The RequestMeta in a request's (or response's) meta, or None for requests the spider did not make."""
        data = meta.get(META_KEY)
        if data is None:
            return None
        return cls(**{**data, "pages": tuple(data.get("pages") or ())})

    def evolve(self, **changes: Any) -> RequestMeta:
        return replace(self, **changes)

    @property
    def article_url(self) -> str | None:
        return self.url if self.kind == "article" else None

    @property
    def stays_local(self) -> bool:
        """Whether a request stays in this worker of a shared crawl: robots.txt, discovery, and what
        continues a claimed article (its later pages, redirects)."""
        return self.kind != "article" or bool(self.pages) or self.claim is not None


@dataclass(frozen=True)
class ArticleItem:
    """An article fetched (one or more pages), to be cleaned and written by the item pipeline."""

    url: str
    pages: tuple[Page, ...]
    site: str
    lastmod: datetime | None = None


@dataclass(frozen=True)
class RejectItem:
    """An article URL that could not be fetched: robots.txt, off the site, an HTTP error, a failure."""

    url: str
    reason: str
    message: str
    status: int | None = None
