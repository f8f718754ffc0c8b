"""merge_parts: one line per article version, unreadable lines counted and named."""

from __future__ import annotations

import io
import json

from crawler.outputs.merge import merge_parts


def _line(article_id: str, text: str, fetched_at: str) -> bytes:
    return json.dumps({"id": article_id, "title": "t", "text": text, "fetched_at": fetched_at}).encode() + b"\n"


def test_merge_parts_counts_versions_duplicates_and_bad_lines(tmp_path):
    one = tmp_path / "articles-w1.jsonl"
    two = tmp_path / "articles-w2.jsonl"
    a = _line("a", "one", "2025-07-01T10:00:00+00:00")
    one.write_bytes(a + b"not json\n" + _line("a", "two", "2025-07-02T10:00:00+00:00"))
    two.write_bytes(_line("b", "bee", "2025-07-01T11:00:00+00:00") + a + b'{"no": "id"}\n')
    out = io.BytesIO()
    summary = merge_parts([one, two], out)
    assert [json.loads(line)["text"] for line in out.getvalue().splitlines()] == ["one", "bee", "two"]
    assert (summary.files, summary.lines, summary.written, summary.articles, summary.duplicates) == (2, 4, 3, 2, 1)
    assert summary.bad == [f"{one}:2", f"{two}:3"] and summary.torn == []
