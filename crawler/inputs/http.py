"""The one way an HTTP response becomes a Page, for every network path (the crawl spider, the
`fetch` client, the recorder), so a URL gives the same bytes whichever way it was fetched."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime

from cleaners import Page

__all__ = ["page_from_http"]


def page_from_http(url: str, final_url: str, status: int, headers: Iterable[tuple[str, str]], body: bytes,
                   fetched_at: datetime | None = None) -> Page:
    """The Page of one response (header names lower-cased, repeats joined)."""
    merged: dict[str, str] = {}
    for name, value in headers:
        key = name.lower()
        merged[key] = f"{merged[key]}, {value}" if key in merged else value
    return Page(url=url, final_url=final_url, status=status, headers=merged, body=body,
                fetched_at=fetched_at or datetime.now(UTC), source=url)
