"""Scoring against gold text, the way the article-extraction benchmark does it.

Tokens are `\\w+` runs; a text is its overlapping 4-token shingles (a text shorter than four
tokens is one shingle); per page, precision = shared / predicted and recall = shared / gold
(multiset counts). Corpus P is the mean over pages with output, R the mean over pages with
gold, F1 their harmonic mean. Junk leaks are output lines that are nothing but junk of a kind
SEED_FORMAT.md lists; the patterns are in `vocab/leaks.toml`, kept apart from the cleaning
rules so that the cleaner is not graded by its own rules.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from cleaners.knowledge.vocab import leak_patterns

__all__ = ["Corpus", "LineCorpus", "bag_scores", "gold_body", "junk_lines", "line_scores", "page_scores", "shingles"]

_TOKEN_RE = re.compile(r"\w+")


def shingles(text: str, n: int = 4) -> Counter[tuple[str, ...]]:
    tokens = _TOKEN_RE.findall(text.lower())
    if not tokens:
        return Counter()
    if len(tokens) < n:
        return Counter([tuple(tokens)])
    return Counter(tuple(tokens[i:i + n]) for i in range(len(tokens) - n + 1))


def page_scores(predicted: str, gold: str) -> tuple[float | None, float | None]:
    """(precision, recall) of one page; None where that side is empty."""
    pred, ref = shingles(predicted), shingles(gold)
    shared = sum((pred & ref).values())
    precision = shared / sum(pred.values()) if pred else None
    recall = shared / sum(ref.values()) if ref else None
    return precision, recall


def _leak_patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    return leak_patterns()


def junk_lines(text: str) -> list[tuple[str, str]]:
    """(kind, line) for every output line that is only junk."""
    out = []
    for line in text.split("\n"):
        stripped = line.strip()
        if not stripped:
            continue
        for kind, pattern in _leak_patterns():
            if pattern.fullmatch(stripped):
                out.append((kind, stripped))
                break
    return out


def gold_body(gold: dict) -> str:
    """The gold text as the project's output should read: the dateline prefix removed."""
    text = gold.get("text") or ""
    dateline = gold.get("dateline")
    if dateline and text.startswith(dateline):
        text = text[len(dateline):].lstrip(" -–—:,")
    return text


@dataclass
class _Means:
    """Corpus figures as the eval READMEs define them: P and R the means over cases, F1 their harmonic mean."""

    precisions: list[float]
    recalls: list[float]

    @property
    def precision(self) -> float:
        return sum(self.precisions) / len(self.precisions) if self.precisions else 0.0

    @property
    def recall(self) -> float:
        return sum(self.recalls) / len(self.recalls) if self.recalls else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Corpus(_Means):
    leaks: int = 0
    pages: int = 0

    @classmethod
    def empty(cls) -> Corpus:
        return cls([], [])

    def add(self, predicted: str, gold: str) -> tuple[float | None, float | None, list[str]]:
        """Score one page; returns its precision, recall and junk lines."""
        p, r = page_scores(predicted, gold)
        if predicted.strip() and p is not None:
            self.precisions.append(p)
        if r is not None:
            self.recalls.append(r if predicted.strip() else 0.0)
        leaked = [line for _, line in junk_lines(predicted)]
        self.leaks += len(leaked)
        self.pages += 1
        return p, r, leaked


# -- text dumps: line by line ---------------------------------------------------------------------

def _lines(text: str) -> Counter[str]:
    return Counter(line.strip() for line in text.split("\n") if line.strip())


def line_scores(predicted: str, gold: str) -> tuple[float, float, list[str], list[str]]:
    """(precision, recall, extra lines, missing lines) of one text dump, lines as multisets.

    A line that keeps a dateline or a glued credit differs from its gold line, so it counts as
    wrong on both sides."""
    pred, ref = _lines(predicted), _lines(gold)
    shared = sum((pred & ref).values())
    precision = shared / sum(pred.values()) if pred else (1.0 if not ref else 0.0)
    recall = shared / sum(ref.values()) if ref else 1.0
    return precision, recall, list((pred - ref).elements()), list((ref - pred).elements())


@dataclass
class LineCorpus(_Means):
    """Text dumps scored line by line: P and R are means over cases, F1 their harmonic mean."""

    exact: int = 0

    @classmethod
    def empty(cls) -> LineCorpus:
        return cls([], [])

    def add(self, predicted: str, gold: str) -> tuple[float, float, list[str], list[str]]:
        p, r, extra, missing = line_scores(predicted, gold)
        self.precisions.append(p)
        self.recalls.append(r)
        self.exact += not extra and not missing
        return p, r, extra, missing

    @property
    def cases(self) -> int:
        return len(self.precisions)


# -- WCXB: word bags ------------------------------------------------------------------------------

def bag_scores(predicted: str, gold: str) -> tuple[float, float, float]:
    """(precision, recall, F1) of one page over bags of lowercased `\\w+` tokens (the WCXB metric)."""
    pred = Counter(_TOKEN_RE.findall(predicted.lower()))
    ref = Counter(_TOKEN_RE.findall(gold.lower()))
    shared = sum((pred & ref).values())
    p = shared / sum(pred.values()) if pred else 0.0
    r = shared / sum(ref.values()) if ref else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)
