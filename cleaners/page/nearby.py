"""The text printed right after a page's headline and right above it (its byline, its kicker line),
read by a walk of the parse in document order that passes over scripts, styles, menus and the like.

A node's kind is told by its Lexbor tag id (an int), not its decoded name: the walk reads a few
hundred nodes a page.
"""

from __future__ import annotations

from collections.abc import Iterator

from selectolax.lexbor import LexborNode

from cleaners.knowledge.settings import default_settings
from cleaners.page.nodes import COMMENT_ID, TEXT_ID, tag_ids

__all__ = ["text_after", "text_before"]

_DATES = default_settings().dates  # headline_date_nodes, headline_date_stop_words
# The elements passed over whole (and comments): what they hold is not printed for the reader.
_NOT_TEXT = frozenset({"script", "style", "noscript", "template", "svg", "nav", "-comment"})
_NOT_TEXT_IDS = frozenset(tag_ids(_NOT_TEXT - {"-comment"})) | {COMMENT_ID}


def text_after(start: LexborNode, limit: int) -> str:
    """The text that follows `start` in document order (scripts, styles and menus skipped), up to
    `limit` characters or the first paragraph-long text."""
    return " ".join(_gather(_walk_after(start, _DATES.headline_date_nodes), limit))[:limit]


def text_before(start: LexborNode, limit: int, levels: int) -> str:
    """The text that comes right before `start` in document order (scripts, styles and menus
    skipped), up to `limit` characters or the first paragraph-long text: a kicker line above the
    headline; within `start`'s ancestor `levels` up (its header block, not the page)."""
    return " ".join(reversed(_gather(_walk_before(start, levels, _DATES.headline_date_nodes), limit)))[-limit:]


def _gather(texts: Iterator[LexborNode], limit: int) -> list[str]:
    """The texts of the text nodes `texts`, until `limit` characters are gathered or a
    paragraph-long text (the article's first paragraph) comes."""
    parts: list[str] = []
    size = 0
    stop = _DATES.headline_date_stop_words
    for node in texts:
        if size >= limit:
            break
        words = (node.text_content or "").split()
        if len(words) >= stop:
            break
        if words:
            text = " ".join(words)
            parts.append(text)
            size += len(text) + 1
    return parts


def _walk_after(start: LexborNode, nodes: int) -> Iterator[LexborNode]:
    """The text nodes among the first `nodes` nodes after `start` in document order, not entering
    scripts, styles and menus (each a node), except those of ASCII white space only (told without
    reading their text; they count among the `nodes` all the same): the layout between tags, which
    adds nothing to a text gathered, nor ends it before a text that has words would (see `_gather`)."""
    node = _past(start)
    while node is not None and nodes > 0:
        nodes -= 1
        tag = node.tag_id
        if tag == TEXT_ID:
            if not node.is_empty_text_node:
                yield node
        elif tag not in _NOT_TEXT_IDS:
            child = node.child
            if child is not None:
                node = child
                continue
        after = node.next  # most nodes have a next sibling: no climb
        node = after if after is not None else _past(node.parent)


def _walk_before(start: LexborNode, levels: int, nodes: int) -> Iterator[LexborNode]:
    """The text nodes among the first `nodes` nodes before `start` in reverse document order,
    within its ancestor `levels` up (except those of white space only, as `_walk_after`)."""
    container: LexborNode | None = start
    for _ in range(levels):
        container = container.parent if container is not None else None
    inside = container.mem_id if container is not None else None
    node = _before(start, inside)
    while node is not None and nodes > 0:
        nodes -= 1
        if node.tag_id == TEXT_ID and not node.is_empty_text_node:
            yield node
        node = _before(node, inside)


def _before(node: LexborNode, inside: int | None) -> LexborNode | None:
    """The node before `node` in document order inside the container whose `mem_id` is `inside`, its
    ancestors passed over: the deepest last descendant of the nearest previous sibling (a script,
    style or menu taken whole)."""
    current = node
    previous = current.prev
    while previous is None:
        parent = current.parent
        if parent is None or inside is None or parent.mem_id == inside:
            return None
        current = parent
        previous = current.prev
    current = previous
    while current.tag_id not in _NOT_TEXT_IDS:
        last = current.last_child
        if last is None:
            break
        current = last
    return current


def _past(node: LexborNode | None) -> LexborNode | None:
    """The node after `node` and all its descendants, in document order (None after None)."""
    current: LexborNode | None = node
    while current is not None:
        after = current.next
        if after is not None:
            return after
        current = current.parent
    return None
