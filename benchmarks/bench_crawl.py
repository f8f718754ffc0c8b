"""Crawl benchmark: a generated local site, delays and AutoThrottle off, cleaning on.

    python benchmarks/bench_crawl.py [--sizes 1000,5000,20000]

For each size N: serve N generated articles (sitemap index + sitemaps) from a separate process,
run one crawl pass in a fresh process, and report pages/s, CPU time per page split between
fetching (everything but cleaning: Scrapy, HTTP, parsing sitemaps, state, writing) and cleaning,
and the pass's peak RSS (which should stay flat as N grows: the queue and the state are on disk).
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def one(n: int, base: str, work: Path) -> dict:
    """Runs inside a fresh process: one pass, then its own numbers."""
    sys.path.insert(0, str(ROOT))
    from crawler.crawl.config import CrawlConfig
    from crawler.crawl.passes import run_pass_here

    profile = work / "bench.toml"
    profile.write_text(f'id = "bench"\ndomains = ["127.0.0.1"]\n[extract]\nbody = ["article"]\n[crawl]\n'
                       f'sitemaps = ["{base}/sitemap_index.xml"]\nconcurrency = 16\ndelay = 0.0\n')
    config = CrawlConfig(out_dir=str(work / "out"), profile_files=[str(profile)], autothrottle=False, delay=0.0,
                         concurrency=16, log_level="ERROR")
    started = time.monotonic()
    cpu0 = time.process_time()
    summary = run_pass_here(config)
    wall = time.monotonic() - started
    cpu = time.process_time() - cpu0
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return {"n": n, "written": summary.written, "rejected": summary.rejected_total, "seconds": wall,
            "pages_per_s": summary.fetched / wall if wall else 0.0, "cpu_total": cpu,
            "cpu_clean": summary.clean_cpu, "peak_rss_mb": usage.ru_maxrss / 1024}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="1000,5000,20000")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--base", help=argparse.SUPPRESS)
    parser.add_argument("--work", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(one(args.one, args.base, Path(args.work))))
        return 0
    print(f"{'pages':>7} {'written':>7} {'pages/s':>8} {'fetch ms/page':>13} {'clean ms/page':>13} {'peak RSS MB':>11}")
    for n in (int(x) for x in args.sizes.split(",")):
        server = subprocess.Popen([sys.executable, "-m", "tests.server", "--generate", str(n)], cwd=ROOT,
                                  stdout=subprocess.PIPE, text=True)
        assert server.stdout is not None  # stdout=PIPE
        try:
            base = server.stdout.readline().strip()
            with tempfile.TemporaryDirectory() as work:
                done = subprocess.run([sys.executable, __file__, "--one", str(n), "--base", base, "--work", work],
                                      capture_output=True, text=True, check=True)
            r = json.loads(done.stdout.strip().splitlines()[-1])
        finally:
            server.terminate()
            server.wait()
        pages = max(1, r["written"])
        fetch_ms = (r["cpu_total"] - r["cpu_clean"]) * 1000 / pages
        clean_ms = r["cpu_clean"] * 1000 / pages
        print(f"{n:>7} {r['written']:>7} {r['pages_per_s']:>8.1f} {fetch_ms:>13.2f} {clean_ms:>13.2f} "
              f"{r['peak_rss_mb']:>11.1f}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
