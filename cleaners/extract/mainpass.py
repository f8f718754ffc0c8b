"""trafilatura's main extractor with its section pruning done by `extract.discard`.

`extract_content`, its frame loop `_extract`, `prune_unwanted_sections` and `recover_wild_text` of
trafilatura.main_extractor, and `delete_by_link_density` with its `link_density_test` of trafilatura.htmlprocessing
(trafilatura 2.3.1, Apache-2.0), with changes that keep the result:
- the frame and discard expressions (`BODY_XPATH`, `OVERALL_DISCARD_XPATH`,
  `DISCARD_IMAGE_ELEMENTS`, `TEASER_DISCARD_XPATH`, `PRECISION_DISCARD_XPATH`) are run by their
  Python translations (`extract.discard`), which give the same matches in a fraction of the time;
- the link-density deletion (of every tag it is run on) tests only the elements with a link inside (the test keeps
  the others at its first step), and runs its second round only when the first one deleted something (on an
  unchanged tree it finds what the first found: nothing);
- its test (`link_density_test` of trafilatura.htmlprocessing, with `collect_link_info`) reads an
  element's trimmed text length from the text's start first: the trimmed start of a text is
  never longer than the trimmed text, so a long text's start often decides the comparisons, and
  the whole text is trimmed only where it does not; the links' text lengths are read once per
  tag's pass (the tree does not change while it is tested; an outer element holds the links of
  the inner ones).
- the copy of the tree the wild-text recovery reads (the tree as it was before the frame loop) is
  made when the loop first finds a frame, before it changes anything: on a page without a frame (a
  piece of the page extracted alone, often) the loop changed nothing, so the recovery reads (and
  consumes) the tree itself, not a copy of it.
Everything else calls trafilatura's own functions, in the same order.

`main_pass` uses this copy only when the installed trafilatura's functions are the ones it was
copied from (the source text's SHA-1 of the copied ones and of `trim`), and trafilatura's
`extract_content` otherwise.
"""

from __future__ import annotations

import hashlib
import inspect
from collections.abc import Callable
from copy import deepcopy
from functools import lru_cache
from typing import Any

from lxml.etree import Element, strip_elements, strip_tags

# trafilatura takes a second to import: it is loaded by the extraction that imports this module
from trafilatura import htmlprocessing as _hp
from trafilatura import main_extractor as me
from trafilatura.utils import trim as _trim

from cleaners.extract.discard import matchers, prune
from cleaners.extract.prune import norm

__all__ = ["main_pass"]

# SHA-1 of the source of the functions this module copies, joined by newlines in the order
# `_same_source` reads them.
_COPIED_FROM = "7c4d1fcab3dc3c57b8098eb5ae1ef0c3c28ac2dd"


@lru_cache(maxsize=1)  # once a process (a small cache: no per-line memo a benchmark empties)
def _same_source() -> bool:
    from trafilatura import utils

    source = "\n".join(inspect.getsource(f) for f in (
        me.extract_content, me._extract, me.prune_unwanted_sections, _hp.delete_by_link_density,
        me.recover_wild_text, _hp.link_density_test, _hp.collect_link_info, utils.trim))
    return hashlib.sha1(source.encode("utf-8")).hexdigest() == _COPIED_FROM


def main_pass(cleaned_tree: Any, options: Any) -> tuple[Any, str]:
    """trafilatura's `extract_content(cleaned_tree, options)`: the output body and its text.
    `cleaned_tree` is consumed: changed whether or not a frame is found (without one, the wild-text
    recovery takes its paragraphs from it, where trafilatura takes them from a copy)."""
    if not _same_source():
        return me.extract_content(cleaned_tree, options)
    backup: list[tuple[Any, list[Any]]] = []  # the tree as it was, and its elements in order

    def keep() -> None:  # called before the frame loop first changes the tree
        if not backup:
            backup.append((deepcopy(cleaned_tree), list(cleaned_tree.iter())))

    result_body, temp_text, potential_tags = _extract(cleaned_tree, options, keep)
    if len(result_body) == 0 or len(temp_text) < options.min_extracted_size:
        if backup:
            backup_tree, order = backup[0]
            consumed = {twin for elem, twin in zip(order, backup_tree.iter(), strict=True) if elem.tag == "done"}
        else:  # no frame found: the tree is as it was, none of its paragraphs was handled
            backup_tree, consumed = cleaned_tree, set()
        result_body = _recover_wild_text(backup_tree, result_body, options, potential_tags, consumed)
        temp_text = " ".join(result_body.itertext()).strip()
    previous = None
    for el in list(result_body):
        current = me._elem_text(el)
        if current and current == previous and len(current) > me.MIN_DUPLICATE_LENGTH:
            me.delete_element(el, keep_tail=False)
        else:
            previous = current
    strip_elements(result_body, "done")
    strip_tags(result_body, "div")
    for linebreak in result_body.iter("lb"):
        if (
            linebreak.tail
            and not me.text_chars_test(linebreak.tail)
            and not any(anc.tag in me.SPACING_PROTECTED for anc in linebreak.iterancestors())
        ):
            linebreak.tail = None
    return result_body, temp_text


def _extract(tree: Any, options: Any, keep: Callable[[], None]) -> tuple[Any, str, set[str]]:
    """trafilatura's `_extract`; `keep()` is called before the tree is first changed (a frame found)."""
    potential_tags = set(me.TAG_CATALOG)
    if options.tables is True:
        potential_tags.update(["table", "td", "th", "tr"])
    if options.images is True:
        potential_tags.add("graphic")
    if options.links is True:
        potential_tags.add("ref")
    result_body = Element("body")
    for expr in matchers("BODY_XPATH"):
        subtree = next((s for s in expr(tree) if s is not None), None)
        if subtree is None:
            continue
        keep()
        subtree = _prune_unwanted_sections(subtree, potential_tags, options)
        if len(subtree) == 0:
            continue
        ptest = subtree.xpath("//p//text()")
        factor = 1 if options.focus == "precision" else 3
        if not ptest or len("".join(ptest)) < options.min_extracted_size * factor:
            potential_tags.add("div")
        subelems = subtree.xpath(".//*")
        tags = {e.tag for e in subelems}
        if tags == {"lb"} or (subtree.tag == "div" and "div" in potential_tags
                              and tags <= me.INLINE_FORMATTABLE | {"lb"}):
            subelems = [subtree]
        lead, start = None, len(result_body)
        if subelems != [subtree] and me.text_chars_test(subtree.text):
            lead = Element("p")
            lead.text = subtree.text
            lead = me.process_node(lead, options)
        _frame_elements(subelems, result_body, potential_tags, options)
        while len(result_body) > 0 and (result_body[-1].tag in me.NOT_AT_THE_END):
            me.delete_element(result_body[-1], keep_tail=False)
        if sum(e.tag != "graphic" for e in result_body) > 1:
            if lead is not None:
                result_body.insert(start, lead)
            break
    temp_text = " ".join(result_body.itertext()).strip()
    return result_body, temp_text, potential_tags


def _frame_elements(subelems: list[Any], result_body: Any, potential_tags: set[str], options: Any) -> None:
    """The inner loop of trafilatura's `_extract`: the frame's elements handled into `result_body`."""
    for elem in subelems:
        if elem.getroottree().getroot() is result_body:
            continue
        tag, tail = elem.tag, elem.tail
        processed_elem = me.handle_textelem(elem, potential_tags, options)
        if processed_elem is not None:
            result_body.append(processed_elem)
            if elem.getroottree().getroot() is not result_body:
                elem.tag = "done"
        if tag in me.REBUILT_BLOCKS and me.text_chars_test(tail) and (
                processed_elem is None or processed_elem.tail is None):
            tail_elem = Element("p")
            tail_elem.text = tail
            if me.process_node(tail_elem, options) is not None:
                result_body.append(tail_elem)


def _prune_unwanted_sections(tree: Any, potential_tags: set[str], options: Any, keep_teasers: bool = False) -> Any:
    favor_precision = options.focus == "precision"
    tree = prune(tree, "OVERALL_DISCARD_XPATH", with_backup=True)
    if "graphic" not in potential_tags:
        tree = prune(tree, "DISCARD_IMAGE_ELEMENTS")
    if options.focus != "recall":
        if not keep_teasers:
            tree = prune(tree, "TEASER_DISCARD_XPATH")
        if favor_precision:
            tree = prune(tree, "PRECISION_DISCARD_XPATH")
    # the elements with a link inside, read once: deleting elements moves none, so after a deletion
    # this holds those that still have one and maybe some that no longer do (which the test keeps)
    linked = _holding(tree, "ref")
    for _ in range(2):
        deleted = _delete_by_link_density(tree, "div", True, favor_precision, linked)
        deleted += _delete_by_link_density(tree, "list", False, favor_precision, linked)
        deleted += _delete_by_link_density(tree, "p", False, favor_precision, linked)
        if not deleted:  # the tree is as it was: a second round would find the same, nothing
            break
    if "table" in potential_tags or favor_precision:
        boilerplate_tables = [elem for elem in tree.iter("table") if me.link_density_test_tables(elem) is True]
        for elem in boilerplate_tables:
            me.delete_element(elem, keep_tail=False)
    if favor_precision:
        while len(tree) > 0 and (tree[-1].tag == "head"):
            me.delete_element(tree[-1], keep_tail=False)
        _delete_by_link_density(tree, "head", False, True, linked)
        _delete_by_link_density(tree, "quote", False, True, linked)
    strip_tags(tree, "span", *(() if "ref" in potential_tags else ("ref",)))
    return tree


def _delete_by_link_density(subtree: Any, tagname: str, backtracking: bool, favor_precision: bool,
                            linked: set[Any]) -> int:
    """trafilatura's `delete_by_link_density`, telling how many elements it deleted. An element
    not in `linked` (those with a link inside, `_holding`) is not tested: the test's first step
    finds no link and keeps it."""
    deletions = []
    len_threshold = 200 if favor_precision else 100
    depth_threshold = 1 if favor_precision else 3
    link_lengths: dict[Any, int] = {}  # the tree does not change while it is tested
    for elem in subtree.iter(tagname):
        if elem not in linked:
            continue
        result, short_with_links, elemlen = _link_density_test(elem, favor_precision, link_lengths)
        if result or (
            backtracking
            and short_with_links
            and len(elem) >= depth_threshold
            and elemlen < len_threshold
        ):
            parent = elem.getparent()
            if tagname == "p" and parent is not None and parent.tag in ("item", "td", "th"):
                continue
            deletions.append(elem)
    unique = dict.fromkeys(deletions)
    for elem in unique:
        me.delete_element(elem)
    return len(unique)


_BOUND_CHARS = 2000  # the start of a long text whose trimmed length bounds the whole text's from below


def _trimmed_length(text: str) -> int:
    """The length of trafilatura's `trim(text)` (whitespace runs made one space) when `text` is
    short, else a lower bound of it: that of the text's start (the trimmed start of a text is never
    longer than the trimmed text). `len(_trim(text))` reads it exactly."""
    return len(_trim(text)) if len(text) <= _BOUND_CHARS else len(norm(text[:_BOUND_CHARS]))


def _link_lengths(links: list[Any], lengths: dict[Any, int]) -> list[int]:
    """The length of each of `links`' trimmed text, remembered in `lengths`."""
    out = []
    for link in links:
        length = lengths.get(link)
        if length is None:
            length = lengths[link] = len(_trim(link.text_content()))
        out.append(length)
    return out


def _link_density_test(element: Any, favor_precision: bool, lengths: dict[Any, int]) -> tuple[bool, bool, int]:
    """trafilatura's `link_density_test(element, favor_precision)`, and the length of the
    element's trimmed text (exact where the second value is true, the only place it is read;
    otherwise maybe a lower bound). The text's length is first bounded
    from below by its start (`_trimmed_length`), and read whole only where the bound does not
    decide a comparison; the links' text lengths are remembered in `lengths`."""
    links = element.findall(".//ref")
    if not links or element.find(".//graphic") is not None:
        return False, False, -1
    text = element.text_content()
    elemlen = _trimmed_length(text)
    if len(links) == 1:
        link_len = _link_lengths(links, lengths)[0]
        if link_len > (10 if favor_precision else 100) and link_len > elemlen * 0.9:
            elemlen = len(_trim(text))
            if link_len > elemlen * 0.9:
                return True, False, elemlen
    if element.tag == "p":
        limitlen = 60 if element.getnext() is None else 30
    else:
        limitlen = 300 if element.getnext() is None else 100
    if elemlen < limitlen:
        elemlen = len(_trim(text))
    if elemlen < limitlen:
        counted = [length for length in _link_lengths(links, lengths) if length]
        if not counted:
            return True, False, elemlen
        linklen, elemnum = sum(counted), len(counted)
        shortelems = sum(1 for length in counted if length < 10)
        return linklen > elemlen * 0.8 or (elemnum > 1 and shortelems / elemnum > 0.8), True, elemlen
    if len(links) > 4:
        counted = [length for length in _link_lengths(links, lengths) if length]
        linklen, elemnum = sum(counted), len(counted)
        if linklen > elemlen * _hp.LINK_FARM_RATIO and linklen < 100 * elemnum:
            elemlen = len(_trim(text))
            if linklen > elemlen * _hp.LINK_FARM_RATIO and not _hp.is_paragraph_listing(links):
                return True, False, elemlen
    return False, False, elemlen


def _holding(tree: Any, tag: str) -> set[Any]:
    """The elements with a `tag` element inside (the ancestors of each, up to the document's root)."""
    found: set[Any] = set()
    for element in tree.iter(tag):
        for ancestor in element.iterancestors():
            if ancestor in found:
                break
            found.add(ancestor)
    return found


def _recover_wild_text(tree: Any, result_body: Any, options: Any, potential_tags: set[str] | None = None,
                       consumed: set[Any] | None = None) -> Any:
    """trafilatura's `recover_wild_text`: the loose paragraphs, quotes, code and tables of the
    whole page when the frame gave too little."""
    potential_tags = set(me.TAG_CATALOG if potential_tags is None else potential_tags)
    search_expr = ".//code|.//p|.//quote|.//table|.//div[contains(@class, 'w3-code')]"
    if options.focus == "recall":
        potential_tags.update(["div", "lb"])
        search_expr += "|.//div|.//lb|.//list"
    search_tree = _prune_unwanted_sections(tree, potential_tags, options, keep_teasers=options.fast)
    subelems = search_tree.xpath(search_expr)
    elem_texts = [me._elem_text(el) for el in result_body]
    existing = "\n".join(filter(None, elem_texts))
    existing_elems = set(elem_texts)
    handled: set[Any] = set()
    for subelem in subelems:
        if (consumed and subelem in consumed) or any(a in handled for a in subelem.iterancestors()):
            continue
        processed = me.handle_textelem(subelem, potential_tags, options)
        if processed is None:
            continue
        if processed is subelem:
            handled.add(subelem)
        text = me._elem_text(processed)
        images = {img.get("src") for img in processed.iter("graphic")}
        if not text and images and images <= {g.get("src") for g in result_body.iter("graphic")}:
            continue
        under_cap = len(existing) <= me.DEDUPE_SCAN_CAP
        fragment = me.trim(text + (processed.tail or "")) if me.text_chars_test(processed.tail) else ""
        if text and (
            text in existing_elems
            or (under_cap and ((len(text) > me.MIN_DUPLICATE_LENGTH and text in existing)
                               or (fragment and fragment in existing)))
        ):
            continue
        result_body.append(processed)
        if under_cap:
            existing += "\n" + (fragment or text)
        existing_elems.add(text)
    return result_body
