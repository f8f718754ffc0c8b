"""The publication date of a page, read before anything is removed.

The page's machine dates come first (JSON-LD datePublished, the date meta tags, an
`itemprop="datePublished"` element): they keep the time and its offset. Two things the page
shows its reader can overrule a machine date: the day its URL names, and the date printed under
the headline, each only when it contradicts the machine date by more than a day (a time in
another zone can fall on the next day) and the printed date is not the page's modification date
(an "Updated ..." line). Without a machine date: the date printed under the headline, a
`<time datetime>`, the first date-like elements, the URL's day; and when none of them gives a
date, htmldate's search of the whole page (day only).
"""

from __future__ import annotations

from selectolax.lexbor import LexborHTMLParser, LexborNode

from cleaners.describe.dates import days_apart, first_date, parse_date, url_day
from cleaners.knowledge.settings import default_settings
from cleaners.page.details import machine_date
from cleaners.page.title import node_text

__all__ = ["DATE_META", "published_date", "headline_date", "htmldate_day"]

_PAGE = default_settings().page  # the date-like elements tried
_DATES = default_settings().dates
DATE_META = (
    "article:published_time", "og:published_time", "published_time", "pubdate", "publishdate",
    "publish-date", "publish_date", "datepublished", "date", "dc.date", "dc.date.issued",
    "dcterms.created", "dcterms.issued", "sailthru.date", "parsely-pub-date", "article_date_original",
    "content_publisheddate", "cxenseparse:recs:publishtime", "originalpublicationdate",
    "article.published", "published-date", "release_date", "displaydate", "dc.created",
)
_NOT_TEXT = frozenset({"script", "style", "noscript", "template", "svg", "nav", "-comment"})
_ITEMPROP = '[itemprop="datePublished"], [itemprop="datepublished"]'


def published_date(tree: LexborHTMLParser, metas: dict[str, str], ld: list[dict], url: str | None,
                   assume_offset: str | None, modified: str | None) -> str | None:
    """The page's publication date as ISO 8601 (see the module's doc), or None."""
    machine = machine_date(ld, "datePublished", metas, DATE_META, assume_offset) or _itemprop(tree, assume_offset)
    on_url = url_day(url)
    shown = headline_date(tree, assume_offset)
    if machine:
        if on_url and days_apart(machine, on_url) > 1:
            return on_url
        if shown and days_apart(machine, shown) > 1 and not (modified and days_apart(shown, modified) == 0):
            return shown
        return _refined(machine, shown or _time_element(tree, assume_offset) or _date_elements(tree, assume_offset))
    found = shown or _time_element(tree, assume_offset) or _date_elements(tree, assume_offset)
    if on_url and (found is None or days_apart(found, on_url) > 1):
        return on_url
    if found:
        return found
    if _DATES.htmldate_fallback:
        return htmldate_day(tree, url)
    return None


def _refined(machine: str, shown: str | None) -> str:
    """The machine date, made as precise as the date the page prints for the same day: the
    printed time when the machine gives the day alone, the printed zone when both give the same
    wall clock but the machine declares another offset ("10:08:58Z" printed "10:08 WIB")."""
    if not shown or shown[:10] != machine[:10] or len(shown) < 16:
        return machine
    if len(machine) == 10:
        return shown
    if len(shown) > 19 and len(machine) > 19 and shown[11:16] == machine[11:16] and shown[19:] != machine[19:]:
        return machine[:19] + shown[19:]
    return machine


def _itemprop(tree: LexborHTMLParser, assume_offset: str | None) -> str | None:
    """An element marked `itemprop="datePublished"` (its content or datetime attribute, or its text)."""
    for node in tree.css(_ITEMPROP)[:3]:
        attrs = node.attributes
        found = parse_date(attrs.get("content") or attrs.get("datetime") or node_text(node)[:_PAGE.date_text_chars],
                           assume_offset)
        if found:
            return found
    return None


def _time_element(tree: LexborHTMLParser, assume_offset: str | None) -> str | None:
    node = tree.css_first("time[datetime]")
    return parse_date(node.attributes.get("datetime"), assume_offset) if node is not None else None


def _date_elements(tree: LexborHTMLParser, assume_offset: str | None) -> str | None:
    for node in tree.css('[class*="date"], [class*="time"], [class*="tanggal"], time')[:_PAGE.date_candidates]:
        found = parse_date(node_text(node)[:_PAGE.date_text_chars], assume_offset)
        if found:
            return found
    return None


def headline_date(tree: LexborHTMLParser, assume_offset: str | None) -> str | None:
    """The first date printed in the text that follows the headline (the first <h1> of two words
    or more), within `headline_date_chars` characters: the byline's date."""
    h1 = next((node for node in tree.css("h1")[:5] if len(node_text(node).split()) >= 2), None)
    if h1 is None:
        return None
    return first_date(_text_after(h1, _DATES.headline_date_chars), assume_offset)


def _text_after(start: LexborNode, limit: int) -> str:
    """The text that follows `start` in document order (scripts, styles and menus skipped), up to
    `limit` characters or the first paragraph-long text."""
    parts: list[str] = []
    size = 0
    node = _past(start)
    for _ in range(_DATES.headline_date_nodes):
        if node is None or size >= limit:
            break
        if node.tag == "-text":
            text = " ".join((node.text_content or "").split())
            if text.count(" ") + 1 >= _DATES.headline_date_stop_words:
                break  # the article's first paragraph
            if text:
                parts.append(text)
                size += len(text) + 1
            node = _past(node)
        elif node.tag in _NOT_TEXT or node.child is None:
            node = _past(node)
        else:
            node = node.child
    return " ".join(parts)[:limit]


def _past(node: LexborNode) -> LexborNode | None:
    """The node after `node` and all its descendants, in document order."""
    current: LexborNode | None = node
    while current is not None and current.next is None:
        current = current.parent
    return current.next if current is not None else None


def htmldate_day(tree: LexborHTMLParser, url: str | None) -> str | None:
    """htmldate's publication day of the whole page (its original date), or None."""
    from htmldate import find_date  # imported when needed: most pages never get here

    try:
        found = find_date(tree.html or "", extensive_search=_DATES.htmldate_extensive, original_date=True, url=url)
    except Exception:  # htmldate parses what it is given with lxml; a page it cannot read has no date from it
        return None
    return parse_date(found) if found else None
