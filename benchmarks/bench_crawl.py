"""Crawl benchmark: a generated local site, delays and AutoThrottle off, cleaning on.

    python benchmarks/bench_crawl.py [--sizes 1000,5000,20000] [--jobs 2] [--no-in-step] [--warc-compare]
                                     [--repeat N] [--profile FILE]

For each size N: serve N generated articles (sitemap index + sitemaps) from a separate process, run one
crawl pass per mode in a fresh process each, and report pages/s, the pass process's CPU per page
(Scrapy, HTTP, sitemaps, state, writing: "fetch"), the cleaning workers' CPU per page ("clean"), and
the pass's peak RSS (which should stay flat as N grows: the queue and the state are on disk).

The modes, measured in the same run against the same server: `pool` (the crawl as it runs: articles
cleaned by --jobs workers beside the reactor), `in-step` (each article cleaned while the reactor waits,
the crawl's former way: the reference of the same run), and with --warc-compare `pool+warc` (raw
capture on; its cost must stay under 10% of pages/s). --repeat runs the modes in turn N times and keeps
each mode's best (the machine is shared: the best run is the least disturbed one). The last lines
compare: ours vs the goal (200 pages/s on 5,000 articles, two cores), vs in-step, and warc vs none.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOAL_PAGES_PER_S = 200.0  # the crawl of the generated 5,000-article site with cleaning, on two cores
WARC_MAX_COST = 0.10  # --warc may cost at most this share of pages/s


def one(n: int, base: str, work: Path, jobs: int, warc: bool, profile_to: str | None) -> dict:
    """Runs inside a fresh process: one pass, then its own numbers."""
    sys.path.insert(0, str(ROOT))
    from crawler.crawl.config import CrawlConfig
    from crawler.crawl.passes import run_pass_here

    profile = work / "bench.toml"
    profile.write_text(f'id = "bench"\ndomains = ["127.0.0.1"]\n[extract]\nbody = ["article"]\n[crawl]\n'
                       f'sitemaps = ["{base}/sitemap_index.xml"]\nconcurrency = 16\ndelay = 0.0\n')
    config = CrawlConfig(out_dir=str(work / "out"), profile_files=[str(profile)], autothrottle=False, delay=0.0,
                         concurrency=16, log_level="ERROR", clean_jobs=jobs, warc=warc)
    profiler = None
    if profile_to:
        import cProfile

        profiler = cProfile.Profile(time.process_time)  # CPU, not waiting
        profiler.enable()
    started = time.monotonic()
    cpu0 = time.process_time()
    summary = run_pass_here(config)
    wall = time.monotonic() - started
    cpu = time.process_time() - cpu0
    if profiler is not None and profile_to:
        profiler.disable()
        profiler.dump_stats(profile_to)
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return {"n": n, "written": summary.written, "rejected": summary.rejected_total, "seconds": wall,
            "pages_per_s": summary.fetched / wall if wall else 0.0, "cpu_pass": cpu,
            "cpu_clean": summary.clean_cpu, "peak_rss_mb": usage.ru_maxrss / 1024}


def _run(n: int, base: str, jobs: int, warc: bool, profile_to: str | None) -> dict:
    with tempfile.TemporaryDirectory() as work:
        cmd = [sys.executable, __file__, "--one", str(n), "--base", base, "--work", work, "--jobs", str(jobs)]
        cmd += ["--warc"] if warc else []
        cmd += ["--profile", profile_to] if profile_to else []
        done = subprocess.run(cmd, capture_output=True, text=True)
        if done.returncode != 0:
            raise SystemExit(f"bench_crawl: the pass failed:\n{done.stderr[-3000:]}")
        return json.loads(done.stdout.strip().splitlines()[-1])


def capture_ms(pages: int = 2000) -> float:
    """CPU milliseconds per page that --warc's capture takes (a request and a response record of a page
    of the generated site, gzipped and written), measured in this process: the wall-clock cost of
    --warc is within the noise of a shared machine."""
    sys.path.insert(0, str(ROOT))
    from crawler.outputs.capture import WarcCapture
    from tests.server import _article_html

    base = "http://127.0.0.1:8000"
    headers = [("Content-Type", "text/html; charset=utf-8"), ("ETag", '"0123456789abcdef0123"'),
               ("Last-Modified", "Tue, 14 Nov 2023 22:13:20 GMT"), ("Server", "BaseHTTP/0.6 Python/3.11")]
    sent = [("Accept", "text/html,application/xhtml+xml"), ("User-Agent", "newsbroom"), ("Accept-Encoding", "gzip")]
    bodies = [_article_html(i, base) for i in range(100)]
    with tempfile.TemporaryDirectory() as work:
        capture = WarcCapture(work, "bench")
        started = time.process_time()
        for i in range(pages):
            body = bodies[i % len(bodies)]
            capture.response(f"{base}/berita/{i}/berita-nomor-{i}", 200, headers + [("Content-Length", str(len(body)))],
                             body, protocol="HTTP/1.1", request_headers=sent)
        spent = time.process_time() - started
        capture.close()
    return spent * 1000 / pages


def _cpu_of(pid: int) -> float:
    """CPU seconds process `pid` has used so far (Linux /proc; 0.0 elsewhere)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _modes(args: argparse.Namespace) -> list[tuple[str, int, bool]]:
    modes = [("pool", args.jobs, False)]
    if not args.no_in_step:
        modes.append(("in-step", 0, False))
    if args.warc_compare:
        modes.append(("pool+warc", args.jobs, True))
    return modes


def _size(n: int, args: argparse.Namespace) -> dict[str, dict]:
    """The best run of each mode on a site of `n` articles (one server for all of them)."""
    server = subprocess.Popen([sys.executable, "-m", "tests.server", "--generate", str(n)], cwd=ROOT,
                              stdout=subprocess.PIPE, text=True)
    assert server.stdout is not None  # stdout=PIPE
    best: dict[str, dict] = {}
    try:
        base = server.stdout.readline().strip()
        for _ in range(args.repeat):
            for name, jobs, warc in _modes(args):
                profile_to = f"{args.profile}.{name}.{n}" if args.profile else None
                served = _cpu_of(server.pid)
                r = _run(n, base, jobs, warc, profile_to)
                r["cpu_server"] = _cpu_of(server.pid) - served
                if name not in best or r["pages_per_s"] > best[name]["pages_per_s"]:
                    best[name] = r
    finally:
        server.terminate()
        server.wait()
    return best


def _ms(r: dict, key: str) -> float:
    return r[key] * 1000 / max(1, r["written"])


def idle_estimate(r: dict, in_step: bool) -> float:
    """Pages/s on two idle cores that the CPU per page allows: in step, the pass and its worker take turns
    (one core); with the pool, the pass process is one core at most and everything shares two."""
    fetch, clean, server = _ms(r, "cpu_pass"), _ms(r, "cpu_clean"), _ms(r, "cpu_server")
    if in_step:
        return 1000 / max(1e-9, fetch + clean)
    return min(1000 / max(1e-9, fetch), 2000 / max(1e-9, fetch + clean + server))


def _row(n: int, name: str, r: dict) -> str:
    return (f"{n:>7} {name:>10} {r['written']:>7} {r['pages_per_s']:>8.1f} {_ms(r, 'cpu_pass'):>13.2f} "
            f"{_ms(r, 'cpu_clean'):>13.2f} {_ms(r, 'cpu_server'):>14.2f} {idle_estimate(r, name == 'in-step'):>10.0f} "
            f"{r['peak_rss_mb']:>11.1f}")


def _compare(n: int, best: dict[str, dict]) -> list[str]:
    ours = best["pool"]["pages_per_s"]
    estimate = idle_estimate(best["pool"], False)
    lines = [f"crawl {n} articles, pages/s: ours {ours:.1f} vs reference {GOAL_PAGES_PER_S:.0f} (goal), "
             f"ratio {ours / GOAL_PAGES_PER_S:.2f}",
             f"crawl {n} articles, CPU-bound pages/s on two idle cores: ours {estimate:.0f} vs reference "
             f"{GOAL_PAGES_PER_S:.0f} (goal), ratio {estimate / GOAL_PAGES_PER_S:.2f}"]
    if "in-step" in best:
        ref = best["in-step"]["pages_per_s"]
        lines.append(f"crawl {n} articles, pages/s: ours {ours:.1f} vs reference {ref:.1f} (in-step cleaning, "
                     f"same run), ratio {ours / ref:.2f}" if ref else "in-step: no pages")
        ref_estimate = idle_estimate(best["in-step"], True)
        lines.append(f"crawl {n} articles, CPU-bound pages/s on two idle cores: ours {estimate:.0f} vs reference "
                     f"{ref_estimate:.0f} (in-step cleaning, same run), ratio {estimate / ref_estimate:.2f}")
    if "pool+warc" in best:
        cap = capture_ms()
        r = dict(best["pool"], cpu_pass=best["pool"]["cpu_pass"] + cap * best["pool"]["written"] / 1000)
        with_cap = idle_estimate(r, False)
        lines.append(f"crawl {n} articles --warc, CPU-bound pages/s on two idle cores: ours {with_cap:.0f} vs "
                     f"reference {estimate:.0f} (no --warc), ratio {with_cap / estimate:.2f}: the capture's "
                     f"{cap:.2f} ms of CPU a page costs {1 - with_cap / estimate:.1%}")
        warc = best["pool+warc"]["pages_per_s"]
        cost = 1 - warc / ours if ours else 0.0
        verdict = "ok" if cost < WARC_MAX_COST else f"over the {WARC_MAX_COST:.0%} budget"
        lines.append(f"crawl {n} articles --warc, pages/s: ours {warc:.1f} vs reference {ours:.1f} (no --warc, same "
                     f"run), ratio {warc / ours:.2f}: capture costs {cost:.1%} ({verdict})")
    return lines


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="1000,5000,20000")
    parser.add_argument("--jobs", type=int, default=2, help="cleaning workers of the pool mode (default 2)")
    parser.add_argument("--no-in-step", action="store_true", help="skip the in-step reference run")
    parser.add_argument("--warc-compare", action="store_true", help="also run with --warc and report its cost")
    parser.add_argument("--repeat", type=int, default=1, help="run the modes in turn N times, keep each one's best")
    parser.add_argument("--profile", metavar="FILE", help="cProfile (CPU time) of each pass to FILE.<mode>.<size>")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--base", help=argparse.SUPPRESS)
    parser.add_argument("--work", help=argparse.SUPPRESS)
    parser.add_argument("--warc", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(one(args.one, args.base, Path(args.work), args.jobs, args.warc, args.profile)))
        return 0
    print(f"{'pages':>7} {'mode':>10} {'written':>7} {'pages/s':>8} {'fetch ms/page':>13} {'clean ms/page':>13} "
          f"{'server ms/page':>14} {'CPU-bound':>10} {'peak RSS MB':>11}", flush=True)
    comparisons: list[str] = []
    for n in (int(x) for x in args.sizes.split(",")):
        best = _size(n, args)
        for name, r in best.items():
            print(_row(n, name, r), flush=True)
        comparisons += _compare(n, best)
    print("(fetch: the pass process's CPU per page; clean: the cleaning workers'; server: the test server's; "
          "CPU-bound: the pages/s that CPU allows on two idle cores; the modes ran in turn against one server)")
    for line in comparisons:
        print(line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
