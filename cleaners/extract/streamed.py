"""Streamed content put where the page shows it.

A page rendered by streaming (React's server rendering with Suspense, as Next.js sends it) writes
a placeholder where a part of the page is not ready yet, `<template id="B:0"></template>` followed
by its fallback (`<div>Loading paragraph...</div>`, a skeleton), and sends that part later, at the
end of the body, as a hidden segment `<div hidden id="S:0">...</div>`; a script call
(`$RC("B:0","S:0")`) moves the segment into the placeholder when the browser runs it. Read as it
is, the page holds the article's frame full of "Loading ..." and the article itself in hidden
blocks after the footer, where no extractor looks for it.

`place_streamed_segments` does what the browser does: each segment's content goes in place of its
placeholder, and the fallback goes. The pairs are read from the script calls (`$RC(placeholder,
segment)`, and `$RS(segment, placeholder)` for a segment streamed into another one); without
them, placeholder `B:n` (or `P:n`) takes segment `S:n`. The fallback is what lies between the
placeholder and the boundary comment `<!--/$-->` React writes after it; a page saved without its
comments has the fallback as the one element right after a `B:` placeholder, taken only when it is
short (`FALLBACK_MAX_CHARS`: a "Loading ..." line or an empty skeleton, not content); a postponed
slot (`P:n`, a segment streamed into another) has none.
"""

from __future__ import annotations

import re

from selectolax.lexbor import LexborHTMLParser, LexborNode

__all__ = ["place_streamed_segments"]

FALLBACK_MAX_CHARS = 100
MAX_ROUNDS = 8  # segments streamed into segments: placed this many levels deep at most

_PLACEHOLDER_RE = re.compile(r"[BP]:[0-9a-z]+\Z")
_SEGMENT_RE = re.compile(r"S:[0-9a-z]+\Z")
_CALL_RE = re.compile(r"""\$R([CS])\(\s*["']([BPS]:[0-9a-z]+)["']\s*,\s*["']([BPS]:[0-9a-z]+)["']""")
_BOUNDARY_OPEN = frozenset({"$", "$?", "$!"})


def _pairs(tree: LexborHTMLParser) -> dict[str, str]:
    """placeholder id -> segment id, from the page's $RC / $RS calls."""
    pairs: dict[str, str] = {}
    for script in tree.css("script"):
        text = script.text(deep=True) or ""
        if "$R" not in text:
            continue
        for kind, first, second in _CALL_RE.findall(text):
            placeholder, segment = (first, second) if kind == "C" else (second, first)
            pairs.setdefault(placeholder, segment)
    return pairs


_FALLBACK_MAX_NODES = 200  # sibling nodes a boundary's fallback may span before it is taken for no fallback


def _fallback(placeholder: LexborNode) -> list[LexborNode]:
    """The nodes after `placeholder` that stand in for its segment (see the module's doc)."""
    before = placeholder.prev
    while before is not None and before.tag == "-text" and not (before.text_content or "").strip():
        before = before.prev
    if before is not None and before.tag == "-comment" and _comment(before) == "$?":
        nodes: list[LexborNode] = []
        depth, node = 0, placeholder.next
        while node is not None:
            if node.tag == "-comment":
                data = _comment(node)
                if data == "/$":
                    if depth == 0:
                        return nodes
                    depth -= 1
                elif data in _BOUNDARY_OPEN:
                    depth += 1
            nodes.append(node)
            if len(nodes) > _FALLBACK_MAX_NODES:
                return []  # no fallback is this long (a page of unclosed boundaries is not walked over and over)
            node = node.next
        return []  # no closing comment: leave the page as it is
    if not (placeholder.attributes.get("id") or "").startswith("B:"):
        return []  # a postponed slot (P:n) has no fallback
    node = placeholder.next
    while node is not None and node.tag in ("-text", "-comment") and not (node.text_content or "").strip():
        node = node.next
    if node is None or node.tag in ("-text", "template"):
        return []
    return [node] if len((node.text(deep=True) or "").strip()) <= FALLBACK_MAX_CHARS else []


def _comment(node: LexborNode) -> str:
    html = node.html or ""
    return html[4:-3].strip() if html.startswith("<!--") and html.endswith("-->") else ""


def place_streamed_segments(tree: LexborHTMLParser) -> int:
    """Move each hidden streamed segment of `tree` into its placeholder, the placeholder's
    fallback out (see the module's doc); returns how many segments were placed."""
    # by tag name: a walk in C without css()'s selector machinery (the same elements, in document order)
    placeholders = [t for t in tree.tags("template") if _PLACEHOLDER_RE.match(t.attributes.get("id") or "")]
    if not placeholders:
        return 0
    segments = {node.attributes.get("id") or "": node for node in tree.css("div[hidden]")
                if _SEGMENT_RE.match(node.attributes.get("id") or "")}
    if not segments:
        return 0
    pairs = _pairs(tree)
    placed = 0
    # a segment may hold placeholders of its own, placed in the next round (a round that places
    # nothing ends it; a real page nests them a few levels deep, a hostile one no deeper than this)
    for _ in range(MAX_ROUNDS):
        before = placed
        for template in tree.css("template"):
            name = template.attributes.get("id") or ""
            if template.parent is None or not _PLACEHOLDER_RE.match(name):
                continue
            segment = segments.pop(pairs.get(name) or "S:" + name[2:], None)
            if segment is None:
                continue
            for node in _fallback(template):
                node.decompose()
            for child in list(segment.iter(include_text=True)):
                template.insert_before(child)
            template.decompose()
            segment.decompose()
            placed += 1
        if placed == before or not segments:
            break
    return placed
