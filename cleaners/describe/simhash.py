"""A 64-bit SimHash of an article's text: the near-duplicate key of the record (`simhash`).

Tokens: the text's words (`\\w+` runs; in Chinese and Japanese, which have no spaces, each
character), lowercased, as overlapping 3-shingles ("a b c", "b c d", ...). Single words would make
any two texts of one language look alike (their common words dominate); whole sentences would let
one edited word hide a sentence; 3-shingles keep word order and turn an edited word, a changed
dateline or a dropped boilerplate line into a few flipped bits. A text of fewer than three words is
one shingle. Each shingle counts once per occurrence, hashed with BLAKE2b (8 bytes: the same on
every machine and run); bit i of the SimHash is set when more than half of the shingle hashes have
bit i set.

`NEAR_COPY_BITS` (10) is the Hamming distance up to which two records are near copies. Measured on
../shared/eval: a page's text as we extract it against its hand- or benchmark-cut gold text (the
same article, cut with different boilerplate) is within 10 bits on 76 of 80 pages and on 57 of 60
text dumps; among ~12,000 pairs of different articles (pages, site fixtures, text dumps) none is
closer than 14 bits. A copy republished on another site of the network, with its own chrome,
dateline, related links and credit and its last paragraph cut, is 8 bits away
(tests/cleaners/describe/test_simhash.py).
"""

from __future__ import annotations

import hashlib
import re

__all__ = ["simhash", "simhash_hex", "hamming", "words", "NEAR_COPY_BITS", "SHINGLE_WORDS"]

SHINGLE_WORDS = 3
NEAR_COPY_BITS = 10
# A word: a `\w+` run, except that in the scripts written without spaces (Chinese, Japanese kana)
# every character is a word of its own.
_NO_SPACE = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_WORD_RE = re.compile(f"[{_NO_SPACE}]|[^\\W{_NO_SPACE}]+")
_MASK64 = (1 << 64) - 1


def words(text: str) -> list[str]:
    """The words of `text`: `\\w+` runs; a Chinese or Japanese character is a word by itself."""
    return _WORD_RE.findall(text)


def _shingles(text: str) -> list[str]:
    words = _WORD_RE.findall(text.lower())
    if len(words) < SHINGLE_WORDS:
        return [" ".join(words)] if words else []
    return [" ".join(words[i:i + SHINGLE_WORDS]) for i in range(len(words) - SHINGLE_WORDS + 1)]


def simhash(text: str) -> int:
    """The 64-bit SimHash of `text` (0 for a text without words)."""
    shingles = _shingles(text)
    if not shingles:
        return 0
    # All shingle hashes side by side in one integer, 64 bits each: the count of hashes with bit
    # i set is the popcount of that integer masked to bit i of every 64-bit word.
    packed = int.from_bytes(b"".join(hashlib.blake2b(s.encode("utf-8"), digest_size=8).digest() for s in shingles),
                            "little")
    n = len(shingles)
    every_word = ((1 << (64 * n)) - 1) // _MASK64  # bit 0 of each of the n words
    value = 0
    for bit in range(64):
        if 2 * (packed & (every_word << bit)).bit_count() > n:
            value |= 1 << bit
    return value


def simhash_hex(text: str) -> str:
    """`simhash(text)` as 16 lowercase hex digits."""
    return f"{simhash(text):016x}"


def hamming(a: int | str, b: int | str) -> int:
    """Bits that differ between two SimHashes (ints or hex strings)."""
    x = int(a, 16) if isinstance(a, str) else a
    y = int(b, 16) if isinstance(b, str) else b
    return ((x ^ y) & _MASK64).bit_count()
