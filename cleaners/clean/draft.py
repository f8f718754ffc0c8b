"""The clean step's value: a frozen `Draft` that every step takes and gives back, and the shape tests
the steps share (prose, label, comparison key).

A step never changes its input: it returns a new Draft with its blocks, its title and what it
removed (`removals`, the trace in `Article.removed`) and caught (`captured`: the `date`, `author`
and `dateline` named groups of the rules that fired).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from operator import attrgetter
from typing import Any

from cleaners.clean.lines import words
from cleaners.clean.memo import TextMemo
from cleaners.clean.normalize import normal_line, normalize_line, plain_ascii, split_lines
from cleaners.clean.regex import MatchLike
from cleaners.knowledge.rules import RuleSet, StepSettings
from cleaners.model import Block, Removal
from cleaners.scripts import may_be_unspaced, script_class

__all__ = ["Draft", "Notes", "Step", "is_prose", "is_label", "fold", "word_runs", "first_prose", "blocks_from_lines",
           "rough_blocks", "lines_to_blocks", "normal_memo"]

_WORD_RE = re.compile(r"\w+")
_CJK = r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]"


def _cjk_count(text: str) -> int:
    """How many CJK characters `text` holds; a text that cannot hold one is not searched."""
    return len(script_class(_CJK).findall(text)) if may_be_unspaced(text) else 0
_BULLET_RE = re.compile(r"(?:[•·▪►●◦‣∙*]|-\s|\d{1,2}[.)]\s)")
_TEXT = attrgetter("text")


def _bulleted(line: str) -> bool:
    """`line` opens with a bullet (`_BULLET_RE`); a line opening with a letter does not (no bullet
    sign, `-` or digit is one), told without the pattern."""
    return not line[:1].isalpha() and _BULLET_RE.match(line) is not None
_FOLD_WORD_RE = re.compile(r"[^\W_]+")


@dataclass(frozen=True)
class Draft:
    """An article on its way through the clean step."""

    blocks: tuple[Block, ...]
    title: str | None = None
    removals: tuple[Removal, ...] = ()
    captured: tuple[tuple[str, str], ...] = ()  # (group, text): what the rules' named groups caught, in order

    def lines(self) -> tuple[str, ...]:
        """The draft as a text dump would show it: the headline line, then one line a block."""
        return ((self.title,) if self.title else ()) + tuple(map(_TEXT, self.blocks))

    def found(self, key: str) -> tuple[str, ...]:
        return tuple(text for group, text in self.captured if group == key)


Step = Callable[[Draft, RuleSet], Draft]
"""A named step of the clean step: a pure function of the draft and the rules."""


_KEEP: Any = object()  # `Notes.apply` without a title: the draft keeps its own


class Notes:
    """What one step removes and catches, added to its result in one go by `apply`."""

    def __init__(self) -> None:
        self.removals: list[Removal] = []
        self.captured: list[tuple[str, str]] = []

    def note(self, rule: str, text: str) -> None:
        self.removals.append(Removal(rule, text))

    def catch(self, match: MatchLike) -> None:
        for key, value in match.groupdict().items():
            if value:
                self.captured.append((key, normalize_line(value)))

    def apply(self, draft: Draft, blocks: Iterable[Block], title: Any = _KEEP) -> Draft:
        """`draft` with these blocks (and this title, when given) and what was noted."""
        blocks = tuple(blocks)
        title = draft.title if title is _KEEP else title
        if not self.removals and not self.captured and title == draft.title and blocks == draft.blocks:
            return draft  # the step changed nothing
        return Draft(blocks, title, draft.removals + tuple(self.removals), draft.captured + tuple(self.captured))


_PROSE_MEMO_MAX = 16384
_PROSE_MEMO_CHARS = 2_000_000  # their total length: a hostile page's long lines are not all kept


def is_prose(text: str, settings: StepSettings, tokens: Sequence[str] | None = None) -> bool:
    """Running text (a paragraph) rather than a label, heading or headline. Remembered on the
    settings (the clean step reads the same lines again on every round; hashing the settings for
    a cache key would cost more than the test). `tokens`, the line's words (lines.words) when the
    caller has them, spare a second reading of the line."""
    memo = _prose_memo(settings)
    found = memo.get(text)
    if found is None:
        found = memo.remember(text, _prose(text, settings, _runs(text, tokens)))
    return found


def _prose_memo(settings: StepSettings) -> TextMemo[bool]:
    """is_prose's verdicts, kept on the settings."""
    return TextMemo.on(settings, "_prose", _PROSE_MEMO_MAX, _PROSE_MEMO_CHARS)


def normal_memo(settings: StepSettings) -> TextMemo[bool]:
    """The lines found to be normal lines (normalize.normal_line: one line that normalizes to
    itself) by the normalize step, kept on the settings: the clean step reads its lines again on its
    further round, and a memo lookup spares reading every character again."""
    return TextMemo.on(settings, "_normal", _PROSE_MEMO_MAX, _PROSE_MEMO_CHARS)


def _runs(text: str, tokens: Sequence[str] | None) -> int:
    """The number of `\\w+` runs in `text`. A word of lines.words is runs of letters and digits
    joined by `-`, `'` or `’`, so without `_` (a \\w that no word holds) the runs are the words and
    their joiners."""
    if tokens is None or "_" in text:
        return word_runs(text)
    joined = "".join(tokens)
    return len(tokens) + joined.count("-") + joined.count("'") + joined.count("’")


def _prose(text: str, settings: StepSettings, words: int) -> bool:
    if words >= settings.prose_long_words:
        return True
    cjk = _cjk_count(text)
    if text[-1:] in settings.terminal and (words >= settings.prose_min_words or cjk >= settings.prose_terminal_min_cjk):
        return True
    return cjk >= settings.prose_min_cjk


def is_label(text: str, settings: StepSettings) -> bool:
    """Short label-like text: a topic label, byline, place, caption, kicker or widget name."""
    return (word_runs(text) <= settings.lead_label_max_words
            and _cjk_count(text) < settings.lead_label_max_cjk
            and not text.endswith(":"))


@lru_cache(maxsize=8192)
def fold(text: str) -> str:
    """A comparison key: case and punctuation do not make two texts different."""
    if text.isascii():  # most lines: casefold lowers A-Z only, done by the byte table with the rest
        return b" ".join(text.encode("ascii").translate(_FOLD_ASCII_BYTES).split()).decode("ascii")
    folded = text.casefold()
    data = _spaced(folded)
    if data is None:  # a lone surrogate
        return " ".join(_FOLD_WORD_RE.findall(folded))  # the runs of letters and digits, one space apart
    return b" ".join(data.translate(_FOLD_BYTES).split()).decode("utf-8")


def word_runs(text: str) -> int:
    """How many `\\w+` runs `text` holds: the word characters made `a` and the rest a space
    (`_spaced`, `_WORD_BYTES`), the starts of runs are counted (`" a"`) with no word made."""
    if text.isascii():  # most lines: nothing to space above ASCII
        ascii_data = text.encode("ascii").translate(_WORD_BYTES)
        return ascii_data.count(b" a") + (ascii_data[:1] == b"a")
    data = _spaced(text)
    if data is None:  # a lone surrogate
        return len(_WORD_RE.findall(text))
    data = data.translate(_WORD_BYTES)
    return data.count(b" a") + (data[:1] == b"a")


def _spaced(text: str) -> bytes | None:
    """`text` in UTF-8 with every character above ASCII that is not a letter or digit made a space
    (`[^\\W_]` is `str.isalnum`, `\\w` that and `_`, for every code point): the rest is told apart
    by a table of bytes, ASCII's by its own entry and every byte of a character above ASCII (all of
    them above 0x7f) by the entries above 0x7f. None when `text` holds a lone surrogate."""
    if not text.isascii():
        text = _NOT_WORD_ABOVE_ASCII_RE.sub(" ", text)
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:
        return None


_NOT_WORD_ABOVE_ASCII_RE = re.compile(r"[^\w\x00-\x7f]")
# What `_WORD_RE` matches (letters, digits, `_` and, after `_spaced`, every byte above 0x7f) made `a`, the rest a space.
_WORD_BYTES = bytes(97 if c > 127 or chr(c).isalnum() or c == 95 else 32 for c in range(256))
# What `_FOLD_WORD_RE` keeps (letters, digits and, after `_spaced`, every byte above 0x7f): kept, the rest a space.
_FOLD_BYTES = bytes(c if c > 127 or chr(c).isalnum() else 32 for c in range(256))
# An ASCII text's bytes for its `fold`: A-Z lowered (as casefold lowers them), the other letters and digits kept,
# the rest a space (the entries above 0x7f are never read).
_FOLD_ASCII_BYTES = bytes(c + 32 if 65 <= c <= 90 else c if c > 127 or chr(c).isalnum() else 32 for c in range(256))


def first_prose(blocks: tuple[Block, ...], settings: StepSettings) -> int | None:
    """The index of the first prose block within the first lines a preamble can have."""
    window = blocks[:settings.preamble_max_lines + 1]
    return next((i for i, b in enumerate(window) if is_prose(b.text, settings)), None)


def blocks_from_lines(lines: Iterable[str], settings: StepSettings, *, read_words: bool = False,
                      known: Mapping[str, Block] | None = None) -> list[Block]:
    """Lines of a text dump: one line a block; its kind from its shape. With `read_words`, each
    line's words (lines.words, which the text-dump step reads next) are read here already. A block
    of `known` (by its text) that has the kind found is given back as it is, not made again."""
    blocks = []
    known = known or {}
    memo = _prose_memo(settings)
    for raw in lines:
        # a plain ASCII line (most of them) is one line that normalizes to itself
        for line in (raw,) if raw and plain_ascii(raw) else map(normalize_line, split_lines(raw)):
            if not line:
                continue
            kind = _line_kind(line, settings, words(line) if read_words else None, memo)
            block = known.get(line)
            blocks.append(block if block is not None and block.kind == kind else Block(kind, line))
    return blocks


def rough_blocks(lines: Iterable[str], settings: StepSettings,
                 known: Mapping[str, Block]) -> tuple[list[Block], bool]:
    """The blocks `blocks_from_lines(lines, settings, known=known)` makes, with only the kinds that
    the text steps (steps.TEXT_STEPS) tell apart: whether the first block is a heading (`preamble`)
    and which blocks are list items (`repeats`); the other steps only hand a block's kind on to the
    text they cut from it. So the lines those steps leave are the same. The first block and every
    line a bullet opens get their kind; any other line is a heading, or the block of `known` with
    its text when that is no list item. A line's prose test (its words counted) is only read there.
    Also whether every block is a normal line (normalize.normal_line): one the normalize step keeps."""
    blocks: list[Block] = []
    normal = True
    memo, normals = _prose_memo(settings), normal_memo(settings)
    for raw in lines:
        if blocks and raw[:1].isalpha() and raw in normals:
            # most lines: a normal line (one that normalizes to itself) after the first, no bullet before it
            blocks.append(_unbulleted(raw, known))
            continue
        if raw and (raw in normals or plain_ascii(raw) or raw.isprintable() and normalize_line(raw) == raw):
            found: Iterable[str] = (raw,)  # one line (split_lines) that normalizes to itself
        else:
            found = [line for line in map(normalize_line, split_lines(raw)) if line]
            normal = normal and all(map(normal_line, found))
        for line in found:
            if blocks and not _bulleted(line):  # not a list item, whatever its prose test says
                blocks.append(_unbulleted(line, known))
                continue
            block = known.get(line)
            kind = _line_kind(line, settings, None, memo)
            blocks.append(block if block is not None and block.kind == kind else Block(kind, line))
    return blocks, normal


def _unbulleted(line: str, known: Mapping[str, Block]) -> Block:
    """`rough_blocks`' block of a line after the first that no bullet opens: the block of `known`
    with its text when that is no list item, else a heading."""
    block = known.get(line)
    return block if block is not None and block.kind != "list_item" else Block("heading", line)


def _line_kind(line: str, settings: StepSettings, tokens: Sequence[str] | None, memo: TextMemo[bool]) -> str:
    """A text dump's line's kind from its shape: prose (`is_prose`, its memo passed in: this runs on
    every line of a page, twice a round) is a paragraph, else a bulleted line a list item, else a heading."""
    prose = memo.get(line)
    if prose is None:
        prose = memo.remember(line, _prose(line, settings, _runs(line, tokens)))
    return "paragraph" if prose else "list_item" if _bulleted(line) else "heading"


def lines_to_blocks(text: str, settings: StepSettings) -> list[Block]:
    """A plain-text dump: one line a block; its kind from its shape."""
    return blocks_from_lines((text,), settings, read_words=True)
