"""Shared-crawl benchmark: pages/s with one and two workers on Redis, and what the state costs.

    python benchmarks/bench_redis.py [--pages 2000] [--seen 100000]

Needs the redis-server binary (it starts its own on a free port, data in a temporary directory,
appendonly on). Crawl: a generated local site of N articles (`python -m tests.server
--generate N`) crawled with cleaning on, delays and AutoThrottle off, concurrency 16 per worker:
first with the SQLite state (one process), then with Redis by one worker, then by two workers at
once. pages/s is articles written / the pass's own time (the slowest worker's, for two), so
process start-up is left out. On a machine with fewer free cores than workers, two workers share
the CPU: cleaning is CPU-bound, so the second worker adds little there.

Memory: `--seen` seen articles recorded through RedisState.record_written (one URL each, with its
id, text hash, lastmod and fetched_at), measured as the growth of Redis's INFO used_memory; then
as many dupefilter fingerprints (ArticleDupeFilter, 40 hex) added to one set; then the same seen
records through SQLiteState, measured as the size of the database file after a checkpoint.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
NEWSBROOM = [sys.executable, "-m", "crawler.cli"]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_redis(directory: Path) -> tuple[subprocess.Popen, int]:
    import redis

    binary = shutil.which("redis-server")
    if binary is None:
        raise SystemExit("bench_redis: redis-server is not installed (apt-get install redis-server)")
    port = _free_port()
    proc = subprocess.Popen([binary, "--port", str(port), "--bind", "127.0.0.1", "--dir", str(directory),
                             "--appendonly", "yes", "--save", "", "--logfile", str(directory / "redis.log")],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    client = redis.Redis(port=port)
    for _ in range(500):
        try:
            client.ping()
            break
        except redis.exceptions.RedisError:
            time.sleep(0.02)
    return proc, port


_SECONDS = re.compile(r"; ([0-9.]+)s$")


def crawl(profile: Path, work: Path, state: str | None, workers: list[str]) -> dict:
    """Run the workers at once (CLI processes); total written and the slowest pass's seconds."""
    procs = []
    for name in workers:
        cmd = NEWSBROOM + ["crawl", "--profile", str(profile), "-o", str(work / name), "--delay", "0",
                           "--no-autothrottle", "--concurrency", "16", "--log-level", "ERROR"]
        if state is not None:
            cmd += ["--state", state, "--worker", name]
        procs.append(subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True))
    seconds = 0.0
    for proc in procs:
        _, err = proc.communicate()
        if proc.returncode != 0:
            raise SystemExit(f"bench_redis: a worker failed:\n{err}")
        line = [x for x in err.splitlines() if x.startswith("newsbroom: ") and "written" in x][-1]
        found = _SECONDS.search(line)
        if found is None:
            raise SystemExit(f"bench_redis: no time in the summary line: {line}")
        seconds = max(seconds, float(found.group(1)))
    written = sum(p.read_bytes().count(b"\n") for p in work.glob("*/articles*.jsonl"))
    return {"workers": len(workers), "written": written, "seconds": seconds,
            "pages_per_s": written / seconds if seconds else 0.0}


def _sample_url(i: int) -> str:
    return f"https://www.contoh-berita.co.id/berita/2025/07/{1 + i % 28:02d}/{100000 + i}/judul-berita-nomor-{i}"


def redis_memory(port: int, n: int) -> dict:
    import hashlib

    import redis
    from scrapy import Request

    from crawler.crawl.records import RequestMeta
    from crawler.crawl.shared.scheduler import ArticleDupeFilter
    from crawler.state import RedisState, parse_redis_spec

    client = redis.Redis(port=port)
    client.flushall()
    state = RedisState(parse_redis_spec(f"redis://127.0.0.1:{port}/0?prefix=bench"), worker="bench")
    t0 = datetime(2025, 7, 1, tzinfo=UTC)
    before = client.info("memory")["used_memory"]
    started = time.monotonic()
    for i in range(n):
        url = _sample_url(i)
        state.record_written([url], hashlib.sha256(url.encode()).hexdigest()[:16],
                             hashlib.sha256(str(i).encode()).hexdigest(), t0 + timedelta(minutes=i),
                             (t0 + timedelta(minutes=i, seconds=30)).isoformat(), i * 3000)
    seen_seconds = time.monotonic() - started
    after_seen = client.info("memory")["used_memory"]
    dupefilter = ArticleDupeFilter(client, key="bench:site:dupefilter")
    pipe = client.pipeline(transaction=False)
    for i in range(n):
        u = _sample_url(i)
        request = Request(u, meta=RequestMeta("article", url=u, lastmod=t0 + timedelta(minutes=i)).to_meta())
        pipe.sadd(dupefilter.key, dupefilter.request_fingerprint(request))
        if i % 1000 == 999:
            pipe.execute()
    pipe.execute()
    after_df = client.info("memory")["used_memory"]
    state.close()
    return {"seen_bytes": after_seen - before, "dupefilter_bytes": after_df - after_seen,
            "records_per_s": n / seen_seconds}


def sqlite_size(work: Path, n: int) -> dict:
    import hashlib

    from crawler.state import SQLiteState

    path = work / "bench.db"
    state = SQLiteState(path)
    t0 = datetime(2025, 7, 1, tzinfo=UTC)
    started = time.monotonic()
    for i in range(n):
        url = _sample_url(i)
        state.record_written([url], hashlib.sha256(url.encode()).hexdigest()[:16],
                             hashlib.sha256(str(i).encode()).hexdigest(), t0 + timedelta(minutes=i),
                             (t0 + timedelta(minutes=i, seconds=30)).isoformat(), i * 3000)
    seconds = time.monotonic() - started
    state.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    state.close()
    return {"file_bytes": path.stat().st_size, "records_per_s": n / seconds}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", type=int, default=2000)
    parser.add_argument("--seen", type=int, default=100_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        (work / "redis").mkdir()
        redis_proc, port = start_redis(work / "redis")
        server = subprocess.Popen([sys.executable, "-m", "tests.server", "--generate", str(args.pages)], cwd=ROOT,
                                  stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        assert server.stdout is not None  # stdout=PIPE
        try:
            base = server.stdout.readline().strip()
            profile = work / "bench.toml"
            profile.write_text(f'id = "bench"\ndomains = ["127.0.0.1"]\n[extract]\nbody = ["article"]\n[crawl]\n'
                               f'sitemaps = ["{base}/sitemap_index.xml"]\nconcurrency = 16\ndelay = 0.0\n')
            import redis

            client = redis.Redis(port=port)
            url = f"redis://127.0.0.1:{port}/0"
            print(f"crawl of {args.pages} generated pages ({os.cpu_count()} cores):", flush=True)
            print(f"  {'state':<8} {'workers':>7} {'written':>7} {'seconds':>8} {'pages/s':>8}", flush=True)
            runs = [("sqlite", None, ["solo"]), ("redis", url, ["w1"]), ("redis", url, ["w1", "w2"])]
            for label, state, workers in runs:
                client.flushall()
                run_dir = work / f"{label}-{len(workers)}"
                r = crawl(profile, run_dir, state, workers)
                print(f"  {label:<8} {r['workers']:>7} {r['written']:>7} {r['seconds']:>8.1f} {r['pages_per_s']:>8.1f}",
                      flush=True)
                shutil.rmtree(run_dir, ignore_errors=True)
            n = args.seen
            mem = redis_memory(port, n)
            lite = sqlite_size(work, n)
            scale = 100_000 / n
            print(f"state for {n} seen URLs (~{len(_sample_url(n // 2))}-character URLs):")
            print(f"  Redis seen hash:   {mem['seen_bytes'] / n:6.0f} B/URL  "
                  f"{mem['seen_bytes'] * scale / 2**20:6.1f} MiB per 100k  "
                  f"({mem['records_per_s']:.0f} record_written/s)")
            print(f"  Redis dupefilter:  {mem['dupefilter_bytes'] / n:6.0f} B/fp   "
                  f"{mem['dupefilter_bytes'] * scale / 2**20:6.1f} MiB per 100k")
            print(f"  SQLite file:       {lite['file_bytes'] / n:6.0f} B/URL  "
                  f"{lite['file_bytes'] * scale / 2**20:6.1f} MiB per 100k  "
                  f"({lite['records_per_s']:.0f} record_written/s)")
            print(json.dumps({"redis": mem, "sqlite": lite}))
        finally:
            server.terminate()
            server.wait()
            redis_proc.terminate()
            redis_proc.wait()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
