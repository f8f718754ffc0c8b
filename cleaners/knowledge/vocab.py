"""Vocabularies: the word and selector lists under `cleaners/data/vocab/`, read into typed records.

Each mechanism takes one of these records and never reads a file itself:

- `PrunePlan` (prune.toml): what the generic path removes from the tree (cleaners/extract);
- `BlockedVocab` (blocked.toml): block, consent, captcha and paywall pages (cleaners/page/blocked.py);
- `DateVocab` (dates.toml): month names (cleaners/describe/dates.py);
- `UrlVocab` (urls.toml): the article-URL guess for sites without a profile (crawler/discover);
- `leak_patterns` (leaks.toml): what `newsbroom eval` counts as a junk leak (cleaners/score.py);
- `word_list` (stopwords_*.txt): function words (cleaners/clean/lines.py, cleaners/describe/language.py).

Every key is required and checked; a broken file fails naming the file and the key (ConfigError).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from cleaners.knowledge import DATA_DIR
from cleaners.knowledge.reader import REQUIRED, read_file

__all__ = ["VOCAB_DIR", "PrunePlan", "BlockedGroup", "BlockedVocab", "DateVocab", "UrlVocab", "load_prune_plan",
           "load_blocked", "load_dates", "load_urls", "leak_patterns", "word_list"]

VOCAB_DIR = DATA_DIR / "vocab"
_MAX_CHARS = 10_000_000


_PRUNE_NUMBERS = ("max_share", "min_chars", "article_paragraph_chars", "article_paragraphs")


@dataclass(frozen=True)
class PrunePlan:
    not_text: str  # the `not_text` group: scripts, styles; gone before anything reads the page's text
    always: str  # the other selectors removed whatever their size
    guarded: str  # selectors removed unless the node holds more than max(max_share of the text, min_chars)
    max_share: float
    min_chars: int
    article_paragraph_chars: int  # a guarded node with `article_paragraphs` paragraphs this long is kept:
    article_paragraphs: int  # it is likely the article itself


def load_prune_plan(path: Path = VOCAB_DIR / "prune.toml") -> PrunePlan:
    """prune.toml: its numbers (`max_share`, `min_chars`, `article_*`), then one table a selector
    group (`why`, `selectors`, optional `always`); the group `not_text` is required."""
    top = read_file(path)
    max_share = top.number("max_share", REQUIRED, 0.0, 1.0)
    min_chars = top.number("min_chars", REQUIRED, 0, _MAX_CHARS, integer=True)
    article_chars = top.number("article_paragraph_chars", REQUIRED, 1, _MAX_CHARS, integer=True)
    article_paragraphs = top.number("article_paragraphs", REQUIRED, 1, 1000, integer=True)
    top.table("not_text", REQUIRED)
    always: list[str] = []
    guarded: list[str] = []
    not_text: tuple[str, ...] = ()
    for name, group in top.tables(k for k in top.data if k not in _PRUNE_NUMBERS):
        group.check_keys(("why", "always", "selectors"))
        group.string("why")
        selectors = group.strings("selectors", required=True)
        if name == "not_text":
            not_text = selectors
        elif group.flag("always", False):
            always.extend(selectors)
        else:
            guarded.extend(selectors)
    return PrunePlan(", ".join(not_text), ", ".join(always), ", ".join(guarded), max_share, min_chars,
                     article_chars, article_paragraphs)


@dataclass(frozen=True)
class BlockedGroup:
    name: str
    phrases: tuple[str, ...]  # lower-cased
    markers: tuple[str, ...]  # lower-cased


@dataclass(frozen=True)
class BlockedVocab:
    max_chars: int
    marker_max_chars: int
    groups: tuple[BlockedGroup, ...]


def load_blocked(path: Path = VOCAB_DIR / "blocked.toml") -> BlockedVocab:
    """blocked.toml: `max_chars`, `marker_max_chars`, then one table a kind of page (`why`,
    `phrases`, `markers`)."""
    top = read_file(path)
    limits = ("max_chars", "marker_max_chars")
    max_chars, marker_max_chars = (top.number(key, REQUIRED, 1, _MAX_CHARS, integer=True) for key in limits)
    groups = []
    for name, group in top.tables(k for k in top.data if k not in limits):
        group.check_keys(("why", "phrases", "markers"))
        group.string("why")
        groups.append(BlockedGroup(name, tuple(p.lower() for p in group.strings("phrases", default=REQUIRED)),
                                   tuple(m.lower() for m in group.strings("markers", default=REQUIRED))))
    return BlockedVocab(max_chars, marker_max_chars, tuple(groups))


@dataclass(frozen=True)
class DateVocab:
    months: dict[str, int]  # a month's every spelling (lower-cased) -> its number, January 1


def load_dates(path: Path = VOCAB_DIR / "dates.toml") -> DateVocab:
    """dates.toml: `months`, twelve lists of names, January first."""
    top = read_file(path)
    top.check_keys(("months",))
    rows = top.value("months", REQUIRED, lambda v: isinstance(v, list) and len(v) == 12, "a list of 12 lists")
    months: dict[str, int] = {}
    for number, names in enumerate(rows, start=1):
        if not isinstance(names, list) or not all(isinstance(n, str) and n.strip() for n in names) or not names:
            raise top.fail(f"months[{number - 1}]", "must be a list of non-empty names")
        for name in names:
            months[name.lower()] = number
    return DateVocab(months)


@dataclass(frozen=True)
class UrlVocab:
    not_article_segments: tuple[str, ...]  # a path with one of these as a whole segment is not one article
    not_article_extensions: tuple[str, ...]  # files that are not pages
    slug_min_words: int  # an article's last segment is a slug of at least this many words ...
    id_min_digits: int  # ... or its path holds a number of at least this many digits


def load_urls(path: Path = VOCAB_DIR / "urls.toml") -> UrlVocab:
    top = read_file(path)
    top.check_keys(("not_article_segments", "not_article_extensions", "slug_min_words", "id_min_digits"))
    return UrlVocab(
        not_article_segments=top.strings("not_article_segments", required=True, default=REQUIRED),
        not_article_extensions=top.strings("not_article_extensions", required=True, default=REQUIRED),
        slug_min_words=top.number("slug_min_words", REQUIRED, 1, 50, integer=True),
        id_min_digits=top.number("id_min_digits", REQUIRED, 1, 50, integer=True),
    )


@lru_cache(maxsize=1)
def leak_patterns(path: Path = VOCAB_DIR / "leaks.toml") -> tuple[tuple[str, re.Pattern[str]], ...]:
    """(kind, pattern) of every leak pattern in leaks.toml, in order; matched whole, case-insensitive."""
    top = read_file(path)
    out: list[tuple[str, re.Pattern[str]]] = []
    for kind, table in top.tables():
        table.check_keys(("patterns",))
        table.strings("patterns", required=True, default=REQUIRED)
        out.extend((kind, p) for p in table.regexes("patterns", flags=re.IGNORECASE))
    return tuple(out)


@lru_cache(maxsize=8)
def word_list(name: str) -> frozenset[str]:
    """The words of `vocab/<name>`, one a line, lower-cased (blank lines and `#` comments left out)."""
    lines = (VOCAB_DIR / name).read_text(encoding="utf-8").splitlines()
    return frozenset(w.strip().lower() for w in lines if w.strip() and not w.startswith("#"))
