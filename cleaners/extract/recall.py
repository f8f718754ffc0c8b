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

Comment-named wrappers: with comments off, trafilatura deletes every block whose class starts
with `comment` (or holds `article-comments`, `post-comments`) or whose id starts with `comment`,
meant for the readers' comments under an article. A page wraps the post itself in one (a
`commentOnSelection` layer for annotating it). Comments come after the article: a comment-named
block that holds the article's shape and the page's first paragraph of `ARTICLE_PARAGRAPH_CHARS`
characters or more, and no other comment-named block, wraps the article: its comment names go. A
comment section under the article does not hold the article's first paragraph, and one on a page
whose article is too short to have such a paragraph is a list of comment-named blocks.

Data tables: trafilatura also deletes, whatever the options, every element whose class contains
`embed` (meant for social-media embeds); site builders wrap the article's own tables in such an
element (`<div class="w-embed"><table>`). A social embed holds a post or a frame, never a table
of rows: the `embed` class tokens of the ancestors of a data table (`TABLE_MIN_ROWS` rows or more,
at most `TABLE_MAX_LINK_SHARE` of its text in links) go, and the table is judged like any other.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable

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
# trafilatura's comment tests: a class starting with "comment" (not "commentary") or holding
# "article-comments" / "post-comments", an id starting with "comment"
_COMMENT_CLASS_RE = re.compile(r"^[Cc]omment(?!ary)|(?:article|post)-comments")
_COMMENT_ID_RE = re.compile(r"^[Cc]omment(?!ary)")
_COMMENT_TRAPS = '[class*="omment"], [id^="comment"], [id^="Comment"]'


def _article_shaped(paragraphs: list[LexborNode]) -> set[int]:
    """The elements holding `ARTICLE_PARAGRAPHS` of `paragraphs` (a body's `<p>` elements) of
    `ARTICLE_PARAGRAPH_CHARS` characters or more, found in one pass over the paragraphs (a nest of
    trapped elements is not read once per level)."""
    counts: dict[int, int] = {}
    for p in paragraphs:
        if len(p.text(deep=True)) < ARTICLE_PARAGRAPH_CHARS:
            continue
        node = p.parent
        while node is not None:
            seen = counts.get(node.mem_id, 0)
            if seen >= ARTICLE_PARAGRAPHS:
                break  # and so are all its ancestors
            counts[node.mem_id] = seen + 1
            node = node.parent
    return {mem_id for mem_id, seen in counts.items() if seen >= ARTICLE_PARAGRAPHS}


def _clean_tokens(value: str) -> str:
    return " ".join(t for t in value.split() if not _TRAP_TOKEN_RE.search(t))


def _data_table(table: LexborNode) -> bool:
    rows = table.css("tr")
    if len(rows) < TABLE_MIN_ROWS:
        return False
    text = len(table.text(deep=True))
    return sum(len(a.text(deep=True)) for a in table.css("a")) <= TABLE_MAX_LINK_SHARE * text


def _embed_wrapper(node: LexborNode | None, known: dict[int, LexborNode | None],
                   above: dict[int, LexborNode | None]) -> LexborNode | None:
    """The nearest of `node` and its ancestors below `body` whose class contains `embed`. `known`
    holds it for the elements already climbed through, `above` the next wrapper above each
    wrapper: tables in one deep nest climb it once."""
    chain: list[LexborNode] = []
    found: LexborNode | None = None
    while node is not None and node.tag not in ("body", "html"):
        if node.mem_id in known:
            found = known[node.mem_id]
            break
        chain.append(node)
        node = node.parent
    for link in reversed(chain):
        if "embed" in (link.attributes.get("class") or ""):
            above[link.mem_id] = found
            found = link
        known[link.mem_id] = found
    return found


def _open_table_wrappers(tables: list[LexborNode]) -> int:
    known: dict[int, LexborNode | None] = {}
    above: dict[int, LexborNode | None] = {}
    opened: set[int] = set()
    for table in tables:
        wrapper = _embed_wrapper(table.parent, known, above)
        if wrapper is None or wrapper.mem_id in opened or not _data_table(table):
            continue
        while wrapper is not None and wrapper.mem_id not in opened:  # those above an opened one are too
            value = wrapper.attributes.get("class") or ""
            wrapper.attrs["class"] = " ".join(t for t in value.split() if "embed" not in t)
            opened.add(wrapper.mem_id)
            wrapper = above[wrapper.mem_id]
    return len(opened)


def _ancestors(node: LexborNode) -> set[int]:
    found = set()
    parent = node.parent
    while parent is not None:
        found.add(parent.mem_id)
        parent = parent.parent
    return found


def _open_comment_wrappers(body: LexborNode, paragraphs: list[LexborNode], shaped: Callable[[], set[int]]) -> int:
    """Strip the comment names of a comment-named block wrapping the article (see the module's doc);
    `shaped` gives the article-shaped elements (_article_shaped of `paragraphs`)."""
    trapped = [node for node in body.css(_COMMENT_TRAPS) if _COMMENT_CLASS_RE.search(node.attributes.get("class") or "")
               or _COMMENT_ID_RE.search(node.attributes.get("id") or "")]
    first = next((p for p in paragraphs if len(p.text(deep=True)) >= ARTICLE_PARAGRAPH_CHARS), None) \
        if trapped else None
    if first is None:
        return 0
    around_first = _ancestors(first)
    marked = {node.mem_id for node in trapped}
    holders = set()  # those holding another comment-named block: a comment section is a list of comments
    for node in trapped:
        parent = node.parent
        while parent is not None:  # up to the nearest comment-named ancestor, which climbs on its own
            if parent.mem_id in marked:
                holders.add(parent.mem_id)
                break
            parent = parent.parent
    article_shaped = shaped()
    changed = 0
    for node in trapped:
        if node.mem_id not in around_first or node.mem_id in holders or node.mem_id not in article_shaped:
            continue
        attrs = node.attrs
        cls = attrs.get("class") or ""
        if cls:
            attrs["class"] = " ".join(t for t in cls.split() if not _COMMENT_CLASS_RE.search(t))
        if _COMMENT_ID_RE.search(attrs.get("id") or ""):
            del attrs["id"]
        changed += 1
    return changed


def disarm_precision_traps(body: LexborNode, tables: list[LexborNode] | None = None,
                           paragraphs: list[LexborNode] | None = None) -> int:
    """Disarm the precision rules' matches that would take article text along (see the module's
    doc); returns how many elements were changed. `tables` and `paragraphs` are the body's
    `<table>` and `<p>` elements in document order when the caller has them already."""
    tables = body.css("table") if tables is None else tables
    paragraphs = body.css("p") if paragraphs is None else paragraphs
    # which elements hold the article's paragraphs: read once, when first needed (the openings
    # above change attributes only, never the tree or its text)
    shaped = functools.cache(lambda: _article_shaped(paragraphs))
    changed = _open_table_wrappers(tables) + _open_comment_wrappers(body, paragraphs, shaped)
    for node in body.css(_TRAPS):
        attrs = node.attrs
        style = attrs.get("style") or ""
        if "border" in style.lower() and node.tag not in _TEXT_LEVEL:
            attrs["style"] = _BORDER_DECLARATION_RE.sub("", style)
            changed += 1
        tokens = [(name, attrs.get(name) or "") for name in ("class", "id")]
        trapped = node.tag == "header" or any(_TRAP_TOKEN_RE.search(t) for _, v in tokens for t in v.split())
        if not trapped:
            continue
        if node.mem_id not in shaped():
            continue
        for name, value in tokens:
            if value:
                attrs[name] = _clean_tokens(value)
        if node.tag == "header":
            node.unwrap()
        changed += 1
    return changed

