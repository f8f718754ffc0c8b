"""The article's own wrappers kept from the extractor's class-name discard.

Inside the frame it takes for the article, trafilatura deletes every block whose class or id holds
one of some hundred words it reads as page furniture, as substrings (`embed`, `widget`, `slide`,
`meta`, `bar`, `menu`, `share-` ...), unless that would leave less than a seventh of the frame's
text, in which case it deletes none of them. Real pages name the article's own wrappers with
such words: a responsive-embed class on the prose (`embed-responsive prose`), a page builder's
`...-widget-theme-post-content`, a `slider` flag on the section, a `menu` in a layout class.
When the frame has other furniture too, the deletion goes ahead and takes the article with it.

`open_article_wrappers` does the same test on the frame first (the first element a body
expression recognises). When trafilatura would delete its matches, a match that holds the
article's shape (`ARTICLE_PARAGRAPHS` paragraphs of `ARTICLE_PARAGRAPH_CHARS` characters or more:
a share bar, a slider of teasers or a byline hold none), and not named as related articles by
the prune plan (a block of related posts with long excerpts, which the plan kept for its size) is
defused: the parts of its class and id tokens that trip the test (split on `-` and `_`) go, the
rest stays (`...-theme-post-content` still names the frame; when a shortened name would make
another element the frame, nothing is changed). The other matches go as before, and a frame
whose matches trafilatura would all keep is left as it is.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from types import FunctionType
from typing import Any

from cleaners.extract.recall import ARTICLE_PARAGRAPH_CHARS, ARTICLE_PARAGRAPHS

__all__ = ["open_article_wrappers", "extractor_frame"]

KEEP_SHARE = 1 / 7  # trafilatura deletes the matches only when more than this share of the frame's text is left
_PART_RE = re.compile(r"[-_]")


@lru_cache(maxsize=1)
def _discard() -> tuple[Any, ...]:
    from cleaners.extract.discard import matchers

    return matchers("OVERALL_DISCARD_XPATH")


@lru_cache(maxsize=1)
def _frames() -> tuple[Any, ...]:
    from cleaners.extract.discard import matchers

    return matchers("BODY_XPATH")


def extractor_frame(tree: Any) -> Any:
    """The element trafilatura takes as the article's frame: the first match of its body expressions
    (BODY_XPATH, in their order), or None."""
    for expression in _frames():
        found = next((s for s in expression(tree) if s is not None), None)
        if found is not None:
            return found
    return None


def _shapes(frame: Any) -> dict[Any, int]:
    """The long paragraphs (of ARTICLE_PARAGRAPH_CHARS or more) in `frame` and in each element of it
    that holds one, in one pass: an element has the article's shape when it holds
    ARTICLE_PARAGRAPHS of them. A count stops at ARTICLE_PARAGRAPHS (only that threshold is read):
    a climb stops at an element that has reached it, as all the elements above it have."""
    held: dict[Any, int] = {}
    for p in frame.iter("p"):
        if len(" ".join(p.itertext()).strip()) >= ARTICLE_PARAGRAPH_CHARS:
            held[p] = held.get(p, 0) + 1
            if p is frame:
                continue
            for ancestor in p.iterancestors():
                seen = held.get(ancestor, 0)
                if seen >= ARTICLE_PARAGRAPHS:
                    break
                held[ancestor] = seen + 1
                if ancestor is frame:
                    break
    return held


def _none_defusable(frame: Any, held: dict[Any, int], related_named: Callable[[Any], bool]) -> bool:
    """True when no element of `frame` with the article's shape is one the discard would take and
    not a related block: none could be defused, the discard's matches need not be looked for. Each
    such element is tested alone (a copy of its tag and attributes under a probe): the discard's
    tests read an element's own tag and attributes. False when the discard is trafilatura's XPath
    (an installed version this project has not translated: its tests may read more)."""
    if not all(isinstance(matcher, FunctionType) for matcher in _discard()):
        return False
    for element, paragraphs in held.items():
        if paragraphs >= ARTICLE_PARAGRAPHS and element is not frame and isinstance(element.tag, str) \
                and _trips_alone(element) and not related_named(element):
            return False
    return True


def _trips_alone(element: Any) -> bool:
    """Whether the discard takes `element` (True too when its tag or an attribute name is one an
    XML element cannot take, so it cannot be copied: the whole test is run then)."""
    try:
        return _trips(element.tag, dict(element.attrib))
    except ValueError:
        return True


def _trips(tag: str, attrs: dict[str, str]) -> bool:
    """Whether the discard takes an element of `tag` with `attrs` (tested alone, under a probe)."""
    from lxml.etree import Element, SubElement

    probe = Element("div")
    SubElement(probe, tag, attrs)
    return any(matcher(probe) for matcher in _discard())


def _defused(tag: str, attr: str, token: str) -> str:
    """`token` without the parts that make the discard test match it ("" when none is left)."""
    if not _trips(tag, {attr: token}):
        return token
    parts = [part for part in _PART_RE.split(token) if part]
    kept = list(parts)
    for part in parts:
        kept.remove(part)
        if not _trips(tag, {attr: "-".join(kept)}):
            return "-".join(kept)
        kept.append(part)  # this part alone does not trip it: keep it (at the end: the order does not matter)
    return ""


@lru_cache(maxsize=1)
def _related() -> str:
    """The prune plan's related-article selectors (its `related` group in vocab/prune.toml)."""
    import tomllib

    from cleaners.knowledge.vocab import VOCAB_DIR

    with (VOCAB_DIR / "prune.toml").open("rb") as file:
        return ", ".join(tomllib.load(file).get("related", {}).get("selectors", []))


def _related_named(element: Any) -> bool:
    """A class or id token the prune plan reads as a block of related articles: the plan kept it
    for its size (long excerpts), its name is taken at its word."""
    from cleaners.extract.prune import select
    from cleaners.extract.shelter import probe

    selectors = _related()
    if not selectors:
        return False
    node = probe()
    for attr in ("class", "id"):
        for token in (element.get(attr) or "").split():
            node.attrs["class" if attr == "class" else "id"] = token
            node.attrs["id" if attr == "class" else "class"] = ""
            if select(node, selectors):
                return True
    return False


def open_article_wrappers(tree: Any, frame: Any = None) -> int:
    """Defuse the class and id of the article's own wrappers that trafilatura's class-name discard
    would delete (see the module's doc); returns how many elements were changed. `frame`: the
    extractor's frame of `tree` when the caller has found it already (`extractor_frame`)."""
    if frame is None:
        frame = extractor_frame(tree)
    if frame is None:
        return 0
    held = _shapes(frame)
    related_named = lru_cache(maxsize=None)(_related_named)  # read once an element, for this page only
    if held.get(frame, 0) < ARTICLE_PARAGRAPHS or _none_defusable(frame, held, related_named):
        return 0  # no element in it holds the article's shape, or none that the discard takes: none would be defused
    matches = dict.fromkeys(element for matcher in _discard() for element in matcher(frame))
    defusable = [element for element in matches
                 if held.get(element, 0) >= ARTICLE_PARAGRAPHS and not related_named(element)]
    if not defusable:
        return 0
    outer = [element for element in matches if not any(a in matches for a in element.iterancestors())]
    total = len(frame.text_content())
    if total - sum(len(element.text_content()) for element in outer) <= total * KEEP_SHARE:
        return 0  # trafilatura keeps them all
    before: list[tuple[Any, str, str]] = []
    for element in defusable:
        for attr in ("class", "id"):
            value = element.get(attr)
            if value:
                before.append((element, attr, value))
                element.set(attr, " ".join(t for t in (_defused(element.tag, attr, t) for t in value.split()) if t))
    if before and extractor_frame(tree) is not frame:  # a shortened name made another element the frame: undo
        for element, attr, value in before:
            element.set(attr, value)
        return 0
    return len({id(element) for element, _, _ in before})
