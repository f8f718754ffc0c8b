"""Extraction: the article's blocks out of the parsed page.

The generic path: trafilatura finds the main content in the (pruned, see `extract.prune`)
tree, and its output elements are mapped to blocks.
"""

from __future__ import annotations

import trafilatura
from selectolax.lexbor import LexborHTMLParser, LexborNode

from cleaners.knowledge.settings import default_settings
from cleaners.model import TABLE_CELL_SEPARATOR, Block, Provenance

__all__ = ["generic_blocks", "GENERIC"]

GENERIC = Provenance("generic", "trafilatura-" + trafilatura.__version__)  # what extracted a generic-path article


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
    """trafilatura's main content of an (already pruned) tree, as blocks."""
    html = root.html or ""
    if not html.strip():
        return []
    blocks = _run_trafilatura(html, url, fast=True)
    if sum(len(b.text) for b in blocks) < FALLBACK_BELOW_CHARS:
        # trafilatura's own fallbacks (readability, jusText) cost more; run them only when the
        # fast pass found (almost) nothing.
        slow = _run_trafilatura(html, url, fast=False)
        if sum(len(b.text) for b in slow) > sum(len(b.text) for b in blocks):
            blocks = slow
    return blocks


FALLBACK_BELOW_CHARS = default_settings().extract.fallback_below_chars


def _run_trafilatura(html: str, url: str | None, *, fast: bool) -> list[Block]:
    doc = trafilatura.bare_extraction(
        html,
        url=url,
        fast=fast,
        favor_precision=True,
        include_comments=False,
        include_tables=True,
        include_images=False,
        with_metadata=False,
        output_format="python",
    )
    body = getattr(doc, "body", None)  # a Document with output_format="python"
    if body is None:
        return []
    return _trafilatura_blocks(body)
