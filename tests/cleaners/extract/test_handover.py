"""The generic path's run of trafilatura (cleaners/extract/handover.py, discard.py, mainpass.py)
is trafilatura's own result at a lower cost: the Python translations of its discard expressions
match exactly the elements the XPath expressions match, and the lean run gives the output body
`bare_extraction` gives with the same options. Real pages of many outlets (WCXB dev split,
fixtures/generic and fixtures/recall, provenance in their READMEs)."""

from __future__ import annotations

import gzip
import random
import re
from copy import copy, deepcopy
from pathlib import Path

import pytest
from lxml import etree

from cleaners.extract import discard
from cleaners.extract.handover import _tree_cleaning, extract, lxml_tree, options, same_stages
from cleaners.extract.mainpass import _same_source

FIXTURES = Path(__file__).resolve().parents[3] / "fixtures"
PAGES = sorted((FIXTURES / "generic").glob("wcxb-*.html.gz")) + sorted((FIXTURES / "recall").glob("wcxb-*.html.gz"))
LISTS = sorted(discard._TRANSLATED)


def _tree(path: Path):
    tree = lxml_tree(gzip.decompress(path.read_bytes()).decode("utf-8", "replace"))
    assert tree is not None
    return tree


@pytest.fixture(scope="module")
def trees():
    """Each page's raw tree, and the same after trafilatura's cleaning and tag conversion (where
    the section pruning runs: `<list>`, `<item>`, `<head>`)."""
    from trafilatura.htmlprocessing import convert_tags, tree_cleaning

    out = []
    for path in PAGES[::2]:
        raw = _tree(path)
        out.append((path.name, raw))
        out.append((path.name + " converted", convert_tags(tree_cleaning(deepcopy(raw), options(True)), options(True))))
    return out


def test_the_installed_trafilatura_is_the_one_translated():
    # the speed-up only holds while the installed expressions and functions are the ones copied
    kept = [m.path for name in LISTS for m in discard.matchers(name) if isinstance(m, etree.XPath)]
    assert kept == ["(.//article)[1]"]  # the one expression without a test to call back
    assert _same_source()
    assert same_stages()  # bare_extraction's stages and its tree cleaning too: the lean run is the one tested below


@pytest.mark.parametrize("name", LISTS)
def test_translations_match_what_the_xpath_matches(trees, name):
    from trafilatura import xpaths

    matched = 0
    for page, tree in trees:
        for expression, translation in zip(getattr(xpaths, name), discard.matchers(name), strict=True):
            expected = expression(tree)
            if name == "BODY_XPATH":  # the article's frame: trafilatura takes the first match
                expected = expected[:1]
            assert translation(tree) == expected, (page, name, expression.path[:80])
            matched += len(expected)
    if name != "RAW_TREE_PRUNE_XPATH":  # two site-specific shapes, none of them on these pages
        assert matched, f"no page exercises {name}"


def test_first_of_two_attributes_in_source_order():
    el = etree.fromstring('<div class="reply-box" id="main"/>')
    assert discard._first(el, "id", "class") == "reply-box"
    el = etree.fromstring('<div id="main" class="reply-box"/>')
    assert discard._first(el, "id", "class") == "main"
    assert discard._first(etree.fromstring("<div/>"), "id", "class") == ""


def test_a_pattern_matching_an_empty_value_is_refused():
    with pytest.raises(ValueError):
        discard._search(r"x?")


def test_needed_texts_are_refused_for_a_pattern_that_ignores_case():
    # "fulltext" is not in "FULLTEXT", which (?i)fulltext matches: the shortcut would say no match
    assert discard._search(r"fulltext", ("fulltext",))("a fulltext b")
    with pytest.raises(ValueError, match="ignores case"):
        discard._search(r"(?i)fulltext", ("fulltext",))
    assert discard._search(r"(?i)fulltext")("FULLTEXT")  # without needed texts it is read as before


@pytest.mark.parametrize("path", PAGES[::3], ids=lambda p: p.name)
def test_lean_run_gives_bare_extractions_body(path):
    from trafilatura import bare_extraction

    tree = _tree(path)
    settings = copy(options(True))
    document = bare_extraction(deepcopy(tree), options=settings)
    expected = None if document is None else etree.tostring(document.body)
    body = extract(deepcopy(tree), None, fast=True)
    assert (None if body is None else etree.tostring(body)) == expected
    assert expected is not None and len(expected) > 500


def _linked_elements(trees):
    for _, tree in trees:
        if tree.find(".//ref") is not None:
            yield from (el for el in tree.iter("div", "list", "p", "head", "quote") if el.find(".//ref") is not None)


@pytest.mark.parametrize("favor_precision", [True, False])
def test_link_density_verdicts_are_trafilaturas(trees, favor_precision):
    from trafilatura.htmlprocessing import link_density_test

    from cleaners.extract.mainpass import _link_density_test

    tested = 0
    for el in _linked_elements(trees):
        lengths: dict = {}
        assert _link_density_test(el, favor_precision, lengths)[:2] == link_density_test(el, favor_precision)
        tested += 1
    assert tested > 500


def test_a_long_texts_start_does_not_stand_for_it_when_it_decides_nothing():
    # the start of a long text bounds its trimmed length from below; where that bound does not
    # settle a comparison, the whole text is read: texts whose start is only layout whitespace,
    # a short list of links, a long link farm, a long link with as much text after it
    from trafilatura.htmlprocessing import convert_tags, link_density_test

    from cleaners.extract.mainpass import _BOUND_CHARS, _link_density_test

    def div(inner: str):
        tree = lxml_tree("<html><body><div>" + " \n" * _BOUND_CHARS + inner + "</div></body></html>")
        found = convert_tags(tree, options(True)).find(".//div")
        assert len(found.text_content()) > _BOUND_CHARS
        return found

    def links(count: int) -> str:
        return "".join(f'<a href="/{i}">Story number {i} of the day</a> ' for i in range(count))

    cases = [(div(links(8)), (True, True)), (div(links(30)), (True, False)),
             (div(f'<a href="/x">{"word " * 60}</a>{" and more" * 12}'), (False, False))]
    for element, expected in cases:
        assert link_density_test(element, True) == expected
        assert _link_density_test(element, True, {})[:2] == expected


def test_the_tree_cleaning_deletes_what_trafilaturas_deletes():
    # the copy walks only for the tags of the delete list the tree holds: the real pages' raw trees
    # (what the hand-over gives it holds few of them), and a page holding some, nested in one another
    from trafilatura.htmlprocessing import tree_cleaning

    nested = lxml_tree("<html><body><aside>a<aside>b</aside>c</aside><p>kept</p><aside>d</aside>"
                       "<form><input></form><div><noscript>e</noscript><iframe></iframe>f</div></body></html>")
    raws = [tree for _, tree in trees_of(PAGES[::2])] + [nested]
    for raw in raws:
        expected = etree.tostring(tree_cleaning(deepcopy(raw), options(True)))
        assert etree.tostring(_tree_cleaning(deepcopy(raw), options(True))) == expected
    cleaned = etree.tostring(_tree_cleaning(deepcopy(nested), options(True)))
    # trafilatura's walk for a tag ends inside the first element it deletes when that holds
    # another of the tag: the asides after it stay, in the copy as there
    assert cleaned == b"<html><body><p>kept</p><aside>d</aside><div>f</div></body></html>"


def trees_of(paths):
    return ((path.name, _tree(path)) for path in paths)


def test_the_section_pruning_leaves_what_trafilaturas_leaves(trees):
    # the copy's link-density rounds share one reading of where the links are, its test bounds
    # long texts by their start: the trees it leaves are trafilatura's, page by page
    from trafilatura.main_extractor import TAG_CATALOG, prune_unwanted_sections

    from cleaners.extract.mainpass import _prune_unwanted_sections

    changed = 0
    for page, tree in trees:
        if not page.endswith("converted"):
            continue
        for settings in (options(True), options(False)):
            tags = set(TAG_CATALOG) | {"table", "td", "th", "tr"}
            expected = etree.tostring(prune_unwanted_sections(deepcopy(tree), set(tags), settings))
            assert etree.tostring(_prune_unwanted_sections(deepcopy(tree), set(tags), settings)) == expected, page
            changed += expected != etree.tostring(tree)
    assert changed


_LOOSE = "".join(f"<p>Loose paragraph number {n} of a page whose paragraphs no frame holds, long enough to keep.</p>"
                 for n in range(4))


@pytest.mark.parametrize("html", [
    # no frame: the tree is never changed before the wild-text recovery reads it (no copy is made)
    f"<html><body><div class='x'>{_LOOSE}</div></body></html>",
    # no frame, and an element of the tag the frame loop gives its handled elements (none was handled)
    f"<html><body><div>{_LOOSE}<done><p>A paragraph inside an element tagged done, read or not.</p></done></div>"
    "</body></html>",
    # a frame too short to stand: the recovery reads the tree as it was before the frame loop changed it
    f"<html><body><div class='article-body'><p>Short.</p></div><section>{_LOOSE}</section></body></html>",
    # a frame whose pruning deletes a teaser inside it: only a copy made before that still holds it
    f"<html><body><div class='article-body'><p>Short.</p><div class='teaser'>{_LOOSE}</div></div></body></html>",
])
def test_main_pass_is_trafilaturas_with_and_without_a_frame(html):
    from trafilatura.htmlprocessing import convert_tags
    from trafilatura.main_extractor import extract_content

    from cleaners.extract.mainpass import main_pass

    def converted():
        return convert_tags(_tree_cleaning(lxml_tree(html), options(True)), options(True))

    expected_body, expected_text = extract_content(converted(), options(True))
    body, text = main_pass(converted(), options(True))
    assert (etree.tostring(body), text) == (etree.tostring(expected_body), expected_text)
    assert "Loose paragraph number 3" in text


# trafilatura's attribute tests of its OVERALL_DISCARD_XPATH and BODY_XPATH, as it writes them
_AS_WRITTEN = {
    "_BOILERPLATE_CLASS": (
        r"^shar|social|viral|newsletter|syndication|tags|sidebar|banner|bread-?crumb|button|author"
        r"|^(?:nav|post-nav|ZendeskForm)|subnav|avigation|navbar|navbox|menu|bar| ad |-ad-|(?:^| )ad-|dfp[Aa]d"
        r"|outbrain|taboola|criteo|paid-?content|widget|footer|Footer|byline|Byline|share-|sociable|embedded|embed"
        r"|tag-list|consent|modal-content|permission|elated|next-|-stories|most-popular|more-on|meta|rating"
        r"|attachment|timestamp|user-info|user-profile|-icon|article-infos|message-container|slide|viewport"
        r"|overlay|options|expand|obfuscated|blurred|mol-factbox|yin|zlylin|nfoline"),
    "_BOILERPLATE_ID": (
        r"^shar|social|viral|newsletter|syndication|tags|sidebar|banner|bread-?crumb|button|author"
        r"|^(?:jp-|dpsp-content)|bmdh|footer|Footer|share|Share|nav|Nav|menu|related|message-container|premium|^ad-"),
    "_HIDDEN_CLASS": (
        r"^hide-|comments-title|nocomments|-reply-|message|akismet|suggest-links|-hide-|hide-print| hidden| hide"
        r"|noprint|notloaded"),
    "_ARTICLE_CLASS": (
        r"post[-_]text|post-body|post-?entry|post[-_]?content|postContent|post_inner_wrapper|article-?text|articleText"
        r"|(?:entry|page|text|article|art)-content|article__content|article(?:-|__)?body|articleBody|ArticleContent"
        r"|body-text|article__container"),
}


# tests that tell most values by the texts every match holds, before the memo and the pattern
_NEEDING = {
    "_INFINITE": r"mvp-post-add-(?:box|wrap)|infinite-?scroll", "_APPENDED": r"mvp-post-add-(?:box|wrap)",
    "_COMMENTS_ID": r"^(?:[Cc]omment(?!ary)|comol|disqus_thread|dsq-comments)",
    "_COMMENTS_LIST_ID": r"^(?:[Cc]omment(?!ary)|comol)",
    "_COMMENTS_CLASS": r"^[Cc]omment(?!ary)|(?:article|post)-comments", "_HIDDEN_ID": r"reader-comments|akismet",
    "_BOTTOM": r"(^|\s)bottom|bottom(\s|$)", "_LINK": r"(^|\s)link(\s|$)",
    "_ARTICLE_ID": r"(?:entry|article|art)-content|article__content|article(?:-|__)?body|articleBody|body-text",
    "_STORY_ID": r"^primary|story-body", "_MAIN_ID": r"content-main|content-body|contentBody",
    "_MAIN_CLASS": r"content[-_]main|content(?:-|__)body",
}


@pytest.mark.parametrize("name", sorted(_AS_WRITTEN) + sorted(_NEEDING))
def test_a_test_written_as_a_trie_or_told_by_what_it_needs_finds_what_trafilaturas_finds(name):
    written = re.compile(_AS_WRITTEN.get(name) or _NEEDING[name])
    test = getattr(discard, name)
    words = re.findall(r"[\w -]+", written.pattern.replace("?:", ""))
    values = [" ad ", " ad-x", "x ad-", "ad-", "xad-", "bread-crumb", "breadcrumb", "breadrumb", "dfpAd", "dfpad",
              "dfpAD", "paidcontent", "paid-content", "paid--content", "navbar", "x-nav", "nav-x", "post-nav",
              "x post-nav", "sharing", "x sharing", "sociable", "socia", "embedded", "Embed", "zlylin", "yi", "",
              "post_content", "post-_content", "articlebody", "article_body", "article__body", "art-content",
              "x hidden", "hide-x", "x hide-", "post--entry", "postentry", "Comment", "commentary", "comments",
              "x comment", "infinitescroll", "infinite-scroll", "a bottom", "bottom b", "abottom", "x link y",
              "links", "link", "mvp-post-add-box", "contentBody", "content__body", "primary-x", "x primary"]
    values += [edge for word in words for edge in (word, f"x{word}", f"{word}y", word[1:], word[:-1], f"a {word}")]
    rng = random.Random(7)
    letters = "".join(sorted(set(written.pattern) - set("^()|?:[]\\"))) + " "
    values += ["".join(rng.choice(letters) for _ in range(rng.randint(1, 14))) for _ in range(20_000)]
    for value in values:
        assert test(value) == (written.search(value) is not None), value
    assert any(map(test, values))


def test_a_word_holding_another_is_left_out_of_the_trie():
    assert discard._any_of(("ab", "abc", "b x", "q")) == r"(?:ab|b\ x|q)"
