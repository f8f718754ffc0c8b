"""A list of the generic extractor's output as blocks, one per item, each item's text once.

trafilatura writes a nested list inside the item that introduces it
(`<item>Flagship hotel: ...<list><item>This hotel features ...</item></list></item>`) and an item
that holds blocks as those blocks (`<item><head>Determine your needs</head><p>Before you
start ...</p></item>`). An item's own text is read without the lists nested in it, whose items
follow it as blocks of their own (the whole subtree's text would give every nested item twice);
the blocks inside an item are lines of their own (read as one run, a heading and the paragraph
after it ran together: `Determine your needsBefore you start`).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from cleaners.model import Block

__all__ = ["list_blocks"]

# Elements of trafilatura's output that are blocks of their own inside an item.
_BLOCKS = frozenset({"head", "p", "quote", "table", "row", "cell"})


def list_blocks(element: Any) -> Iterator[Block]:
    """The items of a trafilatura `<list>` as "list_item" blocks, in document order, the items
    of the lists nested in them after their own text."""
    for item in element:
        if item.tag == "item":
            yield from _item_blocks(item)
        elif item.tag == "list":  # a list written straight into a list
            yield from list_blocks(item)


def _item_blocks(item: Any) -> Iterator[Block]:
    parts: list[str] = []
    nested: list[Any] = []

    def walk(el: Any) -> None:
        if el.text:
            parts.append(el.text)
        for child in el:
            if child.tag == "list":
                nested.append(child)
            elif child.tag == "lb":
                parts.append("\n")
            else:
                if child.tag in _BLOCKS:
                    parts.append(" ")
                walk(child)
                if child.tag in _BLOCKS:
                    parts.append(" ")
            if child.tail:
                parts.append(child.tail)

    walk(item)
    yield Block("list_item", "".join(parts))
    for inner in nested:
        yield from list_blocks(inner)
