"""Record benchmark: what the newsbroom/1 record fields cost per page, and Parquet write speed.

    python benchmarks/bench_records.py [--records 20000] [--rounds 5]

1. Cost of the record's newer fields on the site profile path (the profiled Indonesian pages of
   ../shared/eval/pages, else fixtures/pages; the pages whose profile extracts them), in one
   process, same pages, best of --rounds for each part, parts measured in turns:
   - the page: `clean_page` end to end, then `to_dict()` and `json.dumps` of the record, as a run does;
   - the newer metadata: `read_details` (modified_at, section, tags, image with caption and credit,
     free_access) on the same page's parse, finding its <figcaption>s itself (an upper bound: the
     pipeline collects them in its one meta walk);
   - the newer record fields: `version`, `blocks`, `word_count`, `simhash` on a fresh copy of the
     same Article (nothing cached), and the JSON of the whole record against the JSON of the fields
     the record had before (the extra bytes serialised).
   The cost is (metadata + record fields) as a share of the page without them (the page minus the cost).
   Parsing the page is not counted: the fields read the parse the pipeline already makes.
2. Parquet against JSONL: --records records (the cleaned pages' records, each copy under its own id)
   written through the one Writer as `--format jsonl` and as `--format parquet`, in turns, best of 2
   (records of ../shared/eval/pages and, when present, ../shared/eval/wcxb: ~880 distinct records):
   records/s, MB/s of record data (the JSONL's bytes) and the file sizes.
The field costs are CPU time (`time.process_time`), the writing speeds wall time; on a shared machine
both are noisy, so both sides of each comparison run in the same process, in turns.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import resource
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

sys.path.insert(0, str(Path(__file__).resolve().parent))  # bench_profile, also when run with -m
from bench_profile import fresh  # noqa: E402

from cleaners import Article, Options, Page, RejectedInput, clean_page  # noqa: E402
from cleaners.decode import decode  # noqa: E402
from cleaners.html_flow import _parse  # noqa: E402
from cleaners.page.details import read_details  # noqa: E402
from cleaners.page.jsonld import jsonld_objects  # noqa: E402
from cleaners.page.metadata import _metas  # noqa: E402
from crawler.outputs.writer import Writer  # noqa: E402

OLD_FIELDS = ("id", "url", "canonical_url", "site", "title", "text", "published_at", "authors", "dateline",
              "language", "language_source", "fetched_at", "extractor", "sha256", "source", "removed")


def _pages() -> list[tuple[str, bytes]]:
    shared = ROOT.parent / "shared" / "eval" / "pages"
    directory = shared if shared.is_dir() else ROOT / "fixtures" / "pages"
    return [(p.stem, p.read_bytes()) for p in sorted(directory.glob("*.html"))]


def _more_pages() -> list[tuple[str, bytes]]:
    """The WCXB pages of ../shared/eval (when present): more distinct records for the Parquet figure, so
    that a row group does not repeat records (repeats would flatter zstd's speed and size)."""
    import gzip

    wcxb = ROOT.parent / "shared" / "eval" / "wcxb"
    return [(p.name, gzip.decompress(p.read_bytes())) for p in sorted(wcxb.glob("*.html.gz"))] if wcxb.is_dir() else []


def _clean(body: bytes) -> Article | None:
    with contextlib.suppress(RejectedInput):
        return clean_page(Page(url=None, body=body), Options())
    return None


def _page_cost(body: bytes) -> None:
    article = _clean(body)
    if article is not None:
        json.dumps(article.to_dict(), ensure_ascii=False, separators=(",", ":"))


def _old_record(article: Article) -> dict:
    """The record as it was before newsbroom/1: its first 16 fields."""
    return {
        "id": article.id, "url": article.url, "canonical_url": article.canonical_url, "site": article.site,
        "title": article.title, "text": article.text, "published_at": article.published_at,
        "authors": list(article.authors), "dateline": article.dateline, "language": article.language,
        "language_source": article.language_source, "fetched_at": article.fetched_at,
        "extractor": article.extractor, "sha256": article.sha256, "source": article.source,
        "removed": [{"rule": r.rule, "text": r.text} for r in article.removed],
    }


def _best(fn, rounds: int) -> float:
    """The best CPU time of `rounds` calls of `fn`."""
    best = float("inf")
    for _ in range(rounds):
        start = time.process_time()
        fn()
        best = min(best, time.process_time() - start)
    return best


def _field_costs(profiled: list[tuple[str, bytes, Article]], rounds: int) -> None:
    trees = []
    for _name, body, article in profiled:
        tree = _parse(decode(body)[0])
        metas, tags, captions = _metas(tree)
        trees.append((tree, metas, tags, captions, jsonld_objects(tree), article.url or article.canonical_url))

    def pages() -> None:
        for _name, body, _article in profiled:
            _page_cost(body)

    def metadata() -> None:
        for tree, metas, tags, captions, ld, url in trees:
            read_details(tree, metas, ld, url, "+07:00", tags, captions)

    copies: list[Article] = []
    parts = {"version": lambda a: a.version, "blocks": lambda a: a.record_blocks(),
             "word_count, simhash": lambda a: (a.word_count, a.simhash)}
    full = [article.to_dict() for _n, _b, article in profiled]
    old = [_old_record(article) for _n, _b, article in profiled]

    def dumps(records: list[dict]) -> None:
        for record in records:
            json.dumps(record, ensure_ascii=False, separators=(",", ":"))

    times = dict.fromkeys(("page", "metadata", *parts, "json new", "json old"), float("inf"))
    pages()  # warm-up
    for _ in range(rounds):  # in turns, so that a busy moment of the machine hits every part alike
        fresh()  # the caches keyed by text (bench_profile): no page comes back cheaper
        times["page"] = min(times["page"], _best(pages, 1))
        times["metadata"] = min(times["metadata"], _best(metadata, 1))
        for label, part in parts.items():
            copies[:] = [article.evolve() for _n, _b, article in profiled]  # nothing cached
            times[label] = min(times[label], _best(lambda part=part: [part(a) for a in copies], 1))
        times["json new"] = min(times["json new"], _best(lambda: dumps(full), 1))
        times["json old"] = min(times["json old"], _best(lambda: dumps(old), 1))
    n = len(profiled)
    times["JSON of the extra fields"] = max(0.0, times.pop("json new") - times.pop("json old"))
    page = times.pop("page")
    cost = sum(times.values())
    without = page - cost
    print(f"record fields, site profile path ({n} profiled pages, best of {rounds}, one process):")
    print(f"  page (clean_page + to_dict + JSON), as a run does: {1000 * page / n:8.3f} ms/page")
    for label, seconds in times.items():
        print(f"  {label + ':':<48} {1000 * seconds / n:8.3f} ms/page  {100 * seconds / without:5.2f}%")
    print(f"  cost of the newer fields: {1000 * cost / n:.3f} ms/page = {100 * cost / without:.2f}% of the page "
          f"without them ({1000 * without / n:.2f} ms/page; target < 5%)")


def _rss() -> int:
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * resource.getpagesize()


def _write(kind: str, articles: list[tuple[Article, dict]], records: int, directory: Path,
           growth: dict[str, int]) -> float:
    """Write the records; `growth[kind]` keeps the most the process's RSS grew over its size at the start."""
    base = _rss()
    top = [base]
    done = threading.Event()

    def sample() -> None:
        while not done.wait(0.05):
            top[0] = max(top[0], _rss())

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    start = time.perf_counter()
    with Writer(directory, kind) as writer:
        for i in range(records):
            article, record = articles[i % len(articles)]
            copy = dict(record, id=f"{i:016x}", version=f"{i:016x}")
            writer.write(article, "x", record=copy)
    seconds = time.perf_counter() - start
    done.set()
    sampler.join()
    growth[kind] = max(growth.get(kind, 0), top[0] - base)
    return seconds


def _parquet_speed(articles: list[tuple[Article, dict]], records: int) -> None:
    best = {"jsonl": float("inf"), "parquet": float("inf")}
    sizes: dict[str, int] = {}
    growth: dict[str, int] = {}
    with tempfile.TemporaryDirectory(prefix="bench-records-") as tmp:
        for turn in range(2):
            for kind in ("jsonl", "parquet"):
                directory = Path(tmp) / f"{kind}-{turn}"
                best[kind] = min(best[kind], _write(kind, articles, records, directory, growth))
                sizes[kind] = (directory / f"articles.{kind}").stat().st_size
        for kind in ("jsonl", "parquet"):  # one copy of each record: the real size ratio
            directory = Path(tmp) / f"{kind}-once"
            _write(kind, articles, len(articles), directory, {})
            sizes[f"{kind} once"] = (directory / f"articles.{kind}").stat().st_size
    data = sizes["jsonl"] / 2**20
    print(f"writing {records} records ({data:.1f} MiB of JSONL; records of {len(articles)} cleaned pages), best of 2:")
    for kind in ("jsonl", "parquet"):
        print(f"  {kind:<8} {records / best[kind]:9.0f} records/s  {data / best[kind]:7.1f} MB/s of record data  "
              f"file {sizes[kind] / 2**20:6.1f} MiB  RSS growth while writing {growth[kind] / 2**20:5.1f} MiB")
    print(f"  parquet takes x{best['parquet'] / best['jsonl']:.2f} the time of jsonl (which flushes every line, as "
          f"runs do); the records repeat every {len(articles)}, which flatters zstd; once each: JSONL "
          f"{sizes['jsonl once'] / 2**20:.2f} MiB, Parquet {sizes['parquet once'] / 2**20:.2f} MiB")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--records", type=int, default=20000, help="records written for the Parquet figure")
    parser.add_argument("--rounds", type=int, default=5, help="rounds of the field cost; the best is kept")
    args = parser.parse_args()
    cleaned = [(name, body, article) for name, body in _pages() if (article := _clean(body)) is not None]
    profiled = [c for c in cleaned if c[2].provenance.kind.startswith("site:")]
    _field_costs(profiled, args.rounds)
    more = [article for _name, body in _more_pages() if (article := _clean(body)) is not None]
    _parquet_speed([(article, article.to_dict()) for article in [c[2] for c in cleaned] + more], args.records)
    return 0


if __name__ == "__main__":
    sys.exit(main())
