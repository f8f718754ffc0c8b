"""`newsbroom discover`: what a crawl pass would find, listed without fetching a single article.

The walk follows the crawl spider's order (robots.txt, and for a seed URL the sitemaps it names;
then the target's sitemaps, feeds and index pages, a sitemap index's sitemaps, the feeds an HTML
page links to) over `newsbroom fetch`'s HTTP client, so robots.txt, the site's scope, redirects,
retries and the total deadline are those of `fetch`. Requests are made one at a time, the target's
delay (or robots.txt's Crawl-delay, when longer) apart. Each article URL is reported once, in the
crawl's normal form, with the dates its feed or sitemap gave and the document it came from; URLs
robots.txt disallows, or outside the site, are left out as the crawl leaves them.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from cleaners import RejectedInput
from crawler.discover.entries import MAX_XML_BYTES, BadDocument, Discovered, Entry
from crawler.discover.pages import parse_html
from crawler.discover.sitemaps import parse_xml
from crawler.fetch.client import Fetcher
from crawler.targets import Target

__all__ = ["Listing", "Lister", "MAX_DEPTH"]

MAX_DEPTH = 4  # sitemap indexes within indexes, as in the crawl


@dataclass
class Listing:
    """What one `discover` run found and what it could not read."""

    entries: int = 0
    documents: int = 0
    failed: list[str] = field(default_factory=list)  # one line per document that could not be read
    skipped_old: int = 0
    disallowed: int = 0  # article URLs robots.txt disallows: a pass would not fetch them


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment is not None else None


class Lister(Fetcher):
    """Reads a target's feeds, sitemaps and index pages; `emit` gets one dict per article URL."""

    def __init__(self, *, emit: Callable[[dict[str, Any]], None], since: datetime | None = None,
                 delay: float | None = None, **kwargs: Any) -> None:
        kwargs.setdefault("max_bytes", MAX_XML_BYTES)
        super().__init__(**kwargs)
        self.emit = emit
        self.since = since
        self.delay = delay
        self.listing = Listing()
        self._last_request = 0.0

    def run(self, target: Target) -> None:
        queue: deque[tuple[str, str, int]] = deque(
            (url, kind, 0) for url, kind in self._starts(target))
        done: set[str] = set()
        listed: set[str] = set()
        wait = self._wait(target)
        while queue:
            url, kind, depth = queue.popleft()
            if url in done or depth > MAX_DEPTH or not target.in_domain(url):
                continue
            done.add(url)
            found = self._read(target, url, kind, wait)
            if found is None:
                continue
            queue.extend((child, "sitemap", depth + 1) for child in found.sitemaps)
            queue.extend((feed, "feed", depth + 1) for feed in found.feeds)
            for entry in found.entries:
                if entry.url not in listed and self._wanted(target, entry, found.kind == "html"):
                    listed.add(entry.url)
                    self._report(target, entry, url, kind)

    def _starts(self, target: Target) -> Iterator[tuple[str, str]]:
        if target.seed_url:  # a site without a profile: the sitemaps its robots.txt names
            robots = self._robots_of(target)
            yield from ((url, "sitemap") for url in (robots.sitemaps if robots is not None else ()))
        yield from ((url, "sitemap") for url in (*target.news_sitemaps, *target.sitemaps))
        yield from ((url, "feed") for url in target.feeds)
        yield from ((url, "index") for url in target.index_pages)

    def _robots_of(self, target: Target) -> Any:
        """The target's robots.txt (parsed), fetched on first use as `allowed` does."""
        self.allowed(target.base + "/")
        return self._robots.get(target.base)

    def _wait(self, target: Target) -> float:
        """Seconds between two requests: --delay, else the target's, or robots.txt's Crawl-delay when longer."""
        if self.delay is not None:
            return self.delay
        robots = self._robots_of(target)
        asked = robots.crawl_delay(self.user_agent) if robots is not None else None
        return max(target.delay, min(float(asked or 0.0), self.policy.max_crawl_delay))

    def _read(self, target: Target, url: str, kind: str, wait: float) -> Discovered | None:
        """The document at `url`, parsed; None (and a line in `failed`) when it cannot be read."""
        pause = self._last_request + wait - time.monotonic()
        if pause > 0:
            time.sleep(pause)
        self._last_request = time.monotonic()
        try:
            response = self._get(url, target.domains, target.base)
        except RejectedInput as exc:
            self.listing.failed.append(f"{url}: {exc.message}")
            return None
        if response.status_code != 200:
            self.listing.failed.append(f"{url}: the server answered {response.status_code}")
            return None
        self.listing.documents += 1
        ctype = response.headers.get("content-type", "").lower()
        if "html" in ctype or (kind == "index" and "xml" not in ctype):
            return parse_html(response.content, str(response.url), ctype)
        try:
            found = parse_xml(response.content, str(response.url))
        except BadDocument as exc:
            self.listing.failed.append(f"{url}: {exc}")
            return None
        if found.problem is not None:
            self.listing.failed.append(f"{url}: {found.problem}")
        if found.kind == "unknown" and kind == "index":
            return parse_html(response.content, str(response.url), ctype)
        return found

    def _wanted(self, target: Target, entry: Entry, from_links: bool) -> bool:
        if not target.in_domain(entry.url) or not target.is_article(entry.url, from_links=from_links):
            return False
        if self.since is not None and entry.date is not None and entry.date < self.since:
            self.listing.skipped_old += 1
            return False
        if not self.allowed(entry.url):  # robots.txt is read already: no request
            self.listing.disallowed += 1
            return False
        return True

    def _report(self, target: Target, entry: Entry, source: str, kind: str) -> None:
        self.listing.entries += 1
        self.emit({"url": entry.url, "site": target.site_id, "lastmod": _iso(entry.lastmod),
                   "published": _iso(entry.published), "source": source, "source_kind": kind})
