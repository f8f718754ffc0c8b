"""Paywalled teasers: written and flagged `free_access: false` by default; `--skip-paywalled` makes
them counted `paywalled` rejections in `clean`, `fetch` and `crawl`. Real pages: El País declares
isAccessibleForFree false, The Guardian true."""

from __future__ import annotations

import json
import shutil

from crawler.cli import main
from crawler.crawl.config import CrawlConfig
from crawler.crawl.passes import _options
from tests.conftest import PAGES
from tests.server import SiteServer

PAYWALLED = "fundus-es-ElPais-2024-10-15"
FREE = "fundus-uk-TheGuardian-2024-02-24"


def _inputs(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    for page_id in (PAYWALLED, FREE):
        shutil.copy(PAGES / f"{page_id}.html", src / f"{page_id}.html")
    return src


def _lines(path):
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()] if path.exists() else []


def test_clean_writes_a_paywalled_teaser_flagged(tmp_path):
    out = tmp_path / "out"
    assert main(["clean", str(_inputs(tmp_path)), "-o", str(out), "--jobs", "1", "--no-progress"]) == 0
    records = {r["source"].rsplit("/", 1)[-1]: r for r in _lines(out / "articles.jsonl")}
    assert records[f"{PAYWALLED}.html"]["free_access"] is False
    assert records[f"{FREE}.html"]["free_access"] is True
    assert (out / f"{PAYWALLED}.txt").exists()


def test_clean_skip_paywalled_counts_a_rejection(tmp_path, capsys):
    out = tmp_path / "out"
    code = main(["clean", str(_inputs(tmp_path)), "-o", str(out), "--jobs", "1", "--no-progress",
                 "--skip-paywalled"])
    assert code == 1  # an input was rejected
    records = _lines(out / "articles.jsonl")
    assert [r["free_access"] for r in records] == [True]
    rejects = _lines(out / "rejects.jsonl")
    assert [(r["source"].rsplit("/", 1)[-1], r["reason"]) for r in rejects] == [(f"{PAYWALLED}.html", "paywalled")]
    assert "isAccessibleForFree" in rejects[0]["message"]
    assert not (out / f"{PAYWALLED}.txt").exists()
    assert "[paywalled]" in capsys.readouterr().err


def test_fetch_skip_paywalled_over_http(tmp_path, capsys):
    out = tmp_path / "out"
    with SiteServer() as site:
        urls = [f"{site.base}/news/{PAYWALLED}.html", f"{site.base}/news/{FREE}.html"]
        assert main(["fetch", *urls, "-o", str(out), "--skip-paywalled"]) == 1
    records = _lines(out / "articles.jsonl")
    assert [r["free_access"] for r in records] == [True]
    rejects = _lines(out / "rejects.jsonl")
    assert [(r["source"], r["reason"]) for r in rejects] == [(urls[0], "paywalled")]
    assert "rejected 1" in capsys.readouterr().err


def test_fetch_without_the_option_writes_the_teaser(tmp_path):
    out = tmp_path / "out"
    with SiteServer() as site:
        assert main(["fetch", f"{site.base}/news/{PAYWALLED}.html", "-o", str(out)]) == 0
    assert [r["free_access"] for r in _lines(out / "articles.jsonl")] == [False]


def test_crawl_cleans_with_the_option(tmp_path):
    assert _options(CrawlConfig(out_dir=str(tmp_path), skip_paywalled=True)).skip_paywalled is True
    assert _options(CrawlConfig(out_dir=str(tmp_path))).skip_paywalled is False
