"""A `duplicate` is counted apart from `unchanged`, end to end over real HTTP on 127.0.0.1: two really
different URLs of one article (`/a` and its AMP copy `/amp/a`, both naming `/a` as their canonical URL,
the same real page) give one record; the second URL fetched is a `duplicate` (not `unchanged`, which is
a URL fetched again with the same text), in the pass summary, its JSON and its line, with the SQLite
state and with a shared crawl's Redis state. Both URLs are seen after the pass, answered by the one
record, so the next pass fetches neither and counts neither."""

from __future__ import annotations

import re
from pathlib import Path

from crawler.crawl.passes import run_pass
from crawler.outputs.summary import RunSummary
from crawler.state import StateStore, open_state
from tests.crawler.conftest import config, needs_redis, records
from tests.server import PAGES_DIR, SiteServer

CANONICAL = re.compile(rb'<link rel="canonical" href="[^"]*"\s*/?>')
PAGE = "id-merdeka-001.html"  # a real page (fixtures/pages/, provenance in its .json)


def _body() -> bytes:
    """The real page, its <link rel=canonical> naming `/a`, relative as many sites write it."""
    body, found = CANONICAL.subn(b'<link rel="canonical" href="/a">', (PAGES_DIR / PAGE).read_bytes())
    assert found == 1
    return body


def _serve(site: SiteServer, *listed: str) -> None:
    site.put("/a", _body(), "text/html; charset=utf-8")
    site.put("/amp/a", _body(), "text/html; charset=utf-8")
    items = "".join(f"<item><title>{i}</title><link>{site.base}{path}</link></item>" for i, path in enumerate(listed))
    site.put("/feed.rss", f'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>{items}</channel></rss>',
             "application/rss+xml")
    site.put("/", f'<html><head><link rel="alternate" type="application/rss+xml" href="{site.base}/feed.rss">'
                  f"</head><body><p>home</p></body></html>", "text/html; charset=utf-8")


def _pass(out: Path, site: SiteServer, **changes) -> RunSummary:
    summary = run_pass(config(out, Path("unused"), profile_files=[], seed_urls=[site.base + "/"], **changes))
    assert RunSummary.from_dict(summary.to_dict()) == summary  # what the pass process sends its parent
    return summary


def _state(spec: str) -> StateStore:
    return open_state(spec, worker="solo")


def _check(tmp_path: Path, order: tuple[str, str], jsonl: str, state_spec: str | None, **changes) -> None:
    out = tmp_path / "out"
    with SiteServer(tmp_path / "site", mounts={}) as site:
        _serve(site, *order)
        first = _pass(out, site, **changes)
        asked = sorted(r.path for r in site.requests() if r.path in ("/a", "/amp/a"))
        second = _pass(out, site, **changes)
        asked_again = [r.path for r in site.requests() if r.path in ("/a", "/amp/a")]
        base = site.base
    assert asked == ["/a", "/amp/a"]  # a canonical link never stops a listed URL's fetch
    assert (first.fetched, first.written, first.duplicate, first.unchanged) == (2, 1, 1, 0)
    assert "duplicate 1 (another URL of an article already written)" in first.line()
    assert "unchanged" not in first.line()
    (record,) = records(out, jsonl)
    assert record["url"] in (base + "/a", base + "/amp/a")  # whichever answered first
    assert (out / "127.0.0.1" / f"{record['id']}.txt").read_text(encoding="utf-8") == \
        "\n".join([record["title"], record["text"]])
    state = _state(state_spec or str(out / "crawl.db"))
    try:  # both URLs seen, answered by the one record
        for url in (base + "/a", base + "/amp/a"):
            seen = state.seen(url)
            assert seen is not None and seen.article_id == record["id"], url
    finally:
        state.close()
    assert sorted(asked_again) == ["/a", "/amp/a"]  # each asked once in both passes: the second asked neither
    assert (second.fetched, second.written, second.duplicate, second.unchanged) == (0, 0, 0, 0)


def test_a_second_url_of_an_article_is_a_counted_duplicate(tmp_path):
    """(The order the two pages arrive in is each taken in turn in test_canonical_identity.py.)"""
    _check(tmp_path, ("/a", "/amp/a"), "articles.jsonl", None)


@needs_redis
def test_a_second_url_of_an_article_is_a_duplicate_in_a_shared_crawl(tmp_path, redis_server):
    _check(tmp_path, ("/a", "/amp/a"), "articles-solo.jsonl", redis_server.url, state=redis_server.url,
           worker="solo")
