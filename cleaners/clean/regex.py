"""Regular expressions that cannot backtrack: patterns in Python's syntax, run by RE2 (linear time).

The junk rules are data written by many hands, and they run on hostile page text: under Python's
backtracking `re` one careless nested quantifier is enough for one line to stall a run for
minutes. `compile` takes a pattern written for Python's `re` and runs it on RE2 (`google-re2`),
whose time is linear in the text whatever the pattern, keeping Python's meaning:

- ``\\w \\W \\d \\D \\s \\S`` are Python's Unicode classes (RE2's are ASCII-only): they are spelt out
  as the code points Python's own `re` gives them in this interpreter;
- with IGNORECASE, ``i`` also matches ``ı`` and ``İ`` as in Python (RE2's case folding does not);
- ``\\uXXXX`` and ``\\UXXXXXXXX`` escapes, and ``{,n}`` (``{0,n}``), are written the RE2 way;
- a trailing positive lookahead ``P(?=X)`` is run as ``P(X)`` with the match ending where X starts
  (search only), which is what Python finds.

What needs backtracking is refused with a `RegexError` that says how to spell it instead:
back-references, other lookarounds, and ``\\b``/``\\B`` (RE2's word boundary is ASCII-only). ``$``
is RE2's end of text (Python's also matches before a final newline; the clean step's lines hold none).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, Protocol

import re2  # type: ignore[import-untyped]
from re2 import _re2

from cleaners.clean.uniclass import class_body, exact_class

__all__ = ["Pattern", "Match", "MatchLike", "RegexError", "compile", "translate"]

_MAX_MEM = 64 << 20  # RE2's memory budget per pattern (its default, 8 MB, is too small for the unions)
_UNANCHORED = _re2.RE2.Anchor.UNANCHORED
_ANCHOR_BOTH = _re2.RE2.Anchor.ANCHOR_BOTH
_NULL = (-1, -1)
_ANY = "(?s:.)"  # what a widened class becomes
_HEX = {"x": 2, "u": 4, "U": 8}
_SURROGATE_RE = re.compile("[\ud800-\udfff]")
_OPENER_RE = re.compile(r"\(\?(?:P<\w+>|:)")
_COUNT_RE = re.compile(r"\{(?:(\d+)(?:,\d*)?|,\d+)\}")  # a counted repetition: {m}, {m,}, {m,n}, {,n}
_WIDE_MIN = 4  # a widened count keeps at most this lower bound, and no upper bound


class RegexError(ValueError):
    """A pattern that cannot run in linear time (or is not valid); the message says why."""


class MatchLike(Protocol):
    """What the clean step reads of a match (both `re.Match` and `Match` have it)."""

    def start(self, group: int = 0) -> int: ...

    def end(self, group: int = 0) -> int: ...

    def group(self, group: int = 0) -> str: ...

    def groupdict(self) -> dict[str, str | None]: ...


class _Translator:
    """Python pattern syntax to RE2 syntax, one pass (see the module's docstring)."""

    def __init__(self, source: str, flags: int, wide: bool = False) -> None:
        self.src = source
        self.wide = wide  # widen the large Unicode classes (a prefilter; see `compile`)
        self.i = 0
        self.out: list[str] = []
        self.ignore = [bool(flags & re.IGNORECASE)]  # case-insensitive, per open group
        self.ahead = -1  # where the trailing lookahead opened (its `(`), or -1

    def fail(self, what: str) -> RegexError:
        return RegexError(f"{what} (at {self.i}: {self.src[self.i:self.i + 12]!r})")

    def run(self) -> str:
        while self.i < len(self.src):
            char = self.src[self.i]
            if char == "\\":
                self.escape()
            elif char == "[":
                self.bracket()
            elif char == "(":
                self.open_group()
            elif char == ")":
                self.close_group()
            elif char == "{" and self.wide and (count := _COUNT_RE.match(self.src, self.i)):
                self.out.append(_widened_count(count))
                self.i = count.end()
            elif char == "{" and re.match(r"\{,\d+\}", self.src[self.i:]):
                self.out.append("{0")
                self.i += 1
            elif char in "iI" and self.ignore[-1]:
                self.out.append("[iIıİ]")
                self.i += 1
            else:
                self.out.append(char)
                self.i += 1
        if len(self.ignore) != 1:
            raise self.fail("missing )")
        return "".join(self.out)

    def escape(self) -> None:
        code = self.src[self.i + 1:self.i + 2]
        flags = re.IGNORECASE if self.ignore[-1] else 0
        if code in "wWDS" and code and self.wide:
            self.out.append(_ANY)
        elif code in "wdsWDS" and code:
            self.out.append(exact_class("\\" + code, flags))
        elif code in "bB" or code == "":
            raise self.fail("\\b and \\B cannot be kept (RE2's word boundary is ASCII-only): write the "
                            "boundary out, e.g. (?:[^\\w\\n]...)? or the start/end of the line")
        elif code.isdigit() and code != "0":
            raise self.fail("a back-reference needs backtracking: write the pattern without it")
        elif code in "uU":
            self.out.append(self.hex_escape(code))
            return
        elif code == "Z":
            self.out.append("\\z")
        else:
            self.out.append(self.src[self.i:self.i + 2])
        self.i += 2

    def hex_escape(self, code: str) -> str:
        digits = self.src[self.i + 2:self.i + 2 + _HEX[code]]
        if len(digits) != _HEX[code] or not all(c in "0123456789abcdefABCDEF" for c in digits):
            raise self.fail(f"bad \\{code} escape")
        self.i += 2 + _HEX[code]
        return f"\\x{{{digits}}}"

    def open_group(self) -> None:
        rest = self.src[self.i:self.i + 4]
        if rest.startswith(("(?=", "(?!", "(?<=", "(?<!")):
            if not rest.startswith("(?=") or len(self.ignore) != 1 or self.ahead >= 0:
                raise self.fail("lookaround needs backtracking (only one trailing (?=...) is supported): "
                                "write the pattern without it")
            self.ahead = self.i
            self.out.append("(")
            self.ignore.append(self.ignore[-1])
            self.i += 3
            return
        scoped = re.match(r"\(\?([a-zA-Z]*)(?:-([a-zA-Z]*))?([:)])", self.src[self.i:])
        if scoped:
            ignore = ("i" in scoped.group(1) or self.ignore[-1]) and "i" not in (scoped.group(2) or "")
            if scoped.group(3) == ":":
                self.ignore.append(ignore)
            else:  # (?i) for the rest of the pattern
                self.ignore[-1] = ignore
            self.out.append(scoped.group(0))
            self.i += len(scoped.group(0))
            return
        elif opener := _OPENER_RE.match(self.src, self.i):
            self.ignore.append(self.ignore[-1])
            self.out.append(opener.group(0))
            self.i += len(opener.group(0))
            return
        elif self.src.startswith("(?P=", self.i):
            raise self.fail("a back-reference needs backtracking: write the pattern without it")
        else:
            self.ignore.append(self.ignore[-1])
        self.out.append("(")
        self.i += 1

    def close_group(self) -> None:
        if len(self.ignore) == 1:
            raise self.fail("unbalanced )")
        self.ignore.pop()
        self.out.append(")")
        self.i += 1
        if self.ahead >= 0 and len(self.ignore) == 1 and self.i != len(self.src):
            raise self.fail("a lookahead is only supported at the very end of the pattern")

    def bracket(self) -> None:
        """A `[...]` class: its members translated one by one, or (when it holds a negated class
        escape) its whole membership spelt out."""
        start = self.i
        end = _class_end(self.src, start)
        if end < 0:
            raise self.fail("unterminated character set")
        source = self.src[start:end + 1]
        flags = re.IGNORECASE if self.ignore[-1] else 0
        self.i = end + 1
        letters = re.search("[A-Za-z]", re.sub(r"\\.", "", source))
        if self.wide and re.search(r"\\[wWDS]", source):
            self.out.append(_ANY)
            return
        if re.search(r"\\[WDS]", source) or (flags and letters and re.search(r"\\w", source)):
            self.out.append(exact_class(source, flags))
            return
        negated = source.startswith("[^")
        members = _class_members(source[2 if negated else 1:-1])
        if flags and re.search(r"[iI]|[A-Ha-h]-[J-Zj-z]", source):
            members += "ıİ"
        translated = ("[^" if negated else "[") + members + "]"
        # RE2 would fold the spelt-out \w with IGNORECASE (adding U+0345, which Python's \w lacks)
        self.out.append(f"(?-i:{translated})" if flags and "\\w" in source else translated)


def _widened_count(count: re.Match[str]) -> str:
    """A counted repetition for a prefilter: `X{m,n}` becomes `X{min(m, 4),}`, which matches every
    run X{m,n} does. A bounded count makes RE2's DFA remember how far it has counted: with a few
    `.{0,200}` in a union, nearly every character of a line leads to a state of its own, and the
    walk misses the CPU's caches at every step (measured: a 43-rule union 5x slower on a busy
    cache); unbounded, the states fold into a few."""
    low = int(count.group(1) or 0)
    return f"{{{min(low, _WIDE_MIN)},}}"


def _class_end(src: str, start: int) -> int:
    """The index of the `]` that closes the class opened at `start`, or -1."""
    j = start + 1
    if src[j:j + 1] == "^":
        j += 1
    if src[j:j + 1] == "]":
        j += 1
    while j < len(src):
        if src[j] == "\\":
            j += 2
        elif src[j] == "]":
            return j
        else:
            j += 1
    return -1


def _class_members(body: str) -> str:
    """The members of a class without negated escapes, in RE2 syntax."""
    out: list[str] = []
    j = 0
    while j < len(body):
        char = body[j]
        if char == "\\":
            code = body[j + 1:j + 2]
            if code in _HEX:
                digits = body[j + 2:j + 2 + _HEX[code]]
                out.append(f"\\x{{{digits}}}")
                j += 2 + _HEX[code]
                continue
            if code in "wds" and code:
                out.append(class_body("\\" + code, 0))
            elif code == "b":
                out.append("\\x08")
            else:
                out.append(body[j:j + 2])
            j += 2
            continue
        out.append("\\" + char if char in "[]" else char)
        j += 1
    return "".join(out)


def translate(source: str, flags: int = 0, wide: bool = False) -> tuple[str, bool]:
    """`source` (Python syntax) in RE2 syntax, and whether it ends in a lookahead (see `Pattern`)."""
    translator = _Translator(source, flags, wide)
    return translator.run(), translator.ahead >= 0


class Match:
    """One match: the part of `re.Match` the project reads (positions are in characters)."""

    __slots__ = ("string", "_spans", "_names")

    def __init__(self, string: str, spans: list[tuple[int, int]], names: Mapping[str, int]) -> None:
        self.string = string
        self._spans = spans
        self._names = names

    def start(self, group: int = 0) -> int:
        return self._spans[group][0]

    def end(self, group: int = 0) -> int:
        return self._spans[group][1]

    def span(self, group: int = 0) -> tuple[int, int]:
        return self._spans[group]

    def group(self, group: int | str = 0) -> str:
        lo, hi = self._spans[self._names[group] if isinstance(group, str) else group]
        return self.string[lo:hi] if lo >= 0 else None  # type: ignore[return-value]

    def groupdict(self) -> dict[str, str | None]:
        return {name: self.group(index) for name, index in self._names.items()}


class Pattern:
    """A compiled pattern (`compile`): `search`, `fullmatch` and `test`, as `re.Pattern` has them.

    With `lazy=True` the RE2 program is built on first use: the syntax is checked at once (the
    translation), but a rule no line ever reaches costs nothing (a large Unicode class under a
    counted repeat can take a tenth of a second to compile). `ready()` builds it now, and says
    what RE2 refused as a RegexError."""

    __slots__ = ("pattern", "flags", "lookahead", "_groups", "_regexp", "_capture", "_wide", "_translated")

    def __init__(self, source: str, flags: int = 0, capture: bool = True, wide: bool = False,
                 lazy: bool = False) -> None:
        self._translated, self.lookahead = translate(source, flags, wide)
        self.pattern = source
        self.flags = flags & re.IGNORECASE
        self._capture, self._wide = capture, wide
        self._regexp: Any = None
        if not lazy:
            self.ready()

    def ready(self) -> Pattern:
        """The pattern with its RE2 program built (RegexError when RE2 refuses it)."""
        if self._regexp is None:
            options = re2.Options()
            options.max_mem = _MAX_MEM
            options.case_sensitive = not self.flags & re.IGNORECASE
            options.never_capture = not self._capture and not self.lookahead
            options.log_errors = False
            regexp = _re2.RE2(self._translated.encode("utf-8"), options)
            if not regexp.ok():
                raise RegexError(f"RE2 cannot compile it: {regexp.error().decode('utf-8', 'replace')}")
            names = regexp.NamedCapturingGroups() if self._capture else []
            self._groups: Mapping[str, int] = {_text(name): index for name, index in names}
            self._regexp = regexp
        return self

    @property
    def groupindex(self) -> Mapping[str, int]:
        return self.ready()._groups  # ready() returns at once once built

    def __repr__(self) -> str:
        return f"regex.compile({self.pattern!r})"

    def __reduce__(self) -> tuple[object, tuple[str, int, bool, bool, bool]]:
        # compiled again where it lands (on first use there when it has not been used here)
        return Pattern, (self.pattern, self.flags, self._capture, self._wide, self._regexp is None)

    def _run(self, anchor: object, text: str) -> Match | None:
        data = _encode(text)
        spans = (self._regexp or self.ready()._regexp).Match(anchor, data, 0, len(data))
        if spans[0] == _NULL:
            return None
        if not text.isascii():
            spans = [(_chars(data, lo), _chars(data, hi)) if lo >= 0 else _NULL for lo, hi in spans]
        if self.lookahead:
            ahead = spans.pop()
            if ahead != _NULL:
                spans[0] = (spans[0][0], ahead[0])
        return Match(text, spans, self.groupindex)

    def search(self, text: str) -> Match | None:
        return self._run(_UNANCHORED, text)

    def fullmatch(self, text: str) -> Match | None:
        if self.lookahead:
            raise RegexError("a pattern that ends in a lookahead only searches")
        return self._run(_ANCHOR_BOTH, text)

    def test(self, text: str, whole: bool = False) -> bool:
        """Whether the pattern is found in `text` (all of it, with `whole`): no match object made."""
        if whole and self.lookahead:
            raise RegexError("a pattern that ends in a lookahead only searches")
        data = _encode(text)
        regexp = self._regexp or self.ready()._regexp
        return regexp.Match(_ANCHOR_BOTH if whole else _UNANCHORED, data, 0, len(data))[0] != _NULL


def _text(name: bytes | str) -> str:
    return name.decode("utf-8") if isinstance(name, bytes) else name


def _encode(text: str) -> bytes:
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate: one replacement character each, positions kept
        return _SURROGATE_RE.sub("\ufffd", text).encode("utf-8")


def _chars(data: bytes, offset: int) -> int:
    return len(data[:offset].decode("utf-8", "replace"))


def compile(source: str, flags: int = 0, capture: bool = True, wide: bool = False,  # noqa: A001
            lazy: bool = False) -> Pattern:
    """`source` (Python's syntax) compiled for RE2; RegexError when it cannot run there.

    `capture=False` skips the groups (a yes/no test runs faster). `wide=True` makes a prefilter:
    the large Unicode classes (``\\w \\W \\D \\S`` and any set holding one) match any character,
    so the pattern matches wherever the exact one does, and maybe more, for a far smaller program
    (fast to compile, and its DFA stays small): a line it rejects, the exact pattern rejects too."""
    return Pattern(source, flags, capture, wide, lazy)
