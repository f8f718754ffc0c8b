"""JSON-LD on the page: the article objects (NewsArticle and kin) and the names in them."""

from __future__ import annotations

import json

from selectolax.lexbor import LexborHTMLParser

from cleaners.page.nodes import LD_SELECTOR, PageNodes

__all__ = ["jsonld_objects", "names", "publisher_name"]

_ARTICLE_TYPES = {
    "newsarticle", "article", "reportagenews", "blogposting", "analysisnewsarticle",
    "opinionnewsarticle", "backgroundnewsarticle", "reviewnewsarticle", "livebloggingposting",
    "liveblogposting", "socialmediaposting", "webpage", "scholarlyarticle", "techarticle",
}


def jsonld_objects(tree: LexborHTMLParser, nodes: PageNodes | None = None) -> list[dict]:
    """The article-like objects of every JSON-LD script (through @graph and mainEntity), news
    types before a bare WebPage (`nodes`: the page's, when already found)."""
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

    for node in nodes.ld if nodes is not None else tree.css(LD_SELECTOR):
        raw = node.text() or ""
        if not raw or raw.isspace() or len(raw) > 2_000_000:  # (not raw.strip(), without its copy)
            continue
        try:
            walk(json.loads(raw))
        except (ValueError, RecursionError):
            continue
    # Prefer news types over a bare WebPage.
    found.sort(key=lambda obj: str(obj.get("@type")).lower() in ("webpage", "['webpage']"))
    return found


def names(value: object) -> list[str]:
    """The names in a JSON-LD value: a string, a {"name": ...} object, or a list of them."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        name = value.get("name")
        return names(name) if name else []
    if isinstance(value, list):
        out: list[str] = []
        for item in value[:20]:
            out.extend(names(item))
        return out
    return []


def publisher_name(ld: list[dict]) -> str | None:
    """The first publisher name among the objects."""
    for obj in ld:
        pub = obj.get("publisher")
        if isinstance(pub, dict) and isinstance(pub.get("name"), str):
            return pub["name"]
    return None
