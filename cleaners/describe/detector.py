"""langdetect's Detector as cleaners/describe/language.py runs it: the same seeded answers,
float for float, for less work. Its text is read in one pass (each character normalized once per
process, each word's n-grams worked out once per detector factory), its trials stop once their
answer is certain (`settle`), and each trial's draws run in a loop written out for the number of
languages (`trial_loop`): each language's probability a local variable, each drawn row unpacked
into locals, instead of a list indexed language by language. The trials draw from the n-grams'
rows of probabilities, remembered per word with its n-grams, not from the n-grams looked up in
the factory's map at every draw."""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Iterator
from functools import lru_cache
from typing import Any, ClassVar

from langdetect import DetectorFactory
from langdetect.detector import Detector
from langdetect.lang_detect_exception import ErrorCode, LangDetectException
from langdetect.utils.ngram import NGram

from cleaners.describe.language import language_code

__all__ = ["SeededDetector", "trial_loop"]

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
# U+0300 and above, written as the complement of U+0000-U+02FF: Python's compiler walks every code
# point of a range below U+10000 into a bitmap (65,000 of them for [\u0300-\U0010ffff], 5 ms at import)
_NON_LATIN_RE = re.compile("[^\x00-\u02ff]")
_DMARK_RE = re.compile(f"[{NGram.DMARK_CLASS}]")  # the marks NGram.normalize_vi joins to a letter


class _SeededRandom(random.Random):
    """random.Random whose seed(n) restores the state seed(n) gave the first time (the same numbers
    after it, for a tenth of the cost of seeding afresh), made unseeded instead of seeded from the
    OS's entropy: langdetect seeds its generator before every use."""

    _states: ClassVar[dict[int, Any]] = {}

    def __init__(self) -> None:  # as random.Random.__init__, without seeding: seed() comes before any draw
        self.gauss_next = None

    def seed(self, a: Any = None, version: int = 2) -> None:
        if type(a) is not int or version != 2:
            super().seed(a, version)
            return
        state = self._states.get(a)
        if state is not None:
            self.setstate(state)
            return
        super().seed(a, version)
        if len(self._states) < 16:
            self._states[a] = self.getstate()


class SeededDetector(Detector):
    """langdetect's Detector, its text read in one pass: the same sample and the same n-grams in
    the same order (so the same seeded answer), each character normalized once per process
    instead of once per occurrence, and its generator made without reading the OS's entropy."""

    def __init__(self, factory: DetectorFactory) -> None:  # as Detector.__init__ (langdetect 1.0.9)
        self.word_lang_prob_map = factory.word_lang_prob_map
        self.langlist = factory.langlist
        self.seed = factory.seed
        self.random = _SeededRandom()
        self.text = ""
        self.langprob: list[float] | None = None
        self.alpha = self.ALPHA_DEFAULT
        self.n_trial = 7
        self.max_text_length = 10000
        self.prior_map = None
        self.verbose = False

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
        the same floats) and the same draws of the seeded generator, each trial in `trial_loop`.

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
        self.random.seed(self.seed)
        for done in range(1, trials + 1):
            prob = self._init_probability()
            weight = (self.alpha + self.random.gauss(0.0, 1.0) * self.ALPHA_WIDTH) / self.BASE_FREQ
            prob = trial(prob, weight, grams, self.random.getrandbits, self.ITERATION_LIMIT, self.CONV_THRESHOLD)
            for j in range(size):
                langprob[j] += prob[j] / trials
            if self.settle is not None and done < trials and self._settled(langprob, (trials - done) / trials):
                break
        self.langprob = langprob

    def _settled(self, langprob: list[float], rest: float) -> bool:
        """Whether the top language of `langprob` stays on top whatever the remaining trials
        (each a distribution: at most `rest` more for any language), and `settle` accepts it."""
        ranked = sorted(langprob, reverse=True)
        if len(ranked) < 2 or ranked[0] <= ranked[1] + rest + _SETTLE_MARGIN:
            return False
        settle = self.settle
        return settle is not None and settle(language_code(self.langlist[langprob.index(ranked[0])]))

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
# draws it (getrandbits until below their count), each probability times the weight plus the
# n-gram's probability in that language; after the first draw and after every fifth, each divided
# by their sum (added left to right, as sum() adds floats) and the trial over when the greatest
# passes `threshold` or `limit` draws are made (a multiple of five), as Detector._normalize_prob
# and its caller decide. The probabilities are p0, p1, ...; the drawn row r0, r1, ...
_TRIAL_SOURCE = """
def trial(prob, weight, grams, getrandbits, limit, threshold):
    count = len(grams)
    bits = count.bit_length()
    {probs}, = prob
    draws, i = 1, 0
    while True:
        for _ in range(draws):
            r = getrandbits(bits)
            while r >= count:
                r = getrandbits(bits)
            {rows}, = grams[r]
{multiply}
        total = 0 + {total}
{divide}
        if max(({probs},)) > threshold or i >= limit:
            return [{probs}]
        draws = 5
        i += 5
"""


@lru_cache(maxsize=8)
def trial_loop(size: int) -> Callable[[list[float], float, list[Row], Callable[[int], int], int, float], list[float]]:
    """The trial loop (`_TRIAL_SOURCE`) written out for `size` languages: `trial(prob, weight,
    grams, getrandbits, limit, threshold)` gives `prob` after the trial (`grams`: the rows of the
    text's n-grams, drawn one at a time)."""
    probs = [f"p{j}" for j in range(size)]
    rows = [f"r{j}" for j in range(size)]
    source = _TRIAL_SOURCE.format(
        probs=", ".join(probs), rows=", ".join(rows), total=" + ".join(probs),
        multiply="\n".join(f"            {p} *= weight + {r}" for p, r in zip(probs, rows, strict=True)),
        divide="\n".join(f"        {p} /= total" for p in probs))
    scope: dict[str, Any] = {}
    exec(compile(source, f"<langdetect trial, {size} languages>", "exec"), scope)
    return scope["trial"]
