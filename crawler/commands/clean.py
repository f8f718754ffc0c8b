"""`newsbroom clean`: offline inputs through the pipeline into a Writer, over N processes.

Every page is cleaned in a worker process under a time and a memory limit
(crawler.outputs.cleaning); records are written as soon as they and every input before them are
done, in input order, so the output is byte-identical whatever the number of processes and a
killed run loses only the pages in flight: `--resume` finishes it.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from dataclasses import replace
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from cleaners import Article, Options
from cleaners.model import Rejection
from cleaners.stitch import page_number, stitch
from crawler.commands import verbosity
from crawler.inputs.files import HTML_SUFFIXES, TEXT_SUFFIXES, WARC_SUFFIXES, Item, count_files, iter_inputs
from crawler.inputs.warc import is_warc
from crawler.outputs.cleaning import DEFAULT_MEMORY_LIMIT, DEFAULT_PAGE_TIMEOUT, clean_items
from crawler.outputs.formats import PER_ARTICLE_SUFFIXES, TABLE_FILES, format_problem, output_files
from crawler.outputs.resume import Previous
from crawler.outputs.summary import RunSummary
from crawler.outputs.writer import Writer, remove_stale_temporaries

if TYPE_CHECKING:
    from tqdm import tqdm  # type: ignore[import-untyped]

    from cleaners.errors import RejectedInput
    from cleaners.knowledge.sites import Registry, SiteProfile

__all__ = ["run", "run_clean", "clean_items", "output_stem"]

_STRIP_SUFFIXES = (".gz",) + HTML_SUFFIXES + TEXT_SUFFIXES


def run(args: argparse.Namespace) -> int:
    """`newsbroom clean PATH...`: the summary line on stderr; 1 when some input was rejected."""
    fmt = args.format or ("both" if args.output else "jsonl")
    if (problem := format_problem(fmt, to_directory=bool(args.output), appends=args.resume)) is not None:
        print(f"newsbroom: error: {problem}", file=sys.stderr)
        return 2
    if args.paths.count("-") > 1:
        print("newsbroom: error: '-' (standard input) can be given once", file=sys.stderr)
        return 2
    if (args.resume or args.overwrite) and not args.output:
        print(f"newsbroom: error: {'--resume' if args.resume else '--overwrite'} is about an output directory: "
              "give -o DIR", file=sys.stderr)
        return 2
    options = Options(max_bytes=args.max_bytes, skip_paywalled=args.skip_paywalled)
    talk = verbosity(args)
    limits = {"page_timeout": args.page_timeout, "memory_limit": args.page_memory or None,
              "progress": False if args.no_progress or talk < 0 else None, "verbosity": talk}
    if not args.output:
        with Writer(None, fmt) as writer:
            summary = run_clean(args.paths, writer, jobs=args.jobs, options=options, **limits)
        if talk >= 0:
            print(f"newsbroom: {summary.line()}", file=sys.stderr)
        return 1 if summary.rejected_total and args.fail_on_reject else 0
    from crawler.outputs.lock import LockHeld
    from crawler.outputs.manifest import OutputRefused
    from crawler.outputs.resume import ResumeMismatch

    try:
        return _run_into(args, fmt, options, limits)
    except (OutputRefused, LockHeld, ResumeMismatch) as exc:
        print(f"newsbroom: error: {exc}", file=sys.stderr)
        return 2


def _run_into(args: argparse.Namespace, fmt: str, options: Options, limits: dict) -> int:
    """`clean -o DIR`: claim DIR (refused when another run or command owns it), then clean into it."""
    from crawler.outputs.lock import OutputLock
    from crawler.outputs.manifest import claim, prepare_directory

    out = prepare_directory(args.output)
    mode = "resume" if args.resume else "overwrite" if args.overwrite else "new"
    with OutputLock(out, "clean"):
        claim(out, "clean", mode=mode)
        remove_stale_temporaries(out)  # a killed run's half-written .txt files
        previous = open_previous(out, mode)
        with Writer(out, fmt, append=mode == "resume") as writer:
            summary = run_clean(args.paths, writer, jobs=args.jobs, options=options, previous=previous, **limits)
    if limits["verbosity"] < 0:
        return 1 if summary.rejected_total and args.fail_on_reject else 0
    if previous.count:
        print(f"newsbroom: resumed: {previous.count} inputs were already done ({len(previous.articles)} articles, "
              f"{sum(previous.rejected.values())} rejections); the counts below include them", file=sys.stderr)
    print(f"newsbroom: {summary.line()}", file=sys.stderr)
    print(f"newsbroom: output in {args.output}/ ({output_files(fmt)})", file=sys.stderr)
    return 1 if summary.rejected_total and args.fail_on_reject else 0


def _names(previous: Previous) -> list[str]:
    """The .txt and .md names the run that wrote `previous` gave its articles, in order."""
    namer = Writer(None, "jsonl")
    stems = [namer.claim_name(output_stem(source) or article_id, unique_key=source)
             for source, article_id in previous.articles]
    return [stem + suffix for stem in stems for suffix in PER_ARTICLE_SUFFIXES]


def open_previous(out: Path, mode: str) -> Previous:
    """What an earlier run left in `out`: loaded for "resume"; for "overwrite", its files removed
    (articles.jsonl, rejects.jsonl and the .txt files its records name, nothing else)."""
    from crawler.outputs.resume import load_previous, remove_files

    if mode == "new":
        return Previous()
    previous = load_previous(out)
    if mode == "overwrite":
        remove_files(out, ["articles.jsonl", "rejects.jsonl", *TABLE_FILES, *_names(previous)])
        return Previous()
    for name in previous.repaired:
        print(f"newsbroom: {out / name}: cut off the torn last line a killed run left", file=sys.stderr)
    return previous


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


def _split_key(article: Article, profile: SiteProfile | None) -> str | None:
    """The key pages of one article share, for sites that split articles over URLs (their
    profile's pagination is single_url or next_link): the URL with its page part cut."""
    return _url_key(article.canonical_url or article.url, profile)


def _url_key(url: str | None, profile: SiteProfile | None) -> str | None:
    if profile is None or profile.pagination.mode not in ("single_url", "next_link"):
        return None
    if not url:
        return None
    return f"{profile.id} {profile.pagination.article_key(url)}"


def _source(item: Item) -> str:
    return item.source if isinstance(item, Rejection) else (item.source or item.url or "?")


class _Articles:
    """Writes cleaned pages as articles; the pages of one split article (adjacent in the input,
    sharing a `_split_key`) are held back and stitched into one."""

    def __init__(self, writer: Writer, summary: RunSummary, say: Callable[[str], None] | None = None) -> None:
        self.writer = writer
        self.summary = summary
        self.say = say  # -v: told one line per article written
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
        if self.say is not None:
            pages_note = f", {len(pages)} pages" if len(pages) > 1 else ""
            self.say(f"newsbroom: written {source}: {article.id} [{article.provenance.kind}{pages_note}]")
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
    _say(f"newsbroom: rejected {result.source}: {result.message} [{result.reason}]", stderr, bar)


def _say(message: str, stderr: TextIO, bar: tqdm | None) -> None:
    """One line on `stderr`, above the progress bar when there is one."""
    if bar is not None:
        bar.write(message, file=stderr)
    else:
        print(message, file=stderr)


def _paywalled(article: Article) -> RejectedInput | None:
    """--skip-paywalled: the rejection of an article not free to read, or None."""
    from cleaners.describe.article import paywalled

    return paywalled(article)


def _workers(paths: list[str], jobs: int) -> int:
    """No more cleaning processes than inputs when each input is one page (a file that is not a WARC);
    a directory or a WARC file may hold any number."""
    if jobs > 1 and all(raw != "-" and Path(raw).is_file() and not is_warc(Path(raw)) for raw in paths):
        return max(1, min(jobs, len(paths)))
    return jobs


def _skip_done(items, previous: Previous, summary: RunSummary):
    """The inputs `previous` has no record of; the ones it has are counted as they were."""
    for item in items:
        if previous.has(_source(item)):
            summary.read += 1
            continue
        yield item


def _done_keys(previous: Previous, options: Options) -> set[str]:
    """The split keys of the articles `previous` wrote: their later pages were stitched into them."""
    keys = (_url_key(canonical or url, _profile_for(options, canonical, url)) for canonical, url in previous.urls)
    return {key for key in keys if key is not None}


@lru_cache(maxsize=1)
def _bundled_profiles() -> Registry:
    """The bundled site profiles (cleaners/data/sites/, read as the cleaning core reads them) without the
    junk rules the core loads beside them: this process only looks profiles up."""
    from cleaners.knowledge import DATA_DIR
    from cleaners.knowledge.sites import load_profiles

    return load_profiles((DATA_DIR / "sites").glob("*.toml"))


def _profile_for(options: Options, *urls: str | None) -> SiteProfile | None:
    """`options.profile_for(*urls)` for the split keys made here, the bundled profiles read alone (on the
    first page with a URL: a text dump names none)."""
    if not any(urls):
        return None
    if options.sites is None and options.use_sites:
        options = replace(options, sites=_bundled_profiles())
    return options.profile_for(*urls)


def _count_previous(previous: Previous, summary: RunSummary, writer: Writer) -> None:
    summary.written += len(previous.articles)
    summary.rejected.update(previous.rejected)
    for source, article_id in previous.articles:  # the names they took stay taken
        writer.claim_name(output_stem(source) or article_id, unique_key=source)


def run_clean(paths: list[str], writer: Writer, *, jobs: int = 1, options: Options | None = None,
              stderr: TextIO | None = None, progress: bool | None = None, stdin=None,
              page_timeout: float | None = DEFAULT_PAGE_TIMEOUT, memory_limit: int | None = DEFAULT_MEMORY_LIMIT,
              previous: Previous | None = None, verbosity: int = 0) -> RunSummary:
    """Clean every input of `paths` into `writer`; rejections are reported on `stderr` and counted
    (with `verbosity` 1, each article written too). Inputs `previous` (an earlier run's records) has are
    skipped."""
    stderr = stderr or sys.stderr
    options = options or Options()
    previous = previous or Previous()
    summary = RunSummary("clean")
    _count_previous(previous, summary, writer)
    bar = _progress_bar(paths, stderr, progress)
    articles = _Articles(writer, summary, (lambda line: _say(line, stderr, bar)) if verbosity > 0 else None)
    done_keys = _done_keys(previous, options)
    items = _skip_done(iter_inputs(paths, options.max_bytes, stdin=stdin, skipped=summary.skipped), previous, summary)
    try:
        for item, result in clean_items(items, options, _workers(paths, jobs), page_timeout=page_timeout,
                                        memory_limit=memory_limit):
            summary.read += 1
            if bar is not None:
                bar.update(1)
            if options.skip_paywalled and isinstance(result, Article) and (wall := _paywalled(result)) is not None:
                result = Rejection(_source(item), wall.reason, wall.message)  # noqa: PLW2901 (counted below)
            if isinstance(result, Rejection):
                summary.rejected[result.reason] += 1
                _report_rejection(result, stderr, bar)
                writer.reject(result.to_dict())
                continue
            profile = _profile_for(options, result.canonical_url, result.url)
            if done_keys and _split_key(result, profile) in done_keys:
                summary.stitched += 1  # a later page of an article the earlier run wrote
                continue
            articles.add(_source(item), result, profile)
        articles.flush()
    finally:
        if bar is not None:
            bar.close()
    return summary
