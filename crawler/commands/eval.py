"""`newsbroom eval DIR`: clean every page in DIR and score it against its gold.

Pages are `<id>.html` with `<id>.json` (gold `text`), scored with 4-token shingles
(cleaners/score.py's Corpus), or WCXB pages `<id>.html.gz` with `<id>.json` (gold `text`,
`with`/`without` snippets), scored with word bags as WCXB scores them. Each line reports P, R,
F1, the pages refused, pages/s and CPU milliseconds per page (one process, after one warm-up
page and, for newsbroom, the date parser's one-time loading). Where the golds give a date
(`published_at`, WCXB's `publish_date`) the share of publication days right is reported too (and
of times with their offset, where the gold has a time), and where they give a title, the share of
exact titles.

With `--peer trafilatura`, trafilatura runs on the same pages in the same run and is scored the
same way: `--peer-mode precision` (favor_precision, the default) or `fast` (fast=True: no
fallback extractors).

A directory of text dumps (`<id>.raw.txt` with its gold `<id>.clean.txt`, and optionally
`<id>.json` naming the kind of every line the gold removed) is scored line by line
(cleaners/score.py's LineCorpus): P, R, F1, exact matches, and junk lines = every output line
that is not in the gold, counted by the kind the gold's json gives it.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TextIO

from cleaners import Options, Page, RejectedInput, clean_page, clean_text
from cleaners.model import Provenance
from cleaners.score import Corpus, LineCorpus, bag_scores, gold_body
from crawler.commands import verbosity
from crawler.outputs.summary import RunSummary

__all__ = ["run", "run_eval", "run_dump_eval", "EvalResult", "DumpResult", "PEER_MODES"]

PEER_MODES = ("precision", "fast")


@dataclass(frozen=True)
class Output:
    """What one extractor made of one page."""

    text: str
    extractor: Provenance
    published_at: str | None = None
    title: str | None = None


@dataclass
class _Tally:
    right: int = 0
    of: int = 0

    def add(self, ok: bool) -> None:
        self.right += ok
        self.of += 1

    def __str__(self) -> str:
        share = f" ({self.right / self.of:.3f})" if self.of else ""
        return f"{self.right}/{self.of}{share}"


@dataclass
class EvalResult:
    name: str
    corpus: Corpus
    seconds: float
    per_page: list[dict] = field(default_factory=list)
    extractors: dict[Provenance, int] = field(default_factory=dict)
    cpu_seconds: float = 0.0
    refused: int = 0
    days: _Tally = field(default_factory=_Tally)  # publication day right, of the golds with a date
    moments: _Tally = field(default_factory=_Tally)  # time and offset right, of the golds with a time
    titles: _Tally = field(default_factory=_Tally)  # exact title, of the golds with a title
    bags: list[tuple[float, float, float]] = field(default_factory=list)  # WCXB: per page word-bag P, R, F1
    snippets: list[int] = field(default_factory=lambda: [0, 0, 0, 0])  # WCXB: with found/of, without leaked/of

    @property
    def pages_per_second(self) -> float:
        return self.corpus.pages / self.seconds if self.seconds else 0.0

    @property
    def cpu_ms_per_page(self) -> float:
        return 1000 * self.cpu_seconds / self.corpus.pages if self.corpus.pages else 0.0


def _load(directory: Path, prefix: str | None) -> list[tuple[str, bytes, dict]]:
    """(id, HTML bytes, gold) of every `<id>.html` or `<id>.html.gz` with its `<id>.json`."""
    pages = []
    for path in sorted([*directory.glob("*.html"), *directory.glob("*.html.gz")]):
        page_id = path.name.removesuffix(".gz").removesuffix(".html")
        if prefix and not path.name.startswith(prefix):
            continue
        gold_path = path.with_name(f"{page_id}.json")
        if not gold_path.exists():
            continue
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        body = path.read_bytes()
        pages.append((page_id, gzip.decompress(body) if path.name.endswith(".gz") else body, gold))
    return pages


def _ours(options: Options) -> Callable[[str, bytes, dict], Output]:
    # Loaded once per process like the imports and language profiles the warm-up page loads, but only
    # by the first page whose date search gets as far as the date parser (about 1.4 s): not a cost
    # of that page, nor of the pages that follow.
    from cleaners.page.published import prepare_date_search

    prepare_date_search()

    def run(name: str, body: bytes, gold: dict) -> Output:
        try:
            article = clean_page(Page(url=gold.get("url"), body=body, source=name), options)
        except RejectedInput as exc:
            return Output("", Provenance(f"rejected:{exc.reason}"))
        return Output(article.text, article.provenance, article.published_at, article.title)

    return run


def _trafilatura(mode: str) -> Callable[[str, bytes, dict], Output]:
    import trafilatura

    label = Provenance(f"trafilatura-{mode}")
    fast = mode == "fast"

    def run(name: str, body: bytes, gold: dict) -> Output:
        text = trafilatura.extract(body, url=gold.get("url"), include_comments=False, fast=fast,
                                   favor_precision=not fast)
        return Output(text or "", label)

    return run


def _gold_date(gold: dict) -> str | None:
    value = gold.get("published_at") or gold.get("publish_date")
    return value if isinstance(value, str) and len(value) >= 10 else None


def _moment(value: str | None) -> datetime | None:
    try:
        return datetime.fromisoformat(value) if value and len(value) > 19 else None
    except ValueError:
        return None


def _fold(text: str | None) -> str:
    return " ".join((text or "").split()).casefold()


def _judge(result: EvalResult, gold: dict, out: Output) -> None:
    """The date and title of one page, against its gold."""
    day = _gold_date(gold)
    if day:
        result.days.add(bool(out.published_at) and out.published_at[:10] == day[:10])  # type: ignore[index]
        if _moment(day) is not None:
            result.moments.add(_moment(out.published_at) == _moment(day))
    if gold.get("title") and not out.extractor.label.startswith("trafilatura"):
        result.titles.add(_fold(out.title) == _fold(gold["title"]))


def _bags(result: EvalResult, gold: dict, text: str) -> None:
    """A WCXB page: word-bag P, R, F1, and its `with`/`without` snippets."""
    result.bags.append(bag_scores(text, gold.get("text") or ""))
    folded = " ".join(text.split()).lower()
    for key, at in (("with", 0), ("without", 2)):
        for snippet in gold.get(key) or []:
            result.snippets[at] += " ".join(snippet.split()).lower() in folded
            result.snippets[at + 1] += 1


def _score(name: str, runner: Callable[[str, bytes, dict], Output], pages: list[tuple[str, bytes, dict]]) -> EvalResult:
    corpus = Corpus.empty()
    result = EvalResult(name, corpus, 0.0)
    outputs = []
    if pages:
        runner(*pages[0])  # warm-up: imports, language profiles, caches are not per-page costs
    start, cpu = time.perf_counter(), time.process_time()
    for page_id, body, gold in pages:
        outputs.append(runner(page_id, body, gold))
    result.seconds = time.perf_counter() - start
    result.cpu_seconds = time.process_time() - cpu
    for (page_id, _body, gold), out in zip(pages, outputs, strict=True):
        p, r, leaked = corpus.add(out.text, gold_body(gold))
        if "with" in gold or "without" in gold:
            _bags(result, gold, out.text)
        result.refused += out.extractor.label.startswith("rejected:")
        _judge(result, gold, out)
        result.extractors[out.extractor] = result.extractors.get(out.extractor, 0) + 1
        result.per_page.append({"id": page_id, "precision": p, "recall": r, "leaks": len(leaked),
                                "leaked": leaked, "extractor": out.extractor.label})
    return result


def _fmt(value: float | None) -> str:
    return "  -  " if value is None else f"{value:.3f}"


def _print_per_page(pages: list[tuple[str, bytes, dict]], results: list[EvalResult], out: TextIO) -> None:
    header = "page".ljust(44) + "".join(f"{r.name[:11]:>26}" for r in results)
    print(header, file=out)
    print(" " * 44 + "".join(f"{'P':>9}{'R':>7}{'junk':>6}{'':>4}" for _ in results), file=out)
    for i, (page_id, _b, _g) in enumerate(pages):
        row = page_id[:43].ljust(44)
        for r in results:
            pp = r.per_page[i]
            row += f"{_fmt(pp['precision']):>9}{_fmt(pp['recall']):>7}{pp['leaks']:>6}{'':>4}"
        print(row, file=out)
        for r in results:
            for line in r.per_page[i]["leaked"]:
                print(f"    {r.name} leaked: {line[:100]}", file=out)


def _score_line(r: EvalResult) -> str:
    if r.bags:  # WCXB: the means of the per-page word-bag figures, and the snippets
        n = len(r.bags)
        p, rec, f1 = (sum(b[i] for b in r.bags) / n for i in range(3))
        found, wanted, leaked, unwanted = r.snippets
        figures = (f"P {p:.3f}  R {rec:.3f}  F1 {f1:.3f}  with {found / (wanted or 1):.3f}  "
                   f"without {leaked / (unwanted or 1):.3f}")
    else:
        c = r.corpus
        figures = f"P {c.precision:.3f}  R {c.recall:.3f}  F1 {c.f1:.3f}  junk lines {c.leaks:>3}"
    return (f"{r.name:<21} {figures}  refused {r.refused:>3}  {r.pages_per_second:6.1f} pages/s  "
            f"{r.cpu_ms_per_page:6.1f} ms CPU/page")


def run_eval(directory: Path, *, peer: str | None = None, peer_mode: str = "precision", per_page: bool = False,
             prefix: str | None = None, options: Options | None = None, out: TextIO | None = None) -> list[EvalResult]:
    """Score every page of `directory`; the report goes to `out` (default: the current sys.stdout)."""
    out = out or sys.stdout
    pages = _load(directory, prefix)
    if not pages:
        raise FileNotFoundError(f"no <id>.html (or <id>.html.gz) with a <id>.json beside it in {directory}")
    if peer_mode not in PEER_MODES:
        raise ValueError(f"unknown peer mode {peer_mode!r} (one of {', '.join(PEER_MODES)})")
    results = [_score("newsbroom", _ours(options or Options()), pages)]
    if peer == "trafilatura":
        results.append(_score(f"trafilatura-{peer_mode}", _trafilatura(peer_mode), pages))
    if per_page:
        _print_per_page(pages, results, out)
    print(f"{len(pages)} pages from {directory}" + (f" (names starting {prefix!r})" if prefix else ""), file=out)
    for r in results:
        print(_score_line(r), file=out)
    summary = RunSummary("eval")
    for extractor, n in results[0].extractors.items():
        summary.extractors[extractor.kind] += n
        if extractor.fallback_from:
            summary.fallbacks[extractor.fallback_from] += n
    print(f"newsbroom {summary.line()}", file=out)
    ours = results[0]
    if ours.days.of:
        print(f"newsbroom dates: publication day right {ours.days}; time and offset right {ours.moments}", file=out)
    if ours.titles.of:
        print(f"newsbroom titles: exact {ours.titles}", file=out)
    return results


@dataclass
class DumpResult:
    corpus: LineCorpus
    seconds: float
    junk: dict[str, int] = field(default_factory=dict)  # output lines not in the gold, by the gold's kind
    per_case: list[dict] = field(default_factory=list)

    @property
    def junk_lines(self) -> int:
        return sum(self.junk.values())


def _load_dumps(directory: Path, prefix: str | None) -> list[tuple[str, str, str, dict[str, str]]]:
    """(id, raw text, gold text, {removed line: its kind}) of every `<id>.raw.txt` with a gold."""
    cases = []
    for raw in sorted(directory.glob("*.raw.txt")):
        case_id = raw.name[: -len(".raw.txt")]
        gold = raw.with_name(f"{case_id}.clean.txt")
        if (prefix and not case_id.startswith(prefix)) or not gold.exists():
            continue
        kinds: dict[str, str] = {}
        notes = raw.with_name(f"{case_id}.json")
        if notes.exists():
            for item in json.loads(notes.read_text(encoding="utf-8")).get("junk_removed") or []:
                if isinstance(item, dict) and item.get("text"):
                    kinds[" ".join(str(item["text"]).split())] = str(item.get("kind") or "unknown")
        cases.append((case_id, raw.read_text(encoding="utf-8"), gold.read_text(encoding="utf-8"), kinds))
    return cases


def _kind_of(line: str, kinds: dict[str, str]) -> str:
    """The kind the gold gives an extra line: the removal it is, or contains (a kept dateline or
    glued credit), else `unlisted`."""
    key = " ".join(line.split())
    if key in kinds:
        return kinds[key]
    part = next((text for text in kinds if len(text) >= 3 and text in key), None)
    return kinds[part] if part is not None else "unlisted"


def run_dump_eval(directory: Path, *, per_page: bool = False, prefix: str | None = None,
                  options: Options | None = None, out: TextIO | None = None) -> DumpResult:
    """Score every text dump of `directory` line by line; the report goes to `out`."""
    out = out or sys.stdout
    cases = _load_dumps(directory, prefix)
    if not cases:
        raise FileNotFoundError(f"no <id>.raw.txt with a <id>.clean.txt beside it in {directory}")
    options = options or Options()
    clean_text(cases[0][1], options=options)  # warm-up: imports, language profiles, caches
    start = time.perf_counter()
    outputs = []
    for _case_id, raw, _gold, _kinds in cases:
        try:
            outputs.append(clean_text(raw, options=options).to_text())
        except RejectedInput:
            outputs.append("")
    result = DumpResult(LineCorpus.empty(), time.perf_counter() - start)
    for (case_id, _raw, gold, kinds), text in zip(cases, outputs, strict=True):
        p, r, extra, missing = result.corpus.add(text, gold)
        for line in extra:
            kind = _kind_of(line, kinds)
            result.junk[kind] = result.junk.get(kind, 0) + 1
        result.per_case.append({"id": case_id, "precision": p, "recall": r, "extra": extra, "missing": missing})
    _print_dumps(directory, prefix, result, per_page, out)
    return result


def _print_dumps(directory: Path, prefix: str | None, result: DumpResult, per_page: bool, out: TextIO) -> None:
    if per_page:
        for case in result.per_case:
            print(f"{case['id'][:43]:<44}{case['precision']:>7.3f}{case['recall']:>7.3f}", file=out)
            for line in case["extra"]:
                print(f"    extra:   {line[:100]}", file=out)
            for line in case["missing"]:
                print(f"    missing: {line[:100]}", file=out)
    c = result.corpus
    print(f"{c.cases} text dumps from {directory}" + (f" (names starting {prefix!r})" if prefix else ""), file=out)
    speed = c.cases / result.seconds if result.seconds else 0.0
    print(f"newsbroom    P {c.precision:.3f}  R {c.recall:.3f}  F1 {c.f1:.3f}  exact {c.exact}/{c.cases}  "
          f"junk lines {result.junk_lines:>3}  {speed:6.1f} dumps/s", file=out)
    by_kind = ", ".join(f"{kind} {n}" for kind, n in sorted(result.junk.items(), key=lambda kv: (-kv[1], kv[0])))
    print(f"newsbroom junk lines by kind: {by_kind or 'none'}", file=out)


def run(args: argparse.Namespace) -> int:
    """`newsbroom eval DIR`: 2 when DIR holds no scorable page."""
    directory = Path(args.directory)
    per_page = args.per_page or verbosity(args) > 0  # -v: as --per-page
    if not directory.is_dir():
        print(f"newsbroom: error: {directory} is not a directory of <id>.html and <id>.json pages", file=sys.stderr)
        return 2
    try:
        if not any(directory.glob("*.html*")) and any(directory.glob("*.raw.txt")):
            run_dump_eval(directory, per_page=per_page, prefix=args.prefix,
                          options=Options(use_sites=not args.no_sites))
            return 0
        run_eval(directory, peer=args.peer, peer_mode=args.peer_mode, per_page=per_page, prefix=args.prefix,
                 options=Options(use_sites=not args.no_sites))
    except FileNotFoundError as exc:
        print(f"newsbroom: error: {exc}", file=sys.stderr)
        return 2
    return 0
