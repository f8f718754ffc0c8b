"""The site-profile path against the Lexbor parse floor, in one process, on the same page bytes.

Pages: those of ../shared/eval/pages (else fixtures/pages) whose site has a profile under
cleaners/data/sites/ (by the page's canonical URL or its own URL, as the pipeline picks one).
Ours: `clean_page` end to end (decode, parse, metadata, extract, clean, dates, language).
Floor: decode + one selectolax LexborHTMLParser parse + script/style removal + `body.text()`.

Both run after a warm-up pass, in paired rounds: a round is a pass of the floor over the pages,
then one of ours, back to back, timed in CPU time (time.process_time) so that other processes on
the machine weigh less. The ratio is the median of the rounds' own ratios: a pass over these pages
lasts a few hundredths of a second, and a slow spell of the machine (a shared host's CPU is not
always as fast) weighs on both passes of a round alike, where the best pass of each side could
come from two different spells. The pages a second are those of each side's median pass time. The
caches and memos keyed by text (ours and the libraries', see `fresh`) are emptied before every
pass: no pass is cheaper because an earlier one saw the same lines.

    .venv/bin/python benchmarks/bench_profile.py [--rounds N] [--stages] [--profile]
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import importlib
import json
import pstats
import statistics
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, NamedTuple

from selectolax.lexbor import LexborHTMLParser

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from cleaners import Options, Page, RejectedInput, clean_page  # noqa: E402
from cleaners.clean.memo import TextMemo  # noqa: E402
from cleaners.decode import decode  # noqa: E402
from cleaners.page.metadata import read_metadata  # noqa: E402

Sample = tuple[str, str | None, bytes]  # (name, url, body)
PER_LINE_CACHE = 1024  # an lru_cache this large (or unbounded) holds lines, not loaded data


def pages_dir() -> Path:
    shared = ROOT.parent / "shared" / "eval" / "pages"
    return shared if shared.is_dir() else ROOT / "fixtures" / "pages"


def profiled_pages(directory: Path | None = None) -> list[Sample]:
    """The pages whose site has a profile, with the URL their gold names (when there is one)."""
    options = Options()
    out: list[Sample] = []
    for path in sorted((directory or pages_dir()).glob("*.html")):
        body = path.read_bytes()
        gold = path.with_suffix(".json")
        url = json.loads(gold.read_text(encoding="utf-8")).get("url") if gold.is_file() else None
        canonical = read_metadata(LexborHTMLParser(decode(body)[0]), url).canonical_url
        if options.profile_for(canonical, url) is not None:
            out.append((path.stem, url, body))
    return out


# The libraries the cleaning core runs (trafilatura, and what it calls) whose caches keyed by text `fresh`
# empties too: those of PER_LINE_CACHE entries or more; their unbounded ones hold load-once tables (a
# parser, a table of punctuation), not texts.
LIBRARIES = ("trafilatura.", "htmldate.", "courlan.", "justext.")


def fresh() -> None:
    """Empty the per-line caches (every benchmark that times pages calls it before a pass): a page
    seen in an earlier round must not come back cheaper. Those hold thousands of entries; the
    load-once caches (settings, rules, profiles, compiled patterns, language models: at most a few
    hundred) stay. Every memo of texts goes too (`TextMemo.forget_all`: the rule set's memos of lines,
    the selector groups' memos of attribute values, the memo of domains), and the libraries' caches
    keyed by text (`LIBRARIES`)."""
    for name, module in list(sys.modules.items()):
        ours = name.startswith("cleaners.")
        if ours or name.startswith(LIBRARIES):
            for value in vars(module).values():
                info = getattr(value, "cache_info", None)
                if callable(info) and ((info().maxsize is None and ours) or (info().maxsize or 0) >= PER_LINE_CACHE):
                    value.cache_clear()
    TextMemo.forget_all()


def ours(url: str | None, body: bytes) -> None:
    with contextlib.suppress(RejectedInput):
        clean_page(Page(url=url, body=body))


def _profile_wins(sample: Sample) -> bool:
    _name, url, body = sample
    try:
        return clean_page(Page(url=url, body=body)).provenance.kind.startswith("site:")
    except RejectedInput:
        return False


def floor(_url: str | None, body: bytes) -> None:
    tree = LexborHTMLParser(decode(body)[0])
    tree.strip_tags(["script", "style"])
    body_node = tree.body
    if body_node is not None:
        body_node.text()


def cpu_pass(fn: Callable[[str | None, bytes], None], pages: list[Sample]) -> float:
    """The CPU time of one pass of `fn` over `pages`, the caches keyed by text emptied first."""
    fresh()
    start = time.process_time()
    for _name, url, body in pages:
        fn(url, body)
    return time.process_time() - start


class Paired(NamedTuple):
    floor: float  # the median pass's CPU seconds
    ours: float
    ratios: list[float]  # each round's ours / floor, sorted

    @property
    def ratio(self) -> float:
        return statistics.median(self.ratios)

    @property
    def middle_half(self) -> tuple[float, float]:
        """The lowest and highest of the rounds' ratios once their lowest and highest quarters are left out."""
        quarter = len(self.ratios) // 4
        return self.ratios[quarter], self.ratios[-1 - quarter]


def paired(pages: list[Sample], rounds: int) -> Paired:
    """`rounds` rounds of a floor pass then one of ours over `pages`, back to back (after a
    warm-up pass of each)."""
    for fn in (floor, ours):
        cpu_pass(fn, pages)
    floors, ourses = [], []
    for _ in range(rounds):
        floors.append(cpu_pass(floor, pages))
        ourses.append(cpu_pass(ours, pages))
    ratios = sorted(o / f for o, f in zip(ourses, floors, strict=True) if f > 0)
    return Paired(statistics.median(floors), statistics.median(ourses), ratios)


# The stages timed by --stages: (module, global name) pairs, each timed without the stages it calls.
STAGES = (
    ("cleaners.pipeline", "decode"), ("cleaners.pipeline", "decode_source"), ("cleaners.html_flow", "too_deep"),
    ("cleaners.html_flow", "origin_of"), ("cleaners.html_flow", "drop"), ("cleaners.html_flow", "blocked_kind_of"),
    ("cleaners.html_flow", "_parse"), ("cleaners.html_flow", "read_metadata"), ("cleaners.html_flow", "site_fields"),
    ("cleaners.html_flow", "_drop_furniture"), ("cleaners.extract.choose", "choose"),
    ("cleaners.html_flow", "for_site"),
    ("cleaners.html_flow", "describe"), ("cleaners.html_flow", "article_refusal"),
    ("cleaners.page.metadata", "published_date"), ("cleaners.page.metadata", "read_details"),
    ("cleaners.page.metadata", "pick_title"), ("cleaners.page.metadata", "jsonld_objects"),
    ("cleaners.page.metadata", "_metas"), ("cleaners.page.metadata", "_paragraph_words"),
    ("cleaners.extract.choose", "paragraph_chars"), ("cleaners.extract.choose", "site_extract"),
    ("cleaners.extract.choose", "clean_blocks"), ("cleaners.extract.choose", "generic_blocks"),
    ("cleaners.extract.choose", "drop"), ("cleaners.extract.choose", "shelter_and_prune"),
    ("cleaners.extract.choose", "site_bodies"), ("cleaners.describe.article", "page_language"),
)


@contextlib.contextmanager
def stage_timer() -> Iterator[dict[str, float]]:
    """Wrap the STAGES in timers; yields {stage: exclusive CPU seconds}, "other" for the rest."""
    totals: dict[str, float] = defaultdict(float)
    stack: list[list[Any]] = []  # [stage, start, time spent in nested stages]
    patched: list[tuple[Any, str, Any]] = []

    def wrap(label: str, fn: Callable[..., Any]) -> Callable[..., Any]:
        def timed(*args: Any, **kwargs: Any) -> Any:
            frame = [label, time.process_time(), 0.0]
            stack.append(frame)
            try:
                return fn(*args, **kwargs)
            finally:
                stack.pop()
                spent = time.process_time() - frame[1]
                totals[label] += spent - frame[2]
                if stack:
                    stack[-1][2] += spent
        return timed

    for module_name, attr in STAGES:
        module = importlib.import_module(module_name)
        original = getattr(module, attr, None)
        if original is None:  # moved: not timed apart (its time counts to its caller)
            continue
        patched.append((module, attr, original))
        setattr(module, attr, wrap(f"{module_name.rsplit('.', 1)[-1]}.{attr}", original))
    try:
        yield totals
    finally:
        for module, attr, original in patched:
            setattr(module, attr, original)


def print_stages(pages: list[Sample], rounds: int) -> None:
    best_total = float("inf")
    best: dict[str, float] = {}
    for _ in range(rounds):
        with stage_timer() as totals:
            total = cpu_pass(ours, pages)
        if total < best_total:
            best_total, best = total, dict(totals)
    best["other"] = best_total - sum(best.values())
    n = len(pages)
    print(f"per stage, CPU ms a page (best of {rounds} rounds, timers included: {1000 * best_total / n:.2f} ms):")
    for label, seconds in sorted(best.items(), key=lambda kv: -kv[1]):
        print(f"  {label:<34} {1000 * seconds / n:6.2f} ms  {100 * seconds / best_total:5.1f}%")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20,
                        help="paired rounds, and the timed passes of --stages (default 20)")
    parser.add_argument("--pages", type=Path, help="a directory of <id>.html pages with <id>.json golds "
                        "(default: ../shared/eval/pages, else fixtures/pages)")
    parser.add_argument("--stages", action="store_true", help="print the CPU time of each stage of the profile path")
    parser.add_argument("--profile", action="store_true", help="print a cProfile of one pass of the profile path")
    args = parser.parse_args(argv)
    if args.rounds < 1:
        parser.error("--rounds must be at least 1")
    pages = profiled_pages(args.pages)
    if not pages:
        print("no profiled pages found", file=sys.stderr)
        return 1
    own = [p for p in pages if _profile_wins(p)]
    print(f"{len(pages)} profiled pages ({len(own)} where the profile's text wins, {len(pages) - len(own)} falling "
          f"back to the generic path), {args.rounds} paired rounds, CPU time")
    for label, subset in (("profile path", pages), ("  profile's own text only", own)):
        found = paired(subset, args.rounds)
        n = len(subset)
        low, high = found.middle_half
        print(f"{label}: {n / found.ours:.0f} pages/s vs Lexbor floor {n / found.floor:.0f} pages/s, "
              f"ratio {found.ratio:.1f}× (the rounds' median; middle half {low:.1f}-{high:.1f}×)")
    if args.stages:
        print_stages(pages, args.rounds)
        print_stages(own, args.rounds)
    if args.profile:
        fresh()
        profiler = cProfile.Profile()
        profiler.enable()
        for _name, url, body in pages:
            ours(url, body)
        profiler.disable()
        stats = pstats.Stats(profiler)
        stats.sort_stats("cumulative").print_stats(45)
        stats.sort_stats("tottime").print_stats(30)
    return 0


if __name__ == "__main__":
    sys.exit(main())
