"""Language: langdetect (seeded, so the same text always gives the same answer) on the cleaned
body, with the page's own declaration (<html lang>, a site profile) as a prior. A text that
declares nothing and reads plainly as Indonesian by its function words (data/vocab/stopwords_id.txt,
and few English ones, stopwords_en.txt) is Indonesian without langdetect (source "stopwords"):
langdetect costs more than cleaning a text dump, and on such a text it answers the same."""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from functools import lru_cache, partial
from typing import Any, ClassVar

from langdetect import DetectorFactory, detector_factory
from langdetect.detector import Detector
from langdetect.lang_detect_exception import ErrorCode, LangDetectException
from langdetect.utils.ngram import NGram

from cleaners.knowledge.settings import default_settings
from cleaners.knowledge.vocab import word_list

__all__ = ["detect_language", "page_language", "PREFIX_CHARS"]

PREFIX_CHARS = default_settings().language.prefix_chars  # enough text for a stable answer (data/settings.toml)
# When a site profile and <html lang> agree (or, without a profile, to confirm <html lang>), langdetect
# only confirms them: a short sample, few trials.
AGREED_PREFIX_CHARS = default_settings().language.agreed_prefix_chars
AGREED_TRIALS = default_settings().language.agreed_trials
_LETTERS_WINDOW, _MIN_LETTERS = default_settings().language.letters_window, default_settings().language.min_letters
# Function-word confirmation of Indonesian (data/settings.toml [language]).
_STOP_MIN_WORDS = default_settings().language.stopword_min_words
_STOP_SHARE = default_settings().language.stopword_share
_STOP_OTHER_MAX = default_settings().language.stopword_other_max
_WORD_RE = re.compile(r"[^\W\d_]+")
_SPACES_RE = re.compile(" +")
_NORMALIZED_MAX = 65536  # characters whose langdetect form is remembered (real texts use a few thousand)
_TABLE: dict[int, str] = {}  # a character's code -> its langdetect form (NGram.normalize)
_WORD_GRAMS_MAX = 100_000  # words whose n-grams are remembered, for each detector factory
# id of a factory's n-gram map -> (that map, {word: its n-grams}); a few maps at most (one a factory)
_WORD_GRAMS: dict[int, tuple[dict[str, list[float]], dict[str, tuple[str, ...]]]] = {}
_WORD_GRAMS_MAPS = 32
_NORWEGIAN = ("no", "nb", "nn")  # langdetect knows Norwegian as "no"
_SETTLE_MARGIN = 1e-9  # far above the rounding of a sum of seven probabilities
_ALSO_PLAUSIBLE = ("en",)  # besides its own, the language any site's page may plausibly be in


class _SeededRandom(random.Random):
    """random.Random whose seed(n) restores the state seed(n) gave the first time (the same numbers
    after it, for a tenth of the cost of seeding afresh), made seeded with 0 instead of from the OS's
    entropy: langdetect seeds its generator before every use."""

    _states: ClassVar[dict[int, Any]] = {}

    def __init__(self) -> None:
        super().__init__(0)

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


class _Detector(Detector):
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
        """As Detector.append called once: URLs and e-mail addresses out, runs of spaces as one."""
        text = NGram.normalize_vi(self.MAIL_RE.sub(" ", self.URL_RE.sub(" ", text)))
        self.text += _SPACES_RE.sub(" ", text[:self.max_text_length])

    settle: Callable[[str], bool] | None = None  # see _detect_block

    def _detect_block(self) -> None:
        """As Detector._detect_block: the same products, sums and quotients in the same order (so
        the same floats) and the same draws of the seeded generator, each n-gram weighed inline
        instead of in a method call.

        With `settle`, the trials stop as soon as one language is sure to come out on top (ahead
        of every other even if all the remaining trials went to that other) and `settle` accepts
        its code: `langprob` is then the partial mean, whose top language is the full one's."""
        self.cleaning_text()
        ngrams = self._extract_ngrams()
        if not ngrams:
            raise LangDetectException(ErrorCode.CantDetectError, "No features in text.")
        table, draw, trials = self.word_lang_prob_map, self.random.choice, self.n_trial
        langs = range(len(self.langlist))
        langprob = [0.0] * len(langs)
        self.random.seed(self.seed)
        for done in range(1, trials + 1):
            prob = self._init_probability()
            weight = (self.alpha + self.random.gauss(0.0, 1.0) * self.ALPHA_WIDTH) / self.BASE_FREQ
            i = 0
            while True:
                row = table[draw(ngrams)]
                for j in langs:
                    prob[j] *= weight + row[j]
                if i % 5 == 0 and (self._normalize_prob(prob) > self.CONV_THRESHOLD or i >= self.ITERATION_LIMIT):
                    break
                i += 1
            for j in langs:
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
        return settle is not None and settle(_code(self.langlist[langprob.index(ranked[0])]))

    def _extract_ngrams(self) -> list[str]:
        """As Detector._extract_ngrams: NGram.add_char and the 1-3-grams it gives, word by word.
        Its n-grams start afresh after each space (a space resets NGram's characters and its
        capital-word state), so a word followed by a space gives the same n-grams wherever it
        stands: they are worked out once per word and detector factory."""
        known = self.word_lang_prob_map
        cache = _word_cache(known)
        words = _normalized(self.text).split(" ")
        found: list[str] = []
        for word in words[:-1]:  # each followed by a space
            if not word:
                continue  # a run of spaces gives nothing
            grams = cache.get(word)
            if grams is None:
                grams = _word_grams(word + " ", known)
                if len(cache) < _WORD_GRAMS_MAX:
                    cache[word] = grams
            found.extend(grams)
        if words[-1]:  # the last word, followed by nothing
            found.extend(_word_grams(words[-1], known))
        return found


def _word_cache(known: dict[str, list[float]]) -> dict[str, tuple[str, ...]]:
    """The remembered n-grams of words for the n-gram map `known` (a detector factory's); the map
    is held with them, so that its id names no other map while they are remembered."""
    entry = _WORD_GRAMS.get(id(known))
    if entry is None or entry[0] is not known:
        if len(_WORD_GRAMS) >= _WORD_GRAMS_MAPS:
            _WORD_GRAMS.clear()
        entry = _WORD_GRAMS[id(known)] = (known, {})
    return entry[1]


def _normalized(text: str) -> str:
    """`text` with each character as NGram.normalize gives it, each character normalized once per
    process (the table is bounded, whatever characters a hostile page sends)."""
    table = _TABLE
    missing = {ord(ch) for ch in text} - table.keys()
    if missing:
        if len(table) + len(missing) > _NORMALIZED_MAX:
            table = dict(table)
        table.update((code, NGram.normalize(chr(code))) for code in missing)
    return text.translate(table)


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


@lru_cache(maxsize=1)
def _factory() -> DetectorFactory:
    factory = DetectorFactory()
    factory.load_profile(detector_factory.PROFILES_DIRECTORY)
    factory.set_seed(0)
    return factory


@lru_cache(maxsize=16)
def _factory_among(codes: frozenset[str]) -> DetectorFactory:
    """A detector that knows only the languages `codes` (as `_factory()` knows them, seeded alike):
    each n-gram weighs a few languages instead of all 55, and only the n-grams one of them uses
    are read."""
    full = _factory()
    kept = [i for i, lang in enumerate(full.langlist) if _code(lang) in codes]
    factory = DetectorFactory()
    factory.langlist = [full.langlist[i] for i in kept]
    for word, probs in full.word_lang_prob_map.items():
        row = [probs[i] for i in kept]
        if any(row):
            factory.word_lang_prob_map[word] = row
    factory.set_seed(0)
    return factory


def _plausible(site_lang: str, page_lang: str | None) -> frozenset[str] | None:
    """The languages a site's page can plausibly be in: the profile's, the page's own declaration
    and English (quoted, or a page left untranslated). None when that is not two languages
    langdetect knows (a confirmation among one would always succeed)."""
    codes = frozenset(c for c in (site_lang, page_lang, *_ALSO_PLAUSIBLE) if c) & _known()
    return codes if site_lang in codes and len(codes) >= 2 else None


@lru_cache(maxsize=1)
def _known() -> frozenset[str]:
    return frozenset(_code(lang) for lang in _factory().get_lang_list())


def _code(lang: str) -> str:
    return lang.split("-", maxsplit=1)[0].lower()


@lru_cache(maxsize=1)
def _stoplists() -> tuple[frozenset[str], frozenset[str]]:
    """(Indonesian, English) function words."""
    return word_list("stopwords_id.txt"), word_list("stopwords_en.txt")


def by_function_words(sample: str) -> str | None:
    """"id" when at least `stopword_min_words` words are read and the share of Indonesian function
    words among them reaches `stopword_share` while that of English ones stays under
    `stopword_other_max`; else None (langdetect decides). On the eval sets Indonesian texts hold
    13-36% Indonesian function words, texts in other languages at most 3%."""
    tokens = _WORD_RE.findall(sample.lower())
    if len(tokens) < _STOP_MIN_WORDS:
        return None
    indonesian, english = _stoplists()
    share = sum(map(indonesian.__contains__, tokens)) / len(tokens)
    if share < _STOP_SHARE:
        return None
    other = sum(map(english.__contains__, tokens)) / len(tokens)
    return "id" if other < _STOP_OTHER_MAX else None


def _guess(text: str, trials: int | None = None, among: frozenset[str] | None = None,
           declared: str | None = None) -> list[tuple[str, float]]:
    """langdetect's (code, probability) guesses, best first. Its trials stop early once their top
    language is certain and gives the answer `detect_language` would give for `declared` whatever
    the probabilities (the guesses are then a partial mean, with the same top language)."""
    detector = _Detector(_factory() if among is None else _factory_among(among))
    if trials:
        detector.n_trial = trials
    detector.settle = partial(_top_decides, declared)
    detector.append(text)
    try:
        return [(_code(p.lang), p.prob) for p in detector.get_probabilities()]
    except LangDetectException:
        return []


def _top_decides(declared: str | None, best: str) -> bool:
    """Whether langdetect's top language alone decides `detect_language`'s answer (no probability
    read): nothing declared, the declared language, or one taken for it."""
    return declared is None or _confirms(declared, best) or (declared == "ms" and best == "id")


def _confirms(declared: str, best: str) -> bool:
    """Whether langdetect's `best` is the `declared` language (Norwegian it knows as "no")."""
    return best == declared or (declared in _NORWEGIAN and best == "no")


def _without_langdetect(sample: str, declared: str | None) -> tuple[str | None, str | None] | None:
    """The answer when langdetect is not needed: too few letters to detect (the declaration, if
    any, stands), or nothing declared and the function words say Indonesian plainly."""
    if sum(map(str.isalpha, sample[:_LETTERS_WINDOW])) < _MIN_LETTERS:
        return (declared, "declared") if declared else (None, None)
    if declared is None and by_function_words(sample) is not None:
        return "id", "stopwords"
    return None


def detect_language(text: str, declared: str | None = None, *, prefix: int = PREFIX_CHARS,
                    trials: int | None = None, among: frozenset[str] | None = None) -> tuple[str | None, str | None]:
    """Return (language code, its source). Sources: "langdetect", "declared+langdetect" (both
    agree), "declared" (text too short or unsure, or the declaration is among langdetect's
    candidates), "langdetect; declared <x>" (a disagreement langdetect is sure of), "stopwords"
    (nothing declared, and the function words say Indonesian plainly). `trials` lowers
    langdetect's random trials (7) when a confirmation is all that is needed; `among` limits
    langdetect to those languages (codes), for a confirmation only: its "declared+langdetect"
    stands, any other answer is to be asked again of all languages."""
    declared = _code(declared) if declared else None
    sample = text[:prefix]
    quick = _without_langdetect(sample, declared)
    if quick is not None:
        return quick
    if declared is not None and declared not in _known():
        return declared, "declared"  # a language langdetect has no profile for
    guesses = _guess(sample, trials, among, declared)
    if not guesses:
        return (declared, "declared") if declared else (None, None)
    best, prob = guesses[0]
    if declared is None:
        return best, "langdetect"
    if _confirms(declared, best):
        return declared, "declared+langdetect"
    # Malay and Indonesian are close; langdetect knows only Indonesian.
    if declared == "ms" and best == "id":
        return declared, "declared"
    score = dict(guesses).get(declared, 0.0)
    if score >= 0.2 or prob < 0.9:
        return declared, "declared"
    return best, f"langdetect; declared {declared}"


def page_language(body: str, html_lang: str | None, site_lang: str | None) -> tuple[str | None, str | None]:
    """langdetect with the page's declaration as a prior. When the profile (`site_lang`) and
    <html lang> agree, a short prefix is enough to confirm them. When the page says nothing, or
    disagrees (merdeka.com says lang="en" on Indonesian pages), a short sample that plainly
    confirms the profile settles it; else the full detection decides. A disagreement is recorded.
    Without a profile, a short sample that confirms <html lang> among all languages settles it
    (langdetect's cost grows with the text; a page whose sample does not confirm its declaration
    gets the full detection).
    The confirmation asks langdetect among the languages the site can plausibly be in first
    (a few times faster), and of all languages when those do not confirm the profile."""
    page_lang = html_lang.split("-")[0].lower() if html_lang else None
    if site_lang:
        quick, how = _confirm(body, site_lang, page_lang)
        if page_lang == site_lang:
            return quick, how
        if how == "declared+langdetect":
            return quick, how if page_lang is None else f"profile+langdetect; page says {page_lang}"
    elif page_lang is not None and page_lang in _known():  # no profile: the page's own declaration,
        # confirmed by all languages (nothing declared: langdetect's profiles are not loaded here)
        quick, how = detect_language(body, page_lang, prefix=AGREED_PREFIX_CHARS, trials=AGREED_TRIALS)
        if how == "declared+langdetect":
            return quick, how
    language, source = detect_language(body, page_lang or site_lang)
    if site_lang and page_lang and page_lang != site_lang and source:
        source = f"{source}; profile says {site_lang}, page says {page_lang}"
    return language, source


def _confirm(body: str, site_lang: str, page_lang: str | None) -> tuple[str | None, str | None]:
    """The short confirmation of the profile's language: among the plausible languages when they
    confirm it, else as all languages answer."""
    among = _plausible(_code(site_lang), page_lang)
    if among is not None:
        found = detect_language(body, site_lang, prefix=AGREED_PREFIX_CHARS, trials=AGREED_TRIALS, among=among)
        if found[1] == "declared+langdetect":
            return found
    return detect_language(body, site_lang, prefix=AGREED_PREFIX_CHARS, trials=AGREED_TRIALS)
