"""Extraction: the article's blocks out of the parsed page.

The generic path: trafilatura finds the main content in the (pruned, see `extract.prune`)
tree, and its output elements are mapped to blocks.

The pruned Lexbor tree is handed over once: what trafilatura would delete or unwrap anyway goes
first (its cost is per element), the body is parsed into one lxml tree, and every trafilatura
pass reads that tree (it copies what it changes). trafilatura's text rendering is skipped: its
output elements are mapped straight to blocks. Before the hand-over, the matches of trafilatura's
delete-whole rules that would take article text along are disarmed (`extract.recall`), and a page
whose article frame the extractor would not recognise gets its flow of paragraphs named
(`extract.frame`); after it, the article's continuation in sibling containers is put back
(`extract.continuation`). When the fast pass finds (almost) nothing, an article written straight
into an element between <br>s is read again as paragraphs (`extract.breaks`) before trafilatura's
slower fallbacks run. A lead the extractor dropped is put back (`extract.lead`).
"""

from __future__ import annotations

from importlib.metadata import version
from typing import Any

from lxml.etree import Comment, Entity, ProcessingInstruction
from selectolax.lexbor import LexborHTMLParser, LexborNode

from cleaners.describe.refusal import text_size
from cleaners.extract.breaks import break_paragraphs
from cleaners.extract.continuation import continuation
from cleaners.extract.frame import name_the_frame
from cleaners.extract.furniture import drop_furniture
from cleaners.extract.handover import extract, lxml_tree
from cleaners.extract.items import list_blocks
from cleaners.extract.lead import TextStarts, recover_lead
from cleaners.extract.prune import outermost
from cleaners.extract.recall import disarm_precision_traps
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
_UNWRAPPED = ("abbr, acronym, address, bdi, bdo, big, cite, data, dfn, font, hgroup, ins, mark, nobr, ruby, small, "
              "tbody, tfoot, thead")
_DELETED_TAGS = frozenset(tag.strip() for tag in _DELETED.split(","))
_UNWRAPPED_TAGS = frozenset(tag.strip() for tag in _UNWRAPPED.split(","))
# What `_element_text` reads otherwise than lxml's `itertext`: line breaks, and nodes whose text it
# leaves out
_NOT_PLAIN_TEXT = ("lb", Comment, ProcessingInstruction, Entity)


def _element_text(element) -> str:
    """Text of a trafilatura output element; its <lb/> line breaks become newlines. Without line
    breaks, comments, processing instructions or entities in it (whose text lxml's `itertext`
    leaves out), that is the text lxml gives."""
    if len(element) == 0:
        return "\n" if element.tag == "lb" else element.text or ""
    if next(element.iter(*_NOT_PLAIN_TEXT), None) is None:
        return "".join(element.itertext())
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
            blocks.extend(list_blocks(element))
        elif tag == "quote":
            blocks.append(Block("quote", _element_text(element)))
        elif tag == "table":
            blocks.extend(_table_blocks(element))
        elif tag not in ("graphic", "ref"):
            blocks.append(Block("paragraph", _element_text(element)))
        if element.tail and element.getparent() is body and text_size(element.tail)[1]:  # loose sentences between them
            blocks.append(Block("paragraph", element.tail))
    return blocks


# Elements of trafilatura's output that make a table cell a page region rather than a datum.
_LAYOUT_CHILDREN = frozenset({"p", "head", "list", "quote", "table"})


def _table_blocks(table) -> list[Block]:
    """A table's rows as "table" blocks, cells joined by TABLE_CELL_SEPARATOR. A row whose cells
    hold paragraphs, headings, lists or tables is page layout (an article written into a table
    cell): its cells' content comes out as the blocks it is made of, not one row of run-together
    text."""
    blocks: list[Block] = []
    for row in (child for child in table if child.tag == "row"):
        cells = [cell for cell in row if cell.tag == "cell"]
        if not any(child.tag in _LAYOUT_CHILDREN for cell in cells for child in cell):
            texts = (_element_text(cell).strip() for cell in cells)
            blocks.append(Block("table", TABLE_CELL_SEPARATOR.join(t for t in texts if t)))
            continue
        for cell in cells:
            loose = [cell.text]
            for child in cell:
                if child.tag in _LAYOUT_CHILDREN:
                    blocks.extend(_loose(loose))
                    blocks.extend(_trafilatura_blocks([child]))
                    loose = [child.tail]
                else:  # inline: its text runs on with the loose text around it
                    loose += [_element_text(child), child.tail]
            blocks.extend(_loose(loose))
    return blocks


def _loose(parts: list[str | None]) -> list[Block]:
    text = "".join(p for p in parts if p).strip()
    return [Block("paragraph", text)] if text else []


def generic_blocks(root: LexborHTMLParser | LexborNode, url: str | None = None) -> list[Block]:
    """trafilatura's main content of an (already pruned) tree, as blocks. The tree is trimmed of
    what trafilatura's tree cleaning deletes anyway (see the module's doc)."""
    body = root.body if isinstance(root, LexborHTMLParser) else root
    if body is None:
        return []
    drop_furniture(body)
    found = _Found(body)
    untrimmed = _untrimmed(body, found)
    if untrimmed is None:
        return []
    _trim(body, found)
    trimmed = _document(body)
    starts = TextStarts(body)  # the body does not change from here on
    blocks = _fast_pass(_lxml(trimmed), starts, url) if trimmed is not None else []
    fallback = _chars(blocks) < FALLBACK_BELOW_CHARS
    if fallback and trimmed is not None:
        # an article written straight into an element between <br>s: the fast pass reads it as <p>s;
        # taken when it is the body's text, not a box beside an article the fast pass missed
        tree = _lxml(trimmed)
        if tree is not None and break_paragraphs(tree, FALLBACK_BELOW_CHARS):
            again = _fast_pass(tree, starts, url)
            size = _chars(again)
            if size >= FALLBACK_BELOW_CHARS and size >= BREAKS_MIN_SHARE * _text_chars(untrimmed):
                return again
    if fallback:  # as if the paragraphs had not been read: a box turned down stays out
        # trafilatura's own fallbacks (readability, jusText) cost more; run them only when the
        # fast pass found (almost) nothing, on the untrimmed body: they read what its tree
        # cleaning deletes (an article inside a <fieldset> or a large <aside>).
        whole = untrimmed if isinstance(untrimmed, str) else _document(untrimmed)
        slow = _run_trafilatura(_lxml(whole), url, fast=False) if whole is not None else []
        if _chars(slow) > _chars(blocks):
            blocks = slow
    return blocks


FALLBACK_BELOW_CHARS = default_settings().extract.fallback_below_chars
BREAKS_MIN_SHARE = default_settings().extract.breaks_min_share


def _chars(blocks: list[Block]) -> int:
    return sum(len(b.text) for b in blocks)


def _text_chars(kept: LexborNode | str) -> int:
    """The characters of the text of what `_untrimmed` kept (whitespace runs as one)."""
    node = LexborHTMLParser(kept).body if isinstance(kept, str) else kept
    return len(" ".join((node.text(deep=True, separator=" ") if node is not None else "").split()))


def _fast_pass(tree: Any, starts: TextStarts, url: str | None) -> list[Block]:
    """trafilatura's fast pass over the lxml `tree`, with the lead and the continuation put back."""
    blocks = recover_lead(starts, _run_trafilatura(_framed(tree), url, fast=True))
    return continuation(starts.holders, blocks, lambda html: _extract_html(html, url))


# Elements a copy of the tree (`LexborNode.clone`) does not serialise as the tree: a <template>'s
# content is not copied, and names inside <svg> lose their case (foreignObject). Both are deleted by
# the trim, so the walk finds them.
_NOT_CLONED = frozenset({"template", "svg"})
assert _NOT_CLONED <= _DELETED_TAGS, "the walk flags them among the tags the trim deletes"


class _Found:
    """What the trim works on, listed in one walk of the body before it changes: the elements of
    each tag its steps look for, and whether a copy of the body would not serialise as it does."""

    __slots__ = ("tables", "paragraphs", "figures", "doomed", "unwrapped", "uncloned")

    def __init__(self, body: LexborNode) -> None:
        tables: list[LexborNode] = []
        paragraphs: list[LexborNode] = []
        figures: list[LexborNode] = []
        doomed: list[LexborNode] = []
        unwrapped: list[LexborNode] = []
        uncloned = False
        for node in body.traverse():
            tag = node.tag
            if tag in _DELETED_TAGS:
                doomed.append(node)
                if tag in _NOT_CLONED:
                    uncloned = True
            elif tag in _UNWRAPPED_TAGS:
                unwrapped.append(node)
            elif tag == "p":
                paragraphs.append(node)
            elif tag == "table":
                tables.append(node)
            elif tag == "figure":
                figures.append(node)
        self.tables, self.paragraphs, self.figures = tables, paragraphs, figures
        self.doomed, self.unwrapped, self.uncloned = doomed, unwrapped, uncloned


def _untrimmed(body: LexborNode, found: _Found) -> LexborNode | str | None:
    """What the fallback reads of the body once it is trimmed: `_document(body)` now (None when
    that is), or a copy of the body that serialises to it. A <body> element's HTML begins with its
    tag, never blank; its copy (in the same document, outside the tree: the trim does not reach
    it) costs less than the serialisation most pages never read. Other nodes (a fragment's root
    serialises with its siblings) and bodies holding what a copy loses are serialised now. The
    copy is held by the parser's document until the parser is freed (once a page)."""
    if body.tag == "body" and not found.uncloned:
        return body.clone()
    return _document(body)


def _trim(body: LexborNode, found: _Found) -> None:
    """Delete and unwrap what trafilatura's tree cleaning would (see `_DELETED`), the precision
    traps disarmed first. One walk of the body (`found`) lists the elements of every tag the steps
    look for (disarming changes attributes and unwraps headers, none of those tags)."""
    disarm_precision_traps(body, found.tables, found.paragraphs)
    doomed = found.doomed + [node for node in found.figures if node.css_first("table") is None]
    doomed_ids = {node.mem_id for node in doomed}
    unwrapped = outermost(found.unwrapped, doomed_ids)  # not deleted with an ancestor
    for node in outermost(doomed, doomed_ids):
        node.decompose()
    for node in unwrapped:
        node.unwrap()


def _document(body: LexborNode) -> str | None:
    """`body` as an HTML document (None when it holds no text)."""
    html = body.html or ""
    if not html.strip():
        return None
    return f"<html>{html}</html>" if body.tag == "body" else f"<html><body>{html}</body></html>"


def _framed(tree: Any) -> Any:
    name_the_frame(tree)
    return tree


def _lxml(document: str) -> Any:
    return lxml_tree(document)


def _extract_html(html: str, url: str | None) -> list[Block]:
    """trafilatura's main content of a piece of the trimmed tree."""
    return _run_trafilatura(_lxml(f"<html><body>{html}</body></html>"), url, fast=True)


def _run_trafilatura(tree: Any, url: str | None, *, fast: bool) -> list[Block]:
    if tree is None:
        return []
    body = extract(tree, url, fast=fast)
    return [] if body is None else _trafilatura_blocks(body)
