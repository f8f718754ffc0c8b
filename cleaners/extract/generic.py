"""Extraction: the article's blocks out of the parsed page.

The generic path: trafilatura finds the main content in the (pruned, see `extract.prune`)
tree, and its output elements are mapped to blocks.

The pruned Lexbor tree is handed over once: what trafilatura would delete or unwrap anyway goes
first (its cost is per element), the body is parsed into one lxml tree, and every trafilatura
pass reads that tree (it copies what it changes). trafilatura's text rendering is skipped: its
output elements are mapped straight to blocks.
"""

from __future__ import annotations

from copy import copy
from functools import lru_cache
from importlib.metadata import version
from typing import Any

from selectolax.lexbor import LexborHTMLParser, LexborNode

from cleaners.extract.prune import outermost
from cleaners.knowledge.settings import default_settings
from cleaners.model import TABLE_CELL_SEPARATOR, Block, Provenance

__all__ = ["generic_blocks", "GENERIC"]

# What extracted a generic-path article. trafilatura itself is imported on the first generic page:
# it takes about a second to import, and pages with a site profile may never need it.
GENERIC = Provenance("generic", "trafilatura-" + version("trafilatura"))

# Elements trafilatura deletes with their content whatever the options (its tree cleaning), and
# those it unwraps: removed or unwrapped in the Lexbor tree before the hand-over, the result is
# the same for fewer elements to parse and test. <figure> holding a table, <math>, <form> (a page
# wrapper on some sites) and <header> (trafilatura judges it itself) are left to it.
_DELETED = ("aside, embed, fencedframe, footer, iframe, menu, object, applet, audio, canvas, map, picture, "
            "video, area, blink, button, datalist, dialog, frame, frameset, fieldset, link, input, label, "
            "legend, marquee, menuitem, nav, noindex, noscript, optgroup, option, output, param, progress, "
            "rp, rt, rtc, select, source, style, track, textarea, time, use, svg, script, template, img")
_UNWRAPPED = ["abbr", "acronym", "address", "bdi", "bdo", "big", "cite", "data", "dfn", "font", "hgroup",
              "ins", "mark", "nobr", "ruby", "small", "tbody", "tfoot", "thead"]


def _element_text(element) -> str:
    """Text of a trafilatura output element; its <lb/> line breaks become newlines."""
    parts: list[str] = []

    def walk(el) -> None:
        if el.tag == "lb":
            parts.append("\n")
        elif el.text:
            parts.append(el.text)
        for child in el:
            walk(child)
            if child.tail:
                parts.append(child.tail)

    walk(element)
    return "".join(parts)


def _trafilatura_blocks(body) -> list[Block]:
    blocks: list[Block] = []
    for element in body:
        tag = element.tag
        if tag == "head":
            blocks.append(Block("heading", _element_text(element)))
        elif tag == "list":
            for item in element.iter("item"):
                blocks.append(Block("list_item", _element_text(item)))
        elif tag == "quote":
            blocks.append(Block("quote", _element_text(element)))
        elif tag == "table":
            for row in element.iter("row"):
                cells = [_element_text(cell).strip() for cell in row.iter("cell")]
                blocks.append(Block("table", TABLE_CELL_SEPARATOR.join(c for c in cells if c)))
        elif tag in ("graphic", "ref"):
            continue
        else:
            blocks.append(Block("paragraph", _element_text(element)))
    return blocks


def generic_blocks(root: LexborHTMLParser | LexborNode, url: str | None = None) -> list[Block]:
    """trafilatura's main content of an (already pruned) tree, as blocks. The tree is trimmed of
    what trafilatura's tree cleaning deletes anyway (see the module's doc)."""
    body = root.body if isinstance(root, LexborHTMLParser) else root
    if body is None:
        return []
    whole = _document(body)
    if whole is None:
        return []
    _trim(body)
    trimmed = _document(body)
    blocks = _run_trafilatura(_lxml(trimmed), url, fast=True) if trimmed is not None else []
    if sum(len(b.text) for b in blocks) < FALLBACK_BELOW_CHARS:
        # trafilatura's own fallbacks (readability, jusText) cost more; run them only when the
        # fast pass found (almost) nothing, on the untrimmed body: they read what its tree
        # cleaning deletes (an article inside a <fieldset> or a large <aside>).
        slow = _run_trafilatura(_lxml(whole), url, fast=False)
        if sum(len(b.text) for b in slow) > sum(len(b.text) for b in blocks):
            blocks = slow
    return blocks


FALLBACK_BELOW_CHARS = default_settings().extract.fallback_below_chars


def _trim(body: LexborNode) -> None:
    doomed = body.css(_DELETED)
    doomed += [node for node in body.css("figure") if node.css_first("table") is None]
    for node in outermost(doomed):
        node.decompose()
    body.unwrap_tags(_UNWRAPPED)


def _document(body: LexborNode) -> str | None:
    """`body` as an HTML document (None when it holds no text)."""
    html = body.html or ""
    if not html.strip():
        return None
    return f"<html>{html}</html>" if body.tag == "body" else f"<html><body>{html}</body></html>"


def _lxml(document: str) -> Any:
    from trafilatura.utils import load_html

    return load_html(document)


@lru_cache(maxsize=2)
def _options(fast: bool) -> Any:
    from trafilatura.settings import Extractor

    return Extractor(output_format="xml", fast=fast, precision=True, comments=False, tables=True, images=False,
                     with_metadata=False)


def _run_trafilatura(tree: Any, url: str | None, *, fast: bool) -> list[Block]:
    from trafilatura import bare_extraction

    options = copy(_options(fast))
    options.url = options.source = url
    doc = bare_extraction(tree, url=url, options=options)
    body = getattr(doc, "body", None)  # a Document
    if body is None:
        return []
    return _trafilatura_blocks(body)
