"""Where fetched articles end: the one place that turns Pages into written records.

Both network paths use it: the crawl's Scrapy pipeline and `newsbroom fetch -o`. It calls
`cleaners.stitch.clean_fetched` (the same cleaning as `newsbroom clean`), writes through the
one `Writer`, and keeps the state store in step: a URL is marked seen only after its record is
flushed (see crawler/state.py for the crash-safety argument).
"""

from __future__ import annotations

import sys
import time
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import urlsplit

from cleaners import Options, Page, RejectedInput
from cleaners.pipeline import fallback_profile
from cleaners.stitch import clean_fetched
from crawler.outputs.writer import Writer, counts, safe_name
from crawler.state.stores import StateStore, text_sha

__all__ = ["PassSummary", "Sink", "page_from_http", "site_dir_for", "PERMANENT_REASONS"]

# Rejections that will not change by asking again; the others are retried on the next pass.
PERMANENT_REASONS = frozenset({"robots", "offsite", "no_article", "not_html", "too_large", "binary",
                               "undecodable", "empty"})


def page_from_http(url: str, final_url: str, status: int, headers: Iterable[tuple[str, str]], body: bytes,
                   fetched_at: datetime | None = None) -> Page:
    """The one way an HTTP response becomes a Page (header names lower-cased, repeats joined)."""
    merged: dict[str, str] = {}
    for name, value in headers:
        key = name.lower()
        merged[key] = f"{merged[key]}, {value}" if key in merged else value
    return Page(url=url, final_url=final_url, status=status, headers=merged, body=body,
                fetched_at=fetched_at or datetime.now(UTC), source=url)


def site_dir_for(site_id: str | None, url: str) -> str:
    """The output sub-directory of an article: its profile id, else its host."""
    return safe_name(site_id or (urlsplit(url).hostname or "site"), fallback="site")


@dataclass
class PassSummary:
    discovered: int = 0
    skipped_seen: int = 0
    skipped_old: int = 0
    not_modified: int = 0
    discovery_failed: int = 0
    fetched: int = 0
    written: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: Counter = field(default_factory=Counter)
    drift: Counter = field(default_factory=Counter)  # site profile fallbacks to generic, per profile
    clean_cpu: float = 0.0
    recovered: int = 0
    seconds: float = 0.0

    @property
    def rejected_total(self) -> int:
        return sum(self.rejected.values())

    def to_dict(self) -> dict:
        out = dict(self.__dict__)
        out["rejected"] = dict(self.rejected)
        out["drift"] = dict(self.drift)
        return out

    @classmethod
    def from_dict(cls, data: Mapping) -> PassSummary:
        data = dict(data)
        data["rejected"] = Counter(data.get("rejected", {}))
        data["drift"] = Counter(data.get("drift", {}))
        return cls(**data)

    def line(self) -> str:
        rej = f"rejected {self.rejected_total}"
        if self.rejected:
            rej += f" ({counts(self.rejected)})"
        parts = [f"discovered {self.discovered}", f"skipped {self.skipped_seen} already seen",
                 f"fetched {self.fetched}", f"written {self.written} ({self.updated} updated)", rej]
        if self.skipped_old:
            parts.insert(2, f"skipped {self.skipped_old} older than --since")
        if self.unchanged:
            parts.append(f"unchanged {self.unchanged}")
        if self.drift:
            parts.append(f"site profile fallbacks to generic {sum(self.drift.values())} ({counts(self.drift)})")
        parts.append(f"feeds/sitemaps not modified {self.not_modified}")
        if self.discovery_failed:
            parts.append(f"feeds/sitemaps failed {self.discovery_failed}")
        if self.recovered:
            parts.append(f"recovered {self.recovered} records from an interrupted run")
        parts.append(f"{self.seconds:.1f}s")
        return "; ".join(parts)


class Sink:
    def __init__(self, writer: Writer, state: StateStore | None = None, *, options: Options | None = None,
                 summary: PassSummary | None = None, max_articles: int | None = None) -> None:
        self.writer = writer
        self.state = state
        self.options = options or Options()
        self.summary = summary or PassSummary()
        self.max_articles = max_articles

    @property
    def full(self) -> bool:
        return self.max_articles is not None and self.summary.written >= self.max_articles

    def article(self, url: str, pages: Sequence[Page], *, site_id: str | None = None,
                lastmod: datetime | None = None) -> str:
        """Clean and write one fetched article. Returns "written", "updated", "unchanged", "full",
        or the rejection reason."""
        self.summary.fetched += 1
        if self.full:
            return "full"
        started = time.process_time()
        try:
            article = clean_fetched(pages, self.options)
        except RejectedInput as exc:
            self.summary.clean_cpu += time.process_time() - started
            self.reject(url, exc.reason, exc.message)
            return exc.reason
        self.summary.clean_cpu += time.process_time() - started
        fallback = fallback_profile(article.extractor)
        if fallback:
            self.summary.drift[fallback] += 1
        sha = text_sha(article.title, article.text)
        urls = [url, article.url, article.canonical_url]
        before = self.state.seen(url) if self.state is not None else None
        if before is not None and before.text_sha == sha:
            self.state.touch(url, lastmod)
            self.summary.unchanged += 1
            return "unchanged"
        if self.state is not None:
            self.state.note_pending(urls, article.id, lastmod)
        subdir = site_dir_for(site_id, url)
        size = self.writer.write(article, article.id, subdir=subdir)
        if self.state is not None:
            self.state.record_written(urls, article.id, sha, lastmod, article.fetched_at, size)
        self.summary.written += 1
        if before is not None and before.rejected is None:
            self.summary.updated += 1
            return "updated"
        return "written"

    def reject(self, url: str, reason: str, message: str, *, status: int | None = None) -> None:
        self.summary.rejected[reason] += 1
        record = {"source": url, "reason": reason, "message": message}
        if status is not None:
            record["status"] = status
        self.writer.reject(record)
        print(f"newsbroom: rejected {url}: {message} [{reason}]", file=sys.stderr)
        if self.state is not None and reason in PERMANENT_REASONS:
            self.state.record_rejected(url, reason)
