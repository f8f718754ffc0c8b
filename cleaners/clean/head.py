"""The top of a text dump: its lead paragraph, its headline, and what goes above the lead.

The lead is the first paragraph carrying a dateline (a later copy of it wins: a teaser or a
truncated copy can come first), else the first long paragraph that is neither a caption nor
repeated. The headline is line 1 of the dump when a paragraph follows it, else the best
headline-shaped line above the lead: capitalised words, no closing period, not a date, name,
credit or caption; a line printed twice there and a line close to the lead weigh more. Above the
lead only the headline and a deck (a sentence right under the headline) stay; after the
headline, a line goes when its shape says date, credit, caption or label, when it repeats the
headline or the lead, or when it sits right under such a line (a caption under its credit).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from cleaners.clean import lines as L
from cleaners.clean.draft import Notes, fold, is_prose
from cleaners.clean.junk import line_rule
from cleaners.clean.memo import TextMemo
from cleaners.knowledge.rules import Rule, RuleSet
from cleaners.model import Block
from cleaners.scripts import may_be_unspaced, script_class

__all__ = ["Line", "read", "find_lead", "find_headline", "head_drops", "text_above", "text_lead", "walk_back",
           "kind_of", "evidence"]


_T = TypeVar("_T")


class _once(Generic[_T]):  # noqa: N801  # a decorator, named like the one it stands in for
    """functools.cached_property without its lock (Python 3.11 takes one on every first reading):
    the value goes into the instance's __dict__, which answers every later reading."""

    def __init__(self, compute: Callable[[Any], _T]) -> None:
        self.compute, self.name = compute, compute.__name__

    def __get__(self, line: Any, owner: Any = None) -> _T:
        value = line.__dict__[self.name] = self.compute(line)
        return value


@dataclass(frozen=True)
class Line:
    """One line of a dump and what its text alone says (read once per text: see `read`)."""

    text: str
    tokens: tuple[str, ...]
    prose: bool
    hit: Rule | None

    @_once
    def caption(self) -> bool:
        return L.is_caption(L.unglued(self.text))  # a paragraph's glued desk code is no photo credit

    @_once
    def key(self) -> str:
        """The comparison key (`fold`)."""
        return fold(self.text)

    @_once
    def unspaced(self) -> bool:
        """Written in a script without spaces between words (the word-based features do not apply)."""
        return may_be_unspaced(self.text) and script_class(_UNSPACED).search(self.text) is not None

    @_once
    def dateline(self) -> tuple[str, str] | None:
        """(dateline, rest) when the line opens with one (`lines.split_dateline`)."""
        return L.split_dateline(self.text)


_UNSPACED = r"[\u0e00-\u0e7f\u1000-\u109f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]"
_LINES_MAX = 16384
_LINES_CHARS = 2_000_000  # ... and their total length (a line keeps its words too)


def hit(text: str, rules: RuleSet) -> Rule | None:
    """The first whole-line rule that would drop `text` (context only; the rules drop it).
    Remembered on the rule set: the clean step reads its own lines again on every round."""
    return line_rule(text, rules)


def read(blocks: tuple[Block, ...], rules: RuleSet) -> list[Line]:
    """The lines of `blocks`. A Line depends on its text and the rules only, so one Line serves every
    block with that text: the clean step reads its own output again on every round (remembered on
    the rule set, as `hit` is)."""
    memo: TextMemo[Line] = TextMemo.on(rules, "_lines", _LINES_MAX, _LINES_CHARS)
    out = []
    for block in blocks:
        text = block.text
        line = memo.get(text)
        if line is None:
            line = memo.remember(text, Line(text, L.tokens(text), is_prose(text, rules.settings), hit(text, rules)))
        out.append(line)
    return out


def find_lead(lines: list[Line], counts: Counter[str], window: int, lead_words: int,
              repeat_chars: int, titles: list[bool] | None = None) -> tuple[int | None, str | None]:
    """(index of the lead, its dateline). The first dateline paragraph (a later copy of it wins:
    a teaser or truncated copy can come first); else the first paragraph of `lead_words` that is
    neither a caption nor repeated (teasers of other stories are short), else the first one."""
    cuts = _dateline_cuts(lines, window, titles or [False] * len(lines))
    if cuts:
        return _best_cut(lines, cuts)
    return _first_plain(lines, counts, window, lead_words, repeat_chars, titles), None


def _dateline_cuts(lines: list[Line], window: int, titles: list[bool]) -> list[tuple[int, tuple[str, str]]]:
    """The paragraphs near the top that open with a dateline, as (index, (dateline, rest))."""
    cuts = []
    seen: set[str] = set()
    plain: list[str] = []  # paragraphs above without a dateline: the first may be a deck the lead repeats
    for i, line in enumerate(lines[:window]):
        if line.hit is not None or not line.prose or titles[i]:
            continue  # a title in a list of other stories is no paragraph
        split = line.dateline
        if split is not None and fold(split[1]) not in plain[1:]:  # not a copy of a later paragraph
            cuts.append((i, split))
        elif line.caption:
            continue
        seen.add(fold(split[1]) if split else line.key)
        if split is None:
            plain.append(line.key)
        if len(seen) > 2:
            break  # a dateline opens the first paragraph (or a copy of it), never a later one
    return cuts


def _best_cut(lines: list[Line], cuts: list[tuple[int, tuple[str, str]]]) -> tuple[int, str]:
    """The first dateline paragraph, unless a later one is its whole copy."""
    lead, (dateline, rest) = cuts[0]
    opening = not any(line.prose and line.hit is None for line in lines[:lead])
    for j, (later_dateline, later_rest) in cuts[1:]:
        a, b = fold(rest), fold(later_rest)
        if b.startswith(a) and (len(b) > len(a) or opening):
            # the first was a truncated copy, or a copy printed above everything else
            lead, dateline, rest = j, later_dateline, later_rest
    return lead, dateline


def _first_plain(lines: list[Line], counts: Counter[str], window: int, lead_words: int,
                 repeat_chars: int, titles: list[bool] | None) -> int | None:
    first = None
    for i, line in enumerate(lines[:window]):
        key = line.key
        if titles is not None and titles[i]:
            continue
        if line.prose and line.hit is None and not line.caption and (counts[key] == 1 or len(key) < repeat_chars):
            if len(line.tokens) >= lead_words:
                return i
            first = i if first is None else first
    return first


def _not_a_headline(text: str, tokens: Sequence[str], i: int) -> bool:
    """Shapes no headline has: a label, a date, a table row, a list item, a credit, a link, a dateline."""
    return bool(text.endswith(":") or L.is_date_line(text, tokens) or L.is_table(text) or L.is_list_item(text)
                or L.is_dash_item(text) or L.photo_credit(text) is not None
                or "http" in text or (i and (L.is_caption(text) or L.is_credit(text))) or L.is_credit_pair(text)
                or L.dateline_alone(text) is not None)


def _headline_score(line: Line, i: int, head: list[Line], counts: Counter[str],
                    everywhere: Counter[str], min_words: int = 3) -> float | None:
    text, tokens = line.text, line.tokens
    if line.hit is not None and (i != 0 or line.hit.kind != "credit"):
        return None  # line 1 of the dump may be a headline whatever its first word (`FOTO: ...`), not a prompt
    if len(tokens) < min_words or len(tokens) > 30 or (text.endswith(".") and not text.endswith("..")):
        return None
    if _not_a_headline(text, tokens, i):
        return None
    score = L.cap_share(tokens) + min(len(tokens), 10) / 10 + 0.3 * (i + 1) / len(head)
    if counts[line.key] > 1 and everywhere[line.key] <= 2:
        score += 1.0  # the headline printed twice above the lead (not a label printed all over)
    if L.is_name(tokens):
        score -= 0.5
    return score


def find_headline(lines: list[Line], lead: int, everywhere: Counter[str],
                  titles: list[bool] | None = None) -> int | None:
    """The headline among the lines above the lead: line 1 of the dump when a paragraph follows
    it, else the best headline-shaped line that is not a title in a list of other stories."""
    head = lines[:lead]
    counts = Counter([line.key for line in head])
    if head and lines[1].prose and not lines[1].caption and lines[1].hit is None \
            and _headline_score(head[0], 0, head, counts, everywhere, min_words=2) is not None:
        return 0
    best, best_score = None, 0.0
    for i, line in enumerate(head):
        if titles is not None and titles[i]:
            continue
        score = _headline_score(line, i, head, counts, everywhere)
        if score is not None and score > best_score:
            best, best_score = i, score
    return best


def _is_deck(line: Line) -> bool:
    return line.prose and line.hit is None and not line.caption and len(line.tokens) >= 6


def kind_of(line: Line) -> str:
    text, tokens = line.text, line.tokens
    if L.is_date_line(text, tokens):
        return "date"
    if line.caption or L.is_name_role(text, tokens):
        return "caption"
    if L.is_name(tokens) or ":" in text:
        return "credit"
    if L.is_table(text):
        return "furniture"
    if len(tokens) >= 6 and not line.prose:
        return "related"
    return "furniture"


def evidence(line: Line, lead_text: str) -> str | None:
    """The kind a line above the lead shows by its shape alone, or None (it may be article text)."""
    text, tokens = line.text, line.tokens
    if L.is_punctuation(text) or L.is_table(text):
        return "furniture"
    if L.is_date_line(text, tokens):
        return "date"
    if line.caption:
        return "caption"
    if L.is_name(tokens) or L.is_code(text) or L.is_credit(text):
        return "credit"
    if L.dateline_alone(text) is not None or (not line.prose and len(tokens) <= 3 and not L.is_list_item(text)
                                              and not _short_sentence(text, tokens)):
        return "furniture"
    key = fold(text)
    if len(key) >= 20 and key[len(key) // 3:] in fold(lead_text):
        return "repeat"  # a copy of the lead (its dateline spelled otherwise, or cut short)
    return None


def _short_sentence(text: str, tokens: Sequence[str]) -> bool:
    """A sentence of two or three words (`“Kami sepakat,” katanya.`): a quote, not a label."""
    return len(tokens) >= 2 and text.rstrip("\"”’'»")[-1:] in ".!?" and text[:1] in "\"“‘'«"


def text_above(lines: list[Line], lead: int, pick: int | None, titles: list[bool]) -> bool:
    """A line of text between the headline (and its deck) and a dateline paragraph, with no shape
    of furniture and not under furniture: that paragraph is not the lead (clean text whose later
    paragraph starts like a dateline)."""
    start = 0 if pick is None else pick + 1
    if pick is not None and start < lead and _is_deck(lines[start]):
        start += 1
    for i in range(start, lead):
        line, above = lines[i], lines[i - 1] if i else None
        if titles[i] or line.hit is not None or evidence(line, lines[lead].text) is not None \
                or _over_photo_label(lines, i):
            continue
        if above is not None and i - 1 != pick and (above.hit is not None
                                                    or evidence(above, lines[lead].text) is not None):
            continue
        return True
    return False


def text_lead(lines: list[Line], lead: int, pick: int | None) -> int:
    start = 0 if pick is None else pick + 1
    return next((i for i in range(start, lead) if lines[i].prose and lines[i].hit is None), lead)


def walk_back(lines: list[Line], lead: int, pick: int | None, counts: Counter[str], titles: list[bool]) -> int:
    """Without a dateline the lead was the first long paragraph: a shorter paragraph right above
    it, below the headline, with no caption, credit or repeat shape, and not printed twice (a
    teaser of another story in a ticker), is the real lead."""
    floor = (pick + 1) if pick is not None else 0
    while lead - 1 >= floor:
        above = lines[lead - 1]
        if not above.prose or above.hit is not None or titles[lead - 1] \
                or evidence(above, lines[lead].text) is not None \
                or counts[above.key] > 1:
            break
        lead -= 1
    return lead


def _over_photo_label(lines: list[Line], i: int) -> bool:
    """A line right above a photo's credit label (`Sumber :`, `Foto: ...`): the photo's caption."""
    return i + 1 < len(lines) and not L.is_photo_label(lines[i].text) and L.is_photo_label(lines[i + 1].text)


def _judge_above(lines: list[Line], i: int, lead_text: str, pick: int | None, counts: Counter[str],
                 after_junk: bool) -> tuple[bool, str | None]:
    """(keep it, its kind) for a line above the lead: a deck under the headline or prose after it
    stays; a line with the shape of a date, credit, caption, label or repeat goes."""
    line = lines[i]
    kind = evidence(line, lead_text) or ("caption" if _over_photo_label(lines, i) else None)
    deck = pick is not None and i == pick + 1 and kind is None and _is_deck(line)
    if not deck and kind is None and counts[line.key] > 1 and len(line.key) >= 20:
        kind = "repeat"
    keep = deck or (pick is not None and i > pick and kind is None and not after_junk and line.prose)
    return keep, kind


def head_drops(lines: list[Line], lead: int, counts: Counter[str], notes: Notes,
               titles: list[bool] | None = None) -> tuple[int | None, set[int]]:
    """The headline and what goes above the lead: everything before the headline; after it, the
    lines whose shape says date, credit, caption or label, a repeat, and the lines right after
    those (a caption under its credit). A deck right under the headline stays."""
    head = lines[:lead]
    pick = find_headline(lines, lead, counts, titles)
    title = head[pick].key if pick is not None else None
    drops: set[int] = set()
    after_junk = False
    for i, line in enumerate(head):
        if i == pick or line.hit is not None:
            after_junk = line.hit is not None
            continue
        if title is not None and line.key == title:
            drops.add(i)
            notes.note("repeat:headline", line.text)
            after_junk = True
            continue
        keep, kind = _judge_above(lines, i, lines[lead].text, pick, counts, after_junk)
        if keep:
            after_junk = False
            continue
        alone = L.dateline_alone(line.text) if i == lead - 1 else None
        if alone is not None:
            notes.captured.append(("dateline", alone))
        kind = "dateline" if alone else kind or kind_of(line)
        notes.note("preamble:furniture" if kind == "furniture" else f"model:{kind}", line.text)
        drops.add(i)
        after_junk = True
    return pick, drops


