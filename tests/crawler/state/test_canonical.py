"""A page's <link rel=canonical> never marks another URL seen (state poisoning): not when the record
is written, not when the state is recovered from articles.jsonl."""

from __future__ import annotations

from pathlib import Path

import pytest

from crawler.inputs.http import page_from_http
from crawler.outputs.recorder import Sink, in_process
from crawler.outputs.writer import Writer
from crawler.state import SQLiteState

PAGE = Path(__file__).resolve().parents[3] / "fixtures" / "pages" / "id-merdeka-001.html"
REAL_CANONICAL = b"https://www.merdeka.com/jatim/cuma-ada-di-pamekasan-begini-kelezatan-sate-lalat-pak-muhsin.html"
SITE = "http://127.0.0.1:8080"


@pytest.mark.parametrize("victim", [SITE + "/news/another-article.html",  # same site
                                    "https://www.merdeka.com/peristiwa/another-article.html"])  # another site
def test_a_canonical_link_never_marks_its_target_seen(tmp_path, victim):
    body = PAGE.read_bytes().replace(REAL_CANONICAL, victim.encode())
    assert victim.encode() in body
    url = SITE + "/news/poisoning-page.html"
    page = page_from_http(url, url, 200, [("Content-Type", "text/html; charset=utf-8")], body)
    out = tmp_path / "out"
    state = SQLiteState(out / "crawl.db")
    writer = Writer(out, "both", append=True)
    sink = Sink(writer, state, cleaner=in_process)
    try:
        assert sink.article(url, [page]) == "written"
    finally:
        writer.close()
    assert not state.should_fetch(url, None)  # the page itself is seen
    assert state.should_fetch(victim, None)  # what it names is not
    state.close()
    # the state rebuilt from the JSONL (a kill before the state was noted) does not either
    fresh = SQLiteState(tmp_path / "fresh.db")
    assert fresh.recover(out / "articles.jsonl") == 1
    assert not fresh.should_fetch(url, None) and fresh.should_fetch(victim, None)
    fresh.close()
