"""Text normalizers: pure, idempotent str -> str steps.

Each step is a function whose name is its key in `STEPS` and its trace entry. A step works on
one line (one block's text); splitting into lines happens before (see `split_lines`).
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import re
import unicodedata
from collections.abc import Callable, Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

from cleaners.knowledge.settings import default_settings

__all__ = ["STEPS", "normalize_line", "normal_line", "one_line", "split_lines", "plain_ascii", "printable_ascii"]

_ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
_ZERO_WIDTH_RE = re.compile(f"[{_ZERO_WIDTH}]")
# Every Unicode space separator, plus tab and the line/paragraph separators inside a line.
_SPACES_RE = re.compile(r"[\t\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\x0b\x0c\x85]")
_CONTROL_RE = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\r\n\ud800-\udfff]")
_RUNS_RE = re.compile(r" {2,}")
_WHITE_RUN_RE = re.compile(r"\s+")  # one_line's runs of white space
_BREAKS = "\n\r\u2028\u2029\x85\x0b\x0c"
_LINE_BREAK_RE = re.compile(r"\r\n|[" + _BREAKS + "]")
_SEPARATOR_RE = re.compile("[\x1c\x1d\x1e]")
_ROUNDS = default_settings().clean.normalize_rounds  # data/settings.toml


def fix_mojibake(text: str) -> str:
    """Repair text decoded with the wrong codec (ftfy), only where ftfy is confident."""
    if text.isascii():
        return text
    clues = _mojibake_clues()
    if clues is not None and not clues.possible(text):
        return text  # what ftfy.fix_encoding returns for a text its badness pattern finds nothing in
    import ftfy

    return ftfy.fix_encoding(text)


class _Clues:
    """Which texts ftfy's badness pattern (ftfy.badness.BADNESS_RE, the test ftfy.fix_encoding
    starts with: a text it finds nothing in comes back unchanged) can match, read from the pattern
    itself: each of its alternatives needs one character of each of some sets (its character
    classes and literals that must occur). A text lacking one such set of every alternative cannot
    match. One set an alternative, the one of rarer characters, is its gate: only the
    alternatives whose gate a text has are read further."""

    def __init__(self, needs: list[list[frozenset[str]]]) -> None:
        self.needs = needs
        self.gates: dict[str, list[int]] = {}
        # an alternative's other sets, each as its characters above ASCII and a search for its ASCII
        # ones (None: it has none), those without ASCII first, rarer first: a text's characters above
        # ASCII are few, and an alternative mostly fails on its first set there
        self.rest: list[list[tuple[frozenset[str], re.Pattern[str] | None]]] = []
        for index, sets in enumerate(needs):
            gate = min(range(len(sets)), key=lambda i: _commonness(sets[i]))
            for char in sets[gate]:
                self.gates.setdefault(char, []).append(index)
            others = sorted((need for i, need in enumerate(sets) if i != gate),
                            key=lambda need: (any(c.isascii() for c in need), _commonness(need)))
            self.rest.append([(frozenset(c for c in need if not c.isascii()), _class_re(c for c in need if c.isascii()))
                              for need in others])
        self.gate_chars = frozenset(self.gates)
        # the gate characters as one class: a search finds one twice as fast as a set reads the text
        self.gate_re = _class_re(self.gate_chars)
        self.ascii_gates = frozenset(char for char in self.gate_chars if char.isascii())

    def possible(self, text: str) -> bool:
        if self.gate_re is None or self.gate_re.search(text) is None:
            return False  # most texts: no set of their characters is made
        above = set(_ABOVE_ASCII_RE.findall(text))  # the text's characters above ASCII
        gated = above.intersection(self.gate_chars)
        gated.update(char for char in self.ascii_gates if char in text)
        for index in {index for char in gated for index in self.gates[char]}:  # its gate set is in the text
            for chars, ascii_re in self.rest[index]:
                if chars.isdisjoint(above) and (ascii_re is None or ascii_re.search(text) is None):
                    break  # a set none of whose characters the text has
            else:
                return True
        return False


_ABOVE_ASCII_RE = re.compile("[^\x00-\x7f]")


def _class_re(chars: Iterable[str]) -> re.Pattern[str] | None:
    """A search for any of `chars` (one class), None for none."""
    members = "".join(map(re.escape, sorted(chars)))
    return re.compile(f"[{members}]") if members else None


def _commonness(chars: frozenset[str]) -> int:
    """How often a set's characters turn up in ordinary text, roughly: ASCII most, then Latin letters
    and the general punctuation (quotes, dashes), then the rest."""
    return sum(1000 if c.isascii() else 30 if "\u00c0" <= c <= "\u024f" or "\u2000" <= c <= "\u206f" else 1
               for c in chars)


# The clues as read from the ftfy this file names by the hash of its badness module's source
# (`python -m checks.mojibake_clues --write`): a process whose texts give ftfy nothing to look at
# then never imports ftfy (its import compiles the badness pattern: about 40 ms).
CLUES_FILE = Path(__file__).resolve().parent.parent / "data" / "vocab" / "mojibake_clues.json"


@lru_cache(maxsize=1)
def _mojibake_clues() -> _Clues | None:
    """The clues of ftfy's badness pattern; None (ftfy reads every text) where an alternative
    needs no character set this reading can tell. Taken from CLUES_FILE when it was written from
    the installed ftfy's source, else read from its pattern."""
    stored = stored_clues()
    if stored is not None:
        return _Clues([[frozenset(chars) for chars in sets] for sets in stored]) if stored else None
    return _Clues(needs) if (needs := read_clues()) else None


def badness_source_hash() -> str | None:
    """The sha256 of the installed ftfy's badness module source (found without importing ftfy)."""
    spec = importlib.util.find_spec("ftfy")
    if spec is None or spec.origin is None:
        return None
    try:
        return hashlib.sha256((Path(spec.origin).parent / "badness.py").read_bytes()).hexdigest()
    except OSError:
        return None


def stored_clues() -> list[list[str]] | None:
    """The needed sets stored for the installed ftfy ([] for "ftfy reads every text"), or None when
    the file was written from another ftfy (or cannot be read)."""
    try:
        data = json.loads(CLUES_FILE.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("badness_sha256") != badness_source_hash():
        return None
    needs = data.get("needs")
    return needs if isinstance(needs, list) else None


def read_clues() -> list[list[frozenset[str]]]:
    """The needed sets of each alternative of the installed ftfy's badness pattern, read from the
    pattern; [] when ftfy must read every text."""
    from re import _constants as sre  # type: ignore[attr-defined]
    from re import _parser  # type: ignore[attr-defined]

    from ftfy.badness import BADNESS_RE

    if BADNESS_RE.flags & re.IGNORECASE:
        return []
    tree = list(_parser.parse(BADNESS_RE.pattern, BADNESS_RE.flags))
    branches = tree[0][1][1] if len(tree) == 1 and tree[0][0] is sre.BRANCH else [tree]
    needs = [_needed_sets(branch, sre) for branch in branches]
    return needs if all(needs) else []


def _needed_sets(items: Any, sre: Any) -> list[frozenset[str]]:
    """The character sets a sequence of parsed pattern items needs one character of each of: its
    literals and plain classes (no category, no negation), also inside groups and repeats of at
    least one."""
    found: list[frozenset[str]] = []
    for op, arg in items:
        if op is sre.LITERAL:
            found.append(frozenset(chr(arg)))
        elif op is sre.IN:
            chars: set[str] = set()
            for kind, value in arg:
                if kind is sre.LITERAL:
                    chars.add(chr(value))
                elif kind is sre.RANGE:
                    chars.update(map(chr, range(value[0], value[1] + 1)))
                else:  # a category or a negation: any character may do
                    break
            else:
                found.append(frozenset(chars))
        elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT) and arg[0] >= 1:
            found.extend(_needed_sets(arg[2], sre))
        elif op is sre.SUBPATTERN:
            found.extend(_needed_sets(arg[3], sre))
    return found


def drop_zero_width(text: str) -> str:
    return _ZERO_WIDTH_RE.sub("", text)


def plain_spaces(text: str) -> str:
    return _SPACES_RE.sub(" ", text)


def drop_control(text: str) -> str:
    return _CONTROL_RE.sub("", text)


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def collapse_spaces(text: str) -> str:
    return _RUNS_RE.sub(" ", text).strip(" ")


STEPS: dict[str, Callable[[str], str]] = {
    "fix_mojibake": fix_mojibake,
    "drop_control": drop_control,
    "drop_zero_width": drop_zero_width,
    "plain_spaces": plain_spaces,
    "nfc": nfc,
    "collapse_spaces": collapse_spaces,
}


def one_line(text: str) -> str:
    """`text` on one normalised line: each run of white space one space, then `normalize_line`.
    A printable ASCII line goes to it without its outer spaces: `normalize_line` strips them,
    and gives such a line without them back as it is, without its full pass. A printable text
    without two spaces in a row has no run to replace (every white space but " " is unprintable)."""
    printable = text.isprintable()
    if not printable or "  " in text:
        text = _WHITE_RUN_RE.sub(" ", text)
        printable = text.isprintable()
    if printable and text.isascii():
        text = text.strip(" ")
    return normalize_line(text)


def normalize_line(text: str) -> str:
    """All steps in order, again until nothing changes (a repaired mojibake can bring back
    something an earlier step removes); idempotent by construction."""
    if plain_ascii(text):
        return text  # plain printable ASCII with single inner spaces: nothing to do
    return _normalize_line(text)


def plain_ascii(text: str) -> bool:
    """`text` is plain printable ASCII with single inner spaces: one line (`split_lines` gives it
    back whole, every line break being unprintable) that `normalize_line` leaves as it is."""
    return printable_ascii(text) and _single_spaced(text)


def printable_ascii(text: str) -> bool:
    """`text` is ASCII and printable (`str.isprintable`: no control character), told from its bytes:
    none is left once the printable ones (space to tilde) are deleted (a third of isprintable's time)."""
    return text.isascii() and not text.encode("ascii").translate(None, _PRINTABLE_ASCII)


_PRINTABLE_ASCII = bytes(range(0x20, 0x7F))


def normal_line(text: str) -> bool:
    """`text` is one line (`split_lines` gives it back whole) that `normalize_line` leaves as it is."""
    return plain_ascii(text) or len(split_lines(text)) == 1 and normalize_line(text) == text


def _plain(text: str) -> bool:
    """No character the first four steps remove or replace (each is unprintable: a control, a
    format character, a separator other than " "), and no run of spaces to collapse."""
    return text.isprintable() and _single_spaced(text)


def _single_spaced(text: str) -> bool:
    """No run of spaces, and none at either end."""
    return "  " not in text and text[:1] != " " and text[-1:] != " "


@lru_cache(maxsize=8192)
def _normalize_line(text: str) -> str:
    # cached: the clean step normalizes the same lines again when it re-checks its own output
    if _kept(text):
        return text  # most lines: only NFC and ftfy could change them, and neither does
    for _ in range(_ROUNDS):
        before = text
        for step in STEPS.values():
            text = step(text)
        if text == before or _kept(text):
            break  # (a text every step keeps as it is: a further round would change nothing)
    return text


def _kept(text: str) -> bool:
    """Every step gives `text` back as it is: none of the first four and the last finds anything to
    remove or replace (`_plain`), it is in NFC, and ftfy leaves it alone."""
    return _plain(text) and unicodedata.is_normalized("NFC", text) and fix_mojibake(text) == text


def split_lines(text: str) -> list[str]:
    """Split on every kind of line break; the parts are not yet normalized."""
    if text.isprintable():
        return [text]  # every line break is a non-printable character: nothing to split
    if _SEPARATOR_RE.search(text) is None:
        # str.splitlines breaks where _LINE_BREAK_RE does, plus at the file/group/record separators
        # (none here), ten times faster; it keeps no empty part after a final break, the split does
        parts = text.splitlines()
        if text[-1] in _BREAKS:
            parts.append("")
        return parts
    return _LINE_BREAK_RE.split(text)
