"""`newsbroom discover [SITE...] [--seed-url URL]`: the article URLs a crawl would find, one JSON line
each on stdout, without fetching any article (crawler.discover.listing)."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import UTC, datetime, timedelta

__all__ = ["run"]


def run(args: argparse.Namespace) -> int:
    """0 when every feed, sitemap and index page was read; 1 when some could not be (each named on
    stderr, what the others gave is listed); 2 on a usage error."""
    from crawler.commands import verbosity
    from crawler.commands.fetch import through_proxy
    from crawler.crawl.config import DEFAULT_USER_AGENT, CrawlConfig, build_targets
    from crawler.discover.listing import Lister

    config = CrawlConfig(out_dir="", sites=args.sites, seed_urls=args.seed_url, profile_files=args.profile)
    try:
        targets = build_targets(config)
    except ValueError as exc:
        print(f"newsbroom: error: {exc}", file=sys.stderr)
        return 2
    since = datetime.now(UTC) - timedelta(seconds=args.since) if args.since else None

    def emit(entry: dict) -> None:
        sys.stdout.write(json.dumps(entry, ensure_ascii=False) + "\n")

    with through_proxy(args.proxy):
        lister = Lister(emit=emit, since=since, delay=args.delay, timeout=args.timeout,
                        user_agent=args.user_agent or DEFAULT_USER_AGENT)
        try:
            for target in targets:
                lister.run(target)
        finally:
            lister.close()
    sys.stdout.flush()
    listing = lister.listing
    for line in listing.failed:
        print(f"newsbroom: could not read {line}", file=sys.stderr)
    if verbosity(args) < 0:
        return 1 if listing.failed else 0
    old = f", {listing.skipped_old} older than --since" if since is not None else ""
    print(f"newsbroom: {listing.entries} article URLs from {listing.documents} feeds, sitemaps and pages "
          f"({listing.disallowed} disallowed by robots.txt{old}); {len(listing.failed)} could not be read",
          file=sys.stderr)
    return 1 if listing.failed else 0
