"""Text normalizers: pure, idempotent str -> str steps.

Each step is a function whose name is its key in `STEPS` and its trace entry. A step works on
one line (one block's text); splitting into lines happens before (see `split_lines`).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from functools import lru_cache

from cleaners.knowledge.settings import default_settings

__all__ = ["STEPS", "normalize_line", "split_lines"]

_ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
_ZERO_WIDTH_RE = re.compile(f"[{_ZERO_WIDTH}]")
# Every Unicode space separator, plus tab and the line/paragraph separators inside a line.
_SPACES_RE = re.compile(r"[\t\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\x0b\x0c\x85]")
_CONTROL_RE = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\r\n\ud800-\udfff]")
_RUNS_RE = re.compile(r" {2,}")
_BREAKS = "\n\r\u2028\u2029\x85\x0b\x0c"
_LINE_BREAK_RE = re.compile(r"\r\n|[" + _BREAKS + "]")
_SEPARATOR_RE = re.compile("[\x1c\x1d\x1e]")
_ROUNDS = default_settings().clean.normalize_rounds  # data/settings.toml


def fix_mojibake(text: str) -> str:
    """Repair text decoded with the wrong codec (ftfy), only where ftfy is confident."""
    if text.isascii():
        return text
    import ftfy

    return ftfy.fix_encoding(text)


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


def normalize_line(text: str) -> str:
    """All steps in order, again until nothing changes (a repaired mojibake can bring back
    something an earlier step removes); idempotent by construction."""
    if text.isascii() and text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " ":
        return text  # plain printable ASCII with single inner spaces: nothing to do
    return _normalize_line(text)


@lru_cache(maxsize=8192)
def _normalize_line(text: str) -> str:
    # cached: the clean step normalizes the same lines again when it re-checks its own output
    for _ in range(_ROUNDS):
        before = text
        for step in STEPS.values():
            text = step(text)
        if text == before:
            break
    return text


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
