"""Extraction: the article's blocks out of the parsed page.

The generic path prunes the one selectolax tree (selectors in `vocab/prune.toml`), then lets
trafilatura find the main content in what is left, and maps trafilatura's output elements to
blocks.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import trafilatura
from selectolax.lexbor import LexborHTMLParser, LexborNode

from cleaners.errors import ConfigError, read_toml
from cleaners.knowledge import DATA_DIR
from cleaners.model import Block

__all__ = ["prune", "generic_blocks", "outermost", "PrunePlan", "default_prune_plan", "GENERIC"]

GENERIC = "generic/trafilatura-" + trafilatura.__version__
_VOCAB = DATA_DIR / "vocab" / "prune.toml"


@dataclass(frozen=True)
class PrunePlan:
    not_text: str  # the `not_text` group: scripts, styles; gone before anything reads the page's text
    always: str  # the other selectors removed whatever their size
    guarded: str  # selectors removed unless the node holds more than max_share of the text
    max_share: float


@lru_cache(maxsize=1)
def default_prune_plan() -> PrunePlan:
    data = read_toml(_VOCAB, ConfigError)
    max_share = float(data.pop("max_share", 0.35))
    not_text = data.pop("not_text", {}).get("selectors", [])
    always = [s for g in data.values() if g.get("always") for s in g["selectors"]]
    guarded = [s for g in data.values() if not g.get("always") for s in g["selectors"]]
    return PrunePlan(", ".join(not_text), ", ".join(always), ", ".join(guarded), max_share)


def outermost(nodes: list[LexborNode]) -> list[LexborNode]:
    """The nodes no other of `nodes` contains, in document order. A node inside another goes
    with it, and must not be touched once its ancestor is destroyed."""
    marked = {n.mem_id for n in nodes}
    out = []
    for node in nodes:
        parent = node.parent
        while parent is not None and parent.mem_id not in marked:
            parent = parent.parent
        if parent is None:
            out.append(node)
    return out


def _outermost(root: LexborHTMLParser | LexborNode, selectors: str) -> list[LexborNode]:
    return outermost([n for n in root.css(selectors) if n.tag not in _KEEP_TAGS])


def prune(root: LexborHTMLParser | LexborNode, selectors: str | None = None, *,
          plan: PrunePlan | None = None, guarded_only: bool = False) -> int:
    """Remove the nodes matching `selectors` (all of them), or those of `plan` (default: the
    generic prune list; `guarded_only` when its `always` part is already gone). Returns how
    many nodes went."""
    if selectors is not None:
        nodes = _outermost(root, selectors)
        for node in nodes:
            node.decompose()
        return len(nodes)
    plan = plan or default_prune_plan()
    count = 0
    if not guarded_only:
        count = sum(prune(root, sel) for sel in (plan.not_text, plan.always) if sel)
    if not plan.guarded:
        return count
    body = root.body if isinstance(root, LexborHTMLParser) else root
    total = len(body.text(deep=True)) if body is not None else 0
    limit = max(total * plan.max_share, 1500)
    for node in _outermost(root, plan.guarded):
        if len(node.text(deep=True)) <= limit and not _holds_article(node):
            node.decompose()
            count += 1
    return count


def _holds_article(node: LexborNode) -> bool:
    """An <article>/<main>, or a node with several long paragraphs: likely the article itself."""
    if node.tag in ("article", "main"):
        return True
    long_paragraphs = 0
    for p in node.css("p"):
        if len(p.text(deep=True)) >= 120:
            long_paragraphs += 1
            if long_paragraphs >= 3:
                return True
    return False


_KEEP_TAGS = {"html", "head", "body", "-document"}


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
                blocks.append(Block("paragraph", " | ".join(c for c in cells if c)))
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


FALLBACK_BELOW_CHARS = 200


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
    if doc is None or getattr(doc, "body", None) is None:
        return []
    return _trafilatura_blocks(doc.body)
