"""What a page's metadata reads into, without the reading (cleaners/page/metadata.py and details.py
fill them from the parsed page): a text dump's article is described with an empty `PageMeta`, and
needs no HTML parser for it.
"""

from __future__ import annotations

from dataclasses import dataclass

from cleaners.model import Image

__all__ = ["Details", "PageMeta"]


@dataclass(frozen=True)
class Details:
    modified_at: str | None = None
    section: str | None = None
    tags: tuple[str, ...] = ()
    image: Image | None = None
    free_access: bool | None = None


@dataclass(frozen=True)
class PageMeta:
    title: str | None = None
    canonical_url: str | None = None
    published_at: str | None = None
    authors: tuple[str, ...] = ()
    html_lang: str | None = None
    site_name: str | None = None
    description: str | None = None
    details: Details = Details()  # modified_at, section, tags, image, free_access
    paragraph_words: float = 0.0  # words in the page's <p> paragraphs (up to [article] page_max_words)
