"""Furniture by DOM context: captions, photo credits, credit tables and lists of other stories
taken out of the tree before the generic extractor reads it.

A line's text alone often cannot tell a caption from a short paragraph (`Samsul Arif dan Purwaka
Yudi gabung dengan skuad Persib ...` is a sentence either way); where it sits can. Each kind
below is a DOM context and a text test from the clean step's line kinds (`cleaners.clean.lines`),
never a site's class name or a phrase:

- caption, image holder: the nearest block around an `<img>` holds only the image and a short
  text (`<div class="photo"><img> Credit Caption.</div>`, a layout table cell with the picture and
  its caption); the text goes with the image. Icons and emoji (small declared size) don't count.
- caption, after an image: the first block with text right after an image-only block, short,
  and reading as a caption: it ends in a photo credit or credit label (`... Foto: Grammy`,
  `(AP Photo/Name)`), or it is wholly emphasised (`<em>`, `<i>`, `<small>`) and repeats the
  image's alt/title words.
- caption, by name: a `figcaption`, or an element whose class (not its id: a heading's id slug
  may hold the word) has a `caption`, `credit` or `figcaption` token (split on `-`, `_` and
  spaces), short and holding no run of paragraphs.
- credit table: a table whose every row reads as a credit (`Penulis | : Name`, `Editor | : Name`).
- related list: a list of three or more items that are each one link plus at most a date, a
  number or a label, none longer than `furniture_max_words` words
  (`<li><span>Kamis, 05/11/2015 10:08 WIB</span><a>Other story</a></li>`,
  rank digits `01` ... `10`): the headlines, dates and digits of other stories.

Every test has a size guard (`furniture_max_words`): a block long enough to be article text stays.
The thresholds are the `furniture_*` keys of `[extract]` in `cleaners/data/settings.toml`.
"""

from __future__ import annotations

import re

from selectolax.lexbor import LexborNode

from cleaners.clean.lines import ends_sentence, is_caption, is_credit, is_photo_label
from cleaners.extract.breaks import TEXT_LEVEL_TAGS
from cleaners.extract.prune import norm, outermost
from cleaners.knowledge.settings import ExtractSettings, default_settings

__all__ = ["drop_furniture", "furniture_nodes"]

_INLINE = TEXT_LEVEL_TAGS | {"img", "picture", "source"}
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_HEADING_SELECTOR = "h1, h2, h3, h4, h5, h6"
_PARAGRAPHS = "p, li, blockquote, h1, h2, h3, h4, h5, h6"
_BLOCKS = ("address, article, aside, blockquote, dd, details, div, dl, dt, fieldset, figure, footer, form, h1, h2, h3, "
           "h4, h5, h6, header, li, main, nav, ol, p, pre, section, table, ul")
_TOKEN_RE = re.compile(r"[\s_-]+")
_CAPTION_TOKENS = frozenset({"caption", "credit", "credits", "figcaption", "imagecaption", "photocaption"})
_WORD_RE = re.compile(r"\w+")
_DIGIT_RE = re.compile(r"\d")
_SHORT_CHARS_MIN = 4000  # a text this long is read word by word whatever the word limit ...
_CHARS_PER_WORD = 64  # ... and longer ones when the limit allows: this many characters a word, spaces included
_SENTENCE_END_RE = re.compile(r"[.!?]\s+")


def _text(node: LexborNode) -> str:
    return norm(node.text(deep=True, separator=" "))


def _has_text(node: LexborNode) -> bool:
    text = node.text(deep=True)
    return bool(text) and not text.isspace()


def _limits() -> ExtractSettings:
    """The `furniture_*` thresholds (settings read once)."""
    return default_settings().extract


def _short_text(node: LexborNode) -> str | None:
    """`node`'s text when it may be short (a long subtree is not read word by word), else None."""
    raw = node.text(deep=True, separator=" ") or ""
    longest = max(_SHORT_CHARS_MIN, _CHARS_PER_WORD * _limits().furniture_max_words)
    return None if len(raw) > longest else norm(raw)


def _words(text: str) -> int:
    return len(_WORD_RE.findall(text))


def _lettered(text: str) -> int:
    """Words with a letter: digits (ranks, dates, times) are not counted."""
    return sum(1 for word in _WORD_RE.findall(text) if not word.isdigit())


def _block(node: LexborNode, known: dict[int, LexborNode | None]) -> LexborNode | None:
    """The nearest ancestor of `node` that is not text-level. `known` holds the answer for the
    text-level elements already walked through: images nested in one deep run of inline elements
    walk it once."""
    chain = []
    parent = node.parent
    while parent is not None and parent.tag in _INLINE:
        if parent.mem_id in known:
            parent = known[parent.mem_id]
            break
        chain.append(parent.mem_id)
        parent = parent.parent
    for mem_id in chain:
        known[mem_id] = parent
    return parent


def _is_icon(img: LexborNode) -> bool:
    attrs = img.attributes
    src = attrs.get("src")
    if src and src.split("?")[0].lower().endswith(".svg"):
        return True
    for name in ("width", "height"):
        value = attrs.get(name)
        if not value:
            continue  # no declared size (most images): nothing to read
        value = value.strip().removesuffix("px")
        digits = value.lstrip("0")  # ASCII digits only, and few: int() refuses `²` and 5,000 digits
        if value.isascii() and value.isdigit() and len(digits) <= 9 \
                and int(digits or "0") <= _limits().furniture_icon_max_px:
            return True
    return False


def _holds_paragraphs(node: LexborNode) -> bool:
    """Two or more paragraph-like elements with text: a body, not a caption."""
    count = 0
    for child in node.css(_PARAGRAPHS):
        if child.mem_id != node.mem_id and _text(child):
            count += 1
            if count >= 2:
                return True
    return False


def _short(node: LexborNode, text: str) -> bool:
    """A short text, no run of paragraphs and no heading (a subheading next to a picture stays)."""
    return 0 < _words(text) <= _limits().furniture_max_words and node.tag not in _HEADINGS \
        and not _holds_paragraphs(node) and node.css_first(_HEADING_SELECTOR) is None


def _reads_as_caption(text: str) -> bool:
    """The clean step's caption line kind, on a block's text or its last sentence."""
    if is_caption(text):
        return True
    tail = _SENTENCE_END_RE.split(text)[-1]
    return tail != text and is_photo_label(tail)


def _image_holders(images: list[LexborNode]) -> list[LexborNode]:
    """Caption, image holder: a block holding a photo and a short text that is not a run of
    paragraphs (see the module's doc)."""
    found = []
    seen: set[int] = set()
    known: dict[int, LexborNode | None] = {}
    for img in images:
        holder = _block(img, known)
        if holder is None or holder.tag in ("body", "html", "article", "main", "p", "li", "td") \
                or holder.mem_id in seen:
            continue
        seen.add(holder.mem_id)
        text = _short_text(holder)
        # the text's own tests first: they cost less than the walks of `_short` and `_inline_text`
        if text and (_words(text) <= _limits().furniture_holder_max_words or _reads_as_caption(text)) \
                and _short(holder, text) and _inline_text(holder):
            found.append(holder)
    return found


def _inline_text(node: LexborNode) -> bool:
    """All of `node`'s text is loose or in text-level elements: no block inside it has text."""
    return not any(block.mem_id != node.mem_id and _has_text(block) for block in node.css(_BLOCKS))


def _image_only(node: LexborNode, icons: dict[int, bool]) -> LexborNode | None:
    """The photo of a block that holds one and no text, else None. `icons`: the verdicts of
    `_is_icon` on the page's images."""
    if node.tag == "img":
        return node
    if _has_text(node):
        return None
    img = node.css_first("img")
    if img is None:
        return None
    icon = icons.get(img.mem_id)
    return img if not (_is_icon(img) if icon is None else icon) else None


def _next_with_text(node: LexborNode) -> LexborNode | None:
    sibling = node.next
    while sibling is not None:
        if sibling.tag == "-text":
            if norm(sibling.text_content):
                return None  # loose text: not a caption block
        elif sibling.tag not in ("-comment", "br", "script") and _has_text(sibling):
            return sibling
        sibling = sibling.next
    return None


def _outer_textless(img: LexborNode, tops: dict[int, LexborNode], with_text: set[int]) -> LexborNode:
    """The outermost ancestor-or-self of `img` without text, below `body`. `tops` holds it for
    the text-less elements already climbed through, `with_text` the elements found with text, so
    a deep nest or a long run of images is climbed and read once."""
    chain = []
    holder = img
    while (parent := holder.parent) is not None and parent.tag not in ("body", "html"):
        if parent.mem_id in tops:
            holder = tops[parent.mem_id]
            break
        if parent.mem_id in with_text or _has_text(parent):
            with_text.add(parent.mem_id)
            break
        chain.append(parent.mem_id)
        holder = parent
    for mem_id in chain:
        tops[mem_id] = holder
    return holder


def _after_images(images: list[LexborNode], icons: dict[int, bool]) -> list[LexborNode]:
    """Caption, after an image: the first block with text after an image-only block."""
    found = []
    tops: dict[int, LexborNode] = {}  # images share their containers: each is read and climbed once
    with_text: set[int] = set()
    done: set[int] = set()
    for img in images:
        holder = _outer_textless(img, tops, with_text)
        if holder.mem_id in done:
            continue
        done.add(holder.mem_id)
        if _image_only(holder, icons) is None:
            continue
        block = _next_with_text(holder)
        if block is None:
            continue
        text = _short_text(block)
        if text and _reads_as_caption(text) and _short(block, text):  # the text's test first: `_short` walks
            found.append(block)
    return found


def _named_caption(node: LexborNode) -> bool:
    if node.tag == "figcaption":
        return True
    return bool(_CAPTION_TOKENS & set(_TOKEN_RE.split((node.attributes.get("class") or "").lower())))


def _by_name(body: LexborNode) -> list[LexborNode]:
    """Caption, by name: a `figcaption`, or a `caption`/`credit` class token, on a short block. A
    long sentence so named with no picture and no credit in it is left (a lead styled as one)."""
    found = []
    for node in body.css("figcaption, [class*=aption], [class*=redit]"):
        if not _named_caption(node):
            continue
        text = _text(node)
        if not _short(node, text):
            continue
        if node.tag == "figcaption" or node.css_first("img") is not None or _reads_as_caption(text) \
                or not (ends_sentence(text) and _words(text) > _limits().furniture_holder_max_words // 2):
            found.append(node)
    return found


def _credit_tables(tables: list[LexborNode]) -> list[LexborNode]:
    """Credit table: a few rows, every one a credit line (a label and names: no digit, which a
    schedule, a score or a price would have)."""
    found = []
    for table in tables:
        rows = table.css("tr")
        if not rows or len(rows) > _limits().furniture_credit_max_rows:
            continue
        lines = [" ".join(_text(cell) for cell in row.css("td, th")) for row in rows]
        if all(line and _DIGIT_RE.search(line) is None and is_credit(line) for line in lines):
            found.append(table)
    return found


def _related_lists(lists: list[LexborNode]) -> list[LexborNode]:
    """Related list: three or more items, each one link plus at most a short label, most of them
    with a date, a time, a rank or a count besides the link."""
    found = []
    min_items = _limits().furniture_related_min_items
    for listing in lists:
        items = [li for li in listing.iter() if li.tag == "li"]
        if len(items) >= min_items and _DIGIT_RE.search(listing.text(deep=True) or "") is not None \
                and _teaser_items(items) and not _beside_prose(listing):
            found.append(listing)
    return found


def _teaser_items(items: list[LexborNode]) -> bool:
    """Every item is a link and a short label, the links hold most of the text, and half the items
    or more carry a digit outside their link: the shape of a list of other stories, not of a menu
    or of the article's own list of links."""
    limits = _limits()
    total = linked = dated = 0
    for li in items:
        text = _text(li)
        if _words(text) > limits.furniture_max_words:
            return False  # article text (and its links are not taken out one by one)
        anchors = [_text(a) for a in li.css("a")]
        anchor = sum(len(a) for a in anchors)
        if not anchor:
            return False
        own = text
        for a in anchors:
            own = own.replace(a, " ", 1)
        rest = _lettered(own)
        if rest > limits.furniture_related_item_max_words or rest > 3 and ends_sentence(text):
            return False
        total += len(text)
        linked += anchor
        dated += _DIGIT_RE.search(own) is not None
    return linked >= limits.furniture_related_min_link_share * total and dated * 2 >= len(items)


def _is_prose(node: LexborNode) -> bool:
    text = _text(node)
    return _words(text) >= _limits().furniture_prose_min_words and ends_sentence(text)


def _beside_prose(node: LexborNode) -> bool:
    """A paragraph of prose next to `node` (or next to the wrapper it alone fills): `node` sits in
    the article's body, between its paragraphs, not in a column or box of its own."""
    while node.parent is not None and node.parent.tag not in ("body", "html") \
            and _text(node.parent) == _text(node):
        node = node.parent
    for step in ("prev", "next"):
        sibling, seen = getattr(node, step), 0
        while sibling is not None and seen < 2:
            if sibling.tag not in ("-text", "-comment") and _text(sibling):
                if _is_prose(sibling) and not sibling.css_first("ul, ol"):
                    return True
                seen += 1
            sibling = getattr(sibling, step)
    return False


def furniture_nodes(body: LexborNode) -> list[tuple[str, LexborNode]]:
    """(kind, node) of every furniture block found in `body`, outermost first (see the module's doc)."""
    images: list[LexborNode] = []
    tables: list[LexborNode] = []
    lists: list[LexborNode] = []
    icons: dict[int, bool] = {}
    for node in body.css("img, table, ul, ol"):  # one walk for the three (each in document order)
        tag = node.tag
        if tag == "img":
            icon = icons[node.mem_id] = _is_icon(node)
            if not icon:
                images.append(node)
        else:
            (tables if tag == "table" else lists).append(node)
    found: list[tuple[str, LexborNode]] = []
    for kind, nodes in (("caption", _image_holders(images)), ("caption", _after_images(images, icons)),
                        ("caption", _by_name(body)), ("credit", _credit_tables(tables)),
                        ("related", _related_lists(lists))):
        found += [(kind, node) for node in nodes]
    keep = {node.mem_id for node in outermost([node for _, node in found])}
    seen: set[int] = set()
    out = []
    for kind, node in found:
        if node.mem_id in keep and node.mem_id not in seen:
            seen.add(node.mem_id)
            out.append((kind, node))
    return out


def drop_furniture(body: LexborNode) -> int:
    """Remove the furniture blocks of `body` (see the module's doc); returns how many went."""
    found = furniture_nodes(body)
    for _, node in found:
        node.decompose()
    return len(found)
