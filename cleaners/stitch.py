"""Fetched articles, one or several pages, through the one pipeline.

Both network paths (the Scrapy crawl and `newsbroom fetch` over httpx) build `Page`s and call
`clean_fetched`, so a URL gives the same bytes whichever path fetched it:

- `clean_page` on the first page (which rejects block, consent, captcha and paywall pages);
- the other pages of a paginated article (the profile's `[pagination]`) are cleaned the same way
  and `stitch`ed: their blocks appended, skipping lines already present (headline, repeated
  lead). `newsbroom clean` stitches pages of one article found in its input the same way.

`first_url` and `next_page_url` apply a profile's pagination rule to URLs and pages.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from urllib.parse import urljoin, urlsplit, urlunsplit

from selectolax.lexbor import LexborHTMLParser

from cleaners.decode import decode
from cleaners.errors import RejectedInput
from cleaners.knowledge.sites import Pagination
from cleaners.model import Article, Page, Removal
from cleaners.pipeline import Options, clean_page

__all__ = ["clean_fetched", "stitch", "page_number", "first_url", "next_page_url", "follow_page"]


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


def stitch(articles: Sequence[Article]) -> Article:
    """One article from the cleaned pages of one article, first page first: the later pages'
    blocks are appended, skipping any line already present (headline, repeated lead)."""
    article = articles[0]
    if len(articles) == 1:
        return article
    seen = {b.text for b in article.blocks}
    if article.title:
        seen.add(article.title)
    blocks = list(article.blocks)
    removed = list(article.removed)
    for more in articles[1:]:
        for block in more.blocks:
            if block.text not in seen:
                seen.add(block.text)
                blocks.append(block)
            else:
                removed.append(Removal("repeat:page", block.text))
        removed.extend(more.removed)
    digest = hashlib.sha256()
    for page in articles:
        digest.update(bytes.fromhex(page.sha256))
    return article.evolve(blocks=tuple(blocks), removed=tuple(removed), sha256=digest.hexdigest())


def page_number(url: str | None, pagination: Pagination | None) -> int:
    """The page a URL names under `pagination.page_pattern` (1 when it names none)."""
    if not url or pagination is None or pagination.page_pattern is None:
        return 1
    match = pagination.page_pattern.search(url)
    if match is None:
        return 1
    digits = "".join(ch for ch in match.group(0) if ch.isdigit())
    return int(digits) if digits else 1


def follow_page(pages: Sequence[Page], pagination: Pagination | None, allowed: Callable[[str], bool]) -> str | None:
    """The next page to fetch after `pages` of one article (mode next_link): None at the
    profile's max_pages, on a page already fetched, or where `allowed` says no."""
    if pagination is None or not pages or len(pages) >= pagination.max_pages:
        return None
    nxt = next_page_url(pages[-1], pagination)
    fetched = {p.url for p in pages} | {p.final_url for p in pages}
    return nxt if nxt and nxt not in fetched and allowed(nxt) else None


def clean_fetched(pages: Sequence[Page], options: Options | None = None) -> Article:
    """Clean one article fetched as one or more pages. Raises RejectedInput."""
    if not pages:
        raise RejectedInput("empty", "no page was fetched")
    articles = [clean_page(pages[0], options)]
    for page in pages[1:]:
        try:
            articles.append(clean_page(page, options))
        except RejectedInput as exc:
            if exc.reason == "blocked":
                raise  # half an article behind a wall is not the article
            continue
    return stitch(articles)
