"""Metadata from the parsed page: dates, authors, canonical URL, language hint (the title is
`page.title`'s, the JSON-LD objects `page.jsonld`'s).

Machine-readable sources come first (JSON-LD, then meta tags), then the visible page.
Everything reads the one selectolax tree, before pruning.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sized
from dataclasses import replace

from selectolax.lexbor import LexborHTMLParser, LexborNode

from cleaners.clean.normalize import normalize_line
from cleaners.describe.dates import assumed_offset, in_profile_zone
from cleaners.describe.refusal import word_count
from cleaners.knowledge.settings import default_settings
from cleaners.page.details import join_url, read_details
from cleaners.page.jsonld import jsonld_objects, names, publisher_name
from cleaners.page.meta import PageMeta
from cleaners.page.nodes import PageNodes
from cleaners.page.published import published_date
from cleaners.page.title import is_site_name, name_key, node_text, pick_title, site_keys, unescape
from cleaners.urls import host_of

__all__ = ["PageMeta", "clean_author", "clean_authors", "for_site", "is_publisher", "read_metadata"]

_PAGE = default_settings().page  # byline and date-search limits (data/settings.toml)
_BYLINE_LABEL_RE = re.compile(r"^(?:by|oleh|penulis|reporter|author)\s*[:：]?\s+", re.I)
_LETTER_RE = re.compile(r"[^\W\d_]")
_NAMES_SPLIT_RE = re.compile(r"\s*(?:,|;|\band\b|\bdan\b|&)\s*")


def _metas(tree: LexborHTMLParser,
           nodes: PageNodes | None = None) -> tuple[dict[str, str], list[str], list[LexborNode]]:
    """The first value of each meta tag by its lowercased name, every `article:tag` value (a page
    gives one tag for each), and the page's <figcaption> elements (`nodes`: the page's, when
    already found)."""
    nodes = nodes if nodes is not None else PageNodes(tree)
    out: dict[str, str] = {}
    tags: list[str] = []
    for node in nodes.meta:
        attrs = node.attributes
        value = attrs.get("content")
        if not value:  # (a charset or an empty content: no key read)
            continue
        key = attrs.get("property") or attrs.get("name") or attrs.get("itemprop")
        if key and not value.isspace():
            key = key.strip().lower()
            if key not in out:
                out[key] = value.strip()
            if key == "article:tag":
                tags.append(value)
    return out, tags, nodes.figcaption


def clean_authors(names: Iterable[object], site_names: str | Iterable[str] | None,
                  host: str | None = None) -> tuple[str, ...]:
    """The byline names among `names`, cleaned (`clean_author`), each once, in order; none that
    is the site's or its publisher's own name (`site_names`, `host`; see `is_publisher`)."""
    if isinstance(names, Sized) and not names:
        return ()  # no name to tell from the site's (a profile's bylines that found none)
    declared, hosted = site_keys(site_names, None), site_keys(None, host)
    found = (clean_author(n, None) for n in names if isinstance(n, str))
    return tuple(dict.fromkeys(c for c in found if c and not is_publisher(c, declared, hosted)))


def is_publisher(name: str, declared: frozenset[str], hosted: frozenset[str]) -> bool:
    """Whether a byline is the publisher's own name: one the site declares (og:site_name, the
    JSON-LD publisher, application-name, the profile's name), or its host's ("Kompas Cyber Media"
    on kompas.com). A person's name of two words or more that is the whole host name is kept: the
    author's own site (bennadel.com)."""
    if is_site_name(name, declared):
        return True
    if not is_site_name(name, hosted):
        return False
    return len(name.split()) == 1 or name_key(name) not in hosted


def clean_author(name: str, site_name: str | None) -> str | None:
    """A byline name without its label ("Oleh", "Penulis:"), or None when it is not a person's
    name (a URL, an address, the site itself)."""
    name = normalize_line(unescape(name))
    name = _BYLINE_LABEL_RE.sub("", name)
    if not name or len(name) > _PAGE.author_max_chars or "://" in name or "@" in name.replace(" ", "")[1:]:
        return None
    if site_name and is_site_name(name, site_keys(site_name, None)):
        return None
    if not _LETTER_RE.search(name):
        return None
    return name


def read_metadata(tree: LexborHTMLParser, url: str | None, assume_offset: str | None = None) -> PageMeta:
    """The page's metadata, from the whole parse (run it before anything is removed). The
    elements it reads are found by PageNodes (cleaners/page/nodes.py): Lexbor's walks by tag
    name, and one css() for the JSON-LD scripts."""
    nodes = PageNodes(tree)
    metas, article_tags, captions = _metas(tree, nodes)
    ld = jsonld_objects(tree, nodes)
    host = host_of(url)
    site_name = metas.get("og:site_name") or publisher_name(ld)
    site_names = tuple(n for n in (metas.get("og:site_name"), publisher_name(ld), metas.get("application-name"),
                                   metas.get("apple-mobile-web-app-title")) if n)
    lang = _html_lang(tree, metas)
    if assume_offset is None:
        assume_offset = assumed_offset(lang, host)
    details = read_details(tree, metas, ld, url, assume_offset, article_tags, captions)
    return PageMeta(
        title=pick_title(tree, metas, ld, site_names, host, nodes),
        canonical_url=_canonical(nodes, metas, url),
        published_at=published_date(tree, metas, ld, url, assume_offset, details.modified_at, nodes),
        authors=clean_authors(_authors(tree, metas, ld), site_names, host)[:_PAGE.max_authors],
        html_lang=lang,
        site_name=normalize_line(site_name) if site_name else None,
        description=metas.get("og:description") or metas.get("description"),
        details=details,
        paragraph_words=_paragraph_words(tree, nodes),
    )


def for_site(meta: PageMeta, timezone: str | None, names: Iterable[str], domains: Iterable[str],
             page_date: str | None = None) -> PageMeta:
    """`meta` as its site profile reads it: its publication date as precise as the page's own
    machine date for the same moment (`page_date`: a profile reading "13:19" where the page's
    metadata says "13:19:56"), its dates in the profile's `timezone` where the page declared
    another non-UTC offset (the wall clock is the site's; see dates.in_profile_zone), and no
    author that is the profile's own name or one of its domains."""
    declared = site_keys(list(names), None)
    hosted = site_keys(list(domains), None)
    authors = tuple(a for a in meta.authors if not is_publisher(a, declared, hosted))
    published = _more_precise(meta.published_at, page_date)
    details = meta.details
    if timezone:
        published = in_profile_zone(published, timezone)
        modified = in_profile_zone(details.modified_at, timezone)
        details = details if modified == details.modified_at else replace(details, modified_at=modified)
    if published == meta.published_at and details is meta.details and authors == meta.authors:
        return meta  # (the same values a replace would give)
    return replace(meta, published_at=published, details=details, authors=authors)


def _more_precise(date: str | None, other: str | None) -> str | None:
    """`other` where it is the same moment as `date` told more precisely (seconds, or a time on a
    day given alone), else `date`."""
    if not date or not other:
        return date
    if len(date) == 10 and other[:10] == date:
        return other
    if len(date) > 16 and date[:16] == other[:16] and date[19:] == other[19:] and date[17:19] == "00":
        return other
    return date


def _paragraph_words(tree: LexborHTMLParser, nodes: PageNodes | None = None) -> float:
    """The words of the page's <p> paragraphs (its first `[article] page_paragraphs`), counted as
    describe.refusal counts them, up to `page_max_words`: all the refusal asks is whether the page
    holds that many."""
    article = default_settings().article
    words = 0.0
    for node in (nodes.p if nodes is not None else tree.css("p"))[:article.page_paragraphs]:
        words += word_count(node.text(separator=" ") or "")
        if words >= article.page_max_words:
            break
    return words


def _html_lang(tree: LexborHTMLParser, metas: dict[str, str]) -> str | None:
    """<html lang> (or xml:lang, else og:locale) as a bare language code."""
    html = tree.root  # the <html> element, without a search of the whole tree for it
    lang = None
    if html is not None and html.tag == "html":
        raw = html.attributes.get("lang") or html.attributes.get("xml:lang")
        if raw and raw.strip():
            lang = raw.strip().replace("_", "-").split("-")[0].lower() or None
    if not lang and metas.get("og:locale"):
        lang = metas["og:locale"].replace("_", "-").split("-")[0].lower()
    return lang


def _canonical(nodes: PageNodes, metas: dict[str, str], url: str | None) -> str | None:
    canonical = None
    link = nodes.canonical_link
    if link is not None and link.attributes.get("href"):
        canonical = (link.attributes["href"] or "").strip()
    canonical = canonical or metas.get("og:url")
    if canonical:
        try:
            canonical = join_url(url, canonical) if url else canonical
        except ValueError:  # a URL no parser reads ("http://[x/a"): no canonical URL
            return None
        if not canonical.startswith(("http://", "https://")):
            canonical = None
    return canonical


def _authors(tree: LexborHTMLParser, metas: dict[str, str], ld: list[dict]) -> list[str]:
    """Byline names as found (not yet cleaned): JSON-LD author, then author meta tags, then the
    page's author elements."""
    for obj in ld:
        found = names(obj.get("author"))
        if found:
            return found
    for key in ("author", "article:author", "dc.creator", "byl", "parsely-author", "sailthru.author"):
        value = metas.get(key)
        if value and "://" not in value:
            return _NAMES_SPLIT_RE.split(value)
    return [node_text(node) for node in
            tree.css('[rel="author"], [itemprop="author"] [itemprop="name"], [class*="author-name"]')[:5]]
