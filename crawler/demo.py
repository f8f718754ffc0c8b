"""`newsbroom demo`: the pipeline offline on the bundled fixture pages, with a short report."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from cleaners.score import Corpus, gold_body

from .batch import run_clean
from .output import Writer

__all__ = ["run_demo", "FIXTURES"]

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def run_demo(out_dir: Path) -> int:
    pages = FIXTURES / "pages"
    if not pages.is_dir():
        print(f"newsbroom: error: the bundled fixtures are not at {pages}; run the demo from a source checkout",
              file=sys.stderr)
        return 2
    print(f"Cleaning the bundled pages in {pages} into {out_dir}/ ...", file=sys.stderr)
    with Writer(out_dir, "both") as writer:
        summary = run_clean([str(pages)], writer, jobs=1, progress=False)
    corpus = Corpus.empty()
    records = [json.loads(line) for line in (out_dir / "articles.jsonl").read_text(encoding="utf-8").splitlines()]
    for record in records:
        gold_path = Path(record["source"]).with_suffix(".json")
        if gold_path.exists():
            corpus.add(record["text"], gold_body(json.loads(gold_path.read_text(encoding="utf-8"))))
    print(f"{summary.line()}")
    print(f"quality against the gold text: P {corpus.precision:.3f}  R {corpus.recall:.3f}  F1 {corpus.f1:.3f}  "
          f"junk lines {corpus.leaks}")
    for record in records[:5]:
        print(f"  {Path(record['source']).stem}: {record['title']!r} [{record['language']}, "
              f"{record['published_at'] or 'no date'}] {len(record['text'])} chars")
    print(f"wrote {out_dir}/articles.jsonl and one .txt per page; try: head -3 {out_dir}/id-merdeka-001.txt")
    return 0
