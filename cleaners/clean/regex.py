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
The programs' options, a text's bytes and the search over many lines joined are cleaners/clean/re2run.py.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any, Protocol

from re2 import _re2  # type: ignore[import-untyped]

from cleaners.clean.re2run import ANCHOR_BOTH, NO_MATCH, UNANCHORED, UNSET, WholeLines, encode, options
from cleaners.clean.re2syntax import RegexError, translate

__all__ = ["Pattern", "Match", "MatchLike", "RegexError", "SharedTest", "AnyFound", "WholeSet", "compile",
           "joined", "shared_test", "any_found", "whole_set", "translate"]


class MatchLike(Protocol):
    """What the clean step reads of a match (both `re.Match` and `Match` have it)."""

    def start(self, group: int = 0) -> int: ...

    def end(self, group: int = 0) -> int: ...

    def group(self, group: int = 0) -> str: ...

    def groupdict(self) -> dict[str, str | None]: ...


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


class Pattern(WholeLines):
    """A compiled pattern (`compile`): `search`, `fullmatch` and `test`, as `re.Pattern` has them.

    With `lazy=True` the RE2 program is built on first use: the syntax is checked at once (the
    translation), but a rule no line ever reaches costs nothing (a large Unicode class under a
    counted repeat can take a tenth of a second to compile). `ready()` builds it now, and says
    what RE2 refused as a RegexError."""

    __slots__ = ("pattern", "flags", "lookahead", "_groups", "_regexp", "_capture", "_wide", "_plain", "_translated",
                 "_prefilter", "shared")

    def __init__(self, source: str, flags: int = 0, capture: bool = True, wide: bool = False,
                 lazy: bool = False, plain: bool = False) -> None:
        self._translated, self.lookahead = translate(source, flags, wide, plain)
        self.pattern = source
        self.flags = flags & re.IGNORECASE
        self._capture, self._wide, self._plain = capture, wide, plain
        self._regexp: Any = None
        self._prefilter: Any = UNSET  # the widened program `test` runs first (None: none is worth it)
        super().__init__()
        self.shared: SharedTest | None = None  # a test of a group this pattern is in, run before its own
        if not lazy:
            self.ready()

    def ready(self) -> Pattern:
        """The pattern with its RE2 program built (RegexError when RE2 refuses it)."""
        if self._regexp is None:
            regexp = _re2.RE2(self._translated.encode("utf-8"),
                              options(self.flags, capture=self._capture or self.lookahead))
            if not regexp.ok():
                raise RegexError(f"RE2 cannot compile it: {regexp.error().decode('utf-8', 'replace')}")
            names = regexp.NamedCapturingGroups() if self._capture else []
            self._groups: Mapping[str, int] = {_text(name): index for name, index in names}
            self._regexp = regexp
        return self

    @property
    def program(self) -> Any:
        """The RE2 program (built now when lazy), for a caller that runs it on UTF-8 bytes itself."""
        return self.ready()._regexp

    @property
    def groupindex(self) -> Mapping[str, int]:
        return self.ready()._groups  # ready() returns at once once built

    def __repr__(self) -> str:
        return f"regex.compile({self.pattern!r})"

    def __reduce__(self) -> tuple[object, tuple[str, int, bool, bool, bool, bool]]:
        # compiled again where it lands (on first use there when it has not been used here)
        return Pattern, (self.pattern, self.flags, self._capture, self._wide, self._regexp is None, self._plain)

    def _run(self, anchor: object, text: str) -> Match | None:
        data = encode(text)
        spans = (self._regexp or self.ready()._regexp).Match(anchor, data, 0, len(data))
        if spans[0] == NO_MATCH:
            return None
        if not text.isascii():
            spans = [(_chars(data, lo), _chars(data, hi)) if lo >= 0 else NO_MATCH for lo, hi in spans]
        if self.lookahead:
            ahead = spans.pop()
            if ahead != NO_MATCH:
                spans[0] = (spans[0][0], ahead[0])
        return Match(text, spans, self.groupindex)

    def search(self, text: str) -> Match | None:
        return self._run(UNANCHORED, text)

    def fullmatch(self, text: str) -> Match | None:
        if self.lookahead:
            raise RegexError("a pattern that ends in a lookahead only searches")
        return self._run(ANCHOR_BOTH, text)

    def test(self, text: str, whole: bool = False) -> bool:
        """Whether the pattern is found in `text` (all of it, with `whole`): no match object made.

        Cheaper tests go first, each matching wherever the pattern does: for a whole-text test,
        the `shared` test of a group of patterns (one run for the patterns of the group tested on
        the same text in a row; a search does not run it: a union of whole-line patterns searched
        for anywhere in a text makes RE2's DFA build new states on every text, much slower than the
        pattern's own widened program), then, where widening (see `compile`) changes the pattern,
        its widened program (much cheaper where the exact one is slow: a large Unicode class under
        a counted repeat makes RE2's DFA build new states on every line)."""
        if whole and self.lookahead:
            raise RegexError("a pattern that ends in a lookahead only searches")
        if whole and self.shared is not None and not self.shared.passes(text):
            return False
        anchor = ANCHOR_BOTH if whole else UNANCHORED
        data = encode(text)
        prefilter = self._prefilter if self._prefilter is not UNSET else self._widened()
        if prefilter is not None and prefilter.Match(anchor, data, 0, len(data))[0] == NO_MATCH:
            return False
        regexp = self._regexp or self.ready()._regexp
        return regexp.Match(anchor, data, 0, len(data))[0] != NO_MATCH

    def _line_source(self) -> tuple[str, int] | None:
        # `whole_lines`: where `test(text, whole=True)` is true; none for a pattern that ends in a lookahead
        return None if self.lookahead else (self._translated, self.flags)

    def _widened(self) -> Any:
        """The RE2 program of the widened pattern, made once; None where widening changes nothing
        (or this pattern is a widened one already)."""
        prefilter = None
        if not self._wide:
            try:
                wide = Pattern(self.pattern, self.flags, capture=False, wide=True, lazy=True, plain=self._plain)
                if wide._translated != self._translated:
                    prefilter = wide.ready()._regexp
            except RegexError:
                pass
        self._prefilter = prefilter
        return prefilter


class SharedTest(WholeLines):
    """One test for a group of patterns, run before each one's own whole-text test (`Pattern.shared`;
    made by `shared_test`): a widened union of the group, matching all of a text wherever any of them
    does. A step tries its rules on its lines in turn: the verdicts on the last few texts are kept, so
    the union runs once per text, not once per rule."""

    __slots__ = ("_regexp", "_seen", "_source")

    def __init__(self, regexp: Any, source: str | None = None) -> None:
        self._regexp = regexp
        self._seen: dict[str, bool] = {}
        self._source = source  # the union in RE2's syntax, for `whole_lines`
        super().__init__()

    def _line_source(self) -> tuple[str, int] | None:
        # `whole_lines`: where `passes` is true
        return (self._source, 0) if self._source is not None else None

    def whole_lines(self, texts: Sequence[str]) -> list[int] | None:
        """`WholeLines.whole_lines`: the texts found are kept as passed (`passes` is not run again on them)."""
        found = super().whole_lines(texts)
        if found and len(found) <= _SHARED_SEEN:
            if len(self._seen) + len(found) > _SHARED_SEEN:
                self._seen.clear()
            self._seen.update((texts[i], True) for i in found)
        return found

    def passes(self, text: str) -> bool:
        """Whether the union matches all of `text` (as `Pattern.test(text, whole=True)` tests)."""
        verdict = self._seen.get(text)
        if verdict is None:
            if len(self._seen) >= _SHARED_SEEN:
                self._seen.clear()
            data = encode(text)
            verdict = self._seen[text] = self._regexp.Match(ANCHOR_BOTH, data, 0, len(data))[0] != NO_MATCH
        return verdict


_SHARED_SEEN = 64  # texts a SharedTest keeps its verdicts for (a step's window of lines)


def _scoped(pattern: Pattern, body: str) -> str:
    """`body` (`pattern`'s text, or its translation) in a group of `pattern`'s own case flag: the
    one way a pattern is written into a union of patterns, which may differ in theirs."""
    return f"(?{'i' if pattern.flags & re.IGNORECASE else '-i'}:{body})"


def joined(patterns: Sequence[Pattern]) -> str:
    """`patterns` as one alternation in Python's syntax, each in its own case flag's group; compiled
    `plain` (see `translate`), its named groups are plain ones (the names of two may clash)."""
    return "|".join(_scoped(pattern, pattern.pattern) for pattern in patterns)


def _parts(patterns: Sequence[Pattern], wide: bool) -> list[tuple[str, bool]]:
    """Each of `patterns` in RE2's syntax, to join with the others: translated with its named groups
    plain (and its large classes widened with `wide`, see `compile`) in its own case flag's group;
    and whether it ends in a lookahead, `P(?=X)` written `P(X)`. RegexError when one cannot be."""
    parts = []
    for pattern in patterns:
        text, ahead = translate(pattern.pattern, pattern.flags, wide, True)
        parts.append((_scoped(pattern, text), ahead))
    return parts


def shared_test(patterns: Sequence[Pattern]) -> SharedTest | None:
    """A `SharedTest` of `patterns`, None when they cannot be joined. Each is widened on its own
    (see `compile`), its named groups made plain; a trailing lookahead `P(?=X)` is read as `P(X)`,
    which matches where P is followed by X: a test of the union is true wherever one of them is."""
    try:
        source = "|".join(part for part, _ in _parts(patterns, wide=True))
    except RegexError:
        return None
    regexp = _re2.RE2(source.encode("utf-8"), options(capture=False))
    return SharedTest(regexp, source) if patterns and regexp.ok() else None


class AnyFound:
    """Whether any of a group of patterns is found in a text, as each one's `test(text)` (a search)
    tells, in one run (made by `any_found`): their exact union, its named groups plain. A trailing
    lookahead `P(?=X)` is joined as `P(X)`, which is found wherever `P(?=X)` is (the test runs it so)."""

    __slots__ = ("_regexp",)

    def __init__(self, regexp: Any) -> None:
        self._regexp = regexp

    def found(self, text: str) -> bool:
        data = encode(text)
        return bool(self._regexp.Match(UNANCHORED, data, 0, len(data))[0] != NO_MATCH)


def any_found(patterns: Sequence[Pattern]) -> AnyFound | None:
    """An `AnyFound` of `patterns`, None when there are none or RE2 cannot build their union."""
    source = "|".join(part for part, _ in _parts(patterns, wide=False))
    regexp = _re2.RE2(source.encode(), options(capture=False))
    return AnyFound(regexp) if patterns and regexp.ok() else None


class WholeSet:
    """Which of a group of patterns may match all of a text, in one run (made by `whole_set`): an
    RE2 set of their widened programs, each matching all of a text wherever the pattern does."""

    __slots__ = ("_set",)

    def __init__(self, regexps: Any) -> None:
        self._set = regexps

    def may_match(self, text: str) -> list[int]:
        """The indexes (in order) of the patterns whose widened program matches all of `text`: no
        other pattern does. Empty when none does, or when RE2 ran out of memory for the set (it
        then tells nothing)."""
        return sorted(self._set.Match(encode(text)))


def whole_set(patterns: Sequence[Pattern]) -> WholeSet | None:
    """A `WholeSet` of `patterns`, None when there are none or one cannot join it (a lookahead, or a
    pattern whose widened form cannot be written, as `Pattern` then goes without its prefilter)."""
    try:
        parts = _parts(patterns, wide=True)
    except RegexError:
        return None
    regexps = _re2.Set(ANCHOR_BOTH, options(capture=False))
    for part, ahead in parts:
        if ahead or regexps.Add(part.encode()) < 0:
            return None
    return WholeSet(regexps) if patterns and regexps.Compile() else None


def _text(name: bytes | str) -> str:
    return name.decode("utf-8") if isinstance(name, bytes) else name


def _chars(data: bytes, offset: int) -> int:
    return len(data[:offset].decode("utf-8", "replace"))


def compile(source: str, flags: int = 0, capture: bool = True, wide: bool = False,  # noqa: A001
            lazy: bool = False, plain: bool = False) -> Pattern:
    """`source` (Python's syntax) compiled for RE2; RegexError when it cannot run there.

    `capture=False` skips the groups (a yes/no test runs faster). `wide=True` makes a prefilter:
    the large Unicode classes (``\\w \\W \\D \\S`` and any set holding one) match any character,
    so the pattern matches wherever the exact one does, and maybe more, for a far smaller program
    (fast to compile, and its DFA stays small): a line it rejects, the exact pattern rejects too.
    `plain=True` makes its named groups plain ones (a union of patterns, see `joined`)."""
    return Pattern(source, flags, capture, wide, lazy, plain)
