"""`newsbroom demo`: the whole pipeline offline. First the bundled fixture pages are cleaned (a short
quality report), then the bundled mini news site (fixtures/site/) is served on 127.0.0.1 and
crawled twice: the second, incremental pass fetches no article again."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from cleaners.score import Corpus, gold_body
from crawler.commands.clean import run_clean
from crawler.outputs.writer import Writer

__all__ = ["run_demo", "FIXTURES"]

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"


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
    return run_crawl_demo(out_dir / "crawl")


def run_crawl_demo(out_dir: Path) -> int:
    """Serve fixtures/site/ on 127.0.0.1, crawl it twice into `out_dir`, print what was written."""
    import shutil
    import tempfile

    from crawler.crawl.passes import CrawlConfig, run_pass
    from crawler.localsite import SiteServer, render_profile

    if out_dir.exists():
        shutil.rmtree(out_dir)
    with SiteServer() as site, tempfile.TemporaryDirectory() as tmp:
        profile = render_profile(site.base, Path(tmp))
        config = CrawlConfig(out_dir=str(out_dir), profile_files=[str(profile)])
        print(f"\nCrawling the bundled site served at {site.base}/ (robots.txt, sitemap index, Google News "
              f"sitemap, RSS feed, index page) into {out_dir}/ ...", file=sys.stderr)
        first = run_pass(config)
        print(f"pass 1: {first.line()}")
        served = len(site.requests())
        second = run_pass(config)
        again = [r for r in site.requests()[served:] if r.status == 200 and not r.path.endswith("robots.txt")]
        print(f"pass 2: {second.line()}")
        print(f"pass 2 asked {len(site.requests()) - served} times, {len(again)} full answers "
              f"(the rest were 304 Not Modified)")
    records = [json.loads(line) for line in (out_dir / "articles.jsonl").read_text(encoding="utf-8").splitlines()]
    for record in records:
        print(f"  contoh/{record['id']}.txt  {(record['title'] or '')[:60]!r} [{record['language']}]")
    for line in (out_dir / "rejects.jsonl").read_text(encoding="utf-8").splitlines():
        reject = json.loads(line)
        print(f"  rejected {reject['source'].rsplit('/', 1)[-1]}: {reject['reason']}")
    print(f"wrote {out_dir}/articles.jsonl, {out_dir}/rejects.jsonl and {out_dir}/contoh/<id>.txt")
    return 0 if second.written == 0 and first.written else 1
