"""`newsbroom fetch URL...`: fetch article URLs and clean them (crawler.fetch.client)."""

from __future__ import annotations

import argparse
import sys

__all__ = ["run"]


def run(args: argparse.Namespace) -> int:
    """Seed-format text (or JSONL) on stdout, or DIR/ with -o; 1 when some URL was rejected."""
    from crawler.crawl.config import DEFAULT_USER_AGENT
    from crawler.fetch.client import run_fetch
    from crawler.outputs.formats import format_problem, with_jsonl

    # -o DIR: the files of a crawl, articles.jsonl always (the csv/parquet tables are rebuilt from it)
    fmt = with_jsonl(args.format or "both") if args.output else args.format or "txt"
    if (problem := format_problem(fmt, to_directory=bool(args.output))) is not None:
        print(f"newsbroom: error: {problem}", file=sys.stderr)
        return 2
    return run_fetch(args.urls, out_dir=args.output, fmt=fmt, profile_files=args.profile,
                     user_agent=args.user_agent or DEFAULT_USER_AGENT, max_bytes=args.max_bytes,
                     timeout=args.timeout, skip_paywalled=args.skip_paywalled)
