"""`newsbroom clean`: offline inputs through the pipeline into a Writer, over N processes.

Work goes out in bounded windows and comes back in input order, so memory stays bounded and the
output is byte-identical whatever the number of processes.
"""

from __future__ import annotations

import multiprocessing
import sys
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from cleaners import Article, Options, RejectedInput, clean_page
from cleaners.knowledge.sites import SiteProfile
from cleaners.pipeline import extractor_kind, fallback_profile
from cleaners.stitch import page_number, stitch
from crawler.inputs.files import HTML_SUFFIXES, TEXT_SUFFIXES, WARC_SUFFIXES, Item, Rejection, count_files, iter_inputs
from crawler.outputs.writer import Writer, counts

__all__ = ["Summary", "run_clean", "clean_items", "output_stem"]

_STRIP_SUFFIXES = (".gz",) + HTML_SUFFIXES + TEXT_SUFFIXES


@dataclass
class Summary:
    read: int = 0
    written: int = 0
    rejected: Counter = field(default_factory=Counter)
    extractors: Counter = field(default_factory=Counter)
    fallbacks: Counter = field(default_factory=Counter)  # drift alarms, per site profile
    stitched: int = 0  # pages joined to the article before them

    @property
    def rejected_total(self) -> int:
        return sum(self.rejected.values())

    def line(self) -> str:
        parts = [f"read {self.read}", f"written {self.written}", f"rejected {self.rejected_total}"]
        if self.rejected:
            parts[-1] += f" ({counts(self.rejected)})"
        if self.extractors:
            parts.append(f"extractors: {counts(self.extractors)}")
        if self.stitched:
            parts.append(f"pages stitched into articles {self.stitched}")
        parts.append(f"site profile fallbacks to generic {sum(self.fallbacks.values())}"
                     + (f" ({counts(self.fallbacks)})" if self.fallbacks else ""))
        return "; ".join(parts)


def output_stem(source: str) -> str | None:
    """`<stem>` of a file input; None for WARC records and stdin (named by article id)."""
    if source == "-" or "#" in source:
        return None
    name = Path(source).name
    lowered = name.lower()
    changed = True
    while changed:
        changed = False
        for suffix in _STRIP_SUFFIXES:
            if lowered.endswith(suffix) and len(name) > len(suffix):
                name, lowered = name[: -len(suffix)], lowered[: -len(suffix)]
                changed = True
    return name


def _work(args: tuple[Item, Options]) -> Article | Rejection:
    item, options = args
    if isinstance(item, Rejection):
        return item
    try:
        return clean_page(item, options)
    except RejectedInput as exc:
        return Rejection(_source(item), exc.reason, exc.message)
    except Exception as exc:  # one broken page must not end the run
        return Rejection(_source(item), "extract_failed", f"unexpected error while cleaning: {exc!r}")


def _windows(items: Iterable[Item], size: int) -> Iterator[list[Item]]:
    window: list[Item] = []
    for item in items:
        window.append(item)
        if len(window) >= size:
            yield window
            window = []
    if window:
        yield window


def clean_items(items: Iterable[Item], options: Options, jobs: int) -> Iterator[tuple[Item, Article | Rejection]]:
    """(input, result) pairs in input order."""
    if jobs <= 1:
        for item in items:
            yield item, _work((item, options))
        return
    ctx = multiprocessing.get_context("forkserver" if sys.platform != "win32" else "spawn")
    with ctx.Pool(jobs) as pool:
        for window in _windows(items, jobs * 8):
            results = pool.map(_work, [(item, options) for item in window], chunksize=2)
            yield from zip(window, results)


def _split_key(article: Article, profile: SiteProfile | None) -> str | None:
    """The key pages of one article share, for sites that split articles over URLs (their
    profile's pagination is single_url or next_link): the URL with its page part cut."""
    if profile is None or profile.pagination.mode not in ("single_url", "next_link"):
        return None
    url = article.canonical_url or article.url
    if not url:
        return None
    return f"{profile.id} {profile.pagination.article_key(url)}"


def _source(item: Item) -> str:
    return item.source if isinstance(item, Rejection) else (item.source or item.url or "?")


def run_clean(paths: list[str], writer: Writer, *, jobs: int = 1, options: Options | None = None,
              stderr: TextIO | None = None, progress: bool | None = None, stdin=None) -> Summary:
    stderr = stderr or sys.stderr
    options = options or Options()
    summary = Summary()
    show = stderr.isatty() if progress is None else progress
    bar = None
    if show:
        from tqdm import tqdm

        has_warc = any(p.lower().endswith(WARC_SUFFIXES) for p in paths)
        bar = tqdm(total=None if has_warc else count_files(paths), file=stderr, unit="page",
                   desc="cleaning", leave=False, dynamic_ncols=True)
    pending: list[tuple[str, Article]] = []  # pages of one split article, adjacent in the input
    pending_key: str | None = None
    pending_profile: SiteProfile | None = None

    def flush() -> None:
        nonlocal pending_key, pending_profile
        if not pending:
            return
        profile = pending_profile
        pages = sorted(pending, key=lambda sa: page_number(sa[1].url or sa[1].canonical_url,
                                                         profile.pagination if profile else None))
        source = pages[0][0]
        article = stitch([a for _, a in pages])
        if len(pages) > 1:
            summary.stitched += len(pages) - 1
        stem = output_stem(source) or article.id
        name = writer.claim_name(stem, unique_key=source) if writer.dir is not None else stem
        writer.write(article, name)
        summary.written += 1
        summary.extractors[extractor_kind(article.extractor)] += 1
        fallback = fallback_profile(article.extractor)
        if fallback:
            summary.fallbacks[fallback] += 1
        pending.clear()
        pending_key = pending_profile = None

    try:
        for item, result in clean_items(iter_inputs(paths, options.max_bytes, stdin=stdin), options, jobs):
            summary.read += 1
            if bar is not None:
                bar.update(1)
            source = _source(item)
            if isinstance(result, Rejection):
                summary.rejected[result.reason] += 1
                message = f"newsbroom: rejected {result.source}: {result.message} [{result.reason}]"
                if bar is not None:
                    bar.write(message, file=stderr)
                else:
                    print(message, file=stderr)
                writer.reject(result.to_dict())
                continue
            profile = options.profile_for(result.canonical_url, result.url)
            key = _split_key(result, profile)
            if key is None or key != pending_key:
                flush()
            pending.append((source, result))
            pending_key, pending_profile = key, profile
        flush()
    finally:
        if bar is not None:
            bar.close()
    return summary
