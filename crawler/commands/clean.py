"""`newsbroom clean`: offline inputs through the pipeline into a Writer, over N processes.

Work goes out in bounded windows and comes back in input order, so memory stays bounded and the
output is byte-identical whatever the number of processes.
"""

from __future__ import annotations

import argparse
import multiprocessing
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from cleaners import Article, Options, RejectedInput, clean_page
from cleaners.describe.article import paywalled
from cleaners.knowledge.sites import SiteProfile
from cleaners.model import Rejection
from cleaners.stitch import page_number, stitch
from crawler.inputs.files import HTML_SUFFIXES, TEXT_SUFFIXES, WARC_SUFFIXES, Item, count_files, iter_inputs
from crawler.outputs.summary import RunSummary
from crawler.outputs.writer import Writer

if TYPE_CHECKING:
    from tqdm import tqdm  # type: ignore[import-untyped]

__all__ = ["run", "run_clean", "clean_items", "output_stem"]

_STRIP_SUFFIXES = (".gz",) + HTML_SUFFIXES + TEXT_SUFFIXES


def run(args: argparse.Namespace) -> int:
    """`newsbroom clean PATH...`: the summary line on stderr; 1 when some input was rejected."""
    fmt = args.format or ("both" if args.output else "jsonl")
    if args.output and Path(args.output).exists() and not Path(args.output).is_dir():
        print(f"newsbroom: error: -o {args.output} is a file; give a directory (it is created if missing)",
              file=sys.stderr)
        return 2
    if args.paths.count("-") > 1:
        print("newsbroom: error: '-' (standard input) can be given once", file=sys.stderr)
        return 2
    options = Options(max_bytes=args.max_bytes, skip_paywalled=args.skip_paywalled)
    with Writer(args.output, fmt) as writer:
        summary = run_clean(args.paths, writer, jobs=args.jobs, options=options,
                            progress=False if args.no_progress else None)
    print(f"newsbroom: {summary.line()}", file=sys.stderr)
    if args.output:
        print(f"newsbroom: output in {args.output}/ (articles.jsonl, rejects.jsonl"
              + (", <stem>.txt" if fmt in ("txt", "both") else "") + ")", file=sys.stderr)
    return 1 if summary.rejected_total else 0


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
            yield from zip(window, results, strict=True)


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


class _Articles:
    """Writes cleaned pages as articles; the pages of one split article (adjacent in the input,
    sharing a `_split_key`) are held back and stitched into one."""

    def __init__(self, writer: Writer, summary: RunSummary) -> None:
        self.writer = writer
        self.summary = summary
        self.pending: list[tuple[str, Article]] = []
        self.pending_key: str | None = None
        self.pending_profile: SiteProfile | None = None

    def add(self, source: str, article: Article, profile: SiteProfile | None) -> None:
        key = _split_key(article, profile)
        if key is None or key != self.pending_key:
            self.flush()
        self.pending.append((source, article))
        self.pending_key, self.pending_profile = key, profile

    def flush(self) -> None:
        if not self.pending:
            return
        summary, writer = self.summary, self.writer
        profile = self.pending_profile
        pages = sorted(self.pending, key=lambda sa: page_number(sa[1].url or sa[1].canonical_url,
                                                              profile.pagination if profile else None))
        source = pages[0][0]
        article = stitch([a for _, a in pages])
        if len(pages) > 1:
            summary.stitched += len(pages) - 1
        stem = output_stem(source) or article.id
        name = writer.claim_name(stem, unique_key=source) if writer.dir is not None else stem
        writer.write(article, name)
        summary.written += 1
        summary.extractors[article.provenance.kind] += 1
        fallback = article.provenance.fallback_from
        if fallback:
            summary.fallbacks[fallback] += 1
        self.pending.clear()
        self.pending_key = self.pending_profile = None


def _progress_bar(paths: list[str], stderr: TextIO, progress: bool | None) -> tqdm | None:
    """A progress bar on `stderr` when asked for, or by default when it is a terminal."""
    if not (stderr.isatty() if progress is None else progress):
        return None
    from tqdm import tqdm

    has_warc = any(p.lower().endswith(WARC_SUFFIXES) for p in paths)
    return tqdm(total=None if has_warc else count_files(paths), file=stderr, unit="page",
                desc="cleaning", leave=False, dynamic_ncols=True)


def _report_rejection(result: Rejection, stderr: TextIO, bar: tqdm | None) -> None:
    message = f"newsbroom: rejected {result.source}: {result.message} [{result.reason}]"
    if bar is not None:
        bar.write(message, file=stderr)
    else:
        print(message, file=stderr)


def run_clean(paths: list[str], writer: Writer, *, jobs: int = 1, options: Options | None = None,
              stderr: TextIO | None = None, progress: bool | None = None, stdin=None) -> RunSummary:
    """Clean every input of `paths` into `writer`; rejections are reported on `stderr` and counted."""
    stderr = stderr or sys.stderr
    options = options or Options()
    summary = RunSummary("clean")
    articles = _Articles(writer, summary)
    bar = _progress_bar(paths, stderr, progress)
    try:
        for item, result in clean_items(iter_inputs(paths, options.max_bytes, stdin=stdin), options, jobs):
            summary.read += 1
            if bar is not None:
                bar.update(1)
            if options.skip_paywalled and isinstance(result, Article) and (wall := paywalled(result)) is not None:
                result = Rejection(_source(item), wall.reason, wall.message)  # noqa: PLW2901 (counted below)
            if isinstance(result, Rejection):
                summary.rejected[result.reason] += 1
                _report_rejection(result, stderr, bar)
                writer.reject(result.to_dict())
                continue
            articles.add(_source(item), result, options.profile_for(result.canonical_url, result.url))
        articles.flush()
    finally:
        if bar is not None:
            bar.close()
    return summary
