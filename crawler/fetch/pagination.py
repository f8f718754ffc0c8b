"""A profile's pagination rule applied while fetching: which URL to fetch for an article, and which
page comes next. Both network paths (crawler.crawl.spider, crawler.fetch.client) follow it; the
pages they fetch are stitched into one article by cleaners.stitch."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from urllib.parse import urljoin, urlsplit, urlunsplit

from selectolax.lexbor import LexborHTMLParser

from cleaners.decode import decode
from cleaners.errors import RejectedInput
from cleaners.knowledge.sites import Pagination
from cleaners.model import Page

__all__ = ["first_url", "next_page_url", "follow_page"]


def first_url(url: str, pagination: Pagination | None) -> str:
    """The URL to fetch for an article: its one-page form in mode single_url, else itself."""
    if pagination is None or pagination.mode != "single_url" or not pagination.single_url:
        return url
    parts = urlsplit(pagination.article_key(url))  # a later page's URL names the same one-page form
    bare = urlunsplit((parts.scheme, parts.netloc, parts.path, "", ""))
    return pagination.single_url.replace("{url}", bare)


def next_page_url(page: Page, pagination: Pagination | None) -> str | None:
    """The absolute URL of the next page of `page` (mode next_link), or None."""
    if pagination is None or pagination.mode != "next_link" or not pagination.next or not page.body:
        return None
    try:
        html, _ = decode(page.body, page.header("content-type"))
    except RejectedInput:
        return None
    node = LexborHTMLParser(html).css_first(pagination.next)
    href = node.attributes.get("href") if node is not None else None
    if not href or href.startswith(("#", "javascript:", "mailto:")):
        return None
    base = page.final_url or page.url or ""
    target = urljoin(base, href.strip())
    if urlsplit(target).scheme not in ("http", "https") or target.split("#")[0] == base.split("#")[0]:
        return None
    return target.split("#")[0]


def follow_page(pages: Sequence[Page], pagination: Pagination | None, allowed: Callable[[str], bool]) -> str | None:
    """The next page to fetch after `pages` of one article (mode next_link): None at the
    profile's max_pages, on a page already fetched, or where `allowed` says no."""
    if pagination is None or not pages or len(pages) >= pagination.max_pages:
        return None
    nxt = next_page_url(pages[-1], pagination)
    fetched = {p.url for p in pages} | {p.final_url for p in pages}
    return nxt if nxt and nxt not in fetched and allowed(nxt) else None
