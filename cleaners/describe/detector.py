"""langdetect's Detector as cleaners/describe/language.py runs it: the same seeded answers,
float for float, for less work. Its text is read in one pass (each character normalized once per
process, each word's n-grams worked out once per detector factory), its trials stop once their
answer is certain (`settle`), and each trial's draws run in a loop written out for the number of
languages (`trial_loop`): each language's probability a local variable, each drawn row unpacked
into locals, instead of a list indexed language by language. The trials draw from the n-grams'
rows of probabilities, remembered per word with its n-grams, not from the n-grams looked up in
the factory's map at every draw; their draws read the words of the seeded generator, made as far
as they are read and kept per seed (`_Stream`), not a generator whose state is restored for every
detection."""

from __future__ import annotations

import math
import random
import re
import struct
from collections.abc import Callable, Iterator
from functools import lru_cache
from operator import itemgetter
from typing import Any

from langdetect import DetectorFactory
from langdetect.detector import Detector
from langdetect.lang_detect_exception import ErrorCode, LangDetectException
from langdetect.utils.ngram import NGram

__all__ = ["SeededDetector", "code", "trial_loop"]

_SPACES_RE = re.compile(" +")
_NORMALIZED_MAX = 65536  # characters whose langdetect form is remembered (real texts use a few thousand)


class _Forms(dict[int, str]):
    """A character's code -> its langdetect form (NGram.normalize), worked out when str.translate
    first asks for it (a table of at most `_NORMALIZED_MAX` characters: past that, a new
    character's form is worked out each time it is asked for)."""

    def __missing__(self, key: int) -> str:
        form: str = NGram.normalize(chr(key))
        if len(self) < _NORMALIZED_MAX:
            self[key] = form
        return form


_TABLE = _Forms()
_WORD_GRAMS_MAX = 100_000  # words whose n-grams' rows are remembered, for each detector factory
Row = list[float]  # an n-gram's probability in each of a factory's languages
# id of a factory's n-gram map -> (that map, {word: its n-grams' rows}); a few maps at most (one a factory)
_WORD_GRAMS: dict[int, tuple[dict[str, Row], dict[str, tuple[Row, ...]]]] = {}
_WORD_GRAMS_MAPS = 32
_SETTLE_MARGIN = 1e-9  # far above the rounding of a sum of seven probabilities
# Detector.cleaning_text's Latin letters: 'A' <= ch <= 'z' (with [ \ ] ^ _ `)
_LATIN = str.maketrans("", "", "".join(map(chr, range(ord("A"), ord("z") + 1))))
_NON_LATIN_RE = re.compile("[\u0300-\U0010ffff]")
_DMARK_RE = re.compile(f"[{NGram.DMARK_CLASS}]")  # the marks NGram.normalize_vi joins to a letter


def code(lang: str) -> str:
    """langdetect's language name as a bare lowercased code ("zh-cn" -> "zh")."""
    return lang.split("-", maxsplit=1)[0].lower()


class _Stream:
    """The 32-bit words a generator seeded with `seed` gives, in the order it gives them, made as far
    as they are read: what langdetect's draws read of `random.Random(seed)` after it seeds it
    (`getrandbits(k)`, k <= 32, is the next word's top k bits; `random()` two words, as CPython
    reads them). A detection reads the words of its seed from the first by index, without the
    generator's state (625 numbers) restored each time. More words are made anew from the seed
    and replace the list, never added to it: a list read by another thread stays what it was, a
    prefix of the new one."""

    def __init__(self, seed: Any) -> None:
        # None (langdetect's unseeded factory) stands for a generator seeded from the OS: a seed drawn once
        self.seed = random.getrandbits(64) if seed is None else seed
        self.words: list[int] = []

    def grow(self, size: int) -> None:
        """At least `size` words (twice as many as before, at least)."""
        count = max(size, 2 * len(self.words), _STREAM_MIN)
        block = random.Random(self.seed).getrandbits(32 * count)  # the first word made is its lowest 32 bits
        words = list(struct.unpack(f"<{count}I", block.to_bytes(4 * count, "little")))
        if len(words) > len(self.words):
            self.words = words


_STREAM_MIN = 1024  # words made at once (a short confirmation reads a few hundred)
_STREAM_MAX = 1 << 15  # words of a seed kept between detections (a full detection of 7 trials reads a few thousand)
_STREAMS: dict[int, _Stream] = {}  # seed -> its words (langdetect's factories here are seeded 0)


class _Draws:
    """One detection's reading of its seed's words: `at` the next one; `gauss()` as
    Random.gauss(0.0, 1.0) gives it (a pair made at a time, the second kept for the next call)."""

    def __init__(self, seed: Any) -> None:
        shared = type(seed) is int
        stream = _STREAMS.get(seed) if shared else None
        if stream is None:
            stream = _Stream(seed)
            if shared and len(_STREAMS) < 16:
                _STREAMS[seed] = stream
        self.stream, self.seed, self.at = stream, seed, 0
        self.gauss_next: float | None = None

    def ensure(self, size: int) -> list[int]:
        """The words, at least `size` of them; past `_STREAM_MAX`, a stream of this detection's own."""
        stream = self.stream
        if size > _STREAM_MAX and stream is _STREAMS.get(self.seed):
            stream = self.stream = _Stream(stream.seed)  # the same words again, not kept
        stream.grow(size)
        return stream.words

    def gauss(self) -> float:
        z = self.gauss_next
        self.gauss_next = None
        if z is None:
            words = self.stream.words
            if len(words) < self.at + 4:
                words = self.ensure(self.at + 4)
            a, b, c, d = words[self.at:self.at + 4]
            self.at += 4
            x2pi = _random(a, b) * _TWOPI
            g2rad = math.sqrt(-2.0 * math.log(1.0 - _random(c, d)))
            z = math.cos(x2pi) * g2rad
            self.gauss_next = math.sin(x2pi) * g2rad
        return 0.0 + z * 1.0


def _random(a: int, b: int) -> float:
    """random.random() of the two words `a` and `b` (CPython's random_random)."""
    return ((a >> 5) * 67108864.0 + (b >> 6)) * (1.0 / 9007199254740992.0)


_TWOPI = 2.0 * math.pi  # random.TWOPI


class SeededDetector(Detector):
    """langdetect's Detector, its text read in one pass: the same sample and the same n-grams in
    the same order (so the same seeded answer), each character normalized once per process
    instead of once per occurrence, and its draws read from its seed's words (`_Draws`)."""

    def __init__(self, factory: DetectorFactory) -> None:  # as Detector.__init__ (langdetect 1.0.9)
        self.word_lang_prob_map = factory.word_lang_prob_map
        self.langlist = factory.langlist
        self.seed = factory.seed
        self.text = ""
        self.langprob: list[float] | None = None
        self.alpha = self.ALPHA_DEFAULT
        self.n_trial = 7
        self.max_text_length = 10000
        self.prior_map = None
        self.verbose = False
        # the last detection's reading of the seeded words (langdetect's Detector keeps its generator here)
        self.random: _Draws | None = None

    def append(self, text: str) -> None:
        """As Detector.append called once: URLs and e-mail addresses out, runs of spaces as one.
        Each of its substitutions runs on a text holding what it needs ("://", "@", a
        Vietnamese diacritical mark)."""
        if "://" in text:
            text = self.URL_RE.sub(" ", text)
        if "@" in text:
            text = self.MAIL_RE.sub(" ", text)
        if not text.isascii() and _DMARK_RE.search(text):
            text = NGram.normalize_vi(text)
        text = text[:self.max_text_length]
        self.text += _SPACES_RE.sub(" ", text) if "  " in text else text  # no run of spaces: nothing to join

    settle: Callable[[str], bool] | None = None  # see _detect_block

    def cleaning_text(self) -> None:
        """As Detector.cleaning_text: the Latin letters out of a text with more than twice as many
        non-Latin characters (U+0300 and above: langdetect 1.0.9 compares its block number with a
        block name, so the Latin Extended Additional block it means to spare counts too)."""
        text = self.text
        if text.isascii():
            return  # no non-Latin character
        without_latin = text.translate(_LATIN)
        if without_latin.isascii():
            return  # no non-Latin character
        if 2 * (len(text) - len(without_latin)) < len(_NON_LATIN_RE.findall(without_latin)):
            self.text = without_latin

    def _detect_block(self) -> None:
        """As Detector._detect_block: the same products, sums and quotients in the same order (so
        the same floats) and the same draws of the seeded generator (its words, read from the
        first), each trial in `trial_loop`.

        With `settle`, the trials stop as soon as one language is sure to come out on top (ahead
        of every other even if all the remaining trials went to that other) and `settle` accepts
        its code: `langprob` is then the partial mean, whose top language is the full one's."""
        self.cleaning_text()
        grams = self._extract_rows()
        if not grams:
            raise LangDetectException(ErrorCode.CantDetectError, "No features in text.")
        trials, size = self.n_trial, len(self.langlist)
        trial = trial_loop(size)  # a known n-gram has a row of `size` (at least one) probabilities
        langprob = [0.0] * size
        draws = self.random = _Draws(self.seed)
        shift = 32 - len(grams).bit_length()  # a draw is a word's top bits, as many as the count has
        for done in range(1, trials + 1):
            prob = self._init_probability()
            weight = (self.alpha + draws.gauss() * self.ALPHA_WIDTH) / self.BASE_FREQ
            while True:
                try:
                    prob, draws.at = trial(prob, weight, grams, draws.stream.words, draws.at, shift,
                                           self.ITERATION_LIMIT, self.CONV_THRESHOLD)
                    break
                except IndexError:  # past the words made so far: the trial again on more of them
                    draws.ensure(2 * len(draws.stream.words))
            for j in range(size):
                langprob[j] += prob[j] / trials
            if self.settle is not None and done < trials and self._settled(langprob, (trials - done) / trials):
                break
        self.langprob = langprob

    def ranked(self) -> list[tuple[str, float]]:
        """(code, probability) of the languages get_probabilities gives (above PROB_THRESHOLD), best
        first: langdetect's Language objects compare by their probability alone and are sorted in
        reverse, ties left in the factory's order, as a sort by probability in reverse leaves them."""
        if self.langprob is None:
            self._detect_block()
        assert self.langprob is not None
        threshold = self.PROB_THRESHOLD
        found = [(code(lang), p) for lang, p in zip(self.langlist, self.langprob, strict=True) if p > threshold]
        found.sort(key=itemgetter(1), reverse=True)
        return found

    def _settled(self, langprob: list[float], rest: float) -> bool:
        """Whether the top language of `langprob` stays on top whatever the remaining trials
        (each a distribution: at most `rest` more for any language), and `settle` accepts it."""
        ranked = sorted(langprob, reverse=True)
        if len(ranked) < 2 or ranked[0] <= ranked[1] + rest + _SETTLE_MARGIN:
            return False
        settle = self.settle
        return settle is not None and settle(code(self.langlist[langprob.index(ranked[0])]))

    def _extract_ngrams(self) -> list[str]:
        """As Detector._extract_ngrams: NGram.add_char and the 1-3-grams it gives, word by word.
        Its n-grams start afresh after each space (a space resets NGram's characters and its
        capital-word state), so a word followed by a space gives the same n-grams wherever it
        stands."""
        known = self.word_lang_prob_map
        found: list[str] = []
        for word, spaced in _words(_normalized(self.text)):
            found.extend(_word_grams(word + " " if spaced else word, known))
        return found

    def _extract_rows(self) -> list[Row]:
        """The rows of `_extract_ngrams`'s n-grams in the factory's map, in their order: what the
        trials draw from. A word's are worked out once per word and detector factory."""
        known = self.word_lang_prob_map
        cache = _word_cache(known)
        found: list[Row] = []
        words = _normalized(self.text).split(" ")  # as `_words` reads them, each but the last followed by a space
        last = words.pop()
        for word in words:
            if not word:
                continue  # a run of spaces
            rows = cache.get(word)
            if rows is None:
                rows = tuple(map(known.__getitem__, _word_grams(word + " ", known)))
                if len(cache) < _WORD_GRAMS_MAX:
                    cache[word] = rows
            found.extend(rows)
        if last:
            found.extend(map(known.__getitem__, _word_grams(last, known)))
        return found


def _words(text: str) -> Iterator[tuple[str, bool]]:
    """The words of a normalized text as NGram reads them: (word, whether a space follows it); a
    run of spaces gives nothing."""
    words = text.split(" ")
    for word in words[:-1]:
        if word:
            yield word, True
    if words[-1]:
        yield words[-1], False


def _word_cache(known: dict[str, Row]) -> dict[str, tuple[Row, ...]]:
    """The remembered n-grams' rows of words for the n-gram map `known` (a detector factory's);
    the map is held with them, so that its id names no other map while they are remembered."""
    entry = _WORD_GRAMS.get(id(known))
    if entry is None or entry[0] is not known:
        if len(_WORD_GRAMS) >= _WORD_GRAMS_MAPS:
            _WORD_GRAMS.clear()
        entry = _WORD_GRAMS[id(known)] = (known, {})
    return entry[1]


def _normalized(text: str) -> str:
    """`text` with each character as NGram.normalize gives it, each character normalized once per
    process (the table is bounded, whatever characters a hostile page sends)."""
    return text.translate(_TABLE)


def _word_grams(word: str, known: dict[str, list[float]]) -> tuple[str, ...]:
    """The 1-3-grams langdetect reads from `word` (with its space after it, if any), as
    NGram.add_char gives them after a space: words in capitals after their first letter give none."""
    found: list[str] = []
    grams, capital = " ", False  # the last three characters at most (NGram.N_GRAM)
    for ch in word:
        last = grams[-1]
        grams = " " + ch if last == " " else (grams if len(grams) < 3 else grams[1:]) + ch
        capital = (capital or last.isupper()) if ch.isupper() else False
        if capital:
            continue
        if ch != " " and ch in known:
            found.append(ch)
        pair = grams[-2:]  # grams has two characters or three here
        if pair in known:
            found.append(pair)
        if len(grams) == 3 and grams in known:
            found.append(grams)
    return tuple(found)




# One trial of Detector._detect_block for `size` languages: a draw of an n-gram as Random.choice
# draws it (getrandbits until below their count: the next word's top bits, `words[at] >> shift`,
# an IndexError past the words made so far), each probability times the weight plus the
# n-gram's probability in that language; after the first draw and after every fifth, each divided
# by their sum (added left to right, as sum() adds floats) and the trial over when the greatest
# passes `threshold` or `limit` draws are made (a multiple of five), as Detector._normalize_prob
# and its caller decide; it gives them and the index of the next word. The probabilities are
# p0, p1, ...; the drawn row r0, r1, ...
_TRIAL_SOURCE = """
def trial(prob, weight, grams, words, at, shift, limit, threshold):
    count = len(grams)
    {probs}, = prob
    draws, i = 1, 0
    while True:
        for _ in range(draws):
            r = words[at] >> shift
            at += 1
            while r >= count:
                r = words[at] >> shift
                at += 1
            {rows}, = grams[r]
{multiply}
        total = 0 + {total}
{divide}
        if max(({probs},)) > threshold or i >= limit:
            return [{probs}], at
        draws = 5
        i += 5
"""


@lru_cache(maxsize=8)
def trial_loop(size: int) -> Callable[[list[float], float, list[Row], list[int], int, int, int, float],
                                      tuple[list[float], int]]:
    """The trial loop (`_TRIAL_SOURCE`) written out for `size` languages: `trial(prob, weight,
    grams, words, at, shift, limit, threshold)` gives `prob` after the trial and the index of the
    next word (`grams`: the rows of the text's n-grams, drawn one at a time; `words` the seeded
    generator's, from `at`)."""
    probs = [f"p{j}" for j in range(size)]
    rows = [f"r{j}" for j in range(size)]
    source = _TRIAL_SOURCE.format(
        probs=", ".join(probs), rows=", ".join(rows), total=" + ".join(probs),
        multiply="\n".join(f"            {p} *= weight + {r}" for p, r in zip(probs, rows, strict=True)),
        divide="\n".join(f"        {p} /= total" for p in probs))
    scope: dict[str, Any] = {}
    exec(compile(source, f"<langdetect trial, {size} languages>", "exec"), scope)
    return scope["trial"]
