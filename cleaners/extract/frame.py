"""The article's frame named for the extractor when the page names none.

trafilatura looks for the article in the first element its body expressions recognise (an
`<article>`, a class or id such as `entry-content`, `post`, `story`, `main`); when none matches,
it falls back on collecting loose paragraphs and tables from the whole page, and that fallback
drops every list and heading (`<ul>` of full-sentence items, `<h2>` subheads): a page built with
generic class names (`text-style-rich-text`, `hs_cos_wrapper`, `content full text`) loses them.

When no body expression matches, the element that holds the page's flow of text is given
`role="article"`, which one of the body expressions recognises: its lists and headings then come
with its paragraphs. The flow starts at the parent of the most paragraphs of
`FLOW_PARAGRAPH_CHARS` characters or more (at least `FLOW_MIN_PARAGRAPHS` of them) and widens to
its nearest ancestor holding `FLOW_SHARE` of all such paragraphs of the page (an article split
over sibling wrappers). A page without such a flow is left as it is.
"""

from __future__ import annotations

from typing import Any

from cleaners.extract.wrappers import extractor_frame, open_article_wrappers

__all__ = ["name_the_frame"]

FLOW_PARAGRAPH_CHARS = 100
FLOW_MIN_PARAGRAPHS = 3
FLOW_SHARE = 0.8


def name_the_frame(tree: Any) -> bool:
    """Mark the flow of text of an lxml `tree` with `role="article"` when none of trafilatura's body
    expressions finds a frame (see the module's doc); True when it did. The article's own wrappers
    in the frame are then kept from the extractor's class-name discard (`extract.wrappers`)."""
    named, found = _name(tree)
    open_article_wrappers(tree, found)
    return named


def _name(tree: Any) -> tuple[bool, Any]:
    """(whether the flow was named, the extractor's frame when it was looked for and found)."""
    if tree.find(".//article") is not None or tree.find(".//main") is not None:
        return False, None  # two of the expressions take any <article> or <main>: no need to run the others
    found = extractor_frame(tree)
    if found is not None:
        return False, found
    parents: dict[Any, int] = {}  # long paragraphs per parent
    within: dict[Any, int] = {}  # long paragraphs per ancestor
    total = 0
    for p in tree.iter("p"):
        parent = p.getparent()
        if parent is None or len(" ".join(p.itertext()).strip()) < FLOW_PARAGRAPH_CHARS:
            continue
        total += 1
        parents[parent] = parents.get(parent, 0) + 1
        for ancestor in p.iterancestors():
            within[ancestor] = within.get(ancestor, 0) + 1
    if not parents:
        return False, None
    frame, paragraphs = max(parents.items(), key=lambda item: item[1])
    if paragraphs < FLOW_MIN_PARAGRAPHS:
        return False, None
    # the flow may be split over sibling wrappers: the frame is the nearest ancestor holding most of it
    while within.get(frame, 0) < FLOW_SHARE * total and frame.getparent() is not None:
        frame = frame.getparent()
    if frame.tag not in ("div", "section", "main", "article"):
        return False, None
    frame.set("role", "article")
    return True, None
