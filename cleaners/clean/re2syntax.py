"""Python's regular-expression syntax written in RE2's (cleaners/clean/regex.py says what is kept and
what is refused, and why): one pass over the pattern, and the widening that makes a prefilter."""

from __future__ import annotations

import re

from cleaners.clean.uniclass import class_body, exact_class

__all__ = ["RegexError", "translate"]

_ANY = "(?s:.)"  # what a widened class becomes
_HEX = {"x": 2, "u": 4, "U": 8}
_OPENER_RE = re.compile(r"\(\?(?:P<\w+>|:)")
_COUNT_RE = re.compile(r"\{(?:(\d+)(?:,\d*)?|,\d+)\}")  # a counted repetition: {m}, {m,}, {m,n}, {,n}
_WIDE_MIN = 4  # a widened count keeps at most this lower bound, and no upper bound


class RegexError(ValueError):
    """A pattern that cannot run in linear time (or is not valid); the message says why."""



class _Translator:
    """Python pattern syntax to RE2 syntax, one pass (see the module's docstring)."""

    def __init__(self, source: str, flags: int, wide: bool = False, plain: bool = False) -> None:
        self.src = source
        self.wide = wide  # widen the large Unicode classes (a prefilter; see `compile`)
        self.plain = plain  # named groups written as plain ones (a pattern to join with others)
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
            self.out.append("(?:" if self.plain else opener.group(0))
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


def translate(source: str, flags: int = 0, wide: bool = False, plain: bool = False) -> tuple[str, bool]:
    """`source` (Python syntax) in RE2 syntax, and whether it ends in a lookahead (see `Pattern`);
    with `plain`, its named groups are plain groups (the same matches, no name to clash with another
    pattern's in a union)."""
    translator = _Translator(source, flags, wide, plain)
    return translator.run(), translator.ahead >= 0
