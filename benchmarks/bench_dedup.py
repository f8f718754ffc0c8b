"""Near-copy dedup benchmark: records/s of `newsbroom dedup`, against comparing every pair.

    python benchmarks/bench_dedup.py [--records 100000] [--distance 10] [--sample 4000] [--python]

Writes a JSONL file of N small records with random 64-bit simhashes (what the simhashes of
different texts look like), 1% of them near copies of another record (1 to `--distance` bits
flipped), then runs `newsbroom dedup` on it (reading, banding, union-find, writing the groups)
and reports records/s and the groups found (every planted copy must be found); it uses numpy when
installed. `--python`: also the banding alone on the same hashes without numpy. The reference, in
the same run: all pairs compared (the same XOR and bit count in Python) on `--sample` records,
extrapolated to N records (pairs grow as N^2/2).
"""

from __future__ import annotations

import argparse
import io
import json
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from crawler.commands.dedup import run_dedup  # noqa: E402
from crawler.outputs.banding import _plan, group, near_pairs, numpy_or_none  # noqa: E402


def _write(path: Path, n: int, distance: int, seed: int) -> tuple[list[int], int]:
    rnd = random.Random(seed)
    copies = n // 100
    hashes = [rnd.getrandbits(64) for _ in range(n - copies)]
    for _ in range(copies):
        value = hashes[rnd.randrange(n - copies)]
        for bit in rnd.sample(range(64), rnd.randint(1, distance)):
            value ^= 1 << bit
        hashes.append(value)
    rnd.shuffle(hashes)
    with open(path, "w", encoding="utf-8") as fh:
        for i, value in enumerate(hashes):
            fh.write(json.dumps({"id": f"{i:016x}", "version": f"{i:016x}", "url": f"https://example.com/{i}",
                                 "site": "example.com", "title": f"Article {i}", "word_count": 300 + i % 500,
                                 "published_at": None, "simhash": f"{value:016x}"}) + "\n")
    return hashes, copies


def _all_pairs_rate(hashes: list[int], distance: int) -> float:
    """Pairs compared per second, every pair of `hashes`."""
    started = time.perf_counter()
    found = 0
    for a, x in enumerate(hashes):
        found += sum(1 for y in hashes[a + 1:] if (x ^ y).bit_count() <= distance)
    pairs = len(hashes) * (len(hashes) - 1) / 2
    return pairs / (time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--distance", type=int, default=10)
    parser.add_argument("--sample", type=int, default=4000)
    parser.add_argument("--python", action="store_true", help="also time the banding without numpy")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "articles.jsonl"
        hashes, copies = _write(path, args.records, args.distance, seed=1)
        k, m = _plan(len(set(hashes)), args.distance, 8 if numpy_or_none() is not None else 3)
        err = io.StringIO()
        out = io.BytesIO()
        started = time.perf_counter()
        code = run_dedup([str(path)], None, distance=args.distance, err=err, stdout=out)
        took = time.perf_counter() - started
    groups = [json.loads(line) for line in out.getvalue().splitlines()]
    found = sum(g["size"] - 1 for g in groups)
    rate = _all_pairs_rate(hashes[:args.sample], args.distance)
    all_pairs = args.records * (args.records - 1) / 2 / rate
    print(f"records: {args.records:,} ({copies:,} planted near copies), distance {args.distance}: "
          f"{k} blocks, bands of {m} ({_bands(k, m)} bands)")
    engine = "numpy" if numpy_or_none() is not None else "python"
    print(f"newsbroom dedup ({engine}): {took:.1f} s, {args.records / took:,.0f} records/s, exit {code}; "
          f"{len(groups):,} groups, {found:,} copies beside their keepers")
    if args.python:
        started = time.perf_counter()
        same = len(group(near_pairs(hashes, args.distance, engine="python"))) == len(groups)
        took = time.perf_counter() - started
        print(f"banding without numpy: {took:.1f} s, {args.records / took:,.0f} records/s, same groups: {same}")
    print(f"all pairs (reference, measured on {args.sample:,} records, same run): {rate / 1e6:.1f}M pairs/s, "
          f"so {all_pairs:,.0f} s for {args.records:,} records ({args.records / all_pairs:,.0f} records/s)")
    print(err.getvalue().strip().splitlines()[-1])


def _bands(k: int, m: int) -> int:
    from math import comb

    return comb(k, m)


if __name__ == "__main__":
    main()
