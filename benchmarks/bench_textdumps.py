"""Text-dump cleaning benchmark: `clean_text` on real text dumps, one core, CPU time.

    python benchmarks/bench_textdumps.py [--dir ../shared/eval/textdumps] [--repeat 7]

Each pass cleans every `*.raw.txt` of the directory (the 60 development dumps by default) with
`cleaners.clean_text`, as `newsbroom clean` does for a text file: the whole clean step and the
record (language included). Before each pass the clean step's remembered per-line answers (its
text-keyed caches and every memo of texts) are forgotten, so every pass pays for its lines as a run
over dumps never seen before would; compiled patterns and loaded vocabularies stay (a run pays for
them once). Reported, in dumps/s of CPU time (time.process_time, so other
processes on a busy machine do not count), the fastest of --repeat passes of each, run in turns in
one process:

- ours: clean_text, language detection included;
- ours, no language: clean_text with detect_language off;
- ours, lines remembered: clean_text again over dumps whose lines it has just seen (nothing
  forgotten: what a loop over the same few dumps measures; not the figure for new dumps);
- jusText (a reference): jusText 3 classifying the same dumps' lines (each non-empty line one <p>
  of a minimal page, its Indonesian stoplist): a classic paragraph classifier by length, stopword
  density and neighbours, with no headline, dateline, credit or record;
- floor (a reference): the bare reading of the same dumps, decoded, split into lines, each line
  stripped and the empty ones dropped: what any line cleaner has to do before judging a line.
"""

from __future__ import annotations

import argparse
import html
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cleaners import Options, clean_text  # noqa: E402
from cleaners.clean.memo import TextMemo  # noqa: E402

DEFAULT_DIR = ROOT.parent / "shared" / "eval" / "textdumps"
_MEMO_MODULES = {"cleaners.clean.dump", "cleaners.clean.head"}  # their module-level dicts are memos of lines


def forget() -> None:
    """Forget the clean step's per-line answers: every text-keyed cache of cleaners.clean.*
    (lru caches holding more than one entry, module-level memo dicts) and every memo of texts
    (`TextMemo.forget_all`: the rules' line hits, strip misses, line features, last-block and lead
    misses, and the settings' prose and normal-line verdicts)."""
    for name, module in list(sys.modules.items()):
        if not name.startswith("cleaners.clean"):
            continue
        for key, value in vars(module).items():
            params = getattr(value, "cache_parameters", None)
            if params is not None and (params()["maxsize"] or 2) > 1:
                value.cache_clear()
            elif name in _MEMO_MODULES and isinstance(value, dict) and key.isupper() and key.startswith("_"):
                value.clear()  # the text-dump step's memo of line shapes (`_SHAPES`)
    TextMemo.forget_all()  # every memo of texts: the rule set's and its settings', wherever kept


def _floor(raws: list[bytes]) -> None:
    for raw in raws:
        [line.strip() for line in raw.decode("utf-8").splitlines() if line.strip()]


def _justext(raws: list[bytes]) -> None:
    import justext

    stoplist = justext.get_stoplist("Indonesian")
    for raw in raws:
        lines = (line.strip() for line in raw.decode("utf-8").splitlines())
        page = "<html><body>" + "".join(f"<p>{html.escape(line)}</p>" for line in lines if line) + "</body></html>"
        justext.justext(page.encode("utf-8"), stoplist, encoding="utf-8")


def _ours(options: Options) -> Callable[[list[bytes]], None]:
    def run(raws: list[bytes]) -> None:
        for raw in raws:
            clean_text(raw.decode("utf-8"), options=options)
    return run


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--dir", type=Path, default=DEFAULT_DIR, help="a directory of <id>.raw.txt dumps")
    parser.add_argument("--repeat", type=int, default=7, help="passes of each, the fastest kept")
    args = parser.parse_args(argv)
    paths = sorted(args.dir.glob("*.raw.txt"))
    if not paths:
        print(f"bench_textdumps: no *.raw.txt in {args.dir}; point --dir at shared/eval/textdumps", file=sys.stderr)
        return 2
    raws = [p.read_bytes() for p in paths]
    runs = {"ours": _ours(Options()), "ours, no language": _ours(Options(detect_language=False)),
            "ours, lines remembered": _ours(Options()), "jusText": _justext, "floor": _floor}
    for run in runs.values():
        run(raws[:1])  # warm-up: imports, compiled rules, vocabularies, language profiles
    best = dict.fromkeys(runs, float("inf"))
    for _ in range(max(1, args.repeat)):
        for name, run in runs.items():
            if name == "ours, lines remembered":
                run(raws)  # the lines seen once before the timed pass
            else:
                forget()
            start = time.process_time()
            run(raws)
            best[name] = min(best[name], time.process_time() - start)
    peer, floor = len(raws) / best["jusText"], len(raws) / best["floor"]
    print(f"text-dump cleaning: {len(raws)} dumps from {args.dir} ({sum(map(len, raws)) / len(raws):,.0f} bytes "
          f"on average), CPU time, fastest of {args.repeat} passes, per-line caches forgotten before each")
    for name in runs:
        rate = len(raws) / best[name]
        versus = "" if name in ("jusText", "floor") else \
            f"  ({rate / peer:.2f}x jusText's speed; the floor is {floor / rate:,.0f}x faster)"
        print(f"  {name:<22} {rate:10,.0f} dumps/s{versus}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
