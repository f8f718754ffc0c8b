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
element: the cards of a teaser list or of a testimonial carousel hold one excerpt each), at most
`MAX_LINK_SHARE` of its text is link text (a list of other stories is mostly links), and
`MIN_PARAGRAPHS` of those paragraphs are not extracted yet (a copy of the intro in it is fine: the
cleaner keeps a paragraph's first copy).
Related-story boxes, comments, share bars and asides are gone before (the prune plan); a byline
or a one-paragraph author box do not have the shape; a sibling named as furniture (a `<footer>`,
a `footer`/`subscri...`/`newsletter`/`promo`/`signup` class or id: the site's blurb, a
subscription plea) is none, whatever its paragraphs.
"""

from __future__ import annotations

from collections.abc import Callable

from selectolax.lexbor import LexborNode

from cleaners.extract.prune import MIN_NODE_CHARS, norm
from cleaners.model import Block

__all__ = ["continuation"]

MAX_LEVELS = 5
MIN_PARAGRAPHS = 3
PARAGRAPH_CHARS = 100
MAX_LINK_SHARE = 0.3
_STOP = frozenset({"body", "html"})
# A sibling named as page furniture is not the article's continuation, whatever its paragraphs (a
# site footer's blurb, a subscription plea, a newsletter pitch).
_FURNITURE_TAGS = frozenset({"footer", "aside", "nav", "form"})
_FURNITURE_NAMES = ("footer", "subscri", "newsletter", "promo", "signup", "sign-up")


def _new(paragraphs: list[LexborNode], extracted: str) -> int:
    """How many of `paragraphs` are not in the extracted text yet."""
    return sum(norm(p.text(deep=True))[:PARAGRAPH_CHARS] not in extracted for p in paragraphs)


def _named_furniture(node: LexborNode) -> bool:
    if node.tag in _FURNITURE_TAGS:
        return True
    attrs = node.attributes
    names = f"{attrs.get('class') or ''} {attrs.get('id') or ''}".lower()
    return any(word in names for word in _FURNITURE_NAMES)


def _reads_as_article(node: LexborNode, extracted: str) -> bool:
    attrs = node.attributes
    if not (attrs.get("class") or attrs.get("id")) or _named_furniture(node):
        return False
    paragraphs = [p for p in node.css("p") if len(norm(p.text(deep=True))) >= PARAGRAPH_CHARS]
    if len(paragraphs) < MIN_PARAGRAPHS:
        return False
    flows: dict[int, int] = {}  # long paragraphs per parent: an article's run together in one element
    for p in paragraphs:
        parent = p.parent
        key = parent.mem_id if parent is not None else 0
        flows[key] = flows.get(key, 0) + 1
    if max(flows.values()) < MIN_PARAGRAPHS:
        return False
    if _new(paragraphs, extracted) < MIN_PARAGRAPHS:
        return False
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


def _beside(node: LexborNode, extracted: str, extract: Callable[[str], list[Block]], *, before: bool) -> list[Block]:
    """The blocks of `node`'s siblings before it (or after it) that read as article text, in
    document order; siblings are extracted nearest first."""
    found: list[Block] = []
    sibling = node.prev if before else node.next
    while sibling is not None:
        if sibling.tag not in ("-text", "-comment") and _reads_as_article(sibling, extracted):
            blocks = extract(sibling.html or "")
            found = blocks + found if before else found + blocks
        sibling = sibling.prev if before else sibling.next
    return found


def continuation(holders: Callable[[list[str]], list[LexborNode | None]], blocks: list[Block],
                 extract: Callable[[str], list[Block]]) -> list[Block]:
    """`blocks` with the article's continuation in sibling containers put around them (see the
    module's doc). `holders` finds the elements holding paragraphs' texts, `extract` extracts the
    blocks of a piece of HTML."""
    paragraphs = [b for b in blocks if b.kind == "paragraph" and len(norm(b.text)) >= MIN_NODE_CHARS]
    if not paragraphs:
        return blocks
    first, last = holders([paragraphs[0].text, paragraphs[-1].text])
    node = _common_ancestor(first, last) if first is not None and last is not None else None
    if node is None or node.tag in _STOP:
        return blocks
    extracted = norm(" ".join(b.text for b in blocks))
    before: list[Block] = []
    after: list[Block] = []
    for _ in range(MAX_LEVELS):
        parent = node.parent
        if parent is None or parent.tag in _STOP:
            break
        before = _beside(node, extracted, extract, before=True) + before
        after = after + _beside(node, extracted, extract, before=False)
        node = parent
    return before + blocks + after if before or after else blocks
