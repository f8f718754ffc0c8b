"""The elements a page's metadata is read from. Each kind looked for by tag name is found by Lexbor's
walk by tag name (`tree.tags`, what css() finds for that name), at about a third of the
instructions of a css() walk looking for one kind of element: a css() walk tries each of its
selectors at each element, so one for five kinds costs more than five walks by tag name.

Each list holds what `tree.css(<its selector>)` gives, in document order, and each first node
what it gives first: `[rel="canonical"]` and `[type="application/ld+json"]` match without regard
to case (as Lexbor matches them), an `itemprop` exactly. The JSON-LD scripts are those of
`LD_SELECTOR`'s whose own `type` attribute is that type: Lexbor's selector also takes the `type`
of another namespace (an SVG or MathML script's xlink:type).

`tag_ids` gives the Lexbor tag ids of element names: a node's `tag_id` (an int) is read for half
the cost of its `tag` (a string made for every call), and a standard element's id is the same in
every document.
"""

from __future__ import annotations

from collections.abc import Iterable

from selectolax.lexbor import LexborHTMLParser, LexborNode

__all__ = ["PageNodes", "CANONICAL_SELECTOR", "ITEMPROP_SELECTOR", "LD_SELECTOR", "TEXT_ID", "COMMENT_ID", "tag_id",
           "tag_ids"]

LD_SELECTOR = 'script[type="application/ld+json"]'
CANONICAL_SELECTOR = 'link[rel="canonical"]'
ITEMPROP_SELECTOR = '[itemprop="datePublished"], [itemprop="datepublished"]'
_MAKERS = (LexborHTMLParser(""), LexborHTMLParser(""))


def tag_ids(names: Iterable[str]) -> dict[int, str]:
    """The Lexbor tag id of each of `names` (element names Lexbor knows, lowercase) -> the name.
    A node whose `tag_id` is among them has that name as its `tag`; an element of any other name
    has another id. Raises ValueError for a name Lexbor does not know: its id is made by each
    document (two documents give it two ids)."""
    out = {}
    for name in names:
        first, second = (maker.create_node(name) for maker in _MAKERS)
        if first.tag != name or first.tag_id != second.tag_id or first.tag_id in out:
            raise ValueError(f"not an element name Lexbor knows: {name!r}")
        out[first.tag_id] = name
    return out


def tag_id(name: str) -> int:
    """The Lexbor tag id of the element name `name` (as `tag_ids`)."""
    return next(iter(tag_ids((name,))))


def _probe_ids() -> tuple[int, int]:
    body = LexborHTMLParser("<body><!--c-->t</body>").body
    comment = body.child if body is not None else None
    text = comment.next if comment is not None else None
    if comment is None or text is None or (comment.tag, text.tag) != ("-comment", "-text"):
        raise RuntimeError("Lexbor's text and comment nodes are not where they were parsed")
    return text.tag_id, comment.tag_id


TEXT_ID, COMMENT_ID = _probe_ids()  # the tag ids of text nodes ("-text") and comments ("-comment")


class PageNodes:
    """`meta`, `figcaption`, `h1`, `h2`, `time`, `p`: the elements of that tag; `ld`: the JSON-LD
    scripts; `itemprop`: the elements marked `itemprop="datePublished"`; `title_node` and
    `canonical_link`: the first `<title>` and the first `<link rel="canonical">` (or None).

    The kinds every page reads are found at once: the elements of a tag by Lexbor's walk by tag
    name, the JSON-LD scripts by css() (their type is told without regard to case; of what it
    finds, those whose own `type` says so). The others are looked for when first asked: the first
    <title> and canonical link by a search that stops at them (in the <head>, near the start, on
    most pages), the <time> and <h2> elements by the walk by tag name (most pages give their date
    in JSON-LD or a meta tag, which leaves them unread), and `itemprop` by its own css() (it would
    read every element's attributes)."""

    __slots__ = ("meta", "figcaption", "h1", "p", "ld", "_tree", "_itemprop", "_h2", "_time", "_title",
                 "_canonical")

    def __init__(self, tree: LexborHTMLParser) -> None:
        self.meta = tree.tags("meta")  # what css("meta") finds, and so on
        self.figcaption = tree.tags("figcaption")
        self.h1 = tree.tags("h1")
        self.p = tree.tags("p")
        self.ld = [node for node in tree.css(LD_SELECTOR)
                   if (node.attributes.get("type") or "").lower() == "application/ld+json"]
        self._tree = tree
        self._itemprop: list[LexborNode] | None = None
        self._h2: list[LexborNode] | None = None
        self._time: list[LexborNode] | None = None
        self._title: tuple[LexborNode | None] | None = None  # (the node or None) once looked for
        self._canonical: tuple[LexborNode | None] | None = None

    @property
    def h2(self) -> list[LexborNode]:
        if self._h2 is None:
            self._h2 = self._tree.tags("h2")  # what css("h2") finds, by Lexbor's walk by tag name
        return self._h2

    @property
    def time(self) -> list[LexborNode]:
        if self._time is None:
            self._time = self._tree.tags("time")  # what css("time") finds
        return self._time

    @property
    def title_node(self) -> LexborNode | None:
        """The first `<title>` (what `css("title")[0]` is), or None."""
        if self._title is None:
            self._title = (self._tree.css_first("title"),)
        return self._title[0]

    @property
    def canonical_link(self) -> LexborNode | None:
        """The first `<link rel="canonical">` (what `css(CANONICAL_SELECTOR)[0]` is), or None."""
        if self._canonical is None:
            self._canonical = (self._tree.css_first(CANONICAL_SELECTOR),)
        return self._canonical[0]

    @property
    def itemprop(self) -> list[LexborNode]:
        if self._itemprop is None:
            self._itemprop = self._tree.css(ITEMPROP_SELECTOR)
        return self._itemprop

    def first_time(self, *attributes: str) -> LexborNode | None:
        """The first `<time>` that has all of `attributes` (`time[datetime]`, `time[pubdate][datetime]`)."""
        return next((node for node in self.time if all(a in node.attributes for a in attributes)), None)
