"""trafilatura's discard and frame expressions, evaluated in Python with the same result.

trafilatura prunes its tree with XPath expressions whose tests are mostly `re:test(@class, ...)`:
an EXSLT function that lxml runs as a Python callback for every element the expression visits,
whether it has the attribute or not, which makes these expressions a large share of the
extractor's time (and so do the `BODY_XPATH` expressions that find the article's frame). Each
one is written out here as a walk of the same elements (lxml's C tag filter) with the same tests
on the attribute values (regular expressions that match the same values, run only where the
attribute is there: none of them matches an empty value; the long alternations written as tries,
`_any_of`, and a value holding none of the texts every match holds told no match at once), in
document order, so the list of matches is the expression's list (for a frame expression, its first
match, the one trafilatura takes).

An expression is replaced only when its XPath text is the one translated here (`matchers`), so an
installed trafilatura whose expressions differ keeps its own. XPath semantics kept:
`re:test(@id|@class, p)` and `starts-with(@id|@class, s)` read the first of the two attributes
in source order; a missing attribute is the empty string; `.//*` is the descendants of the
context element, not the element itself.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from functools import lru_cache
from typing import Any

from lxml.etree import Element

from cleaners.clean.memo import TextMemo

__all__ = ["matchers", "prune"]

Matcher = Callable[[Any], list[Any]]

_BLOCKS = ("div", "item", "list", "p", "section", "span")  # self::div or self::item or ...


def _first(el: Any, one: str, other: str) -> str:
    """The value of the first of two attributes in source order ("" when neither is there)."""
    a, b = el.get(one), el.get(other)
    if a is None or b is None:
        return a or b or ""
    for name in el.keys():  # noqa: SIM118 -- an element's attribute names (iterating it gives its children)
        if name == one:
            return a
        if name == other:
            return b
    return a  # pragma: no cover -- both present, one of them is in keys()


_MEMO_MAX = 20_000  # attribute values remembered per pattern (pages repeat their class names)
_MEMO_CHARS = 1_000_000  # ... and their total length (a hostile page's huge values are not all kept)


def _search(pattern: str, needs: tuple[str, ...] = ()) -> Callable[[str | None], bool]:
    """re:test of an attribute value against `pattern`, the verdict remembered per value. `needs`:
    texts of which every match holds one; a value holding none of them is no match, told without
    the memo or the pattern (most values: no hash of the value, no search of a new one)."""
    compiled = re.compile(pattern)
    if compiled.search(""):
        raise ValueError(f"{pattern!r} matches an empty value")
    if needs and compiled.flags & re.IGNORECASE:  # `need in value` is a case-sensitive test
        raise ValueError(f"{pattern!r} ignores case: the texts its matches hold cannot be looked for as they are")
    memo: TextMemo[bool] = TextMemo(_MEMO_MAX, _MEMO_CHARS)

    def test(value: str | None) -> bool:
        if not value:
            return False
        for need in needs:
            if need in value:
                break
        else:
            if needs:
                return False
        verdict = memo.get(value)
        if verdict is None:
            verdict = memo.remember(value, compiled.search(value) is not None)
        return verdict

    return test


def _any_of(words: tuple[str, ...]) -> str:
    """A pattern that a search finds where any of `words` (plain texts) is: the words as a trie
    (one branch per first letter, and so on), which the regex engine tries at each place of a value
    in a few steps instead of one per word. A word holding another is left out (where it is, the
    other is too)."""
    kept = sorted({w for w in words if not any(o != w and o in w for o in words)})

    def branch(rests: list[str]) -> str:
        if "" in rests:
            return ""
        heads: dict[str, list[str]] = {}
        for rest in rests:
            heads.setdefault(rest[0], []).append(rest[1:])
        parts = [re.escape(head) + branch(tails) for head, tails in heads.items()]
        return parts[0] if len(parts) == 1 else f"(?:{'|'.join(parts)})"

    return branch(kept)


# RAW_TREE_PRUNE_XPATH
_INFINITE = _search(r"mvp-post-add-(?:box|wrap)|infinite-?scroll", ("mvp-post-add-", "infinite"))
_APPENDED = _search(r"mvp-post-add-(?:box|wrap)", ("mvp-post-add-",))


def _appended_articles(tree: Any) -> list[Any]:
    out = []
    for el in tree.iterdescendants("div", "section", "aside"):
        i, c = el.get("id"), el.get("class")
        if (_INFINITE(i) or _INFINITE(c)) and (el.find(".//h1") is None or _APPENDED(i) or _APPENDED(c)):
            out.append(el)
    return out


def _share_buttons(tree: Any) -> list[Any]:
    return [el for el in tree.iterdescendants("div", "section", "aside")
            if "elementor-share-buttons" in (el.get("class") or "")]


# REMOVE_COMMENTS_XPATH, REMOVE_COMMENTS_AND_LISTS_XPATH
_COMMENTS_ID = _search(r"^(?:[Cc]omment(?!ary)|comol|disqus_thread|dsq-comments)", ("omment", "comol", "disqus_thread"))
_COMMENTS_LIST_ID = _search(r"^(?:[Cc]omment(?!ary)|comol)", ("omment", "comol"))
_COMMENTS_CLASS = _search(r"^[Cc]omment(?!ary)|(?:article|post)-comments", ("omment",))


def _comment_sections(tree: Any) -> list[Any]:
    return [el for el in tree.iterdescendants("div", "list", "section", "details")
            if _COMMENTS_ID(el.get("id")) or _COMMENTS_CLASS(el.get("class"))]


def _comment_sections_and_lists(tree: Any) -> list[Any]:
    out = []
    for el in tree.iterdescendants("div", "list", "section", "details", "ol", "ul"):
        i, c = el.get("id"), el.get("class")
        comment_class = _COMMENTS_CLASS(c)
        if not (_COMMENTS_ID(i) or comment_class):
            continue
        if el.tag in ("ol", "ul") and not (_COMMENTS_LIST_ID(i) or comment_class):
            continue
        out.append(el)
    return out


# OVERALL_DISCARD_XPATH
# trafilatura's id test, r"^shar|social|viral|newsletter|syndication|tags|sidebar|banner|bread-?crumb|button|author|"
# r"^(?:jp-|dpsp-content)|bmdh|footer|Footer|share|Share|nav|Nav|menu|related|message-container|premium|^ad-", and
# its class test, r"^shar|social|viral|newsletter|syndication|tags|sidebar|banner|bread-?crumb|button|"
# r"author|^(?:nav|post-nav|ZendeskForm)|subnav|avigation|navbar|navbox|menu|bar| ad |-ad-|(?:^| )ad-|dfp[Aa]d|"
# r"outbrain|taboola|criteo|paid-?content|widget|footer|Footer|byline|Byline|share-|sociable|embedded|embed|"
# r"tag-list|consent|modal-content|permission|elated|next-|-stories|most-popular|more-on|meta|rating|attachment|"
# r"timestamp|user-info|user-profile|-icon|article-infos|message-container|slide|viewport|overlay|options|expand|"
# r"obfuscated|blurred|mol-factbox|yin|zlylin|nfoline": its anchored words, then the others as a trie (the
# optional letters spelled both ways), which find the same values at half the cost
_BOILERPLATE_ID = _search(r"^(?:shar|jp-|dpsp-content|ad-)|" + _any_of((
    "social", "viral", "newsletter", "syndication", "tags", "sidebar", "banner", "bread-crumb", "breadcrumb",
    "button", "author", "bmdh", "footer", "Footer", "share", "Share", "nav", "Nav", "menu", "related",
    "message-container", "premium")))
_BOILERPLATE_CLASS = _search(r"^(?:shar|nav|post-nav|ZendeskForm|ad-)|" + _any_of((
    "social", "viral", "newsletter", "syndication", "tags", "sidebar", "banner", "bread-crumb", "breadcrumb",
    "button", "author", "subnav", "avigation", "navbar", "navbox", "menu", "bar", " ad ", "-ad-", " ad-", "dfpAd",
    "dfpad", "outbrain", "taboola", "criteo", "paid-content", "paidcontent", "widget", "footer", "Footer",
    "byline", "Byline", "share-", "sociable", "embedded", "embed", "tag-list", "consent", "modal-content",
    "permission", "elated", "next-", "-stories", "most-popular", "more-on", "meta", "rating", "attachment",
    "timestamp", "user-info", "user-profile", "-icon", "article-infos", "message-container", "slide", "viewport",
    "overlay", "options", "expand", "obfuscated", "blurred", "mol-factbox", "yin", "zlylin", "nfoline")))
_HIDDEN_CLASS = _search(r"^hide-|" + _any_of((  # r"^hide-|comments-title|nocomments|-reply-|message|akismet|..."
    "comments-title", "nocomments", "-reply-", "message", "akismet", "suggest-links", "-hide-", "hide-print",
    " hidden", " hide", "noprint", "notloaded")))
_HIDDEN_ID = _search(r"reader-comments|akismet", ("reader-comments", "akismet"))


def _boilerplate(tree: Any) -> list[Any]:
    out = []
    for el in tree.iterdescendants(*_BLOCKS):
        i, c = el.get("id"), el.get("class")
        if (_BOILERPLATE_CLASS(c) or _BOILERPLATE_ID(i)
                or ("cookie" in (i or c or "") if i is None or c is None else "cookie" in _first(el, "id", "class"))
                or el.get("data-lp-replacement-content") is not None
                or "nav" in (el.get("role") or "").replace("N", "n")
                or "MostPopularStories" in (el.get("data-component") or "")):
            out.append(el)
    return out


def _hidden(tree: Any) -> list[Any]:
    out = []
    for el in tree.iterdescendants(Element):
        i, c, style = el.get("id"), el.get("class"), el.get("style")
        if i is None and c is None and style is None:
            if el.get("aria-hidden") == "true":
                out.append(el)
            continue
        id_or_class = (i or c or "") if i is None or c is None else _first(el, "id", "class")
        id_or_style = (i or style or "") if i is None or style is None else _first(el, "id", "style")
        if (c == "comments-title" or id_or_class.startswith("reply-") or "hidden" in id_or_style
                or (style is not None and ("display:none" in style or "display: none" in style))
                or _HIDDEN_ID(i) or _HIDDEN_CLASS(c) or el.get("aria-hidden") == "true"):
            out.append(el)
    return out


# TEASER_DISCARD_XPATH, DISCARD_IMAGE_ELEMENTS
def _teasers(tree: Any) -> list[Any]:
    return [el for el in tree.iterdescendants(*_BLOCKS)
            if "teaser" in (el.get("id") or "").replace("T", "t")
            or "teaser" in (el.get("class") or "").replace("T", "t")]


def _captions(tree: Any) -> list[Any]:
    return [el for el in tree.iterdescendants(*_BLOCKS)
            if "caption" in (el.get("id") or "") or "caption" in (el.get("class") or "")]


# PRECISION_DISCARD_XPATH
_BOTTOM = _search(r"(^|\s)bottom|bottom(\s|$)", ("bottom",))
_LINK = _search(r"(^|\s)link(\s|$)", ("link",))


def _headers(tree: Any) -> list[Any]:
    return list(tree.iterdescendants("header"))


def _page_bottom(tree: Any) -> list[Any]:
    out = []
    for el in tree.iterdescendants(*_BLOCKS):
        i, c = el.get("id"), el.get("class")
        first = (i or c or "") if i is None or c is None else _first(el, "id", "class")
        if _BOTTOM(first) or _LINK(first) or "border" in (el.get("style") or ""):
            out.append(el)
    return out


# BODY_XPATH: the article's frame, the first element in document order that an expression takes
# (trafilatura reads the first of its matches; `.//*[...][1]`, the first matching child of each
# parent, starts with the first match in document order)
_FRAMES = ("article", "div", "main", "section")
_ARTICLE_ID = _search(r"(?:entry|article|art)-content|article__content|article(?:-|__)?body|articleBody|body-text",
                      ("-content", "article", "body-text"))
# r"post[-_]text|post-body|post-?entry|post[-_]?content|postContent|post_inner_wrapper|article-?text|articleText"
# r"|(?:entry|page|text|article|art)-content|article__content|article(?:-|__)?body|articleBody|ArticleContent"
# r"|body-text|article__container", as a trie of its words (see `_any_of`)
_ARTICLE_CLASS = _search(_any_of((
    "post-text", "post_text", "post-body", "post-entry", "postentry", "post-content", "post_content", "postcontent",
    "postContent", "post_inner_wrapper", "article-text", "articletext", "articleText", "entry-content",
    "page-content", "text-content", "article-content", "art-content", "article__content", "article-body",
    "article__body", "articlebody", "articleBody", "ArticleContent", "body-text", "article__container")))
_STORY_ID = _search(r"^primary|story-body", ("primary", "story-body"))
_FULLTEXT = re.compile("fulltext", re.IGNORECASE)
_STORY_CLASS = _search(
    r"^article |post-bodycopy|story-?content|(?:theme|blog|section|single)-content|single-post|main-column"
    r"|wpb_text_column|story-body|field-body")
_STORY_CLASSES = frozenset({"postarea", "art-postcontent", "text", "cell", "story"})
_MAIN_ID = _search(r"content-main|content-body|contentBody", ("content",))
_MAIN_CLASS = _search(r"content[-_]main|content(?:-|__)body", ("content",))


def _first_match(tree: Any, tags: tuple[str, ...], test: Callable[[Any], bool]) -> list[Any]:
    return next(([el] for el in tree.iterdescendants(*tags) if test(el)), [])


def _article_frame(tree: Any) -> list[Any]:
    return _first_match(tree, _FRAMES, lambda el: (
        el.get("class") in ("post", "entry") or el.get("itemprop") == "articleBody"
        or el.get("id") == "articleContent" or _ARTICLE_ID(el.get("id")) or _ARTICLE_CLASS(el.get("class"))))


def _story_frame(tree: Any) -> list[Any]:
    def test(el: Any) -> bool:
        i, c = el.get("id"), el.get("class")
        return (el.get("role") == "article" or i in ("article", "story") or c in _STORY_CLASSES or _STORY_ID(i)
                or (c is not None and _FULLTEXT.search(c) is not None) or _STORY_CLASS(c))

    return _first_match(tree, _FRAMES, test)


def _content_frame(tree: Any) -> list[Any]:
    def test(el: Any) -> bool:
        i, c = el.get("id") or "", el.get("class") or ""
        return (i == "content" or c == "content" or _MAIN_ID(i) or _MAIN_CLASS(c)
                or "main-content" in i.replace("C", "c").replace("M", "m")
                or "main-content" in c.replace("C", "c").replace("M", "m")
                or "page-content" in c.replace("C", "c").replace("P", "p"))

    return _first_match(tree, _FRAMES, test)


def _main_frame(tree: Any) -> list[Any]:
    return _first_match(tree, _FRAMES, lambda el: el.tag == "main" or any(
        (el.get(name) or "").startswith("main") for name in ("class", "id", "role")))


# trafilatura's expression lists translated here: for each, its translations in order, each with the
# SHA-1 of the XPath text it was written from.
_TRANSLATED: dict[str, tuple[tuple[Matcher | None, str], ...]] = {
    "RAW_TREE_PRUNE_XPATH": (
        (_appended_articles, "c15751070b078a647446175f714fc52b5d51ca8c"),
        (_share_buttons, "12b073ccb20e96330059aff8a9782a769ecf22e6"),
    ),
    "REMOVE_COMMENTS_XPATH": ((_comment_sections, "97b3a45900e751deb0c5446b7456a1274778d954"),),
    "REMOVE_COMMENTS_AND_LISTS_XPATH": ((_comment_sections_and_lists, "7e7d885e629a511978658d1420f16b1a4ac09d85"),),
    "OVERALL_DISCARD_XPATH": (
        (_boilerplate, "d00545c1e3acd7dd0585191cc70e0104d49e5586"),
        (_hidden, "8c88600b03181df7a8d96c7c92ca3b0351f47e78"),
    ),
    "TEASER_DISCARD_XPATH": ((_teasers, "db87f1790b6b744970979d0892598c4445ee10e1"),),
    "DISCARD_IMAGE_ELEMENTS": ((_captions, "1c87660c9ae9af66a3b616601505d9d8b4c5624b"),),
    "BODY_XPATH": (
        (_article_frame, "2465b9ddf0fc1b9b11762bba0368942a191f062d"),
        (None, "91b22f3d0771189c5b515619b4b5308899c90a63"),  # (.//article)[1]: no test to call back
        (_story_frame, "b9c180cd18240e44ef70d3bb606708425bec038f"),
        (_content_frame, "1e7b8c5b36e9e0e8045815f7c79ba22f4d557cca"),
        (_main_frame, "2cee30110a45e6bbd5c4f6cd9daf5862c32fa43a"),
    ),
    "PRECISION_DISCARD_XPATH": (
        (_headers, "e73d52598ccd5f513103b275063d6b51f60aab99"),
        (_page_bottom, "1333a88a43255a90e57fad382aa978fb9b88f8bd"),
    ),
}


@lru_cache(maxsize=16)  # one entry per trafilatura list read (a handful), kept for the process
def matchers(name: str) -> tuple[Matcher, ...]:
    """The expressions of trafilatura's list `name` (in `trafilatura.xpaths`) as functions of a
    tree giving its matches: the translation of each expression whose XPath text is the one it
    was written from, the XPath itself otherwise."""
    from trafilatura import xpaths

    expressions = getattr(xpaths, name)
    translated = _TRANSLATED.get(name, ())
    if len(translated) != len(expressions):
        return tuple(expressions)
    return tuple(fn if fn is not None and _digest(expression.path) == digest else expression
                 for expression, (fn, digest) in zip(expressions, translated, strict=True))


def _digest(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def prune(tree: Any, name: str, *, with_backup: bool = False) -> Any:
    """trafilatura's `prune_unwanted_nodes(tree, <list name>, with_backup)`, by `matchers(name)`:
    each expression's matches deleted (their tails kept) before the next one is run; with a
    backup, the outermost matches of all expressions are deleted only when more than a seventh
    of the tree's text is left."""
    from trafilatura.xml import delete_element

    if not with_backup:
        for expression in matchers(name):
            for element in expression(tree):
                delete_element(element)
        return tree
    matches = dict.fromkeys(element for expression in matchers(name) for element in expression(tree))
    if not matches:
        return tree
    outer = [element for element in matches if not any(a in matches for a in element.iterancestors())]
    old_len = len(tree.text_content())
    if old_len - sum(len(element.text_content()) for element in outer) > old_len / 7:
        for element in outer:
            delete_element(element)
    return tree
