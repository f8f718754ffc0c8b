"""The lead the generic path's extractor dropped, put back.

Older layouts write the lead as loose text in the article's container, before
the first paragraph element (`<div class="body"><b>Site.com</b> - First sentence ... <p>Second`,
`<span itemprop="articleBody"><strong>CITY</strong> - ... <div>Second ...</div>`); trafilatura
keeps the elements and drops the loose run. The run is found beside the extracted body: the
element that holds the first extracted paragraph, and the inline content (text, links, bold,
line breaks) right before it in the same parent, back to the previous element with text. It is
put back when it reads as prose (`LEAD_MIN_WORDS` words and a sentence end), is mostly not link
text (`LEAD_MAX_LINK_SHARE`), and is not already in the extracted text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from selectolax.lexbor import LexborNode

from cleaners.describe.refusal import text_size
from cleaners.extract.breaks import TEXT_LEVEL_TAGS
from cleaners.extract.prune import MIN_NODE_CHARS, norm
from cleaners.model import Block

__all__ = ["INLINE_TAGS", "TextStarts", "recover_lead"]

# Text-level elements: a run of them (and of text) is one paragraph; any other element, custom
# ones included, is a block of its own.
INLINE_TAGS = TEXT_LEVEL_TAGS | {"-text", "-comment"}
_BREAK = "\x00"  # a <br> in a collected run
_PARAGRAPH_BREAK_RE = re.compile(r"\x00\s*\x00")
_BLOCKS_INSIDE = "p, div, li, ul, ol, table, blockquote, section, article, h1, h2, h3, h4, h5, h6"
_PROBE_CHARS = 80  # the start of the first paragraph a text node is looked for in
_START_CHARS = 30  # the start of a text node looked for in it
_HEAD_CHARS = 2 * _START_CHARS  # the characters of a text node its start is first read from
LEAD_MIN_WORDS = 12  # a recovered lead reads as prose: this many words and a sentence end
LEAD_MAX_LINK_SHARE = 0.5  # and at most this share of its characters in link text


class TextStarts:
    """The starts of the text nodes of a body that no longer changes, in document order, each with
    the element holding it; the tree is walked only as far as a query needs, and once."""

    def __init__(self, body: LexborNode) -> None:
        self._walk: Iterator[LexborNode] | None = body.traverse(include_text=True)
        self._starts: list[tuple[str, LexborNode]] = []  # (the normalised text's start, its text node)

    def _read(self) -> bool:
        """Read on to the next text node long enough to be matched; False at the end. The start of
        a long text is normalised from its first `_HEAD_CHARS` characters when they give enough
        (the normalised start of a text is the start of the normalised text)."""
        for node in self._walk or ():
            raw = node.text_content  # None but for a text node
            if raw is None or len(raw) < MIN_NODE_CHARS or raw.isspace():  # its normalised text is shorter
                continue
            text = norm(raw[:_HEAD_CHARS])
            if len(text) < _START_CHARS and len(raw) > _HEAD_CHARS:
                text = norm(raw)
            if len(text) >= MIN_NODE_CHARS:
                self._starts.append((text[:_START_CHARS], node))
                return True
        self._walk = None
        return False

    def holders(self, paragraphs: list[str]) -> list[LexborNode | None]:
        """The element whose text starts each of `paragraphs`: the nearest block ancestor of the
        first text node whose start (`_START_CHARS` characters of its normalised text, or all of
        it) is in the paragraph's first `_PROBE_CHARS` characters."""
        probes = [norm(text)[:_PROBE_CHARS] for text in paragraphs]
        found: list[LexborNode | None] = [None] * len(probes)
        missing = len(probes)
        starts = self._starts
        joined = "\n".join(probes)  # a start (no line break in it) in none of them is in no probe
        at = 0
        while missing and (at < len(starts) or self._read()):
            start, node = starts[at]
            at += 1
            if start not in joined:
                continue
            for index, probe in enumerate(probes):
                if found[index] is None and start in probe:
                    holder = node.parent
                    while holder is not None and holder.tag in INLINE_TAGS:
                        holder = holder.parent
                    found[index] = holder
                    missing -= 1
        return found


def _run_before(holder: LexborNode) -> tuple[str, int]:
    """The inline content right before `holder` in its parent (text, and the characters of it in
    links), back to the previous block with text; empty blocks (spacers) are skipped. Two line
    breaks in a row end a paragraph of the run (one is a line wrap)."""
    parts: list[str] = []
    linked = 0
    node = holder.prev
    while node is not None:
        tag = node.tag
        if tag == "-text":
            parts.append(node.text_content or "")
        elif tag == "br":
            parts.append(_BREAK)
        elif tag == "-comment":
            pass
        elif tag not in INLINE_TAGS or node.css_first(_BLOCKS_INSIDE) is not None:
            if norm(node.text(deep=True)):
                break
        else:
            text = node.text(deep=True) or ""
            parts.append(text)
            links = [node] if tag == "a" else node.css("a")
            linked += sum(len(norm(a.text(deep=True))) for a in links)
        node = node.prev
    return "".join(reversed(parts)), linked


def recover_lead(starts: TextStarts, blocks: list[Block]) -> list[Block]:
    """`blocks` with the lead put back in front when the extractor dropped it (see the module's doc);
    `starts`: the body's text nodes."""
    first = next((b for b in blocks if b.kind == "paragraph" and len(norm(b.text)) >= MIN_NODE_CHARS), None)
    if first is None:
        return blocks
    holder = starts.holders([first.text])[0]
    if holder is None or holder.tag in ("body", "html"):
        return blocks
    run, linked = _run_before(holder)
    lead = [line for line in (norm(part.replace(_BREAK, " ")) for part in _PARAGRAPH_BREAK_RE.split(run)) if line]
    text = " ".join(lead)
    if not text or linked > LEAD_MAX_LINK_SHARE * len(text):
        return blocks
    words, sentences = text_size(text)
    if words < LEAD_MIN_WORDS or sentences < 1:
        return blocks
    extracted = norm(" ".join(b.text for b in blocks))
    if any(line in extracted for line in lead if len(line) >= MIN_NODE_CHARS):
        return blocks
    at = blocks.index(first)
    return blocks[:at] + [Block("paragraph", line) for line in lead] + blocks[at:]
