"""The scripts written without spaces between words (Thai, Lao, Myanmar, Khmer, Chinese, Japanese,
Korean): a cheap first test for a text that may hold one of their characters, and their large
character classes compiled on first use. Each reader keeps its own class (which scripts count differs
by what it measures); all of them lie at or above U+0E00 and outside U+2000-U+206F.
"""

from __future__ import annotations

import re
from functools import lru_cache

__all__ = ["may_be_unspaced", "script_class"]

# A character at or above U+0E00 other than the dashes, quotes and bullets of U+2000-U+206F, written as
# a complement: Python's regex compiler walks every code point of a range below U+10000 into a bitmap,
# and this one's ranges are short.
_MAYBE_RE = re.compile("[^\x00-\u0dff\u2000-\u206f]")


def may_be_unspaced(text: str) -> bool:
    """Whether `text` may hold a character of a script written without spaces (False: it holds none).
    Most texts, ASCII or Latin with typographic quotes and dashes, are told by one C-level search."""
    return not text.isascii() and _MAYBE_RE.search(text) is not None


@lru_cache(maxsize=8)
def script_class(source: str) -> re.Pattern[str]:
    """`source`, a pattern over those scripts' large ranges, compiled on first use (2-5 ms each, which a
    run whose texts hold none of their characters never spends)."""
    return re.compile(source)
