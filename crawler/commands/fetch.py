"""`newsbroom fetch URL...`: fetch article URLs and clean them (crawler.fetch.client)."""

from __future__ import annotations

import argparse

__all__ = ["run"]


def run(args: argparse.Namespace) -> int:
    """Seed-format text (or JSONL) on stdout, or DIR/ with -o; 1 when some URL was rejected."""
    from crawler.crawl.config import DEFAULT_USER_AGENT
    from crawler.fetch.client import run_fetch

    return run_fetch(args.urls, out_dir=args.output, fmt=args.format or "txt", profile_files=args.profile,
                     user_agent=args.user_agent or DEFAULT_USER_AGENT, max_bytes=args.max_bytes,
                     timeout=args.timeout, skip_paywalled=args.skip_paywalled)
