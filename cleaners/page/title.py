"""The headline: the page's <h1> when the machine-readable titles back it, else the first of
those (JSON-LD headline, og:title, twitter:title, <title>) without the site's name at its end."""

from __future__ import annotations

import re

from selectolax.lexbor import LexborHTMLParser, LexborNode

from cleaners.clean.normalize import normalize_line

__all__ = ["pick_title", "strip_site_suffix", "node_text"]

_TITLE_SEPARATORS = re.compile(r"\s+(?:\||-|–|—|::|·|•|»)\s+")
_SPACE_RE = re.compile(r"\s+")


def node_text(node: LexborNode | None) -> str:
    """A node's text on one normalised line."""
    if node is None:
        return ""
    return normalize_line(_SPACE_RE.sub(" ", node.text(separator=" ") or ""))


def strip_site_suffix(title: str, site_name: str | None, host: str | None) -> str:
    """`title` without its trailing parts that name the site (or are short labels)."""
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


def _h1(tree: LexborHTMLParser) -> str:
    h1 = ""
    for node in tree.css("h1"):
        h1 = node_text(node)
        if len(h1.split()) >= 2:
            break
    return h1


def _candidates(tree: LexborHTMLParser, metas: dict[str, str], ld: list[dict]) -> list[str]:
    candidates = [obj["headline"] for obj in ld if isinstance(obj.get("headline"), str)]
    candidates.extend(metas[key] for key in ("og:title", "twitter:title", "title") if metas.get(key))
    title_node = tree.css_first("title")
    title_text = node_text(title_node) if title_node is not None else ""
    if title_text:
        candidates.append(title_text)
    return [normalize_line(c) for c in candidates if c and c.strip()]


def pick_title(tree: LexborHTMLParser, metas: dict[str, str], ld: list[dict], site_name: str | None,
               host: str | None) -> str | None:
    h1 = _h1(tree)
    candidates = _candidates(tree, metas, ld)
    if h1 and len(h1.split()) >= 2:
        key = h1.casefold()
        if not candidates or any(key in c.casefold() or c.casefold() in key for c in candidates):
            return h1
    for cand in candidates:
        cleaned = strip_site_suffix(cand, site_name, host)
        if cleaned:
            return cleaned
    return h1 or None
