"""An HTML page's part of the one flow (cleaners/pipeline.py decodes it and calls `clean_html_source`):
depth guard -> the one parse -> page metadata -> site profile's fields -> prune -> blocked? ->
extract (site or generic) -> clean -> describe.
"""

from __future__ import annotations

from selectolax.lexbor import LexborHTMLParser

from cleaners.describe.article import Input, describe, origin_of
from cleaners.describe.refusal import article_refusal
from cleaners.errors import RejectedInput
from cleaners.extract.prune import PrunePlan, default_prune_plan, drop
from cleaners.extract.site import site_fields
from cleaners.extract.streamed import place_streamed_segments
from cleaners.knowledge.rules import default_rules
from cleaners.knowledge.settings import default_settings
from cleaners.model import Article
from cleaners.options import Options
from cleaners.page.blocked import blocked_error, blocked_kind_of
from cleaners.page.guard import too_deep
from cleaners.page.metadata import for_site, read_metadata

__all__ = ["clean_html_source"]


def clean_html_source(source: str | bytes, given: Input, options: Options) -> Article:
    """`source` is what the parser reads: the UTF-8 of the page's text (the page's own bytes when
    they are that), or the text itself when it holds a lone surrogate."""
    limit = default_settings().input.max_depth
    if too_deep(source, limit):  # before parsing: a hostile nesting would keep the parser busy for hours
        raise RejectedInput("too_deep", f"the tags nest more than {limit:,} deep (no real page does)")
    try:
        return _clean_html_tree(source, given, options)
    except RecursionError:
        raise RejectedInput("extract_failed", "the page is nested too deeply to extract") from None


def _clean_html_tree(source: str | bytes, given: Input, options: Options) -> Article:
    from cleaners.extract.choose import choose  # the extractor (trafilatura) is loaded by the first page

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
    article = describe(chosen.cleaned, site_meta, chosen.provenance, origin_of(given), profile=profile,
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
