"""The article continued in sibling containers: what the extractor's one chosen container leaves.

The extractor takes the first container that looks like an article body (a class such as
`article-body`, an `<article>`) and stops there. Pages built of sections put the intro in one such
container and the rest of the article in its siblings: a round-up whose entries follow the intro
in a second wrapper, a guide whose body continues after a carousel in the next `container`
element. The continuation is looked for beside the extracted text: from the element that holds
all of it (the nearest common ancestor of its first and last paragraph), up `MAX_LEVELS` levels,
every sibling of that chain that reads as article text is extracted on its own and put in
document order around the extracted blocks.

A sibling reads as article text when it is a named container (a class or an id: the sections
of a page built of sections are; an anonymous `div` after the article is as often the site's
long-form extras, a buying guide or a comparison, as the article), holds a flow of text
(`MIN_PARAGRAPHS` paragraphs (`<p>`) of `PARAGRAPH_CHARS` characters or more side by side in one
element, or one per item of one list, the steps of a how-to: the cards of a teaser list or of a
testimonial carousel hold one excerpt each), at most `MAX_LINK_SHARE` of its text is link text (a
list of other stories is mostly links), and `MIN_PARAGRAPHS` of those paragraphs are not extracted
yet (a copy of the intro in it is fine: the cleaner keeps a paragraph's first copy).
Related-story boxes, comments, share bars and asides are gone before (the prune plan); a byline
or a one-paragraph author box do not have the shape; a sibling named as furniture (a `<footer>`,
a `footer`/`subscri...`/`newsletter`/`promo`/`signup`/`navigation`/`menu`/`modal` class or id: the
site's blurb, a subscription plea, a menu's descriptions, a pop-up's fine print) is none, whatever
its paragraphs.

A round-up whose every entry is a container of its own (a card: a heading, a picture, a
paragraph or two) has the extracted text in one entry and the others beside it: when the element
of the chain is one of a run of `MIN_RUN` or more siblings of its shape (tag and first class), a
sibling of the run that is built like it (`MIN_ALIKE` of the kinds of element each is built of in
common), or like two others of the run (an intro entry built unlike the entries), is an entry of
the same list, and one whole paragraph of prose (not cut off with an ellipsis, as a teaser's
excerpt is) with little link text is enough. A page builder's sections share a class too, but are
built each its own way: the related-posts row, an author box, a call to action are not taken.

The extractor also skips pieces inside the region it took (a section between two of its
paragraphs, entries between the intro and the conclusion): the siblings of the chains from the
first and the last extracted paragraph up to the element holding both are judged the same way,
and one between the two paragraphs is inside the article, so a piece of prose is enough there
(`HOLE_CHARS` characters in paragraphs; a teaser set in the article, its heading a link or gone
with the box around it, has an excerpt, less). What is found goes in after the last extracted
block that comes before it in the page. Blocks already extracted (a copy of the intro, a list the
extractor took as list items) are not put in twice.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable
from itertools import islice

from selectolax.lexbor import LexborNode

from cleaners.extract.prune import MIN_NODE_CHARS, norm
from cleaners.model import Block

__all__ = ["continuation"]

MAX_LEVELS = 9
MIN_PARAGRAPHS = 3
PARAGRAPH_CHARS = 100
MAX_LINK_SHARE = 0.3
_STOP = frozenset({"body", "html"})
_ELLIPSES = ("...", "\u2026")
MIN_RUN = 3
HOLE_CHARS = 200  # inside the article, a piece the extractor skipped: this much prose (a teaser's excerpt is less)
_HEADINGS = "h1, h2, h3, h4, h5, h6"
MIN_ALIKE = 0.5  # two entries of one list: this share of the kinds of element they are built of in common
SKELETON_NODES = 300
MAX_WAYS = 64  # ways of being built a sibling is compared with (a run of siblings each built its own way)
SMALL_NODES = 24  # an element of fewer nodes is walked for its paragraphs: cheaper than a selector
_ITEM_TAGS = frozenset({"article", "section", "li"})
# A sibling named as page furniture is not the article's continuation, whatever its paragraphs (a
# site footer's blurb, a subscription plea, a newsletter pitch).
_FURNITURE_TAGS = frozenset({"footer", "aside", "nav", "form"})
_FURNITURE_NAMES = ("footer", "subscri", "newsletter", "promo", "signup", "sign-up", "navigation", "menu", "modal")
_FURNITURE_RE = re.compile("|".join(map(re.escape, _FURNITURE_NAMES)))
Paragraphs = list[tuple[LexborNode, str]]
Skeletons = dict[int, frozenset[tuple[str, str]]]  # a page's elements' `_skeleton`s, read once


def _fresh(blocks: list[Block], extracted: str) -> list[Block]:
    """`blocks` but those already extracted (a copy of the intro, a list the extractor took as
    list items, the same paragraph split otherwise)."""
    return [b for b in blocks if len(probe := norm(b.text)[:PARAGRAPH_CHARS]) < PARAGRAPH_CHARS // 2
            or probe not in extracted]


def _long(node: LexborNode) -> Paragraphs:
    """`node`'s paragraphs (`<p>`) of `PARAGRAPH_CHARS` characters or more, with their text
    (whitespace runs made one space), each read once."""
    return [(p, text) for p in _paragraph_elements(node)
            if len(raw := p.text(deep=True)) >= PARAGRAPH_CHARS and len(text := norm(raw)) >= PARAGRAPH_CHARS]


def _paragraph_elements(node: LexborNode) -> list[LexborNode]:
    """`node.css("p")` (`node` itself included, in document order); a small element (a paragraph
    the extractor took, a heading) is walked instead of searched."""
    found = []
    for at, element in enumerate(node.traverse()):
        if at == SMALL_NODES:
            return node.css("p")
        if element.tag == "p":
            found.append(element)
    return found


def _new(paragraphs: Paragraphs, extracted: str, starts: frozenset[str]) -> int:
    """How many of `paragraphs` are not in the extracted text yet (one an extracted block starts
    with, `starts`, is without a search)."""
    return sum(not ((probe := text[:PARAGRAPH_CHARS]) in starts or probe in extracted) for _, text in paragraphs)


def _named_furniture(node: LexborNode) -> bool:
    if node.tag in _FURNITURE_TAGS:
        return True
    attrs = node.attributes
    return _FURNITURE_RE.search(f"{attrs.get('class') or ''} {attrs.get('id') or ''}".lower()) is not None


def _only(paragraph: str, item: LexborNode) -> bool:
    """`paragraph` (its text) is all the text of list item `item` (a step; not a question's answer)."""
    return len(norm(item.text(deep=True))) <= len(paragraph) + MIN_NODE_CHARS


def _flow(paragraphs: Paragraphs) -> int:
    """The most long paragraphs side by side in one element: an article's run together; the items
    of one list that are a paragraph each (the steps of a how-to) are one run."""
    flows: dict[int, int] = {}
    for p, text in paragraphs:
        parent = p.parent
        if parent is not None and parent.tag == "li" and parent.parent is not None and _only(text, parent):
            parent = parent.parent
        key = parent.mem_id if parent is not None else 0
        flows[key] = flows.get(key, 0) + 1
    return max(flows.values())


def _reads_as_article(node: LexborNode, paragraphs: Paragraphs, new: int) -> bool:
    """A container of the article's text: named, `MIN_PARAGRAPHS` long `paragraphs` (`new` of them
    not extracted yet) in one flow, little link text."""
    attrs = node.attributes
    if not (attrs.get("class") or attrs.get("id")) or _named_furniture(node):
        return False
    if len(paragraphs) < MIN_PARAGRAPHS or _flow(paragraphs) < MIN_PARAGRAPHS or new < MIN_PARAGRAPHS:
        return False
    return _little_linked(node)


def _little_linked(node: LexborNode) -> bool:
    """At most `MAX_LINK_SHARE` of `node`'s text is link text."""
    text = len(norm(node.text(deep=True)))
    linked = sum(len(norm(a.text(deep=True))) for a in node.css("a"))
    return linked <= MAX_LINK_SHARE * text


def _common_ancestor(first: LexborNode, last: LexborNode) -> LexborNode | None:
    chain = set()
    node: LexborNode | None = last
    while node is not None:
        chain.add(node.mem_id)
        node = node.parent
    node = first
    while node is not None and node.mem_id not in chain:
        node = node.parent
    return node


def _kind(element: LexborNode) -> tuple[str, str]:
    """An element's tag and first class ("" for either it lacks)."""
    classes = element.attributes.get("class")
    return element.tag or "", words[0] if classes and (words := classes.split(None, 1)) else ""


def _shape(node: LexborNode) -> tuple[str, str] | None:
    """An element's kind (`_kind`): the items of one list share it (None for an element without a
    class other than an `<article>`, `<section>` or `<li>`: a bare `div` is any wrapper)."""
    kind = _kind(node)
    return kind if kind[1] or node.tag in _ITEM_TAGS else None


def _skeleton(node: LexborNode, read: Skeletons) -> frozenset[tuple[str, str]]:
    """The kinds of element (`_kind`) an element is built of, its first `SKELETON_NODES`."""
    if (known := read.get(node.mem_id)) is not None:
        return known
    read[node.mem_id] = frozen = frozenset(_kind(element) for element in islice(node.traverse(), SKELETON_NODES)
                                           if element.tag not in ("-text", "-comment"))
    return frozen


def _alike(one: frozenset[tuple[str, str]], other: frozenset[tuple[str, str]]) -> bool:
    common = len(one & other)
    return common >= MIN_ALIKE * (len(one) + len(other) - common)


def _entries(node: LexborNode, read: Skeletons) -> set[int]:
    """The siblings of `node` that are entries of one list with it: of its shape (`_shape`), in a
    run of `MIN_RUN` or more, and built like `node` or like two other siblings of the run (the
    intro of a round-up is often built unlike its entries, which are built alike). Siblings built
    the same way are compared once."""
    shape = _shape(node)
    parent = node.parent
    if shape is None or parent is None:
        return set()
    tag = shape[0]
    run = [child for child in parent.iter() if (child.tag or "") == tag and _shape(child) == shape]
    if len(run) < MIN_RUN:
        return set()
    skeletons = {child.mem_id: _skeleton(child, read) for child in run}
    mine = skeletons[node.mem_id]
    counts: dict[frozenset[tuple[str, str]], int] = {}
    for skeleton in skeletons.values():
        counts[skeleton] = counts.get(skeleton, 0) + 1
    counts[mine] -= 1  # `node` itself is no other sibling
    verdicts: dict[frozenset[tuple[str, str]], bool] = {}
    entries = set()
    for key, skeleton in skeletons.items():
        if key == node.mem_id:
            continue
        verdict = verdicts.get(skeleton)
        if verdict is None:
            verdict = verdicts[skeleton] = _alike(skeleton, mine) or _alike_to_others(skeleton, counts)
        if verdict:
            entries.add(key)
    return entries


def _alike_to_others(skeleton: frozenset[tuple[str, str]], counts: dict[frozenset[tuple[str, str]], int]) -> bool:
    """Whether `MIN_RUN - 1` other siblings are built like `skeleton` (the sibling itself, alike to
    itself, left out). Stops at the answer, and after `MAX_WAYS` ways of being built: a hostile run
    of thousands of siblings each built differently is not compared pair by pair."""
    likes = -1
    for way, (other, count) in enumerate(counts.items()):
        if way >= MAX_WAYS:
            break
        if _alike(skeleton, other):
            likes += count
            if likes >= MIN_RUN - 1:
                return True
    return False


def _reads_as_item(node: LexborNode, paragraphs: Paragraphs, new: int, *, hole: bool = False) -> bool:
    """An entry of the list the extracted text is one entry of: whole prose of its own (long
    `paragraphs`, `new` of them not extracted yet, none cut off with an ellipsis), little link text.
    A `hole` in the article (see `_within`) also holds `HOLE_CHARS` of such prose and is no teaser."""
    if not paragraphs or 2 * new < len(paragraphs):
        return False
    if any(text.endswith(_ELLIPSES) for _, text in paragraphs):
        return False
    if hole and sum(len(text) for _, text in paragraphs) < HOLE_CHARS:
        return False
    return not _named_furniture(node) and _little_linked(node) and not (hole and _teaser(node))


class _Region:
    """One page's search: the extracted text, the element holding all of it (`top`), the elements
    of its first and last paragraph and the siblings judged so far. The document order of `top`'s
    elements, a chain element's entries (`_entries`) and skeletons are read on first need: most
    siblings (the extracted paragraphs themselves, headings) are judged without them."""

    def __init__(self, top: LexborNode, first: LexborNode, last: LexborNode, texts: list[str]) -> None:
        self.top, self.first, self.last = top, first, last
        self.extracted = " ".join([text for text in texts if text])  # = norm() of all blocks' text
        self.starts = frozenset(text[:PARAGRAPH_CHARS] for text in texts)
        self.seen = {n.mem_id for start in (first, last) for n in _chain(start, top)}
        self.skeletons: Skeletons = {}
        self.entries: dict[int, set[int]] = {}
        self.positions: dict[int, int] = {}

    def order(self) -> dict[int, int]:
        """The elements of `top` (itself included) by their place in document order."""
        if not self.positions:
            self.positions = {element.mem_id: at for at, element in enumerate(self.top.traverse())}
        return self.positions

    def reads(self, sibling: LexborNode, node: LexborNode, *, within: bool) -> bool:
        """Whether `sibling` of `node` reads as article text: an entry of the list `node` is one of, a piece
        between the first and the last paragraph (`within` only) or a container; each has new prose."""
        paragraphs = _long(sibling)
        new = _new(paragraphs, self.extracted, self.starts)
        if not new:
            return False
        if (entries := self.entries.get(node.mem_id)) is None:
            entries = self.entries[node.mem_id] = _entries(node, self.skeletons)
        if sibling.mem_id in entries:
            return _reads_as_item(sibling, paragraphs, new)
        if within:
            order = self.order()
            if order[self.first.mem_id] < order.get(sibling.mem_id, -1) < order[self.last.mem_id]:
                return _reads_as_item(sibling, paragraphs, new, hole=True)
        return _reads_as_article(sibling, paragraphs, new)


def _beside(node: LexborNode, region: _Region, extract: Callable[[str], list[Block]], *,
            before: bool) -> list[Block]:
    """The blocks of `node`'s siblings before it (or after it) that read as article text, in
    document order; siblings are extracted nearest first. When `node` is one of a run of
    `MIN_RUN` or more siblings of one shape, its likes are entries of the same list: an entry of
    prose is enough."""
    found: list[Block] = []
    sibling = node.prev if before else node.next
    while sibling is not None:
        if sibling.tag not in ("-text", "-comment") and region.reads(sibling, node, within=False):
            blocks = _fresh(extract(sibling.html or ""), region.extracted)
            found = blocks + found if before else found + blocks
        sibling = sibling.prev if before else sibling.next
    return found


def _teaser(node: LexborNode) -> bool:
    """`node` is a teaser of another page set in the article: its heading is a link (or in one)."""
    for heading in node.css(_HEADINGS):
        if heading.css_first("a") is not None:
            return True
        parent = heading.parent
        while parent is not None and parent.mem_id != node.mem_id:
            if parent.tag == "a":
                return True
            parent = parent.parent
    return False


def _within(holder: LexborNode, region: _Region,
            extract: Callable[[str], list[Block]]) -> list[tuple[LexborNode, list[Block]]]:
    """The siblings of the chain from `holder` up to the region's top (not beyond it) that read as
    article text, with their blocks: what the extractor skipped inside the region it took. A sibling
    between the first and the last extracted paragraph is inside the article: a paragraph of prose
    is enough there, as for an entry of a list."""
    found: list[tuple[LexborNode, list[Block]]] = []
    node = holder
    while node is not None and node.mem_id != region.top.mem_id and node.parent is not None:
        for sibling in node.parent.iter():
            key = sibling.mem_id
            if key in region.seen:
                continue
            region.seen.add(key)
            if region.reads(sibling, node, within=True):
                found.append((sibling, _fresh(extract(sibling.html or ""), region.extracted)))
        node = node.parent
    return found


def _merge(blocks: list[Block], found: list[tuple[LexborNode, list[Block]]], order: dict[int, int],
           holders: Callable[[list[str]], list[LexborNode | None]]) -> list[Block]:
    """`blocks`, in their order, with each found element's blocks put in after the last block whose
    element comes before it in document order (`order`)."""
    where: list[int] = []
    at = -1
    for holder in holders([b.text for b in blocks]):
        at = max(at, order.get(holder.mem_id, at)) if holder is not None else at
        where.append(at)
    groups: dict[int, list[Block]] = {}
    for node, found_blocks in sorted(found, key=lambda item: order.get(item[0].mem_id, -1)):
        groups.setdefault(bisect_left(where, order.get(node.mem_id, -1)), []).extend(found_blocks)
    merged: list[Block] = []
    for index, block in enumerate(blocks):
        merged += groups.get(index, [])
        merged.append(block)
    return merged + groups.get(len(blocks), [])


def continuation(holders: Callable[[list[str]], list[LexborNode | None]], blocks: list[Block],
                 extract: Callable[[str], list[Block]]) -> list[Block]:
    """`blocks` with the article's continuation in sibling containers put around them (see the
    module's doc). `holders` finds the elements holding paragraphs' texts, `extract` extracts the
    blocks of a piece of HTML."""
    ends = [next((b.text for b in side if b.kind == "paragraph" and len(norm(b.text)) >= MIN_NODE_CHARS), "")
            for side in (blocks, blocks[::-1])]  # the first and the last paragraph's text
    if not ends[0]:
        return blocks
    first, last = holders(ends)
    node = _common_ancestor(first, last) if first is not None and last is not None else None
    if first is None or last is None or node is None or node.tag in _STOP:
        return blocks
    region = _Region(node, first, last, [norm(b.text) for b in blocks])
    found = [*_within(first, region, extract), *_within(last, region, extract)]
    if found:
        blocks = _merge(blocks, found, region.order(), holders)
    before: list[Block] = []
    after: list[Block] = []
    for _ in range(MAX_LEVELS):
        parent = node.parent
        if parent is None or parent.tag in _STOP:
            break
        before = _beside(node, region, extract, before=True) + before
        after = after + _beside(node, region, extract, before=False)
        node = parent
    return before + blocks + after if before or after else blocks


def _chain(start: LexborNode, top: LexborNode) -> list[LexborNode]:
    """`start` and its ancestors below `top`."""
    chain = []
    node: LexborNode | None = start
    while node is not None and node.mem_id != top.mem_id:
        chain.append(node)
        node = node.parent
    return chain
