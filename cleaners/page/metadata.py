"""Metadata from the parsed page: title, dates, authors, canonical URL, language hint.

Machine-readable sources come first (JSON-LD, then meta tags), then the visible page.
Everything reads the one selectolax tree, before pruning.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urljoin

from selectolax.lexbor import LexborHTMLParser, LexborNode

from cleaners.clean.normalize import normalize_line
from cleaners.describe.dates import parse_date
from cleaners.urls import host_of

__all__ = ["PageMeta", "clean_author", "clean_authors", "read_metadata"]

_ARTICLE_TYPES = {
    "newsarticle", "article", "reportagenews", "blogposting", "analysisnewsarticle",
    "opinionnewsarticle", "backgroundnewsarticle", "reviewnewsarticle", "livebloggingposting",
    "liveblogposting", "socialmediaposting", "webpage", "scholarlyarticle", "techarticle",
}
_DATE_META = (
    "article:published_time", "og:published_time", "published_time", "pubdate", "publishdate",
    "publish-date", "publish_date", "datepublished", "date", "dc.date", "dc.date.issued",
    "dcterms.created", "dcterms.issued", "sailthru.date", "parsely-pub-date", "article_date_original",
    "content_publisheddate", "cxenseparse:recs:publishtime", "originalpublicationdate",
    "article.published", "published-date", "release_date", "displaydate", "dc.created",
)
_TITLE_SEPARATORS = re.compile(r"\s+(?:\||-|–|—|::|·|•|»)\s+")
_SPACE_RE = re.compile(r"\s+")


@dataclass(frozen=True)
class PageMeta:
    title: str | None = None
    canonical_url: str | None = None
    published_at: str | None = None
    authors: tuple[str, ...] = ()
    html_lang: str | None = None
    site_name: str | None = None
    description: str | None = None


def _text(node: LexborNode | None) -> str:
    if node is None:
        return ""
    return normalize_line(_SPACE_RE.sub(" ", node.text(separator=" ") or ""))


def _metas(tree: LexborHTMLParser) -> dict[str, str]:
    out: dict[str, str] = {}
    for node in tree.css("meta"):
        attrs = node.attributes
        key = attrs.get("property") or attrs.get("name") or attrs.get("itemprop")
        value = attrs.get("content")
        if key and value and value.strip():
            out.setdefault(key.strip().lower(), value.strip())
    return out


def _jsonld_objects(tree: LexborHTMLParser) -> list[dict]:
    found: list[dict] = []

    def walk(value: object, depth: int = 0) -> None:
        if depth > 6:
            return
        if isinstance(value, list):
            for item in value[:50]:
                walk(item, depth + 1)
        elif isinstance(value, dict):
            kind = value.get("@type")
            kinds = kind if isinstance(kind, list) else [kind]
            if any(isinstance(k, str) and k.lower() in _ARTICLE_TYPES for k in kinds):
                found.append(value)
            if "@graph" in value:
                walk(value["@graph"], depth + 1)
            if "mainEntity" in value and isinstance(value["mainEntity"], (dict, list)):
                walk(value["mainEntity"], depth + 1)

    for node in tree.css('script[type="application/ld+json"]'):
        raw = node.text() or ""
        if not raw.strip() or len(raw) > 2_000_000:
            continue
        try:
            walk(json.loads(raw))
        except (ValueError, RecursionError):
            continue
    # Prefer news types over a bare WebPage.
    found.sort(key=lambda obj: str(obj.get("@type")).lower() in ("webpage", "['webpage']"))
    return found


def _names(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        name = value.get("name")
        return _names(name) if name else []
    if isinstance(value, list):
        out: list[str] = []
        for item in value[:20]:
            out.extend(_names(item))
        return out
    return []


def clean_authors(names: Iterable[object], site_name: str | None) -> tuple[str, ...]:
    """The byline names among `names`, cleaned (`clean_author`), each once, in order."""
    return tuple(dict.fromkeys(c for c in (clean_author(n, site_name) for n in names if isinstance(n, str)) if c))


def clean_author(name: str, site_name: str | None) -> str | None:
    """A byline name without its label ("Oleh", "Penulis:"), or None when it is not a person's
    name (a URL, an address, the site itself)."""
    name = normalize_line(name)
    name = re.sub(r"^(?:by|oleh|penulis|reporter|author)\s*[:：]?\s+", "", name, flags=re.I)
    if not name or len(name) > 80 or "://" in name or "@" in name.replace(" ", "")[1:]:
        return None
    if site_name and name.casefold() == site_name.casefold():
        return None
    if not re.search(r"[^\W\d_]", name):
        return None
    return name


def _strip_site_suffix(title: str, site_name: str | None, host: str | None) -> str:
    parts = _TITLE_SEPARATORS.split(title)
    if len(parts) < 2:
        return title
    marks = set()
    if site_name:
        marks.add(site_name.casefold())
    if host:
        marks.add(host.split(".")[0].casefold())
        marks.add(host.casefold())
    while len(parts) > 1:
        last = parts[-1].casefold()
        if any(m and (m in last or last in m) for m in marks) or len(last.split()) <= 3:
            parts.pop()
        else:
            break
    return " - ".join(parts) if len(parts) > 1 else parts[0]


def _pick_title(tree: LexborHTMLParser, metas: dict[str, str], ld: list[dict], site_name: str | None,
                host: str | None) -> str | None:
    h1 = ""
    for node in tree.css("h1"):
        h1 = _text(node)
        if len(h1.split()) >= 2:
            break
    candidates = []
    for obj in ld:
        if isinstance(obj.get("headline"), str):
            candidates.append(obj["headline"])
    for key in ("og:title", "twitter:title", "title"):
        if metas.get(key):
            candidates.append(metas[key])
    title_node = tree.css_first("title")
    title_text = _text(title_node) if title_node is not None else ""
    if title_text:
        candidates.append(title_text)
    candidates = [normalize_line(c) for c in candidates if c and c.strip()]
    if h1 and len(h1.split()) >= 2:
        key = h1.casefold()
        if not candidates or any(key in c.casefold() or c.casefold() in key for c in candidates):
            return h1
    for cand in candidates:
        cleaned = _strip_site_suffix(cand, site_name, host)
        if cleaned:
            return cleaned
    return h1 or None


def read_metadata(tree: LexborHTMLParser, url: str | None, assume_offset: str | None = None) -> PageMeta:
    metas = _metas(tree)
    ld = _jsonld_objects(tree)
    host = host_of(url)
    site_name = metas.get("og:site_name")
    if not site_name:
        for obj in ld:
            pub = obj.get("publisher")
            if isinstance(pub, dict) and isinstance(pub.get("name"), str):
                site_name = pub["name"]
                break

    html = tree.css_first("html")
    lang = None
    if html is not None:
        raw = html.attributes.get("lang") or html.attributes.get("xml:lang")
        if raw and raw.strip():
            lang = raw.strip().replace("_", "-").split("-")[0].lower() or None
    if not lang and metas.get("og:locale"):
        lang = metas["og:locale"].replace("_", "-").split("-")[0].lower()
    if assume_offset is None and (lang == "id" or (host or "").endswith(".id")):
        assume_offset = "+07:00"

    canonical = None
    link = tree.css_first('link[rel="canonical"]')
    if link is not None and link.attributes.get("href"):
        canonical = link.attributes["href"].strip()
    canonical = canonical or metas.get("og:url")
    if canonical:
        canonical = urljoin(url or "", canonical) if url else canonical
        if not canonical.startswith(("http://", "https://")):
            canonical = None

    published = None
    for obj in ld:
        published = parse_date(obj.get("datePublished") if isinstance(obj.get("datePublished"), str) else None,
                               assume_offset)
        if published:
            break
    if not published:
        for key in _DATE_META:
            if key in metas:
                published = parse_date(metas[key], assume_offset)
                if published:
                    break
    if not published:
        node = tree.css_first("time[datetime]")
        if node is not None:
            published = parse_date(node.attributes.get("datetime"), assume_offset)
    if not published:
        for node in tree.css('[class*="date"], [class*="time"], [class*="tanggal"], time')[:12]:
            published = parse_date(_text(node)[:120], assume_offset)
            if published:
                break

    authors: list[str] = []
    for obj in ld:
        authors.extend(_names(obj.get("author")))
        if authors:
            break
    if not authors:
        for key in ("author", "article:author", "dc.creator", "byl", "parsely-author", "sailthru.author"):
            value = metas.get(key)
            if value and "://" not in value:
                authors.extend(re.split(r"\s*(?:,|;|\band\b|\bdan\b|&)\s*", value))
                break
    if not authors:
        for node in tree.css('[rel="author"], [itemprop="author"] [itemprop="name"], [class*="author-name"]')[:5]:
            authors.append(_text(node))

    return PageMeta(
        title=_pick_title(tree, metas, ld, site_name, host),
        canonical_url=canonical,
        published_at=published,
        authors=clean_authors(authors, site_name)[:10],
        html_lang=lang,
        site_name=normalize_line(site_name) if site_name else None,
        description=metas.get("og:description") or metas.get("description"),
    )
