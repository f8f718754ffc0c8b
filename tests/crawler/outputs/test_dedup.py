"""Near-copy groups: the banding finds exactly the pairs all-pairs comparison finds, whatever plan
(number of blocks) it takes; keepers and the line format."""

from __future__ import annotations

import io
import itertools
import json
import random

import pytest

from crawler.outputs import banding
from crawler.outputs.banding import block_masks, group, near_pairs, numpy_or_none
from crawler.outputs.dedup import DedupSummary, read_records, write_groups

ENGINES = ["python", pytest.param("numpy", marks=pytest.mark.skipif(numpy_or_none() is None,
                                                                    reason="numpy 2.0 or later is not installed"))]


def _flip(value: int, bits: list[int]) -> int:
    for bit in bits:
        value ^= 1 << bit
    return value


def _hashes(n: int, copies: int, distance: int, seed: int) -> list[int]:
    """n random 64-bit hashes, then `copies` hashes each a few bits (up to distance + 2) from one
    of them: some within the distance, some just outside it."""
    rnd = random.Random(seed)
    hashes = [rnd.getrandbits(64) for _ in range(n)]
    for _ in range(copies):
        source = hashes[rnd.randrange(len(hashes))]
        hashes.append(_flip(source, rnd.sample(range(64), rnd.randint(0, distance + 2))))
    rnd.shuffle(hashes)
    return hashes


def _all_pairs_groups(hashes: list[int], distance: int) -> list[list[int]]:
    parent = list(range(len(hashes)))

    def find(i: int) -> int:
        while parent[i] != i:
            i = parent[i]
        return i

    for i, j in itertools.combinations(range(len(hashes)), 2):
        if (hashes[i] ^ hashes[j]).bit_count() <= distance:
            parent[max(find(i), find(j))] = min(find(i), find(j))
    sets: dict[int, list[int]] = {}
    for i in range(len(hashes)):
        sets.setdefault(find(i), []).append(i)
    return [members for _, members in sorted(sets.items()) if len(members) > 1]


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize(("distance", "blocks"), [(0, None), (3, None), (10, None), (10, 1), (10, 2), (10, 3),
                                                  (16, None)])
def test_banding_finds_exactly_what_all_pairs_finds(monkeypatch, distance, blocks, engine):
    hashes = _hashes(600, 150, distance, seed=distance)
    hashes += hashes[:20]  # exact duplicates too
    if blocks is not None:  # force m (agree on m of N + m blocks) whatever the input size says
        monkeypatch.setattr(banding, "_plan", lambda n, d, w=3: (d + blocks, blocks))
    expected = _all_pairs_groups(hashes, distance)
    assert len(expected) > 40
    assert group(near_pairs(hashes, distance, engine=engine)) == expected


@pytest.mark.parametrize("engine", ENGINES)
def test_a_band_shared_by_many_hashes_is_still_compared_pair_by_pair(monkeypatch, engine):
    # 60 hashes with one low half: every band of the low bits holds all of them (past the
    # neighbour offsets), and pairs far apart in the sorted order are within the distance.
    rnd = random.Random(7)
    low = rnd.getrandbits(32)
    hashes = [(rnd.getrandbits(32) << 32) | low for _ in range(60)]
    hashes += [_flip(h, [40, 50, 60]) for h in hashes[:10]]
    monkeypatch.setattr(banding, "_plan", lambda n, d, w=3: (d + 1, 1))
    assert group(near_pairs(hashes, 10, engine=engine)) == _all_pairs_groups(hashes, 10)


def test_the_plan_widens_bands_as_the_input_grows():
    # Small inputs: the N + 1 bands of the pigeonhole; large ones: C(N + m, m) wider bands.
    assert len(block_masks(100, 10)) == 11
    masks = block_masks(1_000_000, 10)
    assert len(masks) > 11 and all(m.bit_count() >= 14 for m in masks)
    for n in (100, 1_000_000):  # every bit is in some band, and a band is never the whole hash
        masks = block_masks(n, 10)
        assert sum(set(masks)) and all(0 < m.bit_count() < 64 for m in masks)


def _record(article_id: str, simhash: int, **fields) -> bytes:
    record = {"id": article_id, "version": f"v{article_id}", "url": f"https://example.com/{article_id}",
              "site": "example.com", "title": article_id, "text": "x", "word_count": 100,
              "published_at": None, "simhash": f"{simhash:016x}", **fields}
    return json.dumps(record).encode() + b"\n"


def test_groups_name_their_keeper_and_why(tmp_path):
    base = random.Random(3).getrandbits(64)
    other = base ^ ((1 << 64) - 1)  # 64 bits away
    path = tmp_path / "articles.jsonl"
    path.write_bytes(
        _record("copy", _flip(base, [1, 2, 3]), published_at="2021-01-24T08:00:00+07:00")
        + _record("original", base, published_at="2021-01-23T13:30:00+07:00")
        + _record("undated", _flip(base, [9]))
        + _record("short", other, word_count=50)
        + b"not json\n"
        + _record("long", _flip(other, [5, 6]), word_count=80)
        + _record("no-hash", 0)[:-1].replace(b'"simhash": "0000000000000000"', b'"simhash": null') + b"\n"
        + b'{"id": "torn", "simh')
    summary = DedupSummary()
    records = read_records([path], summary)
    assert summary.records == 6 and summary.computed == 1  # no simhash: hashed from its text
    assert summary.bad == [f"{path}:5"] and len(summary.torn) == 1
    out = io.BytesIO()
    write_groups(records, group(near_pairs(records.hashes, 10)), 10, out, summary)
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [(g["keeper"], g["keeper_reason"], g["size"]) for g in lines] == [
        ("original", "published first", 3), ("long", "most words (no published_at)", 2)]
    first = lines[0]["members"]
    assert [(m["id"], m["distance"]) for m in first] == [("original", 0), ("undated", 1), ("copy", 3)]
    assert set(first[0]) == {"id", "version", "url", "site", "title", "word_count", "published_at", "simhash",
                             "distance"}
    assert (summary.groups, summary.copies) == (2, 3)
    assert "2 groups of near copies within 10 bits (3 copies beside their keepers)" in summary.line()
