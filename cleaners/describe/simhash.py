"""A 64-bit SimHash of an article's text: the near-duplicate key of the record (`simhash`).

Tokens: the text's words (`\\w+` runs; in Chinese and Japanese, which have no spaces, each
character), lowercased, as overlapping 3-shingles ("a b c", "b c d", ...). Single words would make
any two texts of one language look alike (their common words dominate); whole sentences would let
one edited word hide a sentence; 3-shingles keep word order and turn an edited word, a changed
dateline or a dropped boilerplate line into a few flipped bits. A shingle's 64-bit hash is the XOR
of its three words' BLAKE2b hashes (8 bytes, the same on every machine and run), turned by 0, 21
and 42 bits by their place, so "a b c" and "c b a" differ; a text of fewer than three words is one
shingle, hashed whole. Each shingle counts once per occurrence; bit i of the SimHash is set when
more than half of the shingle hashes have bit i set.

`NEAR_COPY_BITS` (10) is the Hamming distance up to which two records are near copies. Measured on
../shared/eval: a page's text as we extract it against its hand- or benchmark-cut gold text (the
same article, cut with different boilerplate) is within 10 bits on 77 of 80 pages and on 57 of 60
text dumps; of the 9,730 pairs of different articles among those 140 texts none is closer than
17 bits. A copy republished on another site of the network, with its own chrome, dateline,
related links and credit and its last paragraph cut, is 6 bits away
(tests/cleaners/describe/test_simhash.py).
"""

from __future__ import annotations

import hashlib
import re

from cleaners.scripts import may_be_unspaced, script_class

__all__ = ["simhash", "simhash_words", "simhash_hex", "hamming", "words", "NEAR_COPY_BITS", "SHINGLE_WORDS"]

SHINGLE_WORDS = 3
NEAR_COPY_BITS = 10
# A word: a `\w+` run, except that in the scripts written without spaces (Chinese, Japanese kana)
# every character is a word of its own.
_NO_SPACE = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_NO_SPACE_CHAR = f"[{_NO_SPACE}]"
_WORD = f"[{_NO_SPACE}]|[^\\W{_NO_SPACE}]+"
_PLAIN_WORD_RE = re.compile(r"\w+")
# An ASCII text's bytes with each character that is not a word's (`\w`: a letter, a digit or "_") a
# space: its words are then what split() finds (every ASCII white space is among those spaces).
_ASCII_WORDS = bytes(c if chr(c).isalnum() or c == ord("_") else ord(" ") for c in range(128)) + bytes(range(128, 256))
_MASK64 = (1 << 64) - 1


def words(text: str) -> list[str]:
    """The words of `text`: `\\w+` runs; a Chinese or Japanese character is a word by itself. An
    ASCII text's are found in its bytes, with no regex match a word."""
    if text.isascii():
        return text.encode("ascii").translate(_ASCII_WORDS).decode("ascii").split()
    if not may_be_unspaced(text) or script_class(_NO_SPACE_CHAR).search(text) is None:
        return _PLAIN_WORD_RE.findall(text)
    return script_class(_WORD).findall(text)


_ROTATIONS = (0, 21, 42)  # a word's hash turned by its place in the shingle: "a b c" is not "c b a"
# Each word's hash (8 bytes, little-endian): common words recur in every text.
_HASHES: dict[str, bytes] = {}
_CACHE_MAX = 200_000
_LANE = 64  # bits of a hash: the hashes of a text side by side are the lanes of one integer


def _learn(found: list[str]) -> None:
    """Put the words of `found` that are not in the cache there."""
    new = set(found).difference(_HASHES)
    if len(_HASHES) + len(new) > _CACHE_MAX:
        _HASHES.clear()
        new = set(found)
    for word in new:
        _HASHES[word] = hashlib.blake2b(word.encode("utf-8"), digest_size=8).digest()


def _turned(lanes: int, count: int, r: int) -> int:
    """Each of the `count` 64-bit lanes of `lanes` turned left by `r` bits (0 < r < 64), as
    ((h << r) | (h >> (64 - r))) & MASK64 turns one hash: its bits that stay in the lane moved up,
    the ones that leave it at its bottom."""
    low = int.from_bytes(((1 << r) - 1).to_bytes(8, "little") * count, "little")  # each lane's r low bits
    high = ((1 << (_LANE * count)) - 1) ^ low
    return ((lanes << r) & high) | ((lanes >> (_LANE - r)) & low)


def _shingle_hashes(found: list[str]) -> bytes:
    """The 8-byte hashes of the word 3-shingles of `found` (lowercased words), side by side: each
    the XOR of its words' hashes, turned by their place. The text's word hashes are the lanes of
    one integer, turned lane by lane and moved by a lane or two, the shingles' hashes at once."""
    if not found:
        return b""
    if len(found) < SHINGLE_WORDS:
        return hashlib.blake2b(" ".join(found).encode("utf-8"), digest_size=8).digest()
    _learn(found)
    count, n = len(found), len(found) - SHINGLE_WORDS + 1
    lanes = int.from_bytes(b"".join(map(_HASHES.__getitem__, found)), "little")
    first, second, third = (lanes if r == 0 else _turned(lanes, count, r) for r in _ROTATIONS)
    shingles = first ^ (second >> _LANE) ^ (third >> (2 * _LANE))
    return (shingles & ((1 << (_LANE * n)) - 1)).to_bytes(8 * n, "little")


def simhash(text: str) -> int:
    """The 64-bit SimHash of `text` (0 for a text without words)."""
    return simhash_words(words(text.lower()))


def simhash_words(found: list[str]) -> int:
    """The 64-bit SimHash of a text by its lowercased words (`words(text.lower())`)."""
    packed = _shingle_hashes(found)
    n = len(packed) // 8
    # Bit 8*j+k of a hash (little-endian) is bit k of its byte j: byte j of every hash, side by
    # side in one integer, masked to bit k of each byte, has as many bits set as hashes have that bit.
    masks = [int.from_bytes(bytes((1 << k,)) * n, "little") for k in range(8)]
    value = 0
    for j in range(8):
        column = int.from_bytes(packed[j::8], "little")
        for k, mask in enumerate(masks):
            if 2 * (column & mask).bit_count() > n:
                value |= 1 << (8 * j + k)
    return value


def simhash_hex(text: str) -> str:
    """`simhash(text)` as 16 lowercase hex digits."""
    return f"{simhash(text):016x}"


def hamming(a: int | str, b: int | str) -> int:
    """Bits that differ between two SimHashes (ints or hex strings)."""
    x = int(a, 16) if isinstance(a, str) else a
    y = int(b, 16) if isinstance(b, str) else b
    return ((x ^ y) & _MASK64).bit_count()
