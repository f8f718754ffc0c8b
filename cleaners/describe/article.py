"""The last stage: an Article from the cleaned blocks and the page's metadata (dateline, date,
authors, language, site) and from what is known of the input (URL, digest, fetch time, source).
"""

from __future__ import annotations

import hashlib
import re
from datetime import datetime
from typing import TYPE_CHECKING, NamedTuple
from urllib.parse import urlsplit

from cleaners.clean.memo import TextMemo
from cleaners.clean.normalize import one_line
from cleaners.clean.steps import Cleaned
from cleaners.describe.dates import assumed_offset, parse_date
from cleaners.describe.language import page_language
from cleaners.errors import RejectedInput
from cleaners.model import Article, Provenance, iso_utc
from cleaners.page.meta import PageMeta
from cleaners.urls import host_in, host_of, hostname

if TYPE_CHECKING:  # a text dump's run loads no site profiles
    from cleaners.knowledge.sites import SiteProfile

__all__ = ["Input", "Origin", "origin_of", "describe", "paywalled", "own_canonical", "same_site"]

_DATELINE_TAIL_RE = re.compile(r"[\s\-–—:,]+$")
_DESCRIPTION_MAX_CHARS = 2000


class Origin(NamedTuple):
    """What every path knows of the input before cleaning it."""

    url: str | None
    sha256: str
    fetched_at: str | None  # ISO 8601, UTC
    source: str | None


class Input(NamedTuple):
    """Where an input came from, and its bytes: its Origin once it is an article."""

    url: str | None
    body: bytes
    fetched_at: datetime | None
    source: str | None


def origin_of(given: Input) -> Origin:
    """The article's Origin; the hash of its bytes is taken when the article is described (not for an
    input rejected before that)."""
    return Origin(given.url, hashlib.sha256(given.body).hexdigest(), iso_utc(given.fetched_at), given.source)


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
    canonical, ignored = own_canonical(meta.canonical_url, origin.url, profile)
    details = meta.details
    return Article(
        blocks=tuple(cleaned.blocks),
        title=cleaned.title,
        url=origin.url,
        canonical_url=canonical,
        canonical_ignored=ignored,
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


def own_canonical(canonical: str | None, url: str | None,
                  profile: SiteProfile | None = None) -> tuple[str | None, str | None]:
    """(canonical URL, ignored canonical URL): a page's canonical link counts only on the page's own
    site, so that a page cannot take another site's article's id. A page without a URL (a file)
    keeps the canonical it names."""
    if not canonical or not url or same_site(canonical, url, profile):
        return canonical, None
    return None, canonical


def same_site(a: str, b: str, profile: SiteProfile | None = None) -> bool:
    """Whether two URLs are on one site: the same registered domain (`news.example.co.uk` and
    `www.example.co.uk`), the same host and port for hosts without one (an IP address,
    `localhost`), or both on the domains of `profile`."""
    key_a = _site_key(a)
    key_b = key_a if b == a else _site_key(b)  # a page's canonical URL is most often its URL
    if key_a is not None and key_a == key_b:
        return True
    return profile is not None and host_in(a, profile.domains) and host_in(b, profile.domains)


_DOMAINS: TextMemo[str] = TextMemo(4096, 256 * 1024)  # host -> its registered domain ("" for none)


def _site_key(url: str) -> str | None:
    host = host_of(url)
    if host is None:
        return None
    domain = _registered_domain(url)
    if domain and "." in domain:
        return domain.lower()
    try:
        port = urlsplit(url).port
    except ValueError:
        return None
    return f"{host}:{port}" if port else host


def _registered_domain(url: str) -> str:
    """courlan's registered domain of `url` ("" for none), remembered by host: it is read from the
    URL's host alone (lowercased, without trailing dots), and the pages of a site share theirs."""
    host = hostname(url) or ""
    domain = _DOMAINS.get(host)
    if domain is None:
        from courlan import extract_domain

        domain = _DOMAINS.remember(host, extract_domain(url) or "")
    return domain


def _description(text: str | None) -> str | None:
    """The page's summary (og:description, else meta description) on one normalized line."""
    if not text:
        return None
    return one_line(text)[:_DESCRIPTION_MAX_CHARS].strip() or None


def paywalled(article: Article) -> RejectedInput | None:
    """The `paywalled` rejection of an article its page declares not free to read (JSON-LD
    isAccessibleForFree false), for callers that skip paywalled teasers; None for any other."""
    if article.free_access is not False:
        return None
    return RejectedInput("paywalled", f"the page declares the article not free to read (isAccessibleForFree: false); "
                         f"its {article.word_count} words are a teaser (written without --skip-paywalled)")
