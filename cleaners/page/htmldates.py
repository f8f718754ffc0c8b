"""htmldate's date search of a whole page, with its scans of the page's HTML run on RE2.

When nothing else on a page gives a date, `published.htmldate_day` asks htmldate (`find_date`,
original date, extensive search). On a page that gets that far, most of htmldate's time goes into
its last resort, `search_page`: it runs up to eight patterns over the whole serialized HTML with
`findall` (`plausible_year_filter`), and patterns that open with ``\\D`` make Python's `re` try a
match at every character: about 20 ms on a large page. RE2 runs the same patterns in linear time,
7-18 times faster.

`find_date` runs htmldate's own stages in htmldate's order for the one set of options the project
uses (see `published.htmldate_day`), with `search_page` running the same patterns, each translated
by `cleaners.clean.regex.translate` (Python's Unicode ``\\D`` spelt out as the code points Python
gives it, so that the matches are the same). A pattern RE2 cannot run (a lookbehind), and a text
RE2 cannot take (a lone surrogate), stay on Python's `re`. The copies run only while the installed
htmldate's source of the functions they copy is the one copied (`same_source`, by SHA-1);
otherwise htmldate's `find_date` runs. The copied code is htmldate's (Apache-2.0, (c) Adrien
Barbaresi), reduced to these options.
"""

from __future__ import annotations

import re
from functools import lru_cache, partial
from typing import Any

__all__ = ["find_date", "prepare", "same_source"]

# SHA-1 of the source of htmldate.core's find_date, search_page, search_pattern, search_normalized,
# _search_and_filter, htmldate.validators' plausible_year_filter and htmldate.extractors' regex_parse
# (joined by newlines), and of LONG_TEXT_PATTERN's source, which `find_date`, `_search_page` and
# `_regex_parse` copy or lean on.
_COPIED_FROM = "eb7e952f78c86e0502af3e72dfee98bb88db2823"


def _copied_source() -> str:
    import inspect

    from htmldate import core, extractors, validators

    return "\n".join(inspect.getsource(f) for f in (
        core.find_date, core.search_page, core.search_pattern, core.search_normalized, core._search_and_filter,
        validators.plausible_year_filter, extractors.regex_parse)) + extractors.LONG_TEXT_PATTERN.pattern


@lru_cache(maxsize=1)
def same_source() -> bool:
    """Whether the installed htmldate runs the code `find_date` copies (its source unchanged)."""
    import hashlib

    return hashlib.sha1(_copied_source().encode("utf-8")).hexdigest() == _COPIED_FROM


class _Scan:
    """A pattern's `findall` on RE2 (the only method htmldate's year filter calls), Python's `re`
    for a text RE2 cannot take."""

    __slots__ = ("pattern", "python", "re2")

    def __init__(self, python: re.Pattern[str], compiled: Any) -> None:
        self.python = python
        self.pattern = python.pattern
        self.re2 = compiled

    def findall(self, text: str) -> list[Any]:
        try:
            return self.re2.findall(text)
        except UnicodeEncodeError:  # a lone surrogate: RE2 reads UTF-8
            return self.python.findall(text)


def _scan(pattern: re.Pattern[str]) -> re.Pattern[str] | _Scan:
    """`pattern` run on RE2 with Python's meaning, or `pattern` itself where RE2 cannot run it."""
    import re2  # type: ignore[import-untyped]

    from cleaners.clean.regex import RegexError, options, translate

    try:
        source, lookahead = translate(pattern.pattern, pattern.flags & ~re.UNICODE)
        if lookahead:  # RE2 runs it only as a search
            return pattern
        return _Scan(pattern, re2.compile(source, options(pattern.flags)))
    except (RegexError, re2.error):
        return pattern


@lru_cache(maxsize=1)
def _scans() -> dict[str, Any]:
    """htmldate's page-scanning patterns by name, each run on RE2 where it can be."""
    from htmldate import core

    names = ("THREE_LOOSE_PATTERN", "SELECT_YMD_PATTERN", "DATESTRINGS_PATTERN", "SLASHES_PATTERN",
             "YYYYMM_PATTERN", "MMYYYY_PATTERN", "SIMPLE_PATTERN")
    # THREE_PATTERN opens with a literal "/" that Python's `re` skips to quickly: it stays there
    return {"THREE_PATTERN": core.THREE_PATTERN} | {name: _scan(getattr(core, name)) for name in names}


def prepare() -> None:
    """Load what htmldate's date parser (dateparser) reads on its first date, once per process: every
    locale's data, about 1.4 s, taken while it tries a text no locale reads. A page whose date search
    gets as far as the parser pays it otherwise."""
    from htmldate.extractors import get_external_parser, month_words

    month_words()
    get_external_parser().get_date_data("0 xqzw 0")


def find_date(html: str, url: str | None, extensive: bool) -> str | None:
    """htmldate's `find_date(html, extensive_search=extensive, original_date=True, url=url)`."""
    from htmldate import core

    if not same_source():
        return core.find_date(html, extensive_search=extensive, original_date=True, url=url)
    return _find_date(html, url, extensive)


def _find_date(html: str, url: str | None, extensive: bool) -> str | None:
    """htmldate's `find_date` for these options (its chain, in its order), `_search_page` last."""
    from htmldate import core

    tree = core.load_html(html)
    if tree is None:
        return None
    options = core.Extractor(extensive, core.get_max_date(None), core.get_min_date(None), True, "%Y-%m-%d")
    if url is None:
        urlelem = tree.find('.//link[@rel="canonical"]')
        if urlelem is not None:
            url = urlelem.get("href")
    result = (core.extract_url_date(url, options) or core.examine_header(tree, options)
              or core.json_search(tree, options) or core.examine_abbr_elements(tree, options))
    if result is not None:
        return result
    try:
        search_tree = core.discard_unwanted(core.clean_html(tree, core.CLEANING_LIST))
    except ValueError:
        search_tree = tree
    result = (core.examine_elements(core.date_candidates(search_tree, extensive), options)
              or core.examine_elements(search_tree.xpath(".//title|.//h1"), options)
              or core.examine_time_elements(search_tree, options))
    if result is not None:
        return result
    htmlstring = core.serialize(search_tree)
    result = (core.pattern_search(htmlstring, core.TIMESTAMP_PATTERN, options) or core.img_search(search_tree, options)
              or core.idiosyncrasies_search(htmlstring, options))
    if result is not None:
        return result
    if not extensive:
        return _loose_search(search_tree, options)
    reference = None
    for found in core.FREE_TEXT_EXPRESSIONS(search_tree):
        segment = found.strip()
        if core.MIN_SEGMENT_LEN < len(segment) < core.MAX_SEGMENT_LEN:
            reference = core.compare_reference(reference, segment, options)
    return core.check_extracted_reference(reference, options) or _search_page(htmlstring, options)


def _loose_search(search_tree: Any, options: Any) -> str | None:
    from htmldate import core

    core.clean_html(search_tree, ["script", "style"])
    text = " ".join(search_tree.itertext())
    return core.pattern_search(text, core.TIMESTAMP_LOOSE_PATTERN, options)


def _search_page(htmlstring: str, options: Any) -> str | None:  # noqa: C901 -- htmldate's chain, as written there
    """htmldate's `search_page`, its page scans run on RE2 (`_scans`)."""
    from datetime import datetime

    from htmldate import core

    scan = _scans()
    copyear = 0
    bestmatch = core.search_pattern(htmlstring, core.COPYRIGHT_PATTERN, core.YEAR_PATTERN, core.YEAR_PATTERN, options)
    if bestmatch is not None:
        year = int(bestmatch[1])
        if core.is_valid_date(datetime(year, 1, 1), "%Y", earliest=options.min, latest=options.max):
            copyear = year
    for pattern in (scan["THREE_PATTERN"], scan["THREE_LOOSE_PATTERN"]):
        result = core._search_and_filter(htmlstring, pattern, core.THREE_LOOSE_CATCH, copyear, options)
        if result is not None:
            return result
    result = (core.search_normalized(htmlstring, scan["SELECT_YMD_PATTERN"], core.SELECT_YMD_YEAR,
                                     partial(core.normalize_match, core.THREE_COMP_REGEX_A), copyear, options)
              or core._search_and_filter(htmlstring, scan["DATESTRINGS_PATTERN"], core.DATESTRINGS_CATCH, copyear,
                                         options)
              or core.search_normalized(htmlstring, scan["SLASHES_PATTERN"], core.SLASHES_YEAR,
                                        partial(core.normalize_match, core.THREE_COMP_REGEX_B), copyear, options))
    if result is not None:
        return result
    bestmatch = core.search_pattern(htmlstring, scan["YYYYMM_PATTERN"], core.YYYYMM_CATCH, core.YEAR_PATTERN, options)
    if bestmatch is not None:
        result = core._finalize_candidate(datetime(int(bestmatch[1]), int(bestmatch[2]), 1), copyear, options)
        if result is not None:
            return result
    result = (core.search_normalized(htmlstring, scan["MMYYYY_PATTERN"], core.SELECT_YMD_YEAR,
                                     core.normalize_two_comp, copyear, options)
              or core._finalize_candidate(_regex_parse(htmlstring), copyear, options))
    if result is not None:
        return result
    if copyear != 0:
        return datetime(copyear, 1, 1).strftime(options.format)
    bestmatch = core.search_pattern(htmlstring, scan["SIMPLE_PATTERN"], core.YEAR_PATTERN, core.YEAR_PATTERN, options)
    if bestmatch is not None:
        return core._finalize_candidate(datetime(int(bestmatch[1]), 1, 1), copyear, options)
    return None


_LETTER_LOOKBEHIND = r"(?<![^\W\d_])"
_LETTERS_RE = re.compile(r"[^\W\d_]*")  # the letters of LONG_TEXT_PATTERN's month names


@lru_cache(maxsize=1)
def _long_text_starts() -> Any:
    """The RE2 program of htmldate's LONG_TEXT_PATTERN without its lookbehinds: it matches wherever
    that pattern does (and maybe where a lookbehind refuses), so no match of that pattern starts
    before the first start of this one. None where RE2 cannot run it."""
    from htmldate.extractors import LONG_TEXT_PATTERN

    from cleaners.clean.regex import RegexError, compile

    try:
        starts = compile(LONG_TEXT_PATTERN.pattern.replace(_LETTER_LOOKBEHIND, ""),
                         LONG_TEXT_PATTERN.flags & re.IGNORECASE, capture=False)
    except RegexError:
        return None
    return None if starts.lookahead else starts.program


class _Starts:
    """Where a match of LONG_TEXT_PATTERN can start in `text`, at or after a position: the first
    start of `_long_text_starts`, in characters. Positions asked only grow: the character and byte
    offsets are kept in step from the last one."""

    def __init__(self, text: str, program: Any) -> None:
        from re2 import _re2

        self.text, self.program, self.ascii = text, program, text.isascii()
        self.data = text.encode("utf-8")
        self.anchor = _re2.RE2.Anchor.UNANCHORED
        self.chars = self.bytes = 0  # a character offset and its byte offset

    def first(self, pos: int) -> int | None:
        data = self.data
        start = pos if self.ascii else self._byte(pos)
        if start > len(data):
            return None
        found = self.program.Match(self.anchor, data, start, len(data))[0][0]
        if found < 0:
            return None
        return found if self.ascii else self._char(found)

    def _byte(self, pos: int) -> int:
        self.bytes += len(self.text[self.chars:pos].encode("utf-8"))
        self.chars = pos
        return self.bytes

    def _char(self, offset: int) -> int:
        self.chars += len(self.data[self.bytes:offset].decode("utf-8"))
        self.bytes = offset
        return self.chars


def _regex_parse(string: str) -> Any:
    """htmldate's `regex_parse`, each search of LONG_TEXT_PATTERN started where a match can start
    (`_Starts`): Python's `re` tries its pattern at every letter of the page, and it is the same
    match, the pattern matched at the first position where it matches."""
    from htmldate import extractors

    program = _long_text_starts()
    try:
        starts = _Starts(string, program) if program is not None else None
    except UnicodeEncodeError:  # a lone surrogate: RE2 reads UTF-8
        starts = None
    if starts is None:
        return extractors.regex_parse(string)
    pattern = extractors.LONG_TEXT_PATTERN
    pos = 0
    while match := _search(pattern, starts, string, pos):
        word = extractors._fold_month_name(match["month"] or match["month2"])
        if match["month"]:
            word = word[-12:]
            word = next((word[i:] for i in range(len(word) - 2) if word[i:] in extractors.MONTH_NUMBERS), word)
        month = extractors.MONTH_NUMBERS.get(word)
        if month is None:
            pos = match.start() + 1
            continue
        try:
            return extractors._build_dmy(int(match["day"] or match["day2"]), month,
                                         int(match["year"] or match["year2"]))
        except ValueError:
            pos = match.end()
    return None


def _search(pattern: re.Pattern[str], starts: _Starts, string: str, pos: int) -> re.Match[str] | None:
    """`pattern.search(string, pos)`, trying the pattern only where `starts` says a match can start."""
    while (start := starts.first(pos)) is not None:
        match = pattern.match(string, start)
        if match is not None:
            return match
        # Refused by a lookbehind: a letter after a letter. No match starts inside a run of letters
        # (a month name opens a run, a day is digits): on to the run's end, rather than to each letter
        # in turn, each asking RE2 for a match to the end of the run (quadratic in a long run).
        pos = max(start + 1, _LETTERS_RE.match(string, start).end())  # type: ignore[union-attr]
    return None
