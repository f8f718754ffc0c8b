"""`newsbroom fetch URL... [-i FILE]`: fetch article URLs and clean them (crawler.fetch.client)."""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Iterator

__all__ = ["run", "input_urls", "InputError", "through_proxy"]


class InputError(Exception):
    """An -i FILE that cannot be read."""


def input_urls(paths: list[str] | None) -> list[str]:
    """The URLs of -i FILE (each `-` is standard input): one a line, blank lines and `#` comments
    skipped. Other lines are kept as they are: a line that is no http(s) URL is rejected when
    fetched, counted like any other rejection."""
    urls: list[str] = []
    for path in paths or []:
        if path == "-":
            text = sys.stdin.buffer.read().decode("utf-8-sig", errors="replace")
        else:
            try:
                with open(path, "rb") as f:
                    text = f.read().decode("utf-8-sig", errors="replace")
            except OSError as exc:
                raise InputError(f"cannot read the URL list {path}: {exc.strerror or exc}") from None
        for raw in text.splitlines():
            line = raw.strip()
            if line and not line.startswith("#"):
                urls.append(line)
    return urls


_PROXY_VARIABLES = ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY")


@contextlib.contextmanager
def through_proxy(proxy: str | None) -> Iterator[None]:
    """With --proxy: every request through `proxy` (httpx takes it from the environment, which is
    put back as it was afterwards); NO_PROXY does not apply, the user asked for this proxy."""
    if proxy is None:
        yield
        return
    names = [n for v in _PROXY_VARIABLES for n in (v, v.lower())]
    saved = {n: os.environ.get(n) for n in names}
    for name in names:
        os.environ.pop(name, None)
    os.environ["HTTP_PROXY"] = os.environ["HTTPS_PROXY"] = proxy
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def run(args: argparse.Namespace) -> int:
    """Seed-format text (or JSONL) on stdout, or DIR/ with -o; 1 when some URL was rejected."""
    from crawler.commands import verbosity
    from crawler.crawl.config import DEFAULT_USER_AGENT
    from crawler.fetch.client import run_fetch
    from crawler.outputs.formats import format_problem, with_jsonl

    # -o DIR: the files of a crawl, articles.jsonl always (the csv/parquet tables are rebuilt from it)
    fmt = with_jsonl(args.format or "both") if args.output else args.format or "txt"
    if (problem := format_problem(fmt, to_directory=bool(args.output))) is not None:
        print(f"newsbroom: error: {problem}", file=sys.stderr)
        return 2
    if args.warc and not args.output:
        print("newsbroom: error: --warc writes DIR/warc/: give -o DIR too", file=sys.stderr)
        return 2
    try:
        urls = list(args.urls) + input_urls(args.input)
    except InputError as exc:
        print(f"newsbroom: error: {exc}", file=sys.stderr)
        return 2
    if not urls:
        print("newsbroom: error: no URL to fetch: give URLs, or -i FILE (one URL a line, - for stdin)",
              file=sys.stderr)
        return 2
    with through_proxy(args.proxy):  # --proxy: for the whole run
        return run_fetch(urls, out_dir=args.output, fmt=fmt, profile_files=args.profile,
                         user_agent=args.user_agent or DEFAULT_USER_AGENT, max_bytes=args.max_bytes,
                         timeout=args.timeout, skip_paywalled=args.skip_paywalled, warc=args.warc,
                         verbosity=verbosity(args))
