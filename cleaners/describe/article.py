"""The last stage: an Article from the cleaned blocks and the page's metadata (dateline, date,
authors, language, site) and from what is known of the input (URL, digest, fetch time, source).
"""

from __future__ import annotations

import re
from typing import NamedTuple

from cleaners.clean.normalize import normalize_line
from cleaners.clean.steps import Cleaned
from cleaners.describe.dates import assumed_offset, parse_date
from cleaners.describe.language import page_language
from cleaners.errors import RejectedInput
from cleaners.knowledge.sites import SiteProfile
from cleaners.model import Article, Provenance
from cleaners.page.metadata import PageMeta
from cleaners.urls import host_of

__all__ = ["Origin", "describe", "paywalled"]

_DATELINE_TAIL_RE = re.compile(r"[\s\-–—:,]+$")
_SPACE_RE = re.compile(r"\s+")
_DESCRIPTION_MAX_CHARS = 2000


class Origin(NamedTuple):
    """What every path knows of the input before cleaning it."""

    url: str | None
    sha256: str
    fetched_at: str | None  # ISO 8601, UTC
    source: str | None


def _first(found: dict[str, list[str]], key: str) -> str | None:
    values = found.get(key)
    return values[0] if values else None


def describe(cleaned: Cleaned, meta: PageMeta, provenance: Provenance, origin: Origin, *,
             profile: SiteProfile | None = None, detect_language: bool = True) -> Article:
    dateline = _first(cleaned.found, "dateline")
    if dateline:
        dateline = _DATELINE_TAIL_RE.sub("", dateline) or None
    authors = meta.authors or tuple(dict.fromkeys(a for a in cleaned.found.get("author", []) if a))
    language, language_source = (None, None)
    if detect_language:
        body = "\n".join(b.text for b in cleaned.blocks)
        language, language_source = page_language(body, meta.html_lang, profile.language if profile else None)
    published = meta.published_at
    if not published:
        # A date in the text: its offset by the page's language, declared or else detected (a text dump
        # declares none), its host and its profile.
        assume = assumed_offset(meta.html_lang or language, host_of(origin.url), profile.timezone if profile else None)
        for raw in cleaned.found.get("date", []):
            published = parse_date(raw, assume)
            if published:
                break
    canonical = meta.canonical_url
    details = meta.details
    return Article(
        blocks=tuple(cleaned.blocks),
        title=cleaned.title,
        url=origin.url,
        canonical_url=canonical,
        site=host_of(canonical or origin.url),
        dateline=dateline,
        published_at=published,
        authors=tuple(authors),
        language=language,
        language_source=language_source,
        provenance=provenance,
        removed=tuple(cleaned.removed),
        fetched_at=origin.fetched_at,
        sha256=origin.sha256,
        source=origin.source,
        description=_description(meta.description),
        modified_at=details.modified_at,
        section=details.section,
        tags=details.tags,
        image=details.image,
        free_access=details.free_access,
    )


def _description(text: str | None) -> str | None:
    """The page's summary (og:description, else meta description) on one normalized line."""
    if not text:
        return None
    return normalize_line(_SPACE_RE.sub(" ", text))[:_DESCRIPTION_MAX_CHARS].strip() or None


def paywalled(article: Article) -> RejectedInput | None:
    """The `paywalled` rejection of an article its page declares not free to read (JSON-LD
    isAccessibleForFree false), for callers that skip paywalled teasers; None for any other."""
    if article.free_access is not False:
        return None
    return RejectedInput("paywalled", f"the page declares the article not free to read (isAccessibleForFree: false); "
                         f"its {article.word_count} words are a teaser (written without --skip-paywalled)")
