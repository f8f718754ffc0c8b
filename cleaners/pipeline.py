"""The one flow every input takes: decode -> parse -> page metadata -> prune -> blocked? ->
extract (site or generic) -> clean -> describe (dates, authors, language).

`clean_page` is the entry point for everything with bytes (files, WARC records, HTTP
responses); `clean_html` and `clean_text` are the library's short forms. An HTML page's steps
from the parse on are cleaners/html_flow.py's, loaded with the first page: a run of text dumps
loads no HTML parser.
"""

from __future__ import annotations

from cleaners.clean.steps import clean_blocks, lines_to_blocks
from cleaners.decode import decode, decode_source, looks_like_html
from cleaners.describe.article import Input, describe, origin_of
from cleaners.errors import RejectedInput
from cleaners.knowledge.rules import default_rules
from cleaners.model import Article, Page, Provenance
from cleaners.options import Options
from cleaners.page.meta import PageMeta

__all__ = ["clean_page", "clean_html", "clean_text"]

TEXT = Provenance("text")  # what extracted a plain-text dump: its lines are its blocks
_DEFAULTS = Options()  # frozen: one for every call that passes none


def clean_page(page: Page, options: Options | None = None) -> Article:
    """Clean one page (HTML or a plain-text dump). Raises RejectedInput when it is not an article."""
    options = options or _DEFAULTS
    _check_size(len(page.body), options)
    content_type = page.header("content-type")
    url = page.final_url or page.url
    given = Input(url, page.body, page.fetched_at, page.source)
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
    return _clean_html(source, Input(url, raw, None, None), options)


def clean_text(text: str, *, url: str | None = None, options: Options | None = None) -> Article:
    """Clean a plain-text dump (one paragraph a line, like the seeds)."""
    options = options or _DEFAULTS
    raw = text.encode("utf-8", "surrogatepass")
    _check_size(len(raw), options)
    return _clean_text(text, Input(url, raw, None, None), options)


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


def _clean_html(source: str | bytes, given: Input, options: Options) -> Article:
    """html_flow.clean_html_source, its module loaded by the first page: a run of text dumps loads no
    HTML parser."""
    from cleaners.html_flow import clean_html_source

    return clean_html_source(source, given, options)


def _clean_text(text: str, given: Input, options: Options) -> Article:
    rules = options.rules or default_rules()
    cleaned = clean_blocks(lines_to_blocks(text, rules.settings), None, rules, find_headline=True)
    if not cleaned.blocks and not cleaned.title:
        raise RejectedInput("no_article", "no article text was left after cleaning")
    return describe(cleaned, PageMeta(canonical_url=None), TEXT, origin_of(given),
                    detect_language=options.detect_language)
