"""Running RE2 programs on text (cleaners/clean/regex.py compiles them): the options every program
is built with, a text's UTF-8 bytes, and the search that tells which of many lines a program matches
all of by one run over them joined (`WholeLines`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import re2  # type: ignore[import-untyped]
from re2 import _re2

__all__ = ["ANCHOR_BOTH", "NO_MATCH", "UNANCHORED", "UNSET", "WholeLines", "encode", "options"]

_MAX_MEM = 64 << 20  # RE2's memory budget per pattern (its default, 8 MB, is too small for the unions)
UNANCHORED = _re2.RE2.Anchor.UNANCHORED  # a program's Match anchors: anywhere in the text
ANCHOR_BOTH = _re2.RE2.Anchor.ANCHOR_BOTH  # all of the text
NO_MATCH = (-1, -1)  # the span Match gives for no match
UNSET: Any = object()  # a lazily built program not built yet (None is "there is none")
_SURROGATE_RE = re.compile("[\ud800-\udfff]")
_WHOLE_TEXT_RE = re.compile(r"\\[AzC]|\(\?[a-zA-Z-]*m")  # what whole_lines cannot run (see _line_program)


class WholeLines:
    """`whole_lines` for a program in RE2's syntax (`_line_source`), its `_line_program` built on first use."""

    __slots__ = ("_lines",)

    def __init__(self) -> None:
        self._lines: Any = UNSET  # the program `whole_lines` runs on lines joined (None: it cannot)

    def _line_source(self) -> tuple[str, int] | None:
        """The source (RE2's syntax) and flags of the program whose whole lines are told; None: none."""
        raise NotImplementedError

    def whole_lines(self, texts: Sequence[str]) -> list[int] | None:
        """The indexes of `texts` matched all of, told by one search of them joined by line breaks
        instead of a run a text (see `_whole_lines`); None when it cannot tell so (a text holds a line
        break, or there is no such program, see `_line_program`)."""
        if self._lines is UNSET:
            source = self._line_source()
            self._lines = _line_program(*source) if source is not None else None
        return _whole_lines(self._lines, texts)


def _line_program(translated: str, flags: int) -> Any:
    """The program `_whole_lines` runs for a pattern (in RE2's syntax): ``(?m)^(?:P)$`` built with
    RE2's `never_nl`, so that no part of it matches a line break and a match is one whole line, the
    pattern's own ``^``/``$`` holding at a line's ends as they hold at a lone text's. None for a
    pattern whose meaning changes on joined lines (one that reads the start or end of the whole
    text: \\A, \\z; sets the multi-line flag; matches a byte alone: \\C), or that RE2 refuses."""
    if _WHOLE_TEXT_RE.search(translated):
        return None
    built = options(flags, capture=False)
    built.never_nl = True
    regexp = _re2.RE2(f"(?m)^(?:{translated})$".encode(), built)
    return regexp if regexp.ok() else None


def _whole_lines(program: Any, texts: Sequence[str]) -> list[int] | None:
    """The indexes of the `texts` that `program` (a `_line_program`) matches, by one search of them
    joined by line breaks; None without a program, without texts (no line to join: an empty
    search would name a line 0) or when a text holds a line break. The lines before a match's
    line are no match: their start would have been a match further left."""
    if program is None or not texts or "\n" in "".join(texts):  # (one search for the character, not a count)
        return None
    data = encode("\n".join(texts))
    found: list[int] = []
    line, pos, end = 0, 0, len(data)
    while pos <= end:
        start = program.Match(UNANCHORED, data, pos, end)[0][0]
        if start < 0:
            break
        line += data.count(b"\n", pos, start)
        found.append(line)
        pos = data.find(b"\n", start)
        if pos < 0:
            break
        pos, line = pos + 1, line + 1
    return found


def options(flags: int = 0, capture: bool = True) -> Any:
    """The RE2 options every program here is built with: the memory budget, case folding by
    `flags`' IGNORECASE, groups only when `capture`, and no logging (a refusal is a RegexError)."""
    built = re2.Options()
    built.max_mem = _MAX_MEM
    built.case_sensitive = not flags & re.IGNORECASE
    built.never_capture = not capture
    built.log_errors = False
    return built


_ENCODED: list[tuple[str, bytes]] = [("", b"")]  # the text encoded last: a step tries its rules on a line in turn


def encode(text: str) -> bytes:
    last = _ENCODED[0]
    if last[0] is text:
        return last[1]
    try:
        data = text.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate: one replacement character each, positions kept
        data = _SURROGATE_RE.sub("\ufffd", text).encode("utf-8")
    _ENCODED[0] = (text, data)  # one tuple: another thread reads the old pair or the new
    return data
