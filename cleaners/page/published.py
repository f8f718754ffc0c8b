"""The publication date of a page, read before anything is removed.

The page's machine dates come first (JSON-LD datePublished, the date meta tags, an
`itemprop="datePublished"` element): they keep the time and its offset. Two things the page
shows its reader can overrule a machine date: the day its URL names, and the publication date
printed with the headline (in the byline under it, or on a line just above it), each only when it
contradicts the machine date by more than a day (a time in another zone can fall on the next day)
and the printed date is not the page's modification date (a date labelled "Updated ...", or the
dateModified's day). A machine time in UTC whose day is one off the day the page prints (or its
URL names) is told in the page's own zone, so that the day is the publisher's. Without a machine
date: the printed date, a `<time datetime>`, the first date-like elements, the URL's day; and
when none of them gives a date, htmldate's search of the whole page (day only).
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import NamedTuple
from urllib.parse import urlsplit

from selectolax.lexbor import LexborHTMLParser, LexborNode

from cleaners.describe.dates import (
    dates_in,
    days_apart,
    in_offset,
    offset_of,
    parse_date,
    url_day,
)
from cleaners.knowledge.settings import default_settings
from cleaners.page.details import machine_date
from cleaners.page.nearby import text_after, text_before
from cleaners.page.nodes import PageNodes
from cleaners.page.title import node_text

__all__ = ["DATE_META", "Printed", "published_date", "headline_date", "headline_dates", "htmldate_day", "month_first",
           "prepare_date_search"]

_PAGE = default_settings().page  # the date-like elements tried
_DATES = default_settings().dates
DATE_META = (
    "article:published_time", "og:published_time", "published_time", "pubdate", "publishdate",
    "publish-date", "publish_date", "datepublished", "date", "dc.date", "dc.date.issued",
    "dcterms.created", "dcterms.issued", "sailthru.date", "parsely-pub-date", "article_date_original",
    "content_publisheddate", "cxenseparse:recs:publishtime", "originalpublicationdate",
    "article.published", "published-date", "release_date", "displaydate", "dc.created",
    "citation_publication_date", "citation_date", "citation_online_date",
)
# The label right before a printed date that makes it the page's modification date ("Updated on",
# "Last updated:", "Diperbarui", "Aktualisiert am", "Mis à jour le", "Uppfært", ...) or its first
# publication ("Originally published on", "First published", "Pertama kali tayang"). Between the
# label and the date may stand a time and one word: "Updated 3:45 PM ET, Tue Dec 9, 2025", "Updated
# on Tuesday, December 9, 2025", "Diperbarui Senin, 06 Jul 2025" (a weekday names no other date).
_BETWEEN = r"\W{0,3}(?:\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\b\.?)?(?:\s+[a-z]{1,4}\b)?\W{1,3})?(?:[^\W\d_]{2,12}\.?,?\s+)?$"
_UPDATED_WORDS = (
    "updated", "modified", "revised", "diperbarui", "pembaruan", "aktualisiert", "mis à jour", "actualizado",
    "aggiornato", "bijgewerkt", "atualizado", "uppdaterad", "opdateret", "oppdatert", "uppfært", "päivitetty",
    "zaktualizowano", "aktualizováno", "обновлено", "оновлено", "güncelleme", "更新")
_UPDATED_RE = re.compile(
    "(?:" + "|".join(_UPDATED_WORDS) + r")\W{0,3}(?:on|at|am|le|el|il|em|pada|:)?" + _BETWEEN, re.I)
# An ASCII text the update label is found in holds one of its ASCII words in lower case once lowered
# (no other word's letter matches an ASCII letter, even without regard to case).
_UPDATED_ASCII = tuple(word for word in _UPDATED_WORDS if word.isascii())
_FIRST_RE = re.compile(r"(?:(?:originally|first)\s+(?:published|posted)\W{0,3}(?:on|at|:)?|"
                       r"pertama\s+(?:kali\s+)?(?:tayang|terbit)\W{0,3}(?:pada|:)?)" + _BETWEEN, re.I)
_FIRST_ASCII = ("first", "originally", "pertama")  # the words _FIRST_RE's label starts with, as _UPDATED_ASCII
_LABEL_CHARS = 40  # how far before a date its label is looked for
# A printed date overrules a machine date only within this many characters after the headline (a
# byline); further on it can be another story's (a sidebar of recent articles, a list of the popular).
_BYLINE_CHARS = 300
# A date printed above the headline (a kicker line) is read from the text before it, this many
# characters inside the headline's ancestor this many levels up (its header block, not the page's).
_ABOVE_CHARS, _ABOVE_LEVELS = 80, 3
# English outside these regions (and off their country domains) reads "3/4/2025" month first.
_DAY_FIRST_ENGLISH = frozenset({"gb", "uk", "au", "nz", "ie", "in", "za", "sg", "my", "pk", "ng", "ke", "hk", "mt"})
# A UTC time whose day differs by one from the local day the page prints can be that day only in a
# zone this many hours away at most.
_WEST_HOURS, _EAST_HOURS = 12, 14


class Printed(NamedTuple):
    """The dates printed after the headline: the publication's, the update's, and whether the
    publication's is in the byline (near enough to overrule a machine date)."""

    published: str | None
    updated: str | None
    near: bool


def published_date(tree: LexborHTMLParser, metas: dict[str, str], ld: list[dict], url: str | None,
                   assume_offset: str | None, modified: str | None, nodes: PageNodes | None = None) -> str | None:
    """The page's publication date as ISO 8601 (see the module's doc), or None (`nodes`: the
    page's, when already found)."""
    nodes = nodes if nodes is not None else PageNodes(tree)
    us = month_first(tree, url)
    machine = (machine_date(ld, "datePublished", metas, DATE_META, assume_offset, us)
               or _itemprop(nodes, assume_offset, us))
    on_url = url_day(url)
    printed = headline_dates(tree, assume_offset, us, nodes)
    shown, updated = printed.published or _time_element(nodes, assume_offset, pubdate=True), printed.updated
    if machine:
        if on_url and days_apart(machine, on_url) > 1:
            return _refined(on_url, shown)
        overrules = shown if printed.near or not printed.published else None
        if overrules and days_apart(machine, overrules) > 1 and not (modified and days_apart(overrules, modified) == 0):
            return overrules
        off = _day_off_utc(machine, shown or on_url)
        element = _time_element(nodes, assume_offset, us) if off or not shown else None
        if off:
            local = _local_day(machine, shown or on_url, (shown, element, modified, assume_offset))
            if local is not None:
                return local
        return _refined(machine, shown or element or updated or _date_elements(tree, assume_offset, us))
    found = shown or updated or _time_element(nodes, assume_offset, us) or _date_elements(tree, assume_offset, us)
    if on_url and (found is None or days_apart(found, on_url) > 1):
        return _refined(on_url, shown)
    if found:
        return found
    if _DATES.htmldate_fallback:
        return htmldate_day(tree, url)
    return None


def month_first(tree: LexborHTMLParser, url: str | None = None) -> bool:
    """Whether the page reads an ambiguous numeric date ("3/4/2025") month first: English, in a
    region that writes the month first (en-US, or English naming no region), on a site that is not
    under a day-first country's domain (a .co.uk or .com.au site declaring "en" or a theme's
    default "en-US" still writes 22/08/2024)."""
    html = tree.root  # the <html> element (a whole-tree search for it costs as much as the rest of the chain)
    lang = (html.attributes.get("lang") or "") if html is not None and html.tag == "html" else ""
    parts = lang.strip().lower().replace("_", "-").split("-")
    if parts[0] != "en" or (len(parts) > 1 and parts[1] in _DAY_FIRST_ENGLISH):
        return False
    try:
        host = (urlsplit(url).hostname or "") if url else ""
    except ValueError:  # a URL that names no host it can be read from
        host = ""
    return host.rsplit(".", 1)[-1] not in _DAY_FIRST_ENGLISH


def _local_day(machine: str, local: str | None, hints: tuple[str | None, ...]) -> str | None:
    """The machine's UTC time told on the page's own day (`local`: the printed date or the URL's day)
    when the two days are one apart and a zone within reach puts that time on the local day: the
    zone a printed time implies, else the first zone the page names elsewhere (`hints`) that does,
    else the local date itself. None when the machine time is not UTC, the days agree, or the
    printed time is another moment."""
    if local is None or not _day_off_utc(machine, local):
        return None
    hour = int(machine[11:13])
    if not (hour < _WEST_HOURS if local[:10] < machine[:10] else hour >= 24 - _EAST_HOURS):
        return None
    if len(local) > 10:  # a printed time: the same moment at a whole quarter-hour offset, or another one
        implied = _implied_offset(machine, local)
        return in_offset(machine, implied) if implied else None
    for hint in hints:
        offset = offset_of(hint) if hint and len(hint) > 10 else hint if hint and hint[0] in "+-" else None
        if offset and offset != "+00:00" and (moved := in_offset(machine, offset))[:10] == local[:10]:
            return moved
    return local


def _day_off_utc(machine: str, local: str | None) -> bool:
    """Whether `machine` is a UTC time whose day is one off the day `local`."""
    return local is not None and offset_of(machine) == "+00:00" and days_apart(machine, local) == 1


def _implied_offset(machine: str, local: str) -> str | None:
    """The offset at which the UTC time `machine` reads as the wall clock `local` ("+07:00"), if
    it is a zone's (a whole quarter-hour from -12:00 to +14:00)."""
    minutes = (datetime.fromisoformat(local[:16]) - datetime.fromisoformat(machine[:16])).total_seconds() / 60
    if minutes % 15 or not -12 * 60 <= minutes <= 14 * 60:
        return None
    sign = "-" if minutes < 0 else "+"
    return f"{sign}{int(abs(minutes)) // 60:02d}:{int(abs(minutes)) % 60:02d}"


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


def _itemprop(nodes: PageNodes, assume_offset: str | None, us: bool) -> str | None:
    """An element marked `itemprop="datePublished"` (its content or datetime attribute, or its text)."""
    for node in nodes.itemprop[:3]:
        attrs = node.attributes
        found = parse_date(attrs.get("content") or attrs.get("datetime") or node_text(node)[:_PAGE.date_text_chars],
                           assume_offset, us)
        if found:
            return found
    return None


def _time_element(nodes: PageNodes, assume_offset: str | None, us: bool = False, pubdate: bool = False) -> str | None:
    """The date of the first `<time datetime>` (`pubdate`: of the first `<time pubdate datetime>`,
    the element HTML marked as the article's publication date)."""
    node = nodes.first_time("pubdate", "datetime") if pubdate else nodes.first_time("datetime")
    return parse_date(node.attributes.get("datetime"), assume_offset, us) if node is not None else None


def _date_elements(tree: LexborHTMLParser, assume_offset: str | None, us: bool) -> str | None:
    for node in tree.css('[class*="date"], [class*="time"], [class*="tanggal"], time')[:_PAGE.date_candidates]:
        found = parse_date(node_text(node)[:_PAGE.date_text_chars], assume_offset, us)
        if found:
            return found
    return None


def headline_date(tree: LexborHTMLParser, assume_offset: str | None, us: bool = False) -> str | None:
    """The date printed under the headline: its publication date, else its update's (see headline_dates)."""
    printed = headline_dates(tree, assume_offset, us)
    return printed.published or printed.updated


def headline_dates(tree: LexborHTMLParser, assume_offset: str | None, us: bool = False,
                   nodes: PageNodes | None = None) -> Printed:
    """The publication date and the update date printed in the text that follows the headline
    (the first <h1> of two words or more, else a heading the page's title names), within
    `headline_date_chars` characters: the byline's dates. A date labelled as an update ("Updated
    on ...") is the update's; one labelled as the first publication ("Originally published ...")
    is the publication's even when another comes first; else the first date is. `nodes`: the
    page's, when already found.

    The text above the headline is read only when its dates can count: not when the text after
    it gives an update's date and either a first publication's or a date right under the
    headline (within `_ABOVE_CHARS`), which wins over a date above."""
    head = _headline(nodes if nodes is not None else PageNodes(tree))
    if head is None:
        return Printed(None, None, False)
    after = _labelled(text_after(head, _DATES.headline_date_chars), assume_offset, us)
    updated = _updated(after)
    first = next(((at, found) for at, label, found in after if label == "first"), None)
    published = [(at, found) for at, label, found in after if not label]
    right_under = bool(published) and published[0][0] < _ABOVE_CHARS
    above_published: list[str] = []
    if updated is None or (first is None and not right_under):
        above = _labelled(text_before(head, _ABOVE_CHARS, _ABOVE_LEVELS), assume_offset, us)
        updated = updated or _updated(above)
        above_published = [found for _at, label, found in above if not label]
    if first is not None:
        return Printed(first[1], updated, first[0] < _BYLINE_CHARS)
    if above_published and not right_under:
        return Printed(above_published[-1], updated, True)  # the one nearest the headline
    if published:
        return Printed(published[0][1], updated, published[0][0] < _BYLINE_CHARS)
    return Printed(None, updated, False)


def _labelled(text: str, assume_offset: str | None, us: bool) -> list[tuple[int, str | None, str]]:
    """The dates in `text` as (where, label, ISO 8601): label "first" for a first publication's,
    "updated" for an update's, else None."""
    out: list[tuple[int, str | None, str]] = []
    for at, _end, found in dates_in(text, assume_offset, us):
        before = text[max(0, at - _LABEL_CHARS):at]
        label = "first" if _first(before) else "updated" if _updates(before) else None
        out.append((at, label, found))
    return out


def _first(before: str) -> bool:
    """Whether `before` ends with a first publication's label (`_FIRST_RE`)."""
    return _ends_with_label(before, _FIRST_RE, _FIRST_ASCII)


def _updates(before: str) -> bool:
    """Whether `before` ends with an update's label (`_UPDATED_RE`)."""
    return _ends_with_label(before, _UPDATED_RE, _UPDATED_ASCII)


def _ends_with_label(before: str, label: re.Pattern[str], ascii_words: tuple[str, ...]) -> bool:
    """Whether `label` is found in `before`, its search left out where an ASCII text holds none of
    `ascii_words` (the label's ASCII words, lower case) once lowered."""
    if before.isascii():
        lowered = before.lower()
        if not any(word in lowered for word in ascii_words):
            return False
    return label.search(before) is not None


def _updated(found: list[tuple[int, str | None, str]]) -> str | None:
    return next((date for _at, label, date in found if label == "updated"), None)


def _headline(nodes: PageNodes) -> LexborNode | None:
    """The first <h1> of two words or more; on a page without one, the first <h2> of three words or
    more that the page's <title> contains (older layouts set the headline in an <h2>)."""
    first = nodes.h1[0] if nodes.h1 else None
    if first is not None and len(node_text(first).split()) >= 2:
        return first
    h1 = next((node for node in nodes.h1[:5] if len(node_text(node).split()) >= 2), None) if first else None
    if h1 is not None:
        return h1
    title = " ".join(node_text(nodes.title_node).split()).casefold()
    if not title:
        return None
    for node in nodes.h2[:10]:
        text = " ".join(node_text(node).split()).casefold()
        if len(text.split()) >= 3 and text in title:
            return node
    return None


def prepare_date_search() -> None:
    """Load, once per process, the date parser's data that htmldate's search reads on the first page
    that gets as far (`htmldates.prepare`), when the settings use that search."""
    if _DATES.htmldate_fallback and _DATES.htmldate_extensive:
        from cleaners.page.htmldates import prepare

        prepare()


def htmldate_day(tree: LexborHTMLParser, url: str | None) -> str | None:
    """htmldate's publication day of the whole page (its original date), or None (its search, with
    the page scans on RE2: `cleaners.page.htmldates`)."""
    from cleaners.page.htmldates import find_date  # imported when needed: most pages never get here

    try:
        found = find_date(tree.html or "", url, _DATES.htmldate_extensive)
    except Exception:  # htmldate parses what it is given with lxml; a page it cannot read has no date from it
        return None
    return parse_date(found) if found else None
