"""trafilatura's main-content extraction run on the generic path's tree, without its per-call overhead.

`bare_extraction` is written for any input and any options: it copies the tree it is given, then
copies it again before cleaning and keeps a third copy for the external extractors (readability,
jusText) that its fast mode never runs. The generic path hands it a freshly parsed tree that
nothing else reads afterwards, always with the same options (fast, precision, no comments,
tables, no images or links); `extract` runs the same stages in the same order on that tree in
place:
  1. the raw-tree prunes (`RAW_TREE_PRUNE_XPATH`, and the comment sections and lists),
  2. the tree cleaning (`_tree_cleaning`: its delete list looked for in one walk) and the tag conversion,
  3. the post-conversion comment prune (not on a discussion-forum page, where comments are posts),
  4. the main extractor (`extract_content`, with its wild-text recovery),
and gives the output element `bare_extraction` would have put into the document's `body`.
Other options (the slow pass with its fallbacks), and a trafilatura whose stages are not the ones
copied (`same_stages`, by their source's SHA-1), go through `bare_extraction` itself.

The tree is parsed with trafilatura's parser settings but with one element class for every tag
(`HtmlElement`): lxml.html's default looks the class up by tag name in Python for every element
lxml hands to Python, which is a noticeable share of trafilatura's time; the special form
classes it picks for `form`, `input`, `select`, `textarea` and `label` add nothing trafilatura
uses.
"""

from __future__ import annotations

from copy import copy
from functools import lru_cache
from typing import Any

__all__ = ["extract", "lxml_tree"]


@lru_cache(maxsize=1)
def _parser() -> Any:
    from lxml import etree
    from lxml.html import HtmlComment, HtmlElement, HtmlEntity, HTMLParser, HtmlProcessingInstruction

    # the settings of trafilatura.utils.HTML_PARSER
    parser = HTMLParser(collect_ids=False, default_doctype=False, encoding="utf-8", remove_comments=True,
                        remove_pis=True)
    parser.set_element_class_lookup(etree.ElementDefaultClassLookup(
        element=HtmlElement, comment=HtmlComment, pi=HtmlProcessingInstruction, entity=HtmlEntity))
    return parser


def lxml_tree(document: str) -> Any:
    """The lxml tree of an `<html>...` document string, as trafilatura's `load_html` builds it
    (None when it holds no tree)."""
    from lxml.html import fromstring
    from trafilatura.utils import load_html, repair_faulty_html

    if document.lstrip()[:5].lower() != "<html":
        return load_html(document)  # its checks for what may not be HTML at all
    document = repair_faulty_html(document, document[:50].lower())
    try:
        tree = fromstring(document, parser=_parser())
    except Exception:  # noqa: BLE001 -- an encoding declaration in a str, or what libxml2 refuses
        tree = None
    if tree is None or len(tree) < 1:
        try:
            tree = fromstring(document.encode("utf8", "surrogatepass"), parser=_parser())
        except Exception:  # noqa: BLE001 -- what load_html does: no tree
            return None
    return tree


@lru_cache(maxsize=2)
def options(fast: bool) -> Any:
    """The generic path's trafilatura options (shared: copy before changing them)."""
    from trafilatura.settings import Extractor

    return Extractor(output_format="xml", fast=fast, precision=True, comments=False, tables=True, images=False,
                     with_metadata=False)


# SHA-1 of the source of trafilatura.core's bare_extraction, trafilatura_sequence and _prepare_tree
# and of trafilatura.htmlprocessing's tree_cleaning (joined by newlines), whose stages `extract` runs
# itself (the tree cleaning as `_tree_cleaning`): another trafilatura goes through them.
_STAGES_FROM = "d41766505229d842b9bf890a04c7ec35952c48ad"


@lru_cache(maxsize=1)
def same_stages() -> bool:
    """Whether the installed trafilatura runs the stages `extract` copies (its source unchanged)."""
    import hashlib
    import inspect

    from trafilatura import core, htmlprocessing

    source = "\n".join(inspect.getsource(f) for f in (core.bare_extraction, core.trafilatura_sequence,
                                                         core._prepare_tree, htmlprocessing.tree_cleaning))
    return hashlib.sha1(source.encode("utf-8")).hexdigest() == _STAGES_FROM


def _lean(settings: Any) -> bool:
    """Whether `extract` may run the stages itself for these options (see the module's doc)."""
    return (same_stages() and settings.fast and settings.focus == "precision" and not settings.comments
            and not settings.lang and not settings.with_metadata and not settings.max_tree_size
            and not settings.dedup and settings.format == "xml" and settings.tables and not settings.images)


def _tree_cleaning(tree: Any, settings: Any) -> Any:
    """trafilatura's `tree_cleaning(tree, settings)` (trafilatura.htmlprocessing, trafilatura 2.3.1,
    Apache-2.0) with its delete list looked for in one walk: the elements of a tag of the list
    are walked for and deleted, as there and in the same order, only when the tree holds one (the
    generic path's tree holds few: its trim deleted them before the hand-over), instead of one
    walk of the tree per tag. Only for the options `extract` runs the stages with (`_lean`: tables,
    no images, the precision focus), and only while trafilatura's source is the one copied
    (`same_stages`)."""
    from lxml.etree import strip_tags
    from trafilatura import htmlprocessing as hp

    hp.recover_math(tree)
    cleaning_list, stripping_list = hp.MANUALLY_CLEANED.copy(), hp.MANUALLY_STRIPPED.copy()
    clean_forms = "form" in cleaning_list
    if clean_forms:
        cleaning_list.remove("form")
    for elem in tree.iter("figure", "table"):
        if (elem.find(".//table") is not None if elem.tag == "figure"
                else elem.get("role") in ("presentation", "none")):
            elem.tag = "div"
    strip_tags(tree, stripping_list)
    present = {element.tag for element in tree.iter(*cleaning_list)} if cleaning_list else set()
    for expression in cleaning_list:
        if isinstance(expression, str) and "{" not in expression and expression != "*" and expression not in present:
            continue  # a plain tag name none of the tree's elements has
        for element in tree.iter(expression):
            hp.delete_element(element)
    if clean_forms:
        hp._handle_forms(tree)
    return hp.prune_html(tree, settings.focus)


def extract(tree: Any, url: str | None, *, fast: bool) -> Any:
    """trafilatura's output element for the main content of the lxml `tree` (None when it finds
    none); the tree is consumed."""
    settings = copy(options(fast))
    settings.url = settings.source = url
    if not _lean(settings):
        from trafilatura import bare_extraction

        return getattr(bare_extraction(tree, url=url, options=settings), "body", None)
    from trafilatura.core import _forum_thread_page
    from trafilatura.htmlprocessing import convert_tags

    from cleaners.extract.discard import prune
    from cleaners.extract.mainpass import main_pass

    try:
        is_forum = _forum_thread_page(tree)
        tree = prune(tree, "RAW_TREE_PRUNE_XPATH")
        tree = prune(tree, "REMOVE_COMMENTS_AND_LISTS_XPATH")
        tree = convert_tags(_tree_cleaning(tree, settings), settings, url)
        if not is_forum:
            tree = prune(tree, "REMOVE_COMMENTS_XPATH")
        body, text = main_pass(tree, settings)
    except (TypeError, ValueError):  # what bare_extraction turns into "nothing found"
        return None
    return body if len(text) >= settings.min_output_size else None
