"""The quality gate: newsbroom's figures on the development data may not fall below pinned floors.

    python -m checks.eval_gate                 # score ../shared/eval, compare with checks/eval_floors.json
    python -m checks.eval_gate --update        # pin the current figures (floors only go up)
    python -m checks.eval_gate --update --allow-lower   # pin even where a figure went down (say why in the commit)

Three corpora, each scored as its README says (../shared/eval/README.md):
- pages: every `<id>.html` with its `<id>.json`, 4-token shingles (as `newsbroom eval`), all pages and
  the `id-*` pages apart, plus the junk lines leaked (a ceiling);
- textdumps: every `<id>.raw.txt` cleaned as text, line P/R/F1 against `<id>.clean.txt`, exact matches;
- wcxb: every `wcxb-NNNN.html.gz`, mean per-page word-bag F1 (and P, R), the share of `with` snippets
  found (a floor) and of `without` snippets leaked (a ceiling).
Each corpus is pinned with a digest of its files: when the data changes, the gate says so instead of
comparing figures of different data.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import math
import os
import sys
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from cleaners import Options, Page, RejectedInput, clean_page, clean_text
from cleaners.score import Corpus, LineCorpus, bag_scores, gold_body

ROOT = Path(__file__).resolve().parent.parent
FLOORS = ROOT / "checks" / "eval_floors.json"
DEFAULT_EVAL = ROOT.parent / "shared" / "eval"
CEILINGS = {"leaks", "without"}  # figures where lower is better
_OPTIONS = Options()  # what `newsbroom clean` and `newsbroom eval` use


def digest(files: list[Path], root: Path) -> str:
    sha = hashlib.sha256()
    for path in files:
        sha.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes() + b"\0")
    return sha.hexdigest()[:16]


def _html_text(args: tuple[str, bytes, str | None]) -> str:
    name, body, url = args
    try:
        return clean_page(Page(url=url, body=body, source=name), _OPTIONS).text
    except RejectedInput:
        return ""


def _pool_map(items: list, fn, jobs: int) -> Iterator[str]:
    if jobs <= 1:
        yield from map(fn, items)
        return
    with ProcessPoolExecutor(jobs) as pool:
        yield from pool.map(fn, items, chunksize=8)


def score_pages(directory: Path, jobs: int) -> tuple[dict[str, float], list[Path]]:
    htmls = sorted(p for p in directory.glob("*.html") if p.with_suffix(".json").exists())
    golds = [json.loads(p.with_suffix(".json").read_text(encoding="utf-8")) for p in htmls]
    texts = _pool_map([(p.stem, p.read_bytes(), g.get("url")) for p, g in zip(htmls, golds, strict=True)],
                      _html_text, jobs)
    everything, indonesian = Corpus.empty(), Corpus.empty()
    for path, gold, text in zip(htmls, golds, texts, strict=True):
        everything.add(text, gold_body(gold))
        if path.name.startswith("id-"):
            indonesian.add(text, gold_body(gold))
    figures = {"pages": everything.pages, "f1": everything.f1, "precision": everything.precision,
               "recall": everything.recall, "id_f1": indonesian.f1, "leaks": everything.leaks}
    return figures, htmls + [p.with_suffix(".json") for p in htmls]


def score_textdumps(directory: Path) -> tuple[dict[str, float], list[Path]]:
    raws = sorted(directory.glob("*.raw.txt"))
    corpus = LineCorpus.empty()
    for raw in raws:
        gold = raw.with_name(raw.name.replace(".raw.txt", ".clean.txt")).read_text(encoding="utf-8")
        try:
            text = clean_text(raw.read_text(encoding="utf-8"), options=_OPTIONS).to_text()
        except RejectedInput:
            text = ""
        corpus.add(text, gold)
    figures = {"cases": corpus.cases, "f1": corpus.f1, "precision": corpus.precision, "recall": corpus.recall,
               "exact": corpus.exact}
    return figures, raws + [p.with_name(p.name.replace(".raw.txt", ".clean.txt")) for p in raws]


def score_wcxb(directory: Path, jobs: int) -> tuple[dict[str, float], list[Path]]:
    pages = sorted(directory.glob("*.html.gz"))
    golds = [json.loads(p.with_name(p.name.replace(".html.gz", ".json")).read_text(encoding="utf-8"))
             for p in pages]
    items = [(p.name, gzip.decompress(p.read_bytes()), g.get("url")) for p, g in zip(pages, golds, strict=True)]
    f1s, ps, rs, found, wanted, leaked, unwanted = [], [], [], 0, 0, 0, 0
    for gold, text in zip(golds, _pool_map(items, _html_text, jobs), strict=True):
        p, r, f1 = bag_scores(text, gold.get("text") or "")
        ps.append(p)
        rs.append(r)
        f1s.append(f1)
        folded = " ".join(text.split()).lower()
        for snippet in gold.get("with") or []:
            wanted += 1
            found += " ".join(snippet.split()).lower() in folded
        for snippet in gold.get("without") or []:
            unwanted += 1
            leaked += " ".join(snippet.split()).lower() in folded
    n = len(pages) or 1
    figures = {"pages": len(pages), "f1": sum(f1s) / n, "precision": sum(ps) / n, "recall": sum(rs) / n,
               "with": found / (wanted or 1), "without": leaked / (unwanted or 1)}
    return figures, pages + [p.with_name(p.name.replace(".html.gz", ".json")) for p in pages]


def measure(eval_dir: Path, jobs: int) -> dict[str, dict]:
    out = {}
    for name, run in (("pages", lambda d: score_pages(d, jobs)), ("textdumps", score_textdumps),
                      ("wcxb", lambda d: score_wcxb(d, jobs))):
        figures, files = run(eval_dir / name)
        out[name] = {"digest": digest(files, eval_dir), "figures": figures}
    return out


def _pin(value: float, name: str) -> float:
    """Floors round down and ceilings round up at the 4th decimal, so the same run always passes."""
    scale = 10_000
    return math.ceil(value * scale) / scale if name in CEILINGS else math.floor(value * scale) / scale


def _worse(name: str, value: float, pinned: float) -> bool:
    return value > pinned if name in CEILINGS else value < pinned


def compare(measured: dict[str, dict], pinned: dict[str, dict]) -> list[str]:
    problems = []
    for corpus, now in measured.items():
        before = pinned.get(corpus)
        if before is None:
            problems.append(f"{corpus}: no floors pinned yet (run `python -m checks.eval_gate --update`)")
            continue
        if before["digest"] != now["digest"]:
            problems.append(f"{corpus}: the data changed (digest {now['digest']}, pinned {before['digest']}); "
                            "re-pin with --update (and --allow-lower if a figure went down)")
            continue
        for name, floor in before["figures"].items():
            value = now["figures"].get(name)
            if value is None or _worse(name, value, floor):
                kind = "ceiling" if name in CEILINGS else "floor"
                problems.append(f"{corpus}: {name} {value} is past its {kind} {floor}")
    return problems


def update(measured: dict[str, dict], pinned: dict[str, dict], allow_lower: bool) -> list[str]:
    lowered = []
    for corpus, now in measured.items():
        before = pinned.get(corpus, {})
        same_data = before.get("digest") == now["digest"]
        for name, value in now["figures"].items():
            floor = before.get("figures", {}).get(name)
            if same_data and floor is not None and _worse(name, _pin(value, name), floor):
                lowered.append(f"{corpus}: {name} {floor} -> {_pin(value, name)}")
    return [] if allow_lower else lowered


def _show(measured: dict[str, dict]) -> str:
    lines = []
    for corpus, now in measured.items():
        shown = ", ".join(f"{k} {v:.4f}" if isinstance(v, float) else f"{k} {v}" for k, v in now["figures"].items())
        lines.append(f"  {corpus}: {shown}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m checks.eval_gate", description=__doc__.split("\n")[0])
    parser.add_argument("--eval-dir", type=Path, default=DEFAULT_EVAL, help="the development data (pages/, ...)")
    parser.add_argument("--floors", type=Path, default=FLOORS, help="the pinned figures (JSON)")
    parser.add_argument("--update", action="store_true", help="pin the figures of this run")
    parser.add_argument("--allow-lower", action="store_true", help="with --update: pin even lower figures")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args(argv)
    missing = [name for name in ("pages", "textdumps", "wcxb") if not (args.eval_dir / name).is_dir()]
    if missing:
        print(f"eval gate: {args.eval_dir} lacks {', '.join(missing)}/; point --eval-dir at the development "
              "data (shared/eval beside the project)", file=sys.stderr)
        return 2
    pinned = json.loads(args.floors.read_text(encoding="utf-8")) if args.floors.exists() else {}
    measured = measure(args.eval_dir, max(1, args.jobs))
    print("eval gate: measured\n" + _show(measured), file=sys.stderr)
    if args.update:
        lowered = update(measured, pinned, args.allow_lower)
        if lowered:
            print("eval gate: refusing to lower pinned figures without --allow-lower:\n  " + "\n  ".join(lowered),
                  file=sys.stderr)
            return 1
        pins = {c: {"digest": m["digest"], "figures": {k: (_pin(v, k) if isinstance(v, float) else v)
                                                        for k, v in m["figures"].items()}}
                for c, m in measured.items()}
        args.floors.write_text(json.dumps(pins, indent=2, sort_keys=True) + "\n", encoding="utf-8")
        print(f"eval gate: pinned in {args.floors}", file=sys.stderr)
        return 0
    problems = compare(measured, pinned)
    for problem in problems:
        print(f"eval gate: {problem}", file=sys.stderr)
    if not problems:
        print("eval gate: every figure at or past its pinned floor", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
