"""The id a fetched article is written under (crawler.outputs.recorder.identity), through the real Sink,
cleaner, writer and state stores (SQLite and a real redis-server), on real pages, in each order the
pages can arrive: a canonical link naming another URL of the site merges two fetched pages only when
their texts are the same, and never makes one page's record overwrite another's."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import pytest

from crawler.inputs.http import page_from_http
from crawler.outputs.recorder import Sink, in_process, same_resource, site_dir_for
from crawler.outputs.writer import Writer
from crawler.state import RedisState, SQLiteState, StateStore, parse_redis_spec
from tests.server import PAGES_DIR

SITE = "https://www.contoh.example"
NAMED, OTHER, COPY = SITE + "/news/named-article", SITE + "/news/other-article", SITE + "/news/named-article-amp"
CANONICAL = re.compile(rb'<link rel="canonical" href="[^"]*"\s*/?>')


def _page(url: str, name: str, canonical: str):
    body, found = CANONICAL.subn(f'<link rel="canonical" href="{canonical}">'.encode(), (PAGES_DIR / name).read_bytes())
    assert found == 1
    return page_from_http(url, url, 200, [("Content-Type", "text/html; charset=utf-8")], body)


def _id(url: str) -> str:
    return hashlib.sha256(("url:" + url).encode()).hexdigest()[:16]


@pytest.fixture(params=["sqlite", "redis"])
def state(request, tmp_path):
    if request.param == "sqlite":
        store: StateStore = SQLiteState(tmp_path / "crawl.db")
    else:
        store = RedisState(parse_redis_spec(request.getfixturevalue("redis_server").url), worker="w")
    yield store
    store.close()


def _run(tmp_path: Path, state: StateStore, pages) -> tuple[list[str], dict[str, dict]]:
    out = tmp_path / "out"
    writer = Writer(out, "both", append=True)
    sink = Sink(writer, state, cleaner=in_process)
    try:
        outcomes = [sink.article(page.url, [page]) for page in pages]
    finally:
        writer.close()
    lines = (out / "articles.jsonl").read_text(encoding="utf-8").splitlines()
    by_url = {r["url"]: r for r in map(json.loads, lines)}
    assert len(by_url) == len(lines)  # one line a URL
    for record in by_url.values():  # and each text in its own file
        assert (out / site_dir_for(None, record["url"]) / f"{record['id']}.txt").read_text(encoding="utf-8") == \
            "\n".join([record["title"], record["text"]])
    return outcomes, by_url


@pytest.mark.parametrize("order", ["named first", "naming first"])
def test_a_page_naming_another_article_with_another_text_overwrites_nothing(tmp_path, state, order):
    named = _page(NAMED, "id-merdeka-001.html", NAMED)
    naming = _page(OTHER, "id-fimela-001.html", NAMED)
    pages = [named, naming] if order == "named first" else [naming, named]
    outcomes, by_url = _run(tmp_path, state, pages)
    assert outcomes == ["written", "written"]
    assert by_url[NAMED]["id"] == _id(NAMED) and by_url[NAMED]["canonical_url"] == NAMED
    assert by_url[NAMED]["canonical_ignored"] is None
    assert by_url[OTHER]["id"] == _id(OTHER) and by_url[OTHER]["site"] == "contoh.example"
    assert by_url[OTHER]["canonical_url"] is None and by_url[OTHER]["canonical_ignored"] == NAMED
    assert state.should_fetch(SITE + "/news/never-fetched", None)


@pytest.mark.parametrize("order", ["named first", "copy first"])
def test_a_page_naming_another_with_the_same_text_is_that_article(tmp_path, state, order):
    named = _page(NAMED, "id-merdeka-001.html", NAMED)
    copy = _page(COPY, "id-merdeka-001.html", NAMED)
    pages = [named, copy] if order == "named first" else [copy, named]
    outcomes, by_url = _run(tmp_path, state, pages)
    assert outcomes == ["written", "duplicate"]  # one article, written once, the other URL counted a duplicate
    (record,) = by_url.values()
    for url in (NAMED, COPY):  # both seen, both answered by that one record
        seen = state.seen(url)
        assert seen is not None and seen.article_id == record["id"]
    if order == "named first":
        assert record["id"] == _id(NAMED) and record["canonical_url"] == NAMED
    else:  # written before the page it names was fetched: not yet shown to be that page
        assert record["id"] == _id(COPY) and record["canonical_ignored"] == NAMED


def test_a_third_page_with_another_text_naming_a_claimed_url_keeps_its_own_id(tmp_path, state):
    pages = [_page(COPY, "id-merdeka-001.html", NAMED), _page(OTHER, "id-fimela-001.html", NAMED),
             _page(NAMED, "id-liputan6-001.html", NAMED)]
    outcomes, by_url = _run(tmp_path, state, pages)
    assert outcomes == ["written", "written", "written"]
    assert {url: r["id"] for url, r in by_url.items()} == {u: _id(u) for u in (COPY, OTHER, NAMED)}
    assert by_url[NAMED]["canonical_url"] == NAMED


def test_a_canonical_naming_the_page_itself_in_another_form_is_kept(tmp_path, state):
    plain = "http://contoh.example/news/named-article/"
    outcomes, by_url = _run(tmp_path, state, [_page(plain, "id-merdeka-001.html", NAMED)])
    assert outcomes == ["written"]
    assert by_url[plain]["canonical_url"] == NAMED and by_url[plain]["id"] == _id(NAMED)
    assert same_resource(NAMED + "?utm_source=x#top", plain)
    assert not same_resource(NAMED, NAMED + "-2") and not same_resource(NAMED + "?id=5", NAMED + "?id=6")


class _Interrupted(Writer):
    """The real writer, but the first write waits for `meanwhile` to run to its end first: the moment in a
    shared crawl when another worker handles its page between this worker's identity check and its write."""

    def __init__(self, out: Path, meanwhile) -> None:
        super().__init__(out, "both", append=True)
        self.meanwhile = meanwhile

    def write(self, *args, **kwargs):
        if self.meanwhile is not None:
            run, self.meanwhile = self.meanwhile, None
            run()
        return super().write(*args, **kwargs)


def _records(out: Path) -> list[dict]:
    path = out / "articles.jsonl"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()] if path.exists() else []


@pytest.mark.parametrize("first", ["named", "copy"])
def test_two_workers_writing_two_urls_of_one_article_at_once_give_one_record(tmp_path, redis_server, first):
    """Two workers of a shared crawl, each with its own state connection and output, handle `/a` and its
    copy naming `/a` at the same moment: the second worker's whole article falls between the first one's
    identity check and its write. One record, the other URL a duplicate of it, seen once asked again."""
    spec = parse_redis_spec(redis_server.url)
    states = [RedisState(spec, worker="w1"), RedisState(spec, worker="w2")]
    pages = {"named": _page(NAMED, "id-merdeka-001.html", NAMED), "copy": _page(COPY, "id-merdeka-001.html", NAMED)}
    second = "copy" if first == "named" else "named"
    outcomes: dict[str, str] = {}
    plain = Writer(tmp_path / "w2", "both", append=True)
    late = Sink(plain, states[1], cleaner=in_process)

    def other_worker() -> None:
        outcomes[second] = late.article(pages[second].url, [pages[second]])

    early = _Interrupted(tmp_path / "w1", other_worker)
    try:
        outcomes[first] = Sink(early, states[0], cleaner=in_process).article(pages[first].url, [pages[first]])
    finally:
        early.close()
        plain.close()
    assert sorted(outcomes.values()) == ["duplicate", "written"]
    (record,) = _records(tmp_path / "w1") + _records(tmp_path / "w2")
    assert outcomes[first] == "written" and record["url"] == pages[first].url
    # answered while the first was still writing: not seen yet (had that write failed, it would be the
    # duplicate of nothing); asked again, as the next pass does, it is the written record's duplicate
    assert states[1].seen(pages[second].url) is None and states[1].should_fetch(pages[second].url, None)
    again = Writer(tmp_path / "w3", "both", append=True)
    try:
        assert Sink(again, states[1], cleaner=in_process).article(pages[second].url, [pages[second]]) == "duplicate"
    finally:
        again.close()
    assert not _records(tmp_path / "w3")
    for url in (NAMED, COPY):
        seen = states[0].seen(url)
        assert seen is not None and seen.article_id == record["id"]
    for state in states:
        state.close()


class _Full(Writer):
    """The real writer on a disk that fills up at the first record."""

    def write(self, *args, **kwargs):
        raise OSError(28, "No space left on device")


def test_a_worker_failing_between_its_claim_and_its_write_loses_nothing(tmp_path, state):
    """The claim comes before the write: a worker that fails in between leaves its URL unseen, so the
    URL is asked again and that attempt finds its own claim and writes the article."""
    named = _page(NAMED, "id-merdeka-001.html", NAMED)
    full = _Full(tmp_path / "full", "both", append=True)
    with pytest.raises(OSError):
        Sink(full, state, cleaner=in_process).article(NAMED, [named])
    full.close()
    assert state.seen(NAMED) is None and state.should_fetch(NAMED, None)
    outcomes, by_url = _run(tmp_path, state, [named, _page(COPY, "id-merdeka-001.html", NAMED)])
    assert outcomes == ["written", "duplicate"]
    assert list(by_url) == [NAMED] and by_url[NAMED]["id"] == _id(NAMED)


@pytest.mark.parametrize("failed", [COPY, NAMED])
def test_a_url_is_no_duplicate_of_a_record_whose_write_failed(tmp_path, state, failed):
    """The worker holding the id fails between its claim and its write, and the other URL of that text
    comes first: it is not marked seen as a duplicate of a record that does not exist (were the failed URL
    never asked again, it would be lost for good). Once the failed URL is asked again and written, the
    other URL, asked again, is its duplicate."""
    pages = {NAMED: _page(NAMED, "id-merdeka-001.html", NAMED), COPY: _page(COPY, "id-merdeka-001.html", NAMED)}
    other = NAMED if failed == COPY else COPY
    full = _Full(tmp_path / "full", "both", append=True)
    with pytest.raises(OSError):
        Sink(full, state, cleaner=in_process).article(failed, [pages[failed]])
    full.close()
    outcomes, by_url = _run(tmp_path, state, [pages[other]])
    assert outcomes == ["duplicate"] and not by_url
    assert state.seen(other) is None and state.should_fetch(other, None)
    outcomes, by_url = _run(tmp_path, state, [pages[failed], pages[other]])
    (record,) = by_url.values()
    for url in (NAMED, COPY):
        seen = state.seen(url)
        assert seen is not None and seen.article_id == record["id"]


def test_a_holder_refused_for_good_before_it_wrote_leaves_the_article_to_the_other_url(tmp_path, state):
    """The URL holding the id fails to write, and when asked again it is refused for good (the site's
    robots.txt now shuts it out): the other URL of the text is no longer its duplicate but writes it."""
    named, copy = _page(NAMED, "id-merdeka-001.html", NAMED), _page(COPY, "id-merdeka-001.html", NAMED)
    full = _Full(tmp_path / "full", "both", append=True)
    with pytest.raises(OSError):
        Sink(full, state, cleaner=in_process).article(NAMED, [named])
    Sink(full, state, cleaner=in_process).reject(NAMED, "robots", "disallowed by robots.txt")
    full.close()
    outcomes, by_url = _run(tmp_path, state, [copy])
    assert outcomes == ["written"] and list(by_url) == [COPY]
    seen = state.seen(COPY)
    assert seen is not None and seen.article_id == by_url[COPY]["id"]
