"""The one flow every input takes: decode -> parse -> page metadata -> prune -> blocked? ->
extract (site or generic) -> clean -> describe (dates, authors, language).

`clean_page` is the entry point for everything with bytes (files, WARC records, HTTP
responses); `clean_html` and `clean_text` are the library's short forms.
"""

from __future__ import annotations

import hashlib
from datetime import datetime
from typing import NamedTuple

from selectolax.lexbor import LexborHTMLParser

from cleaners.clean.steps import clean_blocks, lines_to_blocks
from cleaners.decode import decode, decode_source, looks_like_html
from cleaners.describe.article import Origin, describe
from cleaners.describe.refusal import article_refusal
from cleaners.errors import RejectedInput
from cleaners.extract.prune import PrunePlan, default_prune_plan, drop
from cleaners.extract.site import site_fields
from cleaners.extract.streamed import place_streamed_segments
from cleaners.knowledge.rules import default_rules
from cleaners.knowledge.settings import default_settings
from cleaners.model import Article, Page, Provenance, iso_utc
from cleaners.options import Options
from cleaners.page.blocked import blocked_error, blocked_kind_of
from cleaners.page.guard import too_deep
from cleaners.page.metadata import PageMeta, for_site, read_metadata

__all__ = ["clean_page", "clean_html", "clean_text"]

TEXT = Provenance("text")  # what extracted a plain-text dump: its lines are its blocks
_DEFAULTS = Options()  # frozen: one for every call that passes none


def clean_page(page: Page, options: Options | None = None) -> Article:
    """Clean one page (HTML or a plain-text dump). Raises RejectedInput when it is not an article."""
    options = options or _DEFAULTS
    _check_size(len(page.body), options)
    content_type = page.header("content-type")
    url = page.final_url or page.url
    given = _Input(url, page.body, page.fetched_at, page.source)
    if not looks_like_html(page.body, content_type):
        text, _ = decode(page.body, content_type, html=False)
        return _clean_text(text, given, options)
    source = decode_source(page.body, content_type)
    return _clean_html(_utf8_of(source) if isinstance(source, str) else source, given, options)


def clean_html(html: bytes | str, url: str | None = None, *, options: Options | None = None) -> Article:
    """Clean one HTML page. `url` (where it came from) helps metadata and the article id."""
    options = options or _DEFAULTS
    if isinstance(html, str):
        source = _utf8_of(html)
        raw = source if isinstance(source, bytes) else html.encode("utf-8", "surrogatepass")
        _check_size(len(raw), options)
    else:
        _check_size(len(html), options)
        raw, source = html, decode_source(html)
    return _clean_html(source, _Input(url, raw, None, None), options)


def clean_text(text: str, *, url: str | None = None, options: Options | None = None) -> Article:
    """Clean a plain-text dump (one paragraph a line, like the seeds)."""
    options = options or _DEFAULTS
    raw = text.encode("utf-8", "surrogatepass")
    _check_size(len(raw), options)
    return _clean_text(text, _Input(url, raw, None, None), options)


def _utf8_of(text: str) -> str | bytes:
    """What the parser reads of a page's `text`: its UTF-8, encoded once here (the parser would
    encode a str itself, and the guards read bytes faster), or the text itself when it holds a
    lone surrogate (the parser's own encoding drops it, which strict UTF-8 refuses)."""
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:
        return text


def _check_size(size: int, options: Options) -> None:
    if size > options.max_bytes:
        raise RejectedInput("too_large", f"the input is {size:,} bytes, over the limit of {options.max_bytes:,}"
                            " (raise it with --max-bytes)")


class _Input(NamedTuple):
    """Where an input came from, and its bytes: its Origin once it is an article."""

    url: str | None
    body: bytes
    fetched_at: datetime | None
    source: str | None


def _origin(given: _Input) -> Origin:
    """The article's Origin; the hash of its bytes is taken when the article is described (not for an
    input rejected before that)."""
    return Origin(given.url, hashlib.sha256(given.body).hexdigest(), iso_utc(given.fetched_at), given.source)


def _clean_html(source: str | bytes, given: _Input, options: Options) -> Article:
    """`source` is what the parser reads: the UTF-8 of the page's text (the page's own bytes when
    they are that), or the text itself when it holds a lone surrogate."""
    limit = default_settings().input.max_depth
    if too_deep(source, limit):  # before parsing: a hostile nesting would keep the parser busy for hours
        raise RejectedInput("too_deep", f"the tags nest more than {limit:,} deep (no real page does)")
    try:
        return _clean_html_tree(source, given, options)
    except RecursionError:
        raise RejectedInput("extract_failed", "the page is nested too deeply to extract") from None


def _clean_html_tree(source: str | bytes, given: _Input, options: Options) -> Article:
    from cleaners.extract.choose import choose  # HTML only: a text dump loads no extractor

    tree = _parse(source)
    meta = read_metadata(tree, given.url)  # from the whole parse, before anything is removed
    # The page's own canonical URL first: a copy served elsewhere (a mirror, an archive, the
    # demo site) still has its publisher's markup.
    profile = options.profile_for(meta.canonical_url, given.url)
    fields = site_fields(tree, profile) if profile is not None else None  # before pruning, too
    place_streamed_segments(tree)  # a streamed page's parts where the browser puts them
    plan = default_prune_plan()
    # With a profile, the furniture outside the <body> (the head's <meta> and <link>s) is left for
    # the generic path to drop, if it runs: the profile's text comes from inside the <body>.
    body_only = profile is not None and profile.extract.body_selectors_local
    _drop_furniture(tree, source, plan, body_only)
    chosen = choose(tree, given.url, meta, profile, fields, options.rules or default_rules(), plan, body_only)
    site_meta = chosen.meta
    if profile is not None:  # the profile's zone for the dates, its name never an author
        site_meta = for_site(chosen.meta, profile.timezone, [profile.name], profile.domains, meta.published_at)
    article = describe(chosen.cleaned, site_meta, chosen.provenance, _origin(given), profile=profile,
                       detect_language=options.detect_language)
    refusal = article_refusal(article, meta.paragraph_words)  # too little text, or a notice only
    if refusal is not None:
        raise refusal
    return article


def _parse(html: str | bytes) -> LexborHTMLParser:
    """The one parse. Bytes are read as UTF-8 (a str is encoded to it first: the same tree)."""
    try:
        return LexborHTMLParser(html)
    except Exception as exc:  # Lexbor refuses only pathological input
        raise RejectedInput("extract_failed", f"the HTML could not be parsed: {exc}") from None


def _drop_furniture(tree: LexborHTMLParser, source: str | bytes, plan: PrunePlan, body_only: bool) -> None:
    """Scripts and styles out, then the blocked-page verdict on what is left, then the page
    furniture that always goes (none with `body_only`: see choose()). Raises RejectedInput for a
    blocked page or one without a body."""
    drop(tree, plan.not_text)
    kind = blocked_kind_of(tree, source)
    if kind is not None:
        raise blocked_error(kind)
    body = tree.body
    if body is None:
        raise RejectedInput("no_article", "the page has no body")
    if not body_only:  # with body_only, choose() drops it where and when the page is read
        drop(tree, plan.always)


def _clean_text(text: str, given: _Input, options: Options) -> Article:
    rules = options.rules or default_rules()
    cleaned = clean_blocks(lines_to_blocks(text, rules.settings), None, rules, find_headline=True)
    if not cleaned.blocks and not cleaned.title:
        raise RejectedInput("no_article", "no article text was left after cleaning")
    return describe(cleaned, PageMeta(canonical_url=None), TEXT, _origin(given),
                    detect_language=options.detect_language)
