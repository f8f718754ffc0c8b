"""Where fetched articles end: the one place that turns Pages into written records.

Both network paths use it: the crawl's Scrapy pipeline and `newsbroom fetch -o`. It calls
`cleaners.stitch.clean_fetched` (the same cleaning as `newsbroom clean`) in a worker process with
a time and a memory limit (crawler.outputs.cleaning), writes through the
one `Writer`, and keeps the state store in step: a URL is marked seen only after its record is
flushed (see crawler/state.py for the crash-safety argument).
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Sequence
from datetime import datetime
from urllib.parse import urlsplit

from cleaners import Article, Options, Page, RejectedInput
from cleaners.describe.article import paywalled
from cleaners.errors import Reason
from cleaners.stitch import clean_fetched
from crawler.discover.urls import normalize_url
from crawler.outputs.cleaning import IsolatedCleaner
from crawler.outputs.summary import RunSummary
from crawler.outputs.writer import Writer, safe_name
from crawler.state import Held, StateStore, text_sha

__all__ = ["Sink", "site_dir_for", "PERMANENT_REASONS", "in_process", "identity", "same_resource"]

Cleaner = Callable[[Sequence[Page], Options], tuple[Article, float]]

# Rejections that will not change by asking again; the others are retried on the next pass.
PERMANENT_REASONS = Reason.permanent_codes()


def site_dir_for(site_id: str | None, url: str) -> str:
    """The output sub-directory of an article: its profile id, else its host."""
    return safe_name(site_id or (urlsplit(url).hostname or "site"), fallback="site")


def in_process(pages: Sequence[Page], options: Options) -> tuple[Article, float]:
    """A Cleaner without isolation (in this process, no limits): for library callers and tests."""
    started = time.process_time()
    article = clean_fetched(pages, options)
    return article, time.process_time() - started


def same_resource(a: str, b: str) -> bool:
    """Whether two URLs name one page but for the scheme, `www.`, a default port, a trailing slash, a
    fragment or tracking parameters (`http://example.com/a/` and `https://www.example.com/a`)."""
    def key(url: str) -> str:
        parts = urlsplit(normalize_url(url))
        host = parts.netloc[4:] if parts.netloc.startswith("www.") else parts.netloc
        return f"{host}{parts.path.rstrip('/')}?{parts.query}"

    try:
        return key(a) == key(b)
    except ValueError:
        return False


def identity(state: StateStore, url: str, article: Article, sha: str) -> tuple[Article, Held | None, str | None]:
    """The id a fetched article is written under. A canonical URL (already on the page's own site,
    see cleaners.describe.article.own_canonical) that names another URL is the article's identity
    only when that URL's text is known to be this one: then the page is that article (`same`, not
    written again). Otherwise the page keeps its own URL's id, the canonical URL goes to
    `canonical_ignored`, and `claim` is the canonical's id for this page to answer for once
    written, so that the page at that URL, or another naming it, with this text is this article.
    So a record is only ever written under the id of a URL it was fetched from (or of that URL in
    another form, see `same_resource`): a page can never overwrite another page's record by naming
    it. Returns (article, same, claim)."""
    mine = {u for u in (url, article.url) if u}
    canonical = article.canonical_url
    claim = None
    if canonical and canonical not in mine:
        held = state.holder(article.id)
        if held is not None and held.url not in mine and held.text_sha == sha:
            return article, held, None
        itself = any(same_resource(canonical, u) for u in mine)
        if not (itself and (held is None or held.url in mine)):
            claim = article.id if held is None else None
            article = article.evolve(canonical_url=None, canonical_ignored=canonical)
    held = state.holder(article.id)
    if held is not None and held.url not in mine and held.text_sha == sha:
        return article, held, None
    return article, None, claim


class Sink:
    def __init__(self, writer: Writer, state: StateStore | None = None, *, options: Options | None = None,
                 summary: RunSummary | None = None, max_articles: int | None = None,
                 cleaner: Cleaner | None = None) -> None:
        self.writer = writer
        # Each article is cleaned in a worker process under a time and memory limit.
        self.cleaner: Cleaner = cleaner or IsolatedCleaner()
        self.state = state
        self.options = options or Options()
        self.summary = summary or RunSummary()
        self.max_articles = max_articles
        # told (outcome, url) after each article the crawl's pipeline hands over (`crawl -v` logs them)
        self.watch: Callable[[str, str], None] | None = None

    @property
    def full(self) -> bool:
        return self.max_articles is not None and self.summary.written >= self.max_articles

    def article(self, url: str, pages: Sequence[Page], *, site_id: str | None = None,
                lastmod: datetime | None = None) -> str:
        """Clean and write one fetched article. Returns "written", "updated", "unchanged" (this URL's
        text is what the state holds for it), "duplicate" (another URL of an article already written,
        or being written, with the same text: not written again; marked seen only once that record is
        written), "full", or the rejection reason."""
        self.summary.fetched += 1
        if self.full:
            return "full"
        started = time.process_time()
        try:
            article, cpu = self.cleaner(pages, self.options)
            if self.options.skip_paywalled and (wall := paywalled(article)) is not None:
                raise wall
        except RejectedInput as exc:
            self.summary.clean_cpu += time.process_time() - started
            self.reject(url, exc.reason, exc.message)
            return exc.reason
        self.summary.clean_cpu += cpu
        fallback = article.provenance.fallback_from
        if fallback:
            self.summary.fallbacks[fallback] += 1
        sha = text_sha(article.title, article.text)
        # the URLs fetched, never the page's own <link rel=canonical>: a page must not mark another URL seen
        urls = [u for u in (url, article.url) if u]
        before = self.state.seen(url) if self.state is not None else None
        if self.state is not None and before is not None and before.text_sha == sha:
            self.state.touch(url, lastmod)
            self.summary.unchanged += 1
            return "unchanged"
        if self.state is not None:
            article, same, written = self._identity(url, urls, article, sha)
            if same is not None:  # another fetched URL answers for this text under this id: one article
                if written:  # else this URL stays unseen, to be asked again (see _identity)
                    self.state.record_written(urls, same.record_id, sha, lastmod, article.fetched_at, None,
                                              holds=False)
                self.summary.duplicate += 1
                return "duplicate"
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

    def _identity(self, url: str, urls: list[str], article: Article,
                  sha: str) -> tuple[Article, Held | None, bool]:
        """`identity`, then the id this page answers for (the canonical one it claims, else its own) is
        claimed before the record is written, in one atomic step of the state store. Two workers of a
        shared crawl writing two URLs of one article at the same moment (`/a` and `/amp/a`) so give one
        record: the second to claim finds the first holding the id with the same text and is its
        duplicate, even while the first is still writing. A worker that dies between its claim and its
        write loses nothing: its URL is not yet seen, so it is asked again (the shared queue gives its
        in-flight requests back; the next pass fetches it), finds its own claim and writes. A URL whose
        holder's record is not written yet (being written, or its write failed) is counted a duplicate
        but not marked seen (`written` False: the holder's URL is not seen as that record), so it is never
        the duplicate of a record that does not exist: it is asked again, and by then the holder's record
        is written, or the holder is asked again too; a holder refused for good (robots, no article, ...)
        before it wrote leaves the article to this URL. Returns (article, same, written)."""
        assert self.state is not None
        article, same, claim = identity(self.state, url, article, sha)
        if same is None:
            held = self.state.claim(claim or article.id, Held(url, sha, article.id))
            if held.url not in urls and held.text_sha == sha:
                same = held
        if same is None:
            return article, None, False
        seen = self.state.seen(same.url)  # one look-up answers both: refused for good, or written
        if seen is not None and seen.rejected is not None:
            return article, None, False  # its holder never wrote it and was refused for good since: this URL does
        return article, same, seen is not None and seen.article_id == same.record_id

    def reject(self, url: str, reason: str, message: str, *, status: int | None = None) -> None:
        self.summary.rejected[reason] += 1
        record: dict[str, str | int] = {"source": url, "reason": reason, "message": message}
        if status is not None:
            record["status"] = status
        self.writer.reject(record)
        print(f"newsbroom: rejected {url}: {message} [{reason}]", file=sys.stderr)
        if self.state is not None and reason in PERMANENT_REASONS:
            self.state.record_rejected(url, reason)
