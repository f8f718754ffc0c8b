"""The elements a page's metadata is read from, found in one walk of the tree: each css() call
walks the whole tree, and the metadata asks for a dozen kinds of element.

Each list holds what `tree.css(<its selector>)` gives, in document order: `[rel="canonical"]`
and `[type="application/ld+json"]` match without regard to case (as Lexbor matches them), an
`itemprop` exactly.
"""

from __future__ import annotations

from selectolax.lexbor import LexborHTMLParser, LexborNode

__all__ = ["PageNodes", "ITEMPROP_SELECTOR", "LD_SELECTOR"]

LD_SELECTOR = 'script[type="application/ld+json"]'
ITEMPROP_SELECTOR = '[itemprop="datePublished"], [itemprop="datepublished"]'
_BY_TAG = ("meta", "figcaption", "h1", "title", "time", "p")
_SELECTOR = ", ".join((*_BY_TAG, LD_SELECTOR, 'link[rel="canonical"]'))  # no element matches two of them


class PageNodes:
    """`meta`, `figcaption`, `h1`, `h2`, `title`, `time`, `p`: the elements of that tag; `ld`: the
    JSON-LD scripts; `canonical`: the `<link rel="canonical">` elements; `itemprop`: the elements
    marked `itemprop="datePublished"`. `itemprop` and `h2` are looked for when first asked: most
    pages give their date in JSON-LD or a meta tag (the walk would read every element's attributes),
    and the <h2> elements are read on a few pages only (each kind of element the walk looks for
    makes it longer)."""

    __slots__ = ("meta", "figcaption", "h1", "title", "time", "p", "ld", "canonical", "_tree", "_itemprop", "_h2")

    def __init__(self, tree: LexborHTMLParser) -> None:
        lists: dict[str, list[LexborNode]] = {tag: [] for tag in _BY_TAG}
        ld: list[LexborNode] = []
        canonical: list[LexborNode] = []
        for node in tree.css(_SELECTOR):
            tag = node.tag or ""
            found = lists.get(tag)
            if found is not None:
                found.append(node)
            elif tag == "script" and (node.attributes.get("type") or "").lower() == "application/ld+json":
                ld.append(node)
            elif tag == "link" and (node.attributes.get("rel") or "").lower() == "canonical":
                canonical.append(node)
        self.meta, self.figcaption, self.h1 = lists["meta"], lists["figcaption"], lists["h1"]
        self.title, self.time, self.p = lists["title"], lists["time"], lists["p"]
        self.ld, self.canonical = ld, canonical
        self._tree = tree
        self._itemprop: list[LexborNode] | None = None
        self._h2: list[LexborNode] | None = None

    @property
    def h2(self) -> list[LexborNode]:
        if self._h2 is None:
            self._h2 = self._tree.css("h2")
        return self._h2

    @property
    def itemprop(self) -> list[LexborNode]:
        if self._itemprop is None:
            self._itemprop = self._tree.css(ITEMPROP_SELECTOR)
        return self._itemprop

    def first_time(self, *attributes: str) -> LexborNode | None:
        """The first `<time>` that has all of `attributes` (`time[datetime]`, `time[pubdate][datetime]`)."""
        return next((node for node in self.time if all(a in node.attributes for a in attributes)), None)
