"""`make bench`: throughput of `newsbroom clean --jobs 1` against trafilatura alone, same pages,
and of the site profile path against the generic path on the profiled Indonesian pages.

Both run in this process over the same page bytes, in CPU time, in turns, after a warm-up pass; the
figure for newsbroom is the whole pipeline (decode, parse, prune, extract, clean, metadata, language).
Uses ../shared/eval/pages when present, else the bundled fixtures.
"""

from __future__ import annotations

import contextlib
import resource
import sys
import time
from pathlib import Path

import trafilatura

from cleaners import Options, Page, RejectedInput, clean_page

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_profile import fresh  # noqa: E402


def _pages() -> list[tuple[str, bytes]]:
    shared = ROOT.parent / "shared" / "eval" / "pages"
    directory = shared if shared.is_dir() else ROOT / "fixtures" / "pages"
    return [(p.stem, p.read_bytes()) for p in sorted(directory.glob("*.html"))]


def _times(fns, pages, rounds: int = 3) -> list[float]:
    """The best CPU time of each of `fns` over `pages`: after a warm-up pass of each (what a process loads
    once is no page's cost), `rounds` passes of each in turns (a busy moment of the machine hits both),
    each pass with the caches keyed by text emptied first (bench_profile.fresh): a page seen in an
    earlier pass must not come back cheaper."""
    for fn in fns:
        for _name, body in pages:
            fn(body)
    best = [float("inf")] * len(fns)
    for _ in range(rounds):
        for i, fn in enumerate(fns):
            fresh()
            start = time.process_time()
            for _name, body in pages:
                fn(body)
            best[i] = min(best[i], time.process_time() - start)
    return best


def _ours(body: bytes, options: Options | None = None) -> None:
    with contextlib.suppress(RejectedInput):
        clean_page(Page(url=None, body=body), options)


def _generic_only(body: bytes) -> None:
    _ours(body, Options(use_sites=False))


def _theirs(body: bytes) -> None:
    trafilatura.extract(body, favor_precision=True, include_comments=False)


def main() -> int:
    pages = _pages()
    for label, subset in (("id-* pages", [p for p in pages if p[0].startswith("id-")]), ("all pages", pages)):
        if not subset:
            continue
        ours, theirs = _times([_ours, _theirs], subset)
        print(f"{label:<11} {len(subset):>3} pages: newsbroom clean {len(subset) / ours:7.1f} pages/s, "
              f"trafilatura {len(subset) / theirs:7.1f} pages/s (x{theirs / ours:.2f})")
    profiled = [p for p in pages if p[0].startswith(("id-", "fundus-id-"))]
    if profiled:
        site, generic = _times([_ours, _generic_only], profiled)
        print(f"profiled Indonesian pages {len(profiled)}: site profile path {len(profiled) / site:7.1f} pages/s, "
              f"generic path {len(profiled) / generic:7.1f} pages/s (one core, end to end, language included)")
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS {rss:.0f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
