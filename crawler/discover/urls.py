"""The article-URL guess for sites without a profile; its words are in cleaners/data/vocab/urls.toml."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urlsplit

from cleaners.knowledge.vocab import load_urls

__all__ = ["looks_like_article_url"]


@dataclass(frozen=True)
class _UrlVocab:
    not_article: re.Pattern[str]
    not_page: re.Pattern[str]
    slug: re.Pattern[str]
    number: re.Pattern[str]


@lru_cache(maxsize=1)
def _url_vocab() -> _UrlVocab:
    words = load_urls()
    segments = "|".join(map(re.escape, words.not_article_segments))
    extensions = "|".join(map(re.escape, words.not_article_extensions))
    return _UrlVocab(
        not_article=re.compile(rf"/({segments})(/|$|\?)", re.I),
        not_page=re.compile(rf"\.({extensions})$", re.I),
        slug=re.compile(rf"[a-z0-9]+(?:-[a-z0-9]+){{{words.slug_min_words - 1},}}", re.I),
        number=re.compile(rf"\d{{{words.id_min_digits},}}"),
    )


def looks_like_article_url(url: str) -> bool:
    """For sites without a profile: a URL whose path looks like one article's (a long slug, an id
    or a dated path), not a section, tag or service page."""
    vocab = _url_vocab()
    path = urlsplit(url).path
    if not path or path == "/" or vocab.not_article.search(path) or vocab.not_page.search(path):
        return False
    last = path.rstrip("/").rsplit("/", 1)[-1]
    return bool(vocab.slug.search(last) or vocab.number.search(path) or
                (last.endswith((".html", ".htm")) and last not in ("index.html", "index.htm")))
