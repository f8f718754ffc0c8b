"""An article written straight into an element, its paragraphs apart by <br> runs, as <p>s.

Older templates put an article's text straight into a <div> or <span>, its paragraphs split by
two <br>s, with no <p> (`<div class="read-text"><b>CITY</b> - First ...<br><br>Second ...`).
trafilatura's fast pass keeps paragraph-like elements only, and finds nothing there; its slow
fallbacks (readability, jusText) find the text, at about three times the cost.

`break_paragraphs` rewrites such an element of the lxml tree handed to trafilatura: each run of
text and text-level elements between two or more <br>s becomes a <p> (a single <br> stays, a line
break inside it); a <span> holding them becomes a <div>. An element qualifies when all its
children are text-level elements, at least two of them <br>s, and the text written straight into
it (its own and its children's tails) is `min_chars` or more. The generic path asks for it only
when the fast pass found (almost) nothing, and takes what the fast pass then finds only when it is
a fair share of the body's text (`generic.generic_blocks`); else the slow fallbacks run.
"""

from __future__ import annotations

from typing import Any

__all__ = ["TEXT_LEVEL_TAGS", "break_paragraphs"]

# Text-level elements (HTML's phrasing content that holds text): a run of them and of text is one paragraph.
TEXT_LEVEL_TAGS = frozenset({
    "a", "abbr", "b", "bdi", "bdo", "big", "br", "cite", "code", "data", "del", "dfn", "em", "font", "i", "ins",
    "kbd", "mark", "q", "s", "samp", "small", "span", "strike", "strong", "sub", "sup", "time", "tt", "u",
    "var", "wbr",
})
# The elements an article's text is found written straight into (the generic path's trim unwraps <font>).
_HOLDERS = ("div", "span", "td", "section", "article", "center")


def break_paragraphs(tree: Any, min_chars: int) -> int:
    """Rewrite every qualifying element of the lxml `tree` in place (see the module's doc), the
    outermost of nested ones; returns how many were rewritten."""
    done = 0
    inside: set[Any] = set()  # the elements under one rewritten: each is listed once, the walk stays linear
    # lxml's iter() has found the next element before it hands this one over: _split moves every child
    # but the <br>s it drops (never a holder), so the walk goes on into what it made
    for element in tree.iter(*_HOLDERS):
        if element not in inside and _qualifies(element, min_chars):
            _split(element)
            inside.update(element.iter())
            done += 1
    return done


def _qualifies(element: Any, min_chars: int) -> bool:
    breaks = 0
    for child in element:
        tag = child.tag
        if not isinstance(tag, str) or tag not in TEXT_LEVEL_TAGS:
            return False  # a block of its own inside, or what is not an element
        breaks += tag == "br"
    if breaks < 2:
        return False
    written = len((element.text or "").strip()) + sum(len((child.tail or "").strip()) for child in element)
    return written >= min_chars


def _split(element: Any) -> None:
    """`element`'s content as <p>s, one a run between two or more <br>s."""
    from lxml.etree import SubElement

    runs = _runs(element)
    for child in list(element):
        element.remove(child)
    element.text = None
    if element.tag == "span":
        element.tag = "div"
    for run in runs:
        paragraph = SubElement(element, "p")
        last = None
        for item in run:
            if isinstance(item, str):
                if last is None:
                    paragraph.text = (paragraph.text or "") + item
                else:
                    last.tail = (last.tail or "") + item
            else:
                paragraph.append(item)
                last = item


def _runs(element: Any) -> list[list[Any]]:
    """`element`'s texts and children in order (each child's tail detached as a text), cut into the
    runs two or more <br>s apart. Left out: the <br>s that cut, those before the first text or element,
    and the runs without text or element."""
    items: list[Any] = [element.text] if element.text else []
    for child in element:
        tail, child.tail = child.tail, None
        items.append(child)
        if tail:
            items.append(tail)
    runs: list[list[Any]] = []
    run: list[Any] = []
    breaks: list[Any] = []  # the <br>s since the last text or element
    for item in items:
        if not isinstance(item, str) and item.tag == "br":
            breaks.append(item)
            continue
        if isinstance(item, str) and breaks and not item.strip():
            continue  # the whitespace between <br>s (and after the last of them)
        if len(breaks) >= 2:
            runs.append(run)
            run = []
        elif run:  # a lone <br> inside a run (not one that opens the element)
            run.extend(breaks)
        breaks = []
        run.append(item)
    runs.append(run)
    return [run for run in runs if any(not isinstance(item, str) or item.strip() for item in run)]
