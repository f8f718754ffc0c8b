"""Fetched articles, one or several pages, through the one pipeline.

Both network paths (the Scrapy crawl and `newsbroom fetch` over httpx) build `Page`s and call
`clean_fetched`, so a URL gives the same bytes whichever path fetched it:

- `clean_page` on the first page (which rejects block, consent, captcha and paywall pages);
- the other pages of a paginated article (the profile's `[pagination]`) are cleaned the same way
  and `stitch`ed: their blocks appended, skipping lines already present (headline, repeated
  lead). `newsbroom clean` stitches pages of one article found in its input the same way.

Which pages to fetch (a profile's pagination rule) is fetch policy: crawler.fetch.pagination.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from typing import TYPE_CHECKING

from cleaners.errors import RejectedInput
from cleaners.model import Article, Page, Removal
from cleaners.options import Options

if TYPE_CHECKING:  # named for types only: a text dump's run reads no site profiles
    from cleaners.knowledge.sites import Pagination

__all__ = ["clean_fetched", "stitch", "page_number"]


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
        digest.update(bytes.fromhex(page.sha256 or ""))  # every cleaned page has one; a hand-made Article may not
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


def clean_fetched(pages: Sequence[Page], options: Options | None = None) -> Article:
    """Clean one article fetched as one or more pages. Raises RejectedInput."""
    from cleaners.pipeline import clean_page

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
