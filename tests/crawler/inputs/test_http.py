"""The one HTTP-response -> Page adapter."""

from __future__ import annotations

from datetime import UTC, datetime

from crawler.inputs.http import page_from_http


def test_headers_lower_cased_and_repeats_joined():
    when = datetime(2025, 7, 4, tzinfo=UTC)
    page = page_from_http("http://a.example/x", "http://a.example/y", 200,
                          [("Content-Type", "text/html"), ("Set-Cookie", "a=1"), ("set-cookie", "b=2")], b"<p>x</p>",
                          fetched_at=when)
    assert page.headers == {"content-type": "text/html", "set-cookie": "a=1, b=2"}
    assert (page.url, page.final_url, page.status, page.source, page.fetched_at) == (
        "http://a.example/x", "http://a.example/y", 200, "http://a.example/x", when)


def test_fetch_time_defaults_to_now():
    page = page_from_http("http://a.example/x", "http://a.example/x", 200, [], b"")
    assert page.fetched_at is not None and page.fetched_at.tzinfo is not None
