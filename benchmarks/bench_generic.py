"""Generic-path benchmark: CPU per page of newsbroom's generic path against trafilatura fast.

    python benchmarks/bench_generic.py [--dir ../shared/eval/wcxb] [--sample N] [--repeat 1] [--chunk 25]
                                       [--profile N] [--stages]

Over the WCXB dev article pages (`<id>.html.gz`, all of them, or a fixed sample of `--sample N`
chosen by a seeded shuffle of the sorted names, so every run measures the same pages), in one
process and on the same bytes:
- ours: `clean_page` with site profiles off (the generic path end to end: decode, parse, metadata,
  pruning, extraction, cleaning, dates, language);
- the reference: `trafilatura.extract(html, fast=True)` (no fallback extractors).
Each side first runs a warm-up pass over all the pages (imports, language profiles, the rules' programs
built on first use: none is a per-page cost). Then, `--repeat` rounds: the pages in chunks of
`--chunk`, each chunk read by one side and then the other, back to back, which side goes first
alternating from one chunk to the next (across rounds too: the chunks are counted on from one round
to the next); CPU is `time.process_time()`. A side's pass over a whole sample lasts several seconds,
long enough for a shared machine to change speed between the two sides' passes; a chunk's pair lasts
about a second, so both sides of a chunk see the same machine. Before each side's turn on a chunk the
caches keyed by text are emptied on both sides (bench_profile.fresh): no turn finds a page's lines or
dates already worked out by an earlier one, and a side's caches serve at most a chunk's pages. The
ratio is ours over the reference, each side's CPU summed over every chunk of every round (a mean, not
a best of rounds); each round's own ratio is printed beside it.
`--profile N` then runs our side once more under cProfile and prints the N functions with the most
cumulative time; `--stages` prints the stages of the generic path (`STAGES`), each with its
share of our time under the profiler and that share of the measured CPU per page (the profiler weighs
Python-heavy code more than C: an estimate of where the time goes).
"""

from __future__ import annotations

import argparse
import cProfile
import gzip
import io
import json
import os
import pstats
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

sys.path.insert(0, str(Path(__file__).resolve().parent))  # bench_profile, also when run with -m
from bench_profile import fresh  # noqa: E402

DEFAULT_DIR = ROOT.parent / "shared" / "eval" / "wcxb"
SEED = 20260415

Pages = list[tuple[str, bytes, str | None]]


def load(directory: Path, sample: int | None) -> Pages:
    """(id, HTML bytes, url) of the pages of `directory`, or of a fixed sample of them."""
    paths = sorted(directory.glob("*.html.gz"))
    if not paths:
        raise SystemExit(f"bench_generic: no <id>.html.gz pages in {directory}")
    if sample is not None and sample < len(paths):
        paths = sorted(random.Random(SEED).sample(paths, sample))
    pages = []
    for path in paths:
        page_id = path.name.removesuffix(".html.gz")
        gold = path.with_name(f"{page_id}.json")
        url = json.loads(gold.read_text(encoding="utf-8")).get("url") if gold.exists() else None
        pages.append((page_id, gzip.decompress(path.read_bytes()), url))
    return pages


def ours() -> Callable[[str, bytes, str | None], object]:
    from cleaners import Options, Page, RejectedInput, clean_page
    from cleaners.page.published import prepare_date_search

    options = Options(use_sites=False)
    prepare_date_search()  # once per process, as `newsbroom eval` does (see crawler/commands/eval.py)

    def run(page_id: str, body: bytes, url: str | None) -> object:
        try:
            return clean_page(Page(url=url, body=body, source=page_id), options)
        except RejectedInput:
            return None

    return run


def trafilatura_fast() -> Callable[[str, bytes, str | None], object]:
    import trafilatura

    def run(page_id: str, body: bytes, url: str | None) -> object:
        return trafilatura.extract(body, url=url, fast=True)

    return run


def cpu_pass(runner: Callable[[str, bytes, str | None], object], pages: Pages) -> float:
    start = time.process_time()
    for page in pages:
        runner(*page)
    return time.process_time() - start


def profiled(runner: Callable[[str, bytes, str | None], object], pages: Pages) -> cProfile.Profile:
    """A pass of `runner` over `pages` under cProfile."""
    profiler = cProfile.Profile()
    profiler.enable()
    for page in pages:
        runner(*page)
    profiler.disable()
    return profiler


def profile(runner: Callable[[str, bytes, str | None], object], pages: Pages, top: int) -> None:
    profiler = profiled(runner, pages)
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(top)
    print(out.getvalue())


# (file, function): the stages of the generic path, outer ones first (times include inner ones)
STAGES = [
    ("cleaners/html_flow.py", "_parse", "parse (Lexbor)"),
    ("cleaners/page/metadata.py", "read_metadata", "metadata"),
    ("cleaners/extract/prune.py", "prune", "prune plan"),
    ("cleaners/extract/generic.py", "generic_blocks", "generic extraction"),
    ("cleaners/extract/furniture.py", "drop_furniture", "  furniture"),
    ("cleaners/extract/generic.py", "_trim", "  trim for the hand-over"),
    ("cleaners/extract/generic.py", "_document", "  serialisation"),
    ("cleaners/extract/generic.py", "_lxml", "  lxml parse"),
    ("cleaners/extract/generic.py", "_framed", "  frame naming"),
    ("cleaners/extract/handover.py", "extract", "  trafilatura (all runs)"),
    ("cleaners/extract/mainpass.py", "_prune_unwanted_sections", "    section pruning"),
    ("cleaners/extract/mainpass.py", "_frame_elements", "    element handling"),
    ("cleaners/extract/lead.py", "recover_lead", "  lead recovery"),
    ("cleaners/extract/continuation.py", "continuation", "  continuation"),
    ("cleaners/clean/steps.py", "clean_blocks", "cleaning"),
    ("cleaners/describe/article.py", "describe", "describe (language, ...)"),
    ("cleaners/page/published.py", "published_date", "publication date"),
]


def stages(runner: Callable[[str, bytes, str | None], object], pages: Pages, ms_per_page: float) -> None:
    stats = pstats.Stats(profiled(runner, pages)).stats  # type: ignore[attr-defined]
    total = sum(ct for (file, _, name), (_, _, _, ct, _) in stats.items()
                if name == "run" and file.endswith("bench_generic.py"))
    print(f"{'stage':36s} {'share':>6s} {'ms/page':>8s}")
    for path, function, label in STAGES:
        cumulative = sum(ct for (file, _, name), (_, _, _, ct, _) in stats.items()
                         if name == function and file.endswith(path))
        share = cumulative / total if total else 0.0
        print(f"{label:36s} {share:6.1%} {share * ms_per_page:8.2f}")


def chunked(sides: dict[str, Callable[[str, bytes, str | None], object]], pages: Pages, chunk: int,
            rounds: int) -> list[dict[str, float]]:
    """Each round's CPU seconds of each side over `pages`, read in chunks of `chunk` pages, the sides
    one after the other on each chunk: in the order of `sides` on the even chunks, reversed on the
    odd ones, the chunks numbered on from one round to the next."""
    parts = [pages[start:start + chunk] for start in range(0, len(pages), chunk)]
    names = list(sides)
    out = []
    for number in range(rounds):
        spent = dict.fromkeys(sides, 0.0)
        for index, part in enumerate(parts, start=number * len(parts)):
            for name in names if index % 2 == 0 else names[::-1]:
                fresh()
                spent[name] += cpu_pass(sides[name], part)
        out.append(spent)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dir", type=Path, default=DEFAULT_DIR, help="a directory of <id>.html.gz pages")
    parser.add_argument("--sample", type=int, default=None, help="a fixed sample of N pages (default: all)")
    parser.add_argument("--repeat", type=int, default=1, help="rounds over the pages (default 1)")
    parser.add_argument("--chunk", type=int, default=25,
                        help="pages each side reads in turn, back to back with the other side (default 25)")
    parser.add_argument("--profile", type=int, default=0, metavar="N",
                        help="then cProfile our side and print the N heaviest functions")
    parser.add_argument("--stages", action="store_true",
                        help="then cProfile our side and print the generic path's stages")
    args = parser.parse_args()
    if args.repeat < 1 or args.chunk < 1 or (args.sample is not None and args.sample < 1):
        parser.error("--sample, --repeat and --chunk take a whole number of at least 1")
    if args.profile < 0:
        parser.error("--profile takes a number of functions, 0 or more")
    pages = load(args.dir, args.sample)
    sides = {"generic path": ours(), "trafilatura fast": trafilatura_fast()}
    for runner in sides.values():
        cpu_pass(runner, pages)  # warm-up
    rounds = chunked(sides, pages, args.chunk, args.repeat)
    total = {name: sum(spent[name] for spent in rounds) for name in sides}
    ms = {name: 1000 * seconds / (len(pages) * args.repeat) for name, seconds in total.items()}
    each = ", ".join(f"{spent['generic path'] / spent['trafilatura fast']:.2f}×" for spent in rounds)
    print(f"{len(pages)} pages from {args.dir}, {args.repeat} round(s) in chunks of {args.chunk} pages, "
          f"load average {os.getloadavg()[0]:.1f}")
    print(f"generic path: {ms['generic path']:.1f} ms/page vs trafilatura fast {ms['trafilatura fast']:.1f} ms/page, "
          f"ratio {ms['generic path'] / ms['trafilatura fast']:.2f}× (each round: {each})")
    if args.profile:
        fresh()
        profile(sides["generic path"], pages, args.profile)
    if args.stages:
        fresh()
        stages(sides["generic path"], pages, ms["generic path"])


if __name__ == "__main__":
    main()
