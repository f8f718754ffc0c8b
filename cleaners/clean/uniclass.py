"""The members of Python's large character classes (``\\w``, ``\\d``, ``\\s``...) as RE2 ranges, so that
a pattern translated for RE2 (`cleaners.clean.regex`) matches exactly the characters Python's `re` does."""

from __future__ import annotations

import json
import re
import sys
import unicodedata
from array import array
from functools import lru_cache
from pathlib import Path


@lru_cache(maxsize=1)
def _every_char() -> str:
    """Every code point but the surrogates, in order (what Python's classes are read from)."""
    points = array("I", range(0xD800))
    points.extend(range(0xE000, 0x110000))
    return points.tobytes().decode("utf-32-le" if sys.byteorder == "little" else "utf-32-be")


def _point(offset: int) -> int:
    return offset if offset < 0xD800 else offset + 0x800


# The large classes' members, read once from Python's own `re` and stored for its Unicode version
# (python -m checks.unicode_classes --write; a test checks them against this Python's `re`): reading
# \w from every code point costs about 30 ms a class, at every start of a process.
CLASSES_FILE = Path(__file__).resolve().parents[1] / "data" / "vocab" / "unicode_classes.json"
STORED_CLASSES = tuple((source, flags) for source in ("\\w", "\\W", "\\d", "\\D", "\\s", "\\S", "[^\\W\\d_]")
                       for flags in (0, int(re.IGNORECASE)))


@lru_cache(maxsize=1)
def _stored_classes() -> dict[tuple[str, int], str]:
    try:
        data = json.loads(CLASSES_FILE.read_text(encoding="utf-8"))
        if data["unicode"] != unicodedata.unidata_version:
            return {}  # another Python's classes: read them from this one's `re`
        return {(source, flags): body for source, flags, body in data["classes"]}
    except (OSError, ValueError, KeyError, TypeError):
        return {}


@lru_cache(maxsize=256)
def class_body(source: str, flags: int) -> str:
    """The members (inside `[...]`, as RE2 ranges) of the one-character Python pattern `source`."""
    stored = _stored_classes().get((source, int(flags)))
    return stored if stored is not None else read_class_body(source, flags)


def read_class_body(source: str, flags: int) -> str:
    """`class_body` read from Python's `re` over every code point."""
    parts = []
    for run in re.finditer(f"(?:{source})+", _every_char(), flags):
        first, last = _point(run.start()), _point(run.end() - 1)
        for lo, hi in ((first, min(last, 0xD7FF)), (max(first, 0xE000), last)) if first < 0xD800 < last else \
                ((first, last),):
            parts.append(f"\\x{{{lo:X}}}" if lo == hi else f"\\x{{{lo:X}}}-\\x{{{hi:X}}}")
    return "".join(parts)


def exact_class(source: str, flags: int) -> str:
    """`source` (one character in Python) as an RE2 class whose members are exactly Python's."""
    body = class_body(source, flags)
    return f"(?-i:[{body}])" if body else "[^\\x00-\\x{10FFFF}]"
