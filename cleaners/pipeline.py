"""The one flow every input takes: decode -> parse -> extract -> clean -> metadata -> language.

`clean_page` is the entry point for everything with bytes (files, WARC records, HTTP
responses); `clean_html` and `clean_text` are the library's short forms.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import partial

from selectolax.lexbor import LexborHTMLParser

from cleaners.clean.rules import RuleSet, default_rules
from cleaners.clean.steps import Cleaned, clean_blocks, lines_to_blocks
from cleaners.decode import decode
from cleaners.describe.dates import parse_date
from cleaners.describe.language import detect_language
from cleaners.errors import RejectedInput
from cleaners.extract.generic import GENERIC, default_prune_plan, generic_blocks, prune
from cleaners.extract.site import SiteFields, paragraph_chars, site_extract, site_fields
from cleaners.knowledge.sites import Registry, SiteProfile, default_registry
from cleaners.model import Article, Page, iso_utc
from cleaners.page.blocked import blocked_error, blocked_kind_of
from cleaners.page.metadata import PageMeta, clean_authors, read_metadata
from cleaners.urls import host_of

__all__ = ["Options", "clean_page", "clean_html", "clean_text", "DEFAULT_MAX_BYTES", "looks_like_html",
           "extractor_kind", "fallback_profile"]

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
FALLBACK_PREFIX = "generic; "  # the extractor of a page whose profile failed: "generic; site:x/v1 found ..."
# When a site profile and <html lang> agree, langdetect only confirms them: a short sample, few trials.
AGREED_PREFIX_CHARS = 200
AGREED_TRIALS = 2
_HTML_HINT_RE = re.compile(rb"<(?:!doctype\s+html|html|head|body|meta|title|div|p|article)[\s>/]", re.I)
_DATELINE_TAIL_RE = re.compile(r"[\s\-–—:,]+$")


@dataclass(frozen=True)
class Options:
    rules: RuleSet | None = None
    max_bytes: int = DEFAULT_MAX_BYTES
    detect_language: bool = True
    use_sites: bool = True  # False: the generic path only (`eval --no-sites`)
    sites: Registry | None = None  # None: the bundled profiles (cleaners/data/sites/)

    def profile_for(self, *urls: str | None) -> SiteProfile | None:
        """The profile of the first of `urls` whose host has one."""
        if not self.use_sites:
            return None
        registry = self.sites if self.sites is not None else default_registry()
        for url in urls:
            profile = registry.for_host(host_of(url))
            if profile is not None:
                return profile
        return None


def looks_like_html(body: bytes, content_type: str | None = None) -> bool:
    if content_type:
        ct = content_type.lower()
        if "html" in ct or "xml" in ct:
            return True
        if ct.startswith("text/plain"):
            return False
    return bool(_HTML_HINT_RE.search(body[:65536]))


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _first(found: dict[str, list[str]], key: str) -> str | None:
    values = found.get(key)
    return values[0] if values else None


def _finish(cleaned, meta: PageMeta, *, page_url: str | None, extractor: str, sha256: str,
            fetched_at: str | None, source: str | None, options: Options,
            profile: SiteProfile | None = None) -> Article:
    dateline = _first(cleaned.found, "dateline")
    if dateline:
        dateline = _DATELINE_TAIL_RE.sub("", dateline) or None
    published = meta.published_at
    if not published:
        assume = _assumed_offset(meta, profile)
        for raw in cleaned.found.get("date", []):
            published = parse_date(raw, assume)
            if published:
                break
    authors = meta.authors or tuple(dict.fromkeys(a for a in cleaned.found.get("author", []) if a))
    body = "\n".join(b.text for b in cleaned.blocks)
    language, language_source = (None, None)
    if options.detect_language:
        language, language_source = _language(body, meta.html_lang, profile)
    canonical = meta.canonical_url
    return Article(
        blocks=tuple(cleaned.blocks),
        title=cleaned.title,
        url=page_url,
        canonical_url=canonical,
        site=host_of(canonical or page_url),
        dateline=dateline,
        published_at=published,
        authors=tuple(authors),
        language=language,
        language_source=language_source,
        extractor=extractor,
        removed=tuple(cleaned.removed),
        fetched_at=fetched_at,
        sha256=sha256,
        source=source,
    )


def _assumed_offset(meta: PageMeta, profile: SiteProfile | None) -> str | None:
    """The UTC offset of a naive date on the page: the profile's, else WIB on Indonesian pages."""
    if profile is not None and profile.timezone:
        return profile.timezone
    return "+07:00" if meta.html_lang in (None, "id") else None


def _language(body: str, html_lang: str | None, profile: SiteProfile | None) -> tuple[str | None, str | None]:
    """langdetect with the page's declaration as a prior. When the profile and <html lang>
    agree, a short prefix is enough to confirm them. When the page says nothing, or disagrees
    (merdeka.com says lang="en" on Indonesian pages), a short sample that plainly confirms the
    profile settles it; else the full detection decides. A disagreement is recorded."""
    site_lang = profile.language if profile is not None else None
    page_lang = html_lang.split("-")[0].lower() if html_lang else None
    if site_lang:
        quick, how = detect_language(body, site_lang, prefix=AGREED_PREFIX_CHARS, trials=AGREED_TRIALS)
        if page_lang == site_lang:
            return quick, how
        if how == "declared+langdetect":
            return quick, how if page_lang is None else f"profile+langdetect; page says {page_lang}"
    language, source = detect_language(body, page_lang or site_lang)
    if site_lang and page_lang and page_lang != site_lang and source:
        source = f"{source}; profile says {site_lang}, page says {page_lang}"
    return language, source


def _check_size(size: int, options: Options) -> None:
    if size > options.max_bytes:
        raise RejectedInput("too_large", f"the input is {size:,} bytes, over the limit of {options.max_bytes:,}"
                            " (raise it with --max-bytes)")


def extractor_kind(extractor: str) -> str:
    """What extracted a record, without versions or notes: "generic", "site:merdeka", "text"."""
    return extractor.split(";", maxsplit=1)[0].split("/", maxsplit=1)[0]


def fallback_profile(extractor: str) -> str | None:
    """The profile ("site:x/v1") whose drift alarm sent a record to the generic path, or None."""
    if not extractor.startswith(FALLBACK_PREFIX):
        return None
    return extractor[len(FALLBACK_PREFIX):].split(maxsplit=1)[0]


def _finisher(url: str | None, body: bytes, fetched_at, source: str | None, options: Options) -> Callable[..., Article]:
    """`_finish` with what every path knows of the input bound."""
    return partial(_finish, page_url=url, sha256=_sha256(body), fetched_at=iso_utc(fetched_at), source=source,
                   options=options)


def clean_page(page: Page, options: Options | None = None) -> Article:
    """Clean one page (HTML or a plain-text dump). Raises RejectedInput when it is not an article."""
    options = options or Options()
    _check_size(len(page.body), options)
    content_type = page.header("content-type")
    url = page.final_url or page.url
    finish = _finisher(url, page.body, page.fetched_at, page.source, options)
    if not looks_like_html(page.body, content_type):
        text, _ = decode(page.body, content_type, html=False)
        return _clean_text(text, finish, options)
    text, _ = decode(page.body, content_type)
    return _clean_html_text(text, url, finish, options)


def _clean_html_text(html: str, url: str | None, finish: Callable[..., Article], options: Options) -> Article:
    try:
        return _clean_html_tree(html, url, finish, options)
    except RecursionError:
        raise RejectedInput("extract_failed", "the page is nested too deeply to extract") from None


def _clean_html_tree(html: str, url: str | None, finish: Callable[..., Article], options: Options) -> Article:
    rules = options.rules or default_rules()
    try:
        tree = LexborHTMLParser(html)
    except Exception as exc:  # Lexbor refuses only pathological input
        raise RejectedInput("extract_failed", f"the HTML could not be parsed: {exc}") from None
    meta = read_metadata(tree, url)
    # The page's own canonical URL first: a copy served elsewhere (a mirror, an archive, the
    # demo site) still has its publisher's markup.
    profile = options.profile_for(meta.canonical_url, url)
    fields = site_fields(tree, profile) if profile is not None else None
    plan = default_prune_plan()
    prune(tree, plan.not_text)
    kind = blocked_kind_of(tree, html)
    if kind is not None:
        raise blocked_error(kind)
    prune(tree, plan.always)
    if tree.body is None:
        raise RejectedInput("no_article", "the page has no body")
    site = None
    if profile is not None:
        paragraphs = paragraph_chars(tree)  # before the profile strips anything
        site, site_meta = _site_cleaned(tree, profile, meta, fields, rules, plan)
        if site is not None and _chars(site) >= profile.extract.min_share * paragraphs:
            return finish(site, site_meta, extractor=profile.tag, profile=profile)
        # found nothing, or little next to the page's paragraphs: the generic extractor decides
    prune(tree, plan=plan, guarded_only=True)
    cleaned = clean_blocks(generic_blocks(tree, url), meta.title, rules, find_headline=False)
    extractor = GENERIC
    if profile is not None:
        note = "found nothing"
        if site is not None:
            if _chars(site) >= profile.extract.min_share * _chars(cleaned):
                return finish(site, site_meta, extractor=profile.tag, profile=profile)  # it holds up
            note = f"found too little ({_chars(site)} of {_chars(cleaned)} chars)"
        extractor = f"{FALLBACK_PREFIX}{profile.tag} {note}"
    if not cleaned.blocks:
        raise RejectedInput("no_article", "no article text was found on the page")
    return finish(cleaned, meta, extractor=extractor, profile=profile)


def _chars(cleaned: Cleaned) -> int:
    return sum(len(b.text) for b in cleaned.blocks)


def _site_cleaned(tree, profile: SiteProfile, meta: PageMeta, fields: SiteFields, rules: RuleSet,
                  plan) -> tuple[Cleaned | None, PageMeta]:
    """The profile's text, cleaned, and the page's metadata with the profile's own sources
    (None for the text when the profile found none)."""
    found = site_extract(tree, profile, plan)
    site_meta = meta
    if fields.title or fields.date or fields.authors:
        published = meta.published_at
        if fields.date:
            published = parse_date(fields.date, _assumed_offset(meta, profile)) or published
        authors = clean_authors(fields.authors, meta.site_name or profile.name)
        site_meta = replace(meta, title=fields.title or meta.title, published_at=published,
                            authors=authors or meta.authors)
    if not found.blocks:
        return None, site_meta
    cleaned = clean_blocks(found.blocks, site_meta.title, rules, find_headline=False)
    cleaned.removed[:0] = found.removed
    if found.dateline and not cleaned.found.get("dateline"):
        cleaned.found.setdefault("dateline", []).insert(0, found.dateline)
    return (cleaned if cleaned.blocks else None), site_meta


def _clean_text(text: str, finish: Callable[..., Article], options: Options) -> Article:
    rules = options.rules or default_rules()
    blocks = lines_to_blocks(text, rules.settings)
    cleaned = clean_blocks(blocks, None, rules, find_headline=True)
    if not cleaned.blocks and not cleaned.title:
        raise RejectedInput("no_article", "no article text was left after cleaning")
    return finish(cleaned, PageMeta(canonical_url=None), extractor="text")


def clean_html(html: bytes | str, url: str | None = None, *, options: Options | None = None) -> Article:
    """Clean one HTML page. `url` (where it came from) helps metadata and the article id."""
    options = options or Options()
    raw = html.encode("utf-8", "surrogatepass") if isinstance(html, str) else html
    _check_size(len(raw), options)
    text = html if isinstance(html, str) else decode(html)[0]
    return _clean_html_text(text, url, _finisher(url, raw, None, None, options), options)


def clean_text(text: str, *, url: str | None = None, options: Options | None = None) -> Article:
    """Clean a plain-text dump (one paragraph a line, like the seeds)."""
    options = options or Options()
    raw = text.encode("utf-8", "surrogatepass")
    _check_size(len(raw), options)
    return _clean_text(text, _finisher(url, raw, None, None, options), options)
