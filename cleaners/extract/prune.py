"""Pruning: page furniture out of the one selectolax tree before any extractor reads it.

A `PrunePlan` (`vocab/prune.toml`; `default_prune_plan()` is the bundled one) names three
groups: `not_text` (scripts, styles), `always` (removed whatever their size) and `guarded`
(removed unless the node holds much of the page's text or looks like the article itself).
"""

from __future__ import annotations

from selectolax.lexbor import LexborHTMLParser, LexborNode

from cleaners.knowledge.bundle import Knowledge
from cleaners.knowledge.vocab import PrunePlan

__all__ = ["PrunePlan", "default_prune_plan", "prune", "outermost"]

_KEEP_TAGS = {"html", "head", "body", "-document"}


def default_prune_plan() -> PrunePlan:
    return Knowledge.default().prune


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
    """Remove the nodes matching `selectors` (all of them), or those of `plan` (`guarded_only`
    when its `always` part is already gone). Returns how many nodes went."""
    if selectors is not None:
        nodes = _outermost(root, selectors)
        for node in nodes:
            node.decompose()
        return len(nodes)
    if plan is None:
        raise TypeError("prune needs selectors or a plan")
    count = 0
    if not guarded_only:
        count = sum(prune(root, sel) for sel in (plan.not_text, plan.always) if sel)
    if not plan.guarded:
        return count
    body = root.body if isinstance(root, LexborHTMLParser) else root
    total = len(body.text(deep=True)) if body is not None else 0
    limit = max(total * plan.max_share, plan.min_chars)
    for node in _outermost(root, plan.guarded):
        if len(node.text(deep=True)) <= limit and not _holds_article(node, plan):
            node.decompose()
            count += 1
    return count


def _holds_article(node: LexborNode, plan: PrunePlan) -> bool:
    """An <article>/<main>, or a node with several long paragraphs: likely the article itself."""
    if node.tag in ("article", "main"):
        return True
    long_paragraphs = 0
    for p in node.css("p"):
        if len(p.text(deep=True)) >= plan.article_paragraph_chars:
            long_paragraphs += 1
            if long_paragraphs >= plan.article_paragraphs:
                return True
    return False
