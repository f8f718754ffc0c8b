"""The text printed right after a page's headline and right above it (its byline, its kicker line),
read by a walk of the parse in document order that passes over scripts, styles, menus and the like.

A node's kind is told by its Lexbor tag id (an int), not its decoded name: the walk reads a few
hundred nodes a page.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator

from selectolax.lexbor import LexborHTMLParser, LexborNode

from cleaners.knowledge.settings import default_settings

__all__ = ["text_after", "text_before"]

_DATES = default_settings().dates  # headline_date_nodes, headline_date_stop_words
# The elements passed over whole (and comments): what they hold is not printed for the reader.
_NOT_TEXT = frozenset({"script", "style", "noscript", "template", "svg", "nav", "-comment"})


def _tag_ids() -> dict[str, int]:
    """Lexbor's tag id of each element (and of the comment) in `_NOT_TEXT` and of a text node ("-text"),
    read from a parse of them: a node's `tag_id` tells its tag without the name being decoded (every
    element of a name has that name's id)."""
    probe = LexborHTMLParser("<body>" + "".join(f"<{n}></{n}>" for n in sorted(_NOT_TEXT) if n[0] != "-") + "<!---->x")
    return {node.tag or "": node.tag_id for node in probe.root.traverse(include_text=True)} if probe.root else {}


_IDS = _tag_ids()
_NOT_TEXT_IDS = frozenset(_IDS[name] for name in _NOT_TEXT)
_TEXT_ID = _IDS["-text"]


def text_after(start: LexborNode, limit: int) -> str:
    """The text that follows `start` in document order (scripts, styles and menus skipped), up to
    `limit` characters or the first paragraph-long text: what `_gather` gives of those nodes, in
    one loop that reads each node's tag (its id) once."""
    parts: list[str] = []
    size, stop = 0, _DATES.headline_date_stop_words
    node = _past(start)
    for _ in range(_DATES.headline_date_nodes):
        if node is None or size >= limit:
            break
        tag = node.tag_id
        if tag == _TEXT_ID:
            text = " ".join((node.text_content or "").split())
            if text.count(" ") + 1 >= stop:
                break
            if text:
                parts.append(text)
                size += len(text) + 1
            node = _past(node)
        elif tag in _NOT_TEXT_IDS:
            node = _past(node)
        else:
            child = node.child
            node = child if child is not None else _past(node)
    return " ".join(parts)[:limit]


def text_before(start: LexborNode, limit: int, levels: int) -> str:
    """The text that comes right before `start` in document order (scripts, styles and menus
    skipped), up to `limit` characters or the first paragraph-long text: a kicker line above the
    headline; within `start`'s ancestor `levels` up (its header block, not the page)."""
    return " ".join(reversed(_gather(_walk_before(start, levels), limit)))[-limit:]


def _gather(nodes: Iterator[LexborNode], limit: int) -> list[str]:
    """The texts of the text nodes among the first `headline_date_nodes` of `nodes`, until `limit`
    characters are gathered or a paragraph-long text (the article's first paragraph) comes."""
    parts: list[str] = []
    size = 0
    for node in itertools.islice(nodes, _DATES.headline_date_nodes):
        if size >= limit:
            break
        if node.tag_id == _TEXT_ID:
            text = " ".join((node.text_content or "").split())
            if text.count(" ") + 1 >= _DATES.headline_date_stop_words:
                break
            if text:
                parts.append(text)
                size += len(text) + 1
    return parts


def _walk_before(start: LexborNode, levels: int) -> Iterator[LexborNode]:
    """The nodes before `start` in reverse document order, within its ancestor `levels` up."""
    container: LexborNode | None = start
    for _ in range(levels):
        container = container.parent if container is not None else None
    inside = container.mem_id if container is not None else None
    node = _before(start, inside)
    while node is not None:
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


def _past(node: LexborNode) -> LexborNode | None:
    """The node after `node` and all its descendants, in document order."""
    current: LexborNode | None = node
    while current is not None:
        after = current.next
        if after is not None:
            return after
        current = current.parent
    return None
