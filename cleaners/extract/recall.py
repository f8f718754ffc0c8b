"""Recall guards: article text the generic extractor's precision rules would throw away whole.

trafilatura's precision mode deletes, before it judges any text, every `<header>`, every element
whose class or id has a token starting or ending in `bottom` or equal to `link`, and every element
whose inline style mentions a border, with all they hold. Real pages put the article in such
elements: a content card framed by a border (`style="border-bottom: 1px solid"` on each product
of a round-up, on the article's wrapper), a Tailwind-like class list whose tokens include
`...-bottom`, a `<header>` wrapping the whole post. The guard disarms the match where it would take
article text along, and leaves the element to the extractor's own tests (link density, position):
- an inline border style on a container (a frame around blocks) is presentation, not a sign of
  boilerplate: its border declarations go; on a paragraph or a span (a boxed notice, a
  disclaimer) it is left as the sign it is;
- a `<header>` or a `bottom`/`link` class or id is disarmed only when the element holds the
  article's shape: `ARTICLE_PARAGRAPHS` paragraphs of `ARTICLE_PARAGRAPH_CHARS` characters or more
  (a site header or a footer link bar holds none).

Data tables: trafilatura also deletes, whatever the options, every element whose class contains
`embed` (meant for social-media embeds); site builders wrap the article's own tables in such an
element (`<div class="w-embed"><table>`). A social embed holds a post or a frame, never a table
of rows: the `embed` class tokens of the ancestors of a data table (`TABLE_MIN_ROWS` rows or more,
at most `TABLE_MAX_LINK_SHARE` of its text in links) go, and the table is judged like any other.
"""

from __future__ import annotations

import re

from selectolax.lexbor import LexborNode

__all__ = ["disarm_precision_traps"]

ARTICLE_PARAGRAPH_CHARS = 120
ARTICLE_PARAGRAPHS = 2
TABLE_MIN_ROWS = 3
TABLE_MAX_LINK_SHARE = 0.5

# A bordered paragraph or span is a notice box (a disclaimer, a callout): its border stays a sign.
_TEXT_LEVEL = frozenset({"p", "span"})
_BORDER_DECLARATION_RE = re.compile(r"[\w-]*border[^;]*;?", re.IGNORECASE)
# trafilatura's tests: a token starting or ending in "bottom", a token "link"
_TRAP_TOKEN_RE = re.compile(r"^bottom|bottom$|^link$")
_TRAPS = '[style*="border"], header, [class*="bottom"], [id*="bottom"], [class~="link"], [id~="link"]'


def _holds_paragraphs(node: LexborNode) -> bool:
    seen = 0
    for p in node.css("p"):
        if len(p.text(deep=True)) >= ARTICLE_PARAGRAPH_CHARS:
            seen += 1
            if seen >= ARTICLE_PARAGRAPHS:
                return True
    return False


def _clean_tokens(value: str) -> str:
    return " ".join(t for t in value.split() if not _TRAP_TOKEN_RE.search(t))


def _data_table(table: LexborNode) -> bool:
    rows = table.css("tr")
    if len(rows) < TABLE_MIN_ROWS:
        return False
    text = len(table.text(deep=True))
    return sum(len(a.text(deep=True)) for a in table.css("a")) <= TABLE_MAX_LINK_SHARE * text


def _open_table_wrappers(body: LexborNode) -> int:
    changed = 0
    for table in body.css("table"):
        node = table.parent
        wrapped = []
        while node is not None and node.tag not in ("body", "html"):
            value = node.attributes.get("class") or ""
            if "embed" in value:
                wrapped.append((node, value))
            node = node.parent
        if not wrapped or not _data_table(table):
            continue
        for node, value in wrapped:
            node.attrs["class"] = " ".join(t for t in value.split() if "embed" not in t)
            changed += 1
    return changed


def disarm_precision_traps(body: LexborNode) -> int:
    """Disarm the precision rules' matches that would take article text along (see the module's
    doc); returns how many elements were changed."""
    changed = _open_table_wrappers(body)
    for node in body.css(_TRAPS):
        attrs = node.attrs
        style = attrs.get("style") or ""
        if "border" in style.lower() and node.tag not in _TEXT_LEVEL:
            attrs["style"] = _BORDER_DECLARATION_RE.sub("", style)
            changed += 1
        tokens = [(name, attrs.get(name) or "") for name in ("class", "id")]
        trapped = node.tag == "header" or any(_TRAP_TOKEN_RE.search(t) for _, v in tokens for t in v.split())
        if not trapped or not _holds_paragraphs(node):
            continue
        for name, value in tokens:
            if value:
                attrs[name] = _clean_tokens(value)
        if node.tag == "header":
            node.unwrap()
        changed += 1
    return changed

