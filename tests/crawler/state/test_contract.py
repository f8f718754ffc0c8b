"""The StateStore contract: the same assertions against SQLiteState and against RedisState on a real
redis-server. Every method of the protocol is exercised here; a new store passes this module."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from crawler.state import Held, RedisState, SQLiteState, StateStore, open_state, parse_redis_spec, text_sha

T0 = datetime(2025, 7, 1, tzinfo=UTC)
URL, CANON = "https://example.com/a", "https://example.com/canon"
PROTOCOL = {name for name in vars(StateStore) if not name.startswith("_")}


@pytest.fixture(params=["sqlite", "redis"])
def store(request, tmp_path):
    if request.param == "sqlite":
        state: StateStore = SQLiteState(tmp_path / "crawl.db")
    else:
        server = request.getfixturevalue("redis_server")
        state = RedisState(parse_redis_spec(server.url), worker="w")
    yield state
    state.close()


def _jsonl(store: StateStore, tmp_path: Path) -> Path:
    return tmp_path / ("articles-w.jsonl" if isinstance(store, RedisState) else "articles.jsonl")


def test_every_store_implements_the_whole_protocol():
    assert {"seen", "should_fetch", "validators", "set_validators", "record_written", "note_pending",
                        "record_rejected", "touch", "recover", "close", "holder", "claim"} == PROTOCOL
    for cls in (SQLiteState, RedisState):
        assert all(callable(getattr(cls, name, None)) for name in PROTOCOL), cls


def test_a_new_url_is_unseen_and_fetched(store):
    assert store.seen(URL) is None
    assert store.should_fetch(URL, None) and store.should_fetch(URL, T0)


def test_record_written_marks_every_url_of_the_article(store):
    store.note_pending([URL, CANON], "id1", T0)
    store.record_written([URL, CANON, None], "id1", "sha1", T0, "2025-07-02T00:00:00+00:00", 123)
    for url in (URL, CANON):
        seen = store.seen(url)
        assert seen is not None and seen.url == url
        assert (seen.article_id, seen.text_sha, seen.lastmod, seen.rejected) == ("id1", "sha1", T0, None)
        assert seen.fetched_at == datetime(2025, 7, 2, tzinfo=UTC)


def test_a_written_record_is_held_by_its_first_url(store):
    assert store.holder("id1") is None
    store.record_written([URL, CANON], "id1", "sha1", None, None, None)
    assert store.holder("id1") == Held(URL, "sha1", "id1")
    store.record_written([CANON], "id1", "sha2", None, None, None)  # written again: the last writer holds it
    assert store.holder("id1") == Held(CANON, "sha2", "id1")
    store.record_written(["https://example.com/copy"], "id1", "sha2", None, None, None, holds=False)
    assert store.holder("id1") == Held(CANON, "sha2", "id1")  # a copy noted seen does not take the id
    seen = store.seen("https://example.com/copy")
    assert seen is not None and seen.article_id == "id1"
    store.record_written([], "id9", "sha9", None, None, None)
    assert store.holder("id9") is None  # no URL, no holder


def test_the_first_claim_of_an_id_is_kept_until_its_record_is_written(store):
    first, second = Held(URL, "sha1", "own1"), Held("https://example.com/b", "sha2", "own2")
    assert store.claim("canon-id", first) == first
    assert store.claim("canon-id", second) == first  # taken: the first page answers for it
    assert store.holder("canon-id") == first
    assert store.seen(CANON) is None and store.should_fetch(CANON, None)  # a claim never marks a URL seen
    store.record_written([CANON], "canon-id", "sha3", None, None, None)  # the page at that URL itself
    assert store.holder("canon-id") == Held(CANON, "sha3", "canon-id")


def test_should_fetch_only_when_lastmod_moved(store):
    store.record_written([URL], "id1", "sha1", T0, "2025-07-02T00:00:00+00:00", None)
    assert not store.should_fetch(URL, None) and not store.should_fetch(URL, T0)
    assert store.should_fetch(URL, T0 + timedelta(hours=1))
    # without a lastmod, the fetch time is what a new lastmod is compared with
    store.record_written([CANON], "id2", "sha2", None, "2025-07-02T00:00:00+00:00", None)
    assert not store.should_fetch(CANON, T0) and store.should_fetch(CANON, datetime(2025, 7, 3, tzinfo=UTC))


def test_touch_moves_the_lastmod_only(store):
    store.record_written([URL], "id1", "sha1", T0, None, None)
    store.touch(URL, T0 + timedelta(hours=1))
    store.touch(URL, None)  # nothing to remember
    store.touch("https://example.com/never-seen", T0)  # an unseen URL stays unseen
    seen = store.seen(URL)
    assert seen is not None and seen.lastmod == T0 + timedelta(hours=1) and seen.text_sha == "sha1"
    assert store.seen("https://example.com/never-seen") is None


def test_the_first_rejection_is_kept(store):
    store.record_rejected("https://example.com/robots", "robots")
    store.record_rejected("https://example.com/robots", "other")
    seen = store.seen("https://example.com/robots")
    assert seen is not None and seen.rejected == "robots" and seen.article_id is None
    assert not store.should_fetch("https://example.com/robots", None)


def test_validators_round_trip(store):
    feed = "https://example.com/feed"
    assert store.validators(feed) == (None, None, [])
    store.set_validators(feed, '"e"', "Tue, 01 Jul 2025 00:00:00 GMT", ["c1", "c2"])
    assert store.validators(feed) == ('"e"', "Tue, 01 Jul 2025 00:00:00 GMT", ["c1", "c2"])
    store.set_validators(feed, None, None)
    assert store.validators(feed) == (None, None, [])


def test_recover_marks_the_tail_seen_and_cuts_a_torn_line(store, tmp_path):
    jsonl = _jsonl(store, tmp_path)
    assert store.recover(jsonl) == 0  # no file yet
    line = json.dumps({"id": "id2", "url": "https://example.com/b", "canonical_url": None, "title": "T",
                       "text": "Body", "fetched_at": "2025-07-03T00:00:00+00:00"}) + "\n"
    jsonl.write_text("x" * 122 + "\n" + line + '{"id": "id3", "ur', encoding="utf-8")
    store.record_written([], "id0", "sha0", None, None, 123)  # committed: the first 123 bytes
    store.note_pending(["https://example.com/b", "https://example.com/b-alias"], "id2", T0)
    assert store.recover(jsonl) == 1
    assert jsonl.read_text(encoding="utf-8").endswith(line)
    alias = store.seen("https://example.com/b-alias")
    assert alias is not None and alias.text_sha == text_sha("T", "Body") and alias.lastmod == T0
    assert store.seen("https://example.com/b") is not None
    assert store.recover(jsonl) == 0  # committed now


def test_a_closed_store_opens_again_with_its_records(store, tmp_path):
    store.record_written([URL], "id1", "sha1", T0, None, None)
    store.close()
    spec = str(tmp_path / "crawl.db") if isinstance(store, SQLiteState) else store.spec.url
    again = open_state(spec, worker="w")
    try:
        assert type(again) is type(store)
        seen = again.seen(URL)
        assert seen is not None and seen.article_id == "id1"
    finally:
        again.close()
