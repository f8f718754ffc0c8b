"""Pruning: page furniture out of the one selectolax tree before any extractor reads it.

Selector groups made of simple selectors (a tag, an attribute test, or both) are matched in one
walk of the tree (`select`); Lexbor's `css()` walks the tree once per selector, and the plan
holds more than a hundred of them.

A `PrunePlan` (`vocab/prune.toml`; `default_prune_plan()` is the bundled one) names three
groups: `not_text` (scripts, styles), `always` (removed whatever their size) and `guarded`
(removed unless the node holds much of the page's text or looks like the article itself; on a
short page, where `min_chars` lets a box go whatever its share, a node holding more than
`MOST_OF_THE_PAGE` of the text still stays: it is the page, not a box in it).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import lru_cache

from selectolax.lexbor import LexborHTMLParser, LexborNode

from cleaners.clean import regex
from cleaners.clean.memo import TextMemo
from cleaners.extract.ancestry import climbed, outermost, within
from cleaners.knowledge.bundle import Knowledge
from cleaners.knowledge.vocab import PrunePlan
from cleaners.page.nodes import tag_ids

__all__ = ["PrunePlan", "default_prune_plan", "MIN_NODE_CHARS", "climbed", "drop", "drop_test", "holds", "norm",
           "prune", "outermost", "select", "simple", "within"]

_KEEP_TAGS = {"html", "head", "body", "-document"}
MOST_OF_THE_PAGE = 0.6  # a guarded match holding more than this share of the page's text stays
MIN_NODE_CHARS = 12  # a text node shorter than this is not matched against an extracted paragraph's start


def norm(text: str | None) -> str:
    """`text` with its whitespace runs made one space and its ends stripped (`None` is empty)."""
    return " ".join((text or "").split())



def default_prune_plan() -> PrunePlan:
    return Knowledge.default().prune


# One simple selector: a tag, an attribute condition ([attr], [attr=v], [attr*=v], ^= $= ~= |=), or both.
_SIMPLE_RE = re.compile(r"""\s*(?P<tag>[A-Za-z][\w-]*)?(?:\[\s*(?P<attr>[A-Za-z_][\w-]*)\s*"""
                        r"""(?:(?P<op>[*^$~|]?=)\s*(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)'|(?P<bare>[\w-]+))\s*)?\])?\s*""")
_SPACE = "[ \t\n\f\r]"
_CSS_MAX_SELECTORS = 8  # a group with more candidates' selectors is walked in Python (css() walks once each)


class _Matcher:
    """A selector group made only of simple selectors (see `_SIMPLE_RE`), tested in one pass over
    the tree's nodes in Python. Lexbor's `css()` walks the tree once per selector of a list (and
    its attribute tests are slower than this pass): it only lists the candidates, the nodes with
    one of the group's tags or tested attributes, when that takes a few walks."""

    def __init__(self, tags: frozenset[str], attrs: dict[str, regex.Pattern | None],
                 tagged: dict[str, dict[str, regex.Pattern | None]]) -> None:
        self.tags = tags  # bare tags
        self.attrs = attrs  # attribute name -> the alternation of its conditions, on any tag
        self.tagged = tagged  # tag -> attribute conditions that hold on that tag only
        self.memos: dict[str, tuple[regex.Pattern | None, TextMemo[bool]]] = {
            name: (pattern, TextMemo(_MEMO_SIZE, _MEMO_CHARS)) for name, pattern in attrs.items()}  # for `_memo_hit`
        # every node that can match has one of these tags or attributes (a superset: each is tested)
        candidates = sorted(tags | tagged.keys()) + [f"[{name}]" for name in sorted(attrs)]
        self.candidates = ", ".join(candidates) if len(candidates) <= _CSS_MAX_SELECTORS else None

    def matches(self, root: LexborHTMLParser | LexborNode) -> list[LexborNode]:
        start = root.root if isinstance(root, LexborHTMLParser) else root
        if start is None:
            return []
        # `start` itself included, in document order; css() gives a node that has several of the
        # candidates' tags and attributes once for each, one right after the other
        if self.candidates:
            return self.among(start.css(self.candidates))
        return self.among(start.traverse(), once=True)

    def among(self, nodes: Iterable[LexborNode], once: bool = False) -> list[LexborNode]:
        """The matches among `nodes`, in their order (a node given twice in a row counts once;
        `once`: no node is given twice, as in a walk of the tree)."""
        tags, attrs, tagged, memos = self.tags, self.attrs, self.tagged, self.memos
        found = []
        last = None
        for node in nodes:
            if not once:
                mem_id = node.mem_id
                if mem_id == last:
                    continue
                last = mem_id
            tag = node.tag or ""
            if tag in tags:
                found.append(node)
                continue
            conditions = tagged.get(tag) if tagged else None
            if not attrs and conditions is None:
                continue
            values = node.attributes
            if values and ((attrs and _memo_hit(values, memos))
                           or (conditions is not None and _hit(values, conditions))):
                found.append(node)
        return found


def _hit(values: dict[str, str | None], patterns: dict[str, regex.Pattern | None]) -> bool:
    for name, value in values.items():  # noqa: SIM110  # a loop: any() of a generator costs more here
        if name in patterns and (_verdict if len(value or "") <= _MEMO_VALUE_MAX else _verdict.__wrapped__)(
                patterns[name], value or ""):  # a hostile page's huge values are not remembered
            return True
    return False


_MEMO_SIZE = 16384  # verdicts remembered per attribute of a matcher before they are forgotten at once
_MEMO_VALUE_MAX = 256  # ... each for a value of at most this many characters (the cached `_verdict`)
_MEMO_CHARS = 1_000_000  # ... and their total length (a hostile page's huge values are not all kept)


def _memo_hit(values: dict[str, str | None], memos: dict[str, tuple[regex.Pattern | None, TextMemo[bool]]]) -> bool:
    """`_hit` with each attribute's verdicts remembered in a plain dict of its own (a page repeats its
    class names, the pages of one site share theirs): a dict lookup costs less than a cached call."""
    for name, value in values.items():
        entry = memos.get(name)
        if entry is None:
            continue
        pattern, seen = entry
        text = value or ""
        verdict = seen.get(text)
        if verdict is None:
            verdict = seen.remember(text, pattern is not None and pattern.test(text))
        if verdict:
            return True
    return False


@lru_cache(maxsize=16384)
def _verdict(pattern: regex.Pattern | None, value: str) -> bool:
    """Whether `pattern` (None: nothing) is found in an attribute's `value`. Remembered: a page
    repeats its class names, and the pages of one site share theirs."""
    return pattern is not None and pattern.test(value)


def _trie(words: list[str]) -> str:
    """An alternation of literal `words` as a regex trie: one branch per next character, so a
    failed position costs a character test, not one test per word."""
    if "" in words:
        rest = _trie([w for w in words if w])
        return f"(?:{rest})?" if rest else ""
    if not words:
        return ""
    branches = []
    for first in sorted({w[0] for w in words}):
        tails = [w[1:] for w in words if w[0] == first]
        branches.append(re.escape(first) + _trie(tails))
    return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"


def _conditions(conditions: list[tuple[str | None, str]]) -> str | None:
    """One pattern for the conditions on one attribute (presence, =, *=, ^=, $=, ~=, |=), None when
    it matches nothing; a condition CSS says matches nothing (an empty *= value, a ~= value with a
    space) is left out."""
    by_op: dict[str | None, list[str]] = {}
    for op, value in conditions:
        if (op not in (None, "=") and not value) or (op == "~=" and re.search(_SPACE, value)):
            continue
        by_op.setdefault(op, []).append(value)
    parts = []
    for op, values in by_op.items():
        words = _trie(values)
        parts.append({None: "", "=": f"^{words}\\Z", "*=": words, "^=": f"^{words}", "$=": f"{words}\\Z",
                      "|=": f"^{words}(?:-|\\Z)", "~=": f"(?:^|{_SPACE}){words}(?:{_SPACE}|\\Z)"}[op])
    return "|".join(f"(?:{p})" for p in parts) if parts else None


def _compiled(source: str | None) -> regex.Pattern | None:
    """`_conditions`'s pattern for RE2 (a literal trie: its linear-time search beats `re`'s, which
    tries the trie at every position of the value)."""
    return regex.compile(source, capture=False) if source is not None else None


@lru_cache(maxsize=64)
def _matcher(selectors: str) -> _Matcher | None:
    """`selectors` compiled to a `_Matcher`, or None when one of them is not simple."""
    tags: set[str] = set()
    attrs: dict[str, list[tuple[str | None, str]]] = {}
    tagged: dict[str, dict[str, list[tuple[str | None, str]]]] = {}
    for selector in selectors.split(","):
        m = _SIMPLE_RE.fullmatch(selector)
        if m is None or not (m["tag"] or m["attr"]):
            return None
        tag = m["tag"].lower() if m["tag"] else None
        if m["attr"] is None:
            tags.add(tag)  # type: ignore[arg-type]
            continue
        value = next((v for v in (m["dq"], m["sq"], m["bare"]) if v is not None), "")
        into = attrs if tag is None else tagged.setdefault(tag, {})
        into.setdefault(m["attr"].lower(), []).append((m["op"], value))

    def compiled(conditions: dict[str, list[tuple[str | None, str]]]) -> dict[str, regex.Pattern | None]:
        return {name: _compiled(_conditions(c)) for name, c in conditions.items()}

    return _Matcher(frozenset(tags), compiled(attrs), {tag: compiled(c) for tag, c in tagged.items()})


def select(root: LexborHTMLParser | LexborNode, selectors: str) -> list[LexborNode]:
    """The nodes of `root` (itself included) matching `selectors`, in document order; a group of
    simple selectors is matched in one walk of the tree, any other by Lexbor."""
    matcher = _matcher(selectors)
    return matcher.matches(root) if matcher is not None else root.css(selectors)


def simple(selectors: str) -> bool:
    """Whether `selectors` is a group of simple selectors: a node's match is its own tag and
    attributes (`select` on a subtree gives the matches of the whole tree found in it)."""
    return _matcher(selectors) is not None


def holds(node: LexborNode, selectors: str) -> bool:
    """Whether `node` itself matches `selectors`, a group of simple selectors (see `simple`)."""
    matcher = _matcher(selectors)
    if matcher is None:
        raise ValueError(f"not a group of simple selectors: {selectors!r}")
    return bool(matcher.among([node]))


def _outermost(nodes: list[LexborNode], root: LexborHTMLParser | LexborNode) -> list[LexborNode]:
    """The outermost of `nodes` (found in `root`) but those that always stay; no climb goes above
    `root` (a body's matches are not climbed to the document's root)."""
    return outermost([n for n in nodes if n.tag not in _KEEP_TAGS], top=root if isinstance(root, LexborNode) else None)


def prune(root: LexborHTMLParser | LexborNode, selectors: str | None = None, *, plan: PrunePlan | None = None,
          guarded_only: bool = False, matched: list[LexborNode] | None = None, page_chars: int | None = None) -> int:
    """Remove the nodes matching `selectors` (all of them), or those of `plan` (`guarded_only`
    when its `always` part is already gone). Returns how many nodes went. `matched`: `select(root,
    plan.guarded)` when the caller has it (the tree unchanged since), `page_chars` the length of
    the text of `root`'s body."""
    if selectors is not None:
        nodes = _outermost(select(root, selectors), root)
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
    if matched is None:
        matched = select(root, plan.guarded)
    nodes = _outermost(matched, root)
    if not nodes:
        return count  # the page's text is not measured for nothing
    body = root.body if isinstance(root, LexborHTMLParser) else root
    total = page_chars if page_chars is not None else len(body.text(deep=True)) if body is not None else 0
    # a node holding most of the page's text is the page, however short the page (min_chars)
    limit = min(max(total * plan.max_share, plan.min_chars), total * MOST_OF_THE_PAGE)
    for node in nodes:
        if len(node.text(deep=True)) <= limit and not _holds_article(node, plan):
            node.decompose()
            count += 1
    return count


def drop(tree: LexborHTMLParser | LexborNode, selectors: str) -> None:
    """Remove the nodes matching `selectors`, the same ones `prune` removes, without counting them.
    A group whose every selector names a tag is found without Lexbor's `css()`, which costs about a
    walk of the tree a selector: on a whole parse, a group of bare tags goes by `strip_tags` (a
    walk in C a tag, no Python node made); else one walk of the elements, by their tag ids, the
    attribute conditions tested here on the few nodes of their tag. A node goes by detaching it
    with its subtree: the tree left is the one `decompose()` leaves, and one inside a node already
    gone may be detached too (in reverse order, inner ones first). Any other group is found as
    `prune` finds it, and no climb looks for the outermost of its matches: each goes, inner ones
    first, which leaves the tree removing the outermost leaves. A node `tree` that matches itself
    goes whole, as `prune` takes it: out of the document and emptied of its subtree (a caller
    reading it afterwards reads nothing, whichever way its group is found)."""
    matcher = _matcher(selectors)
    if matcher is None or matcher.attrs:  # a condition on any tag: the one Python walk of `prune`
        _detach(tree, [node for node in select(tree, selectors) if node.tag not in _KEEP_TAGS])
        return
    by_id = _by_tag(matcher)
    if by_id is None:  # a tag Lexbor does not know: its id differs from one document to the next
        _drop_found(tree, matcher)
        return
    bare, tagged = by_id
    if not tagged and isinstance(tree, LexborHTMLParser):
        if bare:
            tree.strip_tags(list(bare.values()))
        return
    start = tree.root if isinstance(tree, LexborHTMLParser) else tree
    wanted = bare.keys() | tagged.keys()
    if start is None or not wanted:
        return
    takes = _takes(bare, tagged)
    _detach(tree, [node for node in start.traverse() if node.tag_id in wanted and takes(node)])


@lru_cache(maxsize=64)
def drop_test(selectors: str) -> Callable[[LexborNode], bool] | None:
    """Whether `drop(..., selectors)` takes a node (by its own tag id and attributes, as drop finds
    the nodes of a group of tags), for a group drop finds by tag ids; None for any other group."""
    matcher = _matcher(selectors)
    by_id = _by_tag(matcher) if matcher is not None and not matcher.attrs else None
    return _takes(*by_id) if by_id is not None else None


def _takes(bare: dict[int, str], tagged: dict[int, _Conditions]) -> Callable[[LexborNode], bool]:
    """The test of a node for a group found by tag ids (`_by_tag`'s): a bare tag's, or a tag's whose
    attribute conditions it meets."""

    def takes(node: LexborNode) -> bool:
        tag_id = node.tag_id
        return tag_id in bare or (tag_id in tagged and _hit(node.attributes, tagged[tag_id]))

    return takes


def _drop_found(tree: LexborHTMLParser | LexborNode, matcher: _Matcher) -> None:
    """`drop` by one Lexbor `css()` of the group's tag names."""
    tags, tagged = matcher.tags, matcher.tagged
    names = sorted((tags | tagged.keys()) - _KEEP_TAGS)
    if not names:
        return
    found = []
    for node in tree.css(", ".join(names)):
        tag = node.tag or ""
        conditions = tagged.get(tag)
        if tag in tags or (conditions is not None and _hit(node.attributes, conditions)):
            found.append(node)
    _detach(tree, found)


def _detach(tree: LexborHTMLParser | LexborNode, found: list[LexborNode]) -> None:
    """`drop`'s removal of `found`, the nodes it found in `tree` (in document order, none of
    `_KEEP_TAGS`): each detached with its subtree, inner ones first. When the first is the node
    `tree` itself (as `tree.traverse()` and its css() give it when it matches), it goes as `prune`
    takes it: detached, its subtree unlinked."""
    if found and not isinstance(tree, LexborHTMLParser) and found[0].mem_id == tree.mem_id:
        tree.decompose()
        return
    for node in reversed(found):
        node.decompose(recursive=False)


_Conditions = dict[str, regex.Pattern | None]


# The SVG element names the HTML parser writes in camelCase (the HTML standard's adjustment of SVG
# tag names). Lexbor gives the lowercase name the element's id, but `css()` of it finds a node whose
# `tag` is the camelCase name, which `prune` does not take: a group naming one keeps the css() path.
_SVG_CAMEL_CASE = frozenset((
    "altglyph", "altglyphdef", "altglyphitem", "animatecolor", "animatemotion", "animatetransform", "clippath",
    "feblend", "fecolormatrix", "fecomponenttransfer", "fecomposite", "feconvolvematrix", "fediffuselighting",
    "fedisplacementmap", "fedistantlight", "fedropshadow", "feflood", "fefunca", "fefuncb", "fefuncg",
    "fefuncr", "fegaussianblur", "feimage", "femerge", "femergenode", "femorphology", "feoffset",
    "fepointlight", "fespecularlighting", "fespotlight", "fetile", "feturbulence", "foreignobject", "glyphref",
    "lineargradient", "radialgradient", "textpath",
))


@lru_cache(maxsize=64)
def _by_tag(matcher: _Matcher) -> tuple[dict[int, str], dict[int, _Conditions]] | None:
    """The group's tags (but those that always stay, `_KEEP_TAGS`) by tag id: (the bare tags, the
    tags with attribute conditions -> those); None when one is not a standard element name, or is
    an SVG name written in camelCase (`_SVG_CAMEL_CASE`)."""
    if not _SVG_CAMEL_CASE.isdisjoint(matcher.tags | matcher.tagged.keys()):
        return None
    try:
        bare = tag_ids(sorted(matcher.tags - _KEEP_TAGS))
        tagged = tag_ids(sorted(matcher.tagged.keys() - _KEEP_TAGS))
    except ValueError:
        return None
    return bare, {tag_id: matcher.tagged[name] for tag_id, name in tagged.items()}


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
