"""Metadata from the parsed page: dates, authors, canonical URL, language hint (the title is
`page.title`'s, the JSON-LD objects `page.jsonld`'s).

Machine-readable sources come first (JSON-LD, then meta tags), then the visible page.
Everything reads the one selectolax tree, before pruning.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urljoin

from selectolax.lexbor import LexborHTMLParser, LexborNode

from cleaners.clean.normalize import normalize_line
from cleaners.describe.dates import assumed_offset, parse_date
from cleaners.knowledge.settings import default_settings
from cleaners.page.details import Details, machine_date, read_details
from cleaners.page.jsonld import jsonld_objects, names, publisher_name
from cleaners.page.title import node_text, pick_title
from cleaners.urls import host_of

__all__ = ["PageMeta", "clean_author", "clean_authors", "read_metadata"]

_PAGE = default_settings().page  # byline and date-search limits (data/settings.toml)
_DATE_META = (
    "article:published_time", "og:published_time", "published_time", "pubdate", "publishdate",
    "publish-date", "publish_date", "datepublished", "date", "dc.date", "dc.date.issued",
    "dcterms.created", "dcterms.issued", "sailthru.date", "parsely-pub-date", "article_date_original",
    "content_publisheddate", "cxenseparse:recs:publishtime", "originalpublicationdate",
    "article.published", "published-date", "release_date", "displaydate", "dc.created",
)


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


def _metas(tree: LexborHTMLParser) -> tuple[dict[str, str], list[str], list[LexborNode]]:
    """The first value of each meta tag by its lowercased name, every `article:tag` value (a page
    gives one tag for each), and the page's <figcaption> elements (in the same walk of the tree)."""
    out: dict[str, str] = {}
    tags: list[str] = []
    captions: list[LexborNode] = []
    for node in tree.css("meta, figcaption"):
        if node.tag == "figcaption":
            captions.append(node)
            continue
        attrs = node.attributes
        key = attrs.get("property") or attrs.get("name") or attrs.get("itemprop")
        value = attrs.get("content")
        if key and value and value.strip():
            key = key.strip().lower()
            out.setdefault(key, value.strip())
            if key == "article:tag":
                tags.append(value)
    return out, tags, captions


def clean_authors(names: Iterable[object], site_name: str | None) -> tuple[str, ...]:
    """The byline names among `names`, cleaned (`clean_author`), each once, in order."""
    return tuple(dict.fromkeys(c for c in (clean_author(n, site_name) for n in names if isinstance(n, str)) if c))


def clean_author(name: str, site_name: str | None) -> str | None:
    """A byline name without its label ("Oleh", "Penulis:"), or None when it is not a person's
    name (a URL, an address, the site itself)."""
    name = normalize_line(name)
    name = re.sub(r"^(?:by|oleh|penulis|reporter|author)\s*[:：]?\s+", "", name, flags=re.I)
    if not name or len(name) > _PAGE.author_max_chars or "://" in name or "@" in name.replace(" ", "")[1:]:
        return None
    if site_name and name.casefold() == site_name.casefold():
        return None
    if not re.search(r"[^\W\d_]", name):
        return None
    return name


def read_metadata(tree: LexborHTMLParser, url: str | None, assume_offset: str | None = None) -> PageMeta:
    """The page's metadata, from the whole parse (run it before anything is removed)."""
    metas, article_tags, captions = _metas(tree)
    ld = jsonld_objects(tree)
    host = host_of(url)
    site_name = metas.get("og:site_name") or publisher_name(ld)
    lang = _html_lang(tree, metas)
    if assume_offset is None:
        assume_offset = assumed_offset(lang, host)
    return PageMeta(
        title=pick_title(tree, metas, ld, site_name, host),
        canonical_url=_canonical(tree, metas, url),
        published_at=_published(tree, metas, ld, assume_offset),
        authors=clean_authors(_authors(tree, metas, ld), site_name)[:_PAGE.max_authors],
        html_lang=lang,
        site_name=normalize_line(site_name) if site_name else None,
        description=metas.get("og:description") or metas.get("description"),
        details=read_details(tree, metas, ld, url, assume_offset, article_tags, captions),
    )


def _html_lang(tree: LexborHTMLParser, metas: dict[str, str]) -> str | None:
    """<html lang> (or xml:lang, else og:locale) as a bare language code."""
    html = tree.css_first("html")
    lang = None
    if html is not None:
        raw = html.attributes.get("lang") or html.attributes.get("xml:lang")
        if raw and raw.strip():
            lang = raw.strip().replace("_", "-").split("-")[0].lower() or None
    if not lang and metas.get("og:locale"):
        lang = metas["og:locale"].replace("_", "-").split("-")[0].lower()
    return lang


def _canonical(tree: LexborHTMLParser, metas: dict[str, str], url: str | None) -> str | None:
    canonical = None
    link = tree.css_first('link[rel="canonical"]')
    if link is not None and link.attributes.get("href"):
        canonical = (link.attributes["href"] or "").strip()
    canonical = canonical or metas.get("og:url")
    if canonical:
        canonical = urljoin(url or "", canonical) if url else canonical
        if not canonical.startswith(("http://", "https://")):
            canonical = None
    return canonical


def _published(tree: LexborHTMLParser, metas: dict[str, str], ld: list[dict], assume_offset: str | None) -> str | None:
    """The publication date: JSON-LD datePublished, then date meta tags, then <time datetime>,
    then the text of the first date-like elements."""
    published = machine_date(ld, "datePublished", metas, _DATE_META, assume_offset)
    if published:
        return published
    node = tree.css_first("time[datetime]")
    if node is not None:
        published = parse_date(node.attributes.get("datetime"), assume_offset)
        if published:
            return published
    for node in tree.css('[class*="date"], [class*="time"], [class*="tanggal"], time')[:_PAGE.date_candidates]:
        published = parse_date(node_text(node)[:_PAGE.date_text_chars], assume_offset)
        if published:
            return published
    return None


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
            return re.split(r"\s*(?:,|;|\band\b|\bdan\b|&)\s*", value)
    return [node_text(node) for node in
            tree.css('[rel="author"], [itemprop="author"] [itemprop="name"], [class*="author-name"]')[:5]]
