"""The site path: a profile's selectors on the one selectolax parse, no trafilatura.

`site_extract(tree, profile)` finds the body (every outermost match of the first `body`
selector that matches: KLY sites keep all pages of an article in one DOM), removes the
profile's `strip` selectors and the shared ad/related/share selectors inside it (guarded, like
the generic path), turns what is left into blocks, drops the profile's `junk` lines, and cuts
the profile's dateline from the lead. Title, date and authors come from the profile's
selectors when it names them.

`node_blocks(node)` is the HTML-to-blocks walk: block-level elements and `<br>` end a block,
inline text joins the current one.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import NamedTuple

from selectolax.lexbor import LexborHTMLParser, LexborNode

from cleaners.extract.prune import PrunePlan, climbed, drop, outermost, prune, within
from cleaners.knowledge.settings import default_settings
from cleaners.knowledge.sites import SiteProfile
from cleaners.model import Block, Removal
from cleaners.page.nodes import COMMENT_ID, TEXT_ID, tag_id, tag_ids

__all__ = ["SiteResult", "SiteFields", "site_fields", "site_bodies", "site_extract", "node_blocks", "paragraph_chars",
           "furniture_paragraph_chars"]

DATELINE_BLOCKS = default_settings().extract.dateline_blocks  # a dateline is looked for in the first blocks only
_LINKS_MAX = default_settings().extract.link_list_max_chars  # a shorter all-links paragraph is a list

_SPACE_RE = re.compile(r"[ \t\r\n\f\v]+")
_BLOCK_TAGS = frozenset({
    "address", "article", "aside", "blockquote", "center", "dd", "details", "dialog", "dir", "div", "dl", "dt",
    "fieldset", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr",
    "li", "main", "menu", "nav", "ol", "p", "pre", "section", "summary", "table", "tbody", "thead", "tfoot",
    "tr", "td", "th", "ul", "caption",
})
_KIND = {"h1": "heading", "h2": "heading", "h3": "heading", "h4": "heading", "h5": "heading", "h6": "heading",
         "li": "list_item", "dt": "list_item", "dd": "list_item", "blockquote": "quote"}
_SKIP_TAGS = frozenset({"script", "style", "noscript", "template", "svg", "iframe", "button", "select",
                        "textarea", "figcaption", "-comment", "head", "title", "meta", "link"})
# The same by tag id (block elements' ids -> their kind, None for a paragraph's)
_BLOCK_IDS = {tag_id: _KIND.get(name) for tag_id, name in tag_ids(_BLOCK_TAGS).items()}
_SKIP_IDS = frozenset(tag_ids(_SKIP_TAGS - {"-comment"})) | {COMMENT_ID}
_BR_ID = tag_id("br")
_PARAGRAPH_IDS = frozenset(tag_ids(("p", "li")))  # the elements a list of links may be


@dataclass
class SiteResult:
    blocks: list[Block]
    dateline: str | None = None
    removed: list[Removal] = field(default_factory=list)


class SiteFields(NamedTuple):
    title: str | None
    date: str | None  # raw text or attribute value; the caller parses it
    authors: tuple[str, ...]


def _clean(text: str) -> str:
    """`text` with its runs of ASCII whitespace and no-break spaces made one space, its ends stripped.
    Each test below is a search in C (`in`, `isascii()` a flag): no character is looked up in the
    Unicode tables, as `isprintable()` or a regex's character class would."""
    if "  " not in text and "\n" not in text and "\xa0" not in text and "\t" not in text and "\r" not in text \
            and "\f" not in text and "\v" not in text:
        return text.strip()  # the one whitespace _SPACE_RE takes is " ", and no run of it to collapse
    if text.isascii() and "\x1c" not in text and "\x1d" not in text and "\x1e" not in text and "\x1f" not in text:
        # str.split()'s whitespace in ASCII is _SPACE_RE's but for \x1c-\x1f (none here), and no \xa0
        return " ".join(text.split())
    return _SPACE_RE.sub(" ", text.replace("\xa0", " ")).strip()


def node_blocks(root: LexborNode) -> list[Block]:
    """The blocks of `root` in document order (no recursion: deep pages cannot overflow), nodes told apart
    by tag id (`_BLOCK_IDS`, `_SKIP_IDS`); a whitespace-only text that would start a block is not kept (nor
    read, if HTML whitespace). An element whose one child is a text node is read without entering it."""
    root_id = root.tag_id
    if root_id in _SKIP_IDS or root_id in (_BR_ID, TEXT_ID):
        return _lone_blocks(root)
    blocks: list[Block] = []
    parts: list[str] = []  # the texts of the block being read
    add, keep = parts.append, blocks.append
    block_ids, skip_ids, text_id, br_id = _BLOCK_IDS, _SKIP_IDS, TEXT_ID, _BR_ID

    def flush(kind: str) -> None:  # called with some parts
        text = "".join(parts)
        parts.clear()
        if not text.isspace():  # what _clean would make empty: str.strip() removes exactly these
            _keep_text(keep, kind, text)

    kind = block_ids.get(root_id) or "paragraph"  # the kind of the innermost open block element
    # One iterator of children a level, innermost last, and the kind of the block each level's element
    # is in (None for an inline element: leaving it ends no block)
    levels: list[Iterator[LexborNode]] = [root.iter(include_text=True)]
    outer: list[str | None] = [None]
    while levels:
        for node in levels[-1]:
            tag_id = node.tag_id
            if tag_id == text_id:
                if parts:
                    add(node.text_content or "")
                elif not node.is_empty_text_node and (text := node.text_content) and not text.isspace():
                    add(text)  # (HTML whitespace starting no block is not read at all)
                continue
            if (tag_id == br_id or tag_id in block_ids) and parts:
                flush(kind)
            if tag_id == br_id or tag_id in skip_ids:
                continue
            child = node.first_child
            if child is None:
                continue  # an empty element: nothing to read in it (an empty block adds no block)
            if child.tag_id == text_id and child.next is None:  # its text alone
                text = child.text_content
                if text and (parts or not text.isspace()):
                    if tag_id in block_ids:  # a whole block (no parts: flushed above)
                        _keep_text(keep, block_ids[tag_id] or kind, text)
                    else:
                        add(text)
                continue
            outer.append(kind if tag_id in block_ids else None)
            kind = block_ids.get(tag_id) or kind
            levels.append(node.iter(include_text=True))
            break
        else:  # the level is done: leave its element
            levels.pop()
            was = outer.pop()
            if was is not None or not levels:  # a block element's (or the root's) end
                if parts:
                    flush(kind)
                kind = was or kind
    return blocks


def _keep_text(keep: Callable[[Block], None], kind: str, text: str) -> None:
    """A block element's one text, as a block of `kind` (none when it is all whitespace)."""
    text = _clean(text)
    if text:
        keep(Block(kind, text))


def _lone_blocks(root: LexborNode) -> list[Block]:
    """`node_blocks` of a root that is a text node (its text, a paragraph), a skipped element or a
    <br> (none): nothing below it is read."""
    text = _clean(root.text_content or "") if root.tag_id == TEXT_ID else ""
    return [Block("paragraph", text)] if text else []


def _first_text(tree: LexborHTMLParser, selectors: tuple[str, ...], attrs: tuple[str, ...] = ()) -> str | None:
    for selector in selectors:
        # The first match (Lexbor stops there) mostly has the text: the whole list only when not.
        first = tree.css_first(selector)
        text = _node_text(first, attrs) if first is not None else ""
        if text:
            return text
        for node in tree.css(selector)[1:] if first is not None else ():
            text = _node_text(node, attrs)
            if text:
                return text
    return None


def _node_text(node: LexborNode, attrs: tuple[str, ...]) -> str:
    """The first of `attrs` that `node` has with some text, else its text (cleaned; "" for none)."""
    if attrs:
        values = node.attributes  # a dict made at every read: read once
        for attr in attrs:
            value = values.get(attr)
            if value and value.strip():
                return _clean(value)
    return _clean(node.text(deep=True, separator=" "))


def _all_texts(tree: LexborHTMLParser, selectors: tuple[str, ...]) -> tuple[str, ...]:
    for selector in selectors:
        found = []
        for node in tree.css(selector):
            text = _clean(node.attributes.get("content") or node.text(deep=True, separator=" "))
            if text and text not in found:
                found.append(text)
        if found:
            return tuple(found)
    return ()


def _drop_link_paragraphs(body: LexborNode) -> None:
    """A paragraph that is nothing but one link is a related-article link, not article text. Only
    a paragraph (or list item) holding a link can be one: they are found from the body's links up,
    each with the length of its links' text (one search for the links, not one a paragraph), in
    document order. A paragraph's links and text are the same when its turn comes: one dropped
    before it is either inside another one or holds it whole."""
    links = body.css("a")
    if not links:
        return
    held, paragraphs = _link_chars(body, links)
    for p in paragraphs:
        text = p.text(deep=True).strip()
        if text and len(text) < _LINKS_MAX and held[p.mem_id] >= len(text) - 2:
            p.decompose()


def _link_chars(body: LexborNode, links: list[LexborNode]) -> tuple[dict[int, int], list[LexborNode]]:
    """For each <p> and <li> of `body` (itself included) holding some of `links` (its `<a>`
    elements), by mem_id: the length of their text, each stripped (what `p.css("a")` finds); and
    those paragraphs in document order (`p, li` as css() lists them): a paragraph first met by a
    later link starts after every paragraph met before it, and the new ones a link meets are
    listed outermost first."""
    held: dict[int, int] = {}
    paragraphs: list[LexborNode] = []
    top = body.mem_id
    for link in links:
        if link.mem_id == top:
            continue  # the body itself: its paragraphs are inside it, none around it
        chars = len(link.text(deep=True).strip())
        new: list[LexborNode] = []
        node = link.parent
        while node is not None:
            mem_id = node.mem_id
            if node.tag_id in _PARAGRAPH_IDS:
                before = held.get(mem_id)
                if before is None:
                    new.append(node)
                held[mem_id] = (before or 0) + chars
            if mem_id == top:
                break
            node = node.parent
        paragraphs += reversed(new)
    return held, paragraphs


def _drop_orphans_and_junk(result: SiteResult, profile: SiteProfile) -> None:
    """A heading with no text after it (before the next heading or the end) titles something
    that is not text: a gallery, an infographic, a video. A line the profile's `junk` patterns
    match whole is not article text. One pass over the blocks; the orphan headings are listed
    among the removals before the junk."""
    blocks = result.blocks
    is_junk = profile.extract.is_junk
    tag = f"site:{profile.id}:junk"
    kept: list[Block] = []
    orphans: list[Removal] = []
    junk: list[Removal] = []
    last = len(blocks) - 1
    for i, block in enumerate(blocks):
        text = block.text
        if block.kind == "heading" and (i == last or blocks[i + 1].kind == "heading"):
            orphans.append(Removal("site:orphan-heading", text))
        elif is_junk(text):
            junk.append(Removal(tag, text))
        else:
            kept.append(block)
    result.removed += orphans + junk
    result.blocks = kept


def paragraph_chars(tree: LexborHTMLParser) -> int:
    """Text in the page's <p> elements: a cheap measure of how much article text there is. The
    parser puts a <p> nowhere but inside the <body> (one closes the <head>, is taken out of foreign
    content, and leaves no other element outside the <body>): all of them are `css("body p")`,
    found by their tag alone (a walk in C that tests no ancestors)."""
    return sum(len(p.text(deep=True)) for p in tree.tags("p"))


def furniture_paragraph_chars(tree: LexborHTMLParser, furniture: Callable[[LexborNode], bool]) -> int:
    """What the <body>'s elements that `furniture` takes (still in the page) add to
    `paragraph_chars`: the text of the paragraphs inside them, and their own text once for each
    paragraph they are inside. Only the bodies a profile read are changed since it was counted,
    and those hold none of them: what they add is the same."""
    body = tree.body
    taken = outermost([node for node in body.traverse() if furniture(node)]) if body is not None else []
    if not taken:
        return 0
    paragraphs = tree.tags("p")
    taken_ids = {node.mem_id for node in taken}
    inside = within(paragraphs, taken_ids)  # a paragraph that is furniture itself counts as well
    chars = sum(len(p.text(deep=True)) for p, held in zip(paragraphs, inside, strict=True)
                if held or p.mem_id in taken_ids)
    around: dict[int, int] = {}  # mem_id -> the paragraphs it is, or is inside of
    ids = {p.mem_id for p in paragraphs}

    def count(above: int, element: LexborNode) -> int:
        return above + (element.mem_id in ids)

    for node in taken:
        chars += climbed(node.parent, around, count, 0) * len(node.text(deep=True))
    return chars


def site_fields(tree: LexborHTMLParser, profile: SiteProfile) -> SiteFields:
    """Title, raw date and authors by the profile's selectors. Run it on the whole parse,
    before pruning: `meta[...]` and `time` sources are removed with the page furniture."""
    ex = profile.extract
    title = _first_text(tree, ex.title, ("content",)) if ex.title else None
    date = _first_text(tree, ex.date, ("datetime", "content")) if ex.date else None
    authors = _all_texts(tree, ex.author) if ex.author else ()
    return SiteFields(title, date, authors)


def site_bodies(tree: LexborHTMLParser, profile: SiteProfile,
                furniture: Callable[[LexborNode], bool] | None = None) -> list[LexborNode]:
    """The outermost matches of the first of `profile`'s body selectors that matches (none: []).
    With `furniture` (a test of the <body>'s elements that are to go, still in the page): the
    matches as they are once those are gone, for selectors that match an element by itself and
    its ancestors (Extract.body_selectors_plain): a match that is furniture of the <body> or
    inside some is passed over."""
    for selector in profile.extract.body:
        found = tree.css(selector)
        if furniture is not None and found:
            found = _clear_of(tree, found, furniture)
        bodies = outermost(found)
        if bodies:
            return bodies
    return []


def _clear_of(tree: LexborHTMLParser, nodes: list[LexborNode], furniture: Callable[[LexborNode], bool]
              ) -> list[LexborNode]:
    """`nodes` but those inside the page's <body> that `furniture` takes or that are inside an
    element of the <body> it takes. Each climbs to an element climbed through already."""
    body = tree.body
    # mem_id -> taken or inside a taken one (None: outside the <body>, reached from the root)
    known: dict[int, bool | None] = {body.mem_id: False} if body is not None else {}

    def taken(above: bool | None, element: LexborNode) -> bool | None:
        return None if above is None else above or furniture(element)

    return [node for node in nodes if not climbed(node, known, taken, None)]


def site_extract(tree: LexborHTMLParser, profile: SiteProfile, plan: PrunePlan | None = None,
                 bodies: list[LexborNode] | None = None) -> SiteResult:
    """Run `profile`'s body selectors on `tree` (already free of scripts and styles), or take
    the `bodies` they found (`site_bodies`). Mutates the tree: what the profile strips is gone
    for any later (generic) pass too."""
    ex = profile.extract
    result = SiteResult(blocks=[])
    if bodies is None:
        bodies = site_bodies(tree, profile)
    if not bodies:
        return result
    for body in bodies:
        if ex.strip_selector:
            drop(body, ex.strip_selector)
        if plan is not None:
            prune(body, plan=plan, guarded_only=True)
        _drop_link_paragraphs(body)
        result.blocks.extend(node_blocks(body))
    _drop_orphans_and_junk(result, profile)
    if ex.dateline is not None:
        for i, block in enumerate(result.blocks[:DATELINE_BLOCKS]):
            match = ex.dateline.match(block.text)
            if match is None:
                continue
            result.dateline = _clean(match.group("dateline")) or None
            rest = block.text[match.end():].strip()
            result.removed.append(Removal(f"site:{profile.id}:dateline", block.text[:match.end()].strip()))
            if rest:
                result.blocks[i] = Block(block.kind, rest)
            else:
                del result.blocks[i]
            break
    return result
