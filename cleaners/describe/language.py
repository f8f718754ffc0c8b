"""Language: langdetect (seeded, so the same text always gives the same answer) on the cleaned
body, with the page's own declaration (<html lang>, a site profile) as a prior. A text (in the
Latin script, bar a few letters) that declares nothing and reads plainly as Indonesian by its
function words (data/vocab/stopwords_id.txt, and few English ones, stopwords_en.txt) is Indonesian
without langdetect (source "stopwords"); so is a page declared Indonesian whose short sample and
first 1,000 characters read so, in the short confirmation of its declaration (source
"declared+stopwords"): langdetect costs more than cleaning a text dump. On the 941 eval inputs no
text the function words call Indonesian, from 200 characters or from 1,000, is anything else to
langdetect; a text they pass over goes to langdetect as before."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache, partial
from typing import TYPE_CHECKING, TypeVar

from cleaners.knowledge.settings import default_settings
from cleaners.knowledge.vocab import word_list

if TYPE_CHECKING:  # langdetect is loaded by the first text it is asked about (cleaners.describe.detector)
    from langdetect import DetectorFactory

__all__ = ["detect_language", "page_language", "language_code", "load_models", "PREFIX_CHARS"]

PREFIX_CHARS = default_settings().language.prefix_chars  # enough text for a stable answer (data/settings.toml)
# When a site profile and <html lang> agree (or, without a profile, to confirm <html lang>), langdetect
# only confirms them: a short sample, few trials.
AGREED_PREFIX_CHARS = default_settings().language.agreed_prefix_chars
AGREED_TRIALS = default_settings().language.agreed_trials
_LETTERS_WINDOW, _MIN_LETTERS = default_settings().language.letters_window, default_settings().language.min_letters
# Function-word confirmation of Indonesian (data/settings.toml [language]).
_STOP_MIN_WORDS = default_settings().language.stopword_min_words
_STOP_SHARE = default_settings().language.stopword_share
_STOP_DECLARED_SHARE = default_settings().language.stopword_declared_share
_STOP_OTHER_MAX = default_settings().language.stopword_other_max
_OTHER_SCRIPT_MAX = default_settings().language.stopword_other_script_max
_WORD_RE = re.compile(r"[^\W\d_]+")
_Word = TypeVar("_Word", str, bytes)  # a sample's words: text, or an ASCII sample's bytes
# An ASCII sample's bytes for its words: A-Z lowered, a-z kept, every other byte a space. The words of
# its split are what `_WORD_RE` finds in the lowered text (in ASCII, `[^\W\d_]` is A-Z and a-z),
# without a regex test a character.
_ASCII_WORD_BYTES = bytes(c + 32 if 65 <= c <= 90 else c if 97 <= c <= 122 else 32 for c in range(256))
_NORWEGIAN = ("no", "nb", "nn")  # langdetect knows Norwegian as "no"
_ALSO_PLAUSIBLE = ("en",)  # besides its own, the language any site's page may plausibly be in
_CONFIRMED = ("declared+langdetect", "declared+stopwords")  # the sources that confirm a declaration
# A character outside the Latin script's blocks (ASCII to IPA, U+0000-U+024F); a sample more than
# `stopword_other_script_max` of whose letters are such is kept from the function-word test.
_BEYOND_LATIN_RE = re.compile("[^\x00-\u024f]")


def language_code(lang: str) -> str:
    """langdetect's language name as a bare lowercased code ("zh-cn" -> "zh")."""
    return lang.split("-", maxsplit=1)[0].lower()


def load_models() -> None:
    """langdetect and its 55 language profiles loaded now (about 0.35 s and 64 MB): a process that
    forks workers loads them once for all of them; otherwise the first text that needs them does."""
    _known()


@lru_cache(maxsize=1)
def _factory() -> DetectorFactory:
    from langdetect import DetectorFactory, detector_factory

    factory = DetectorFactory()
    factory.load_profile(detector_factory.PROFILES_DIRECTORY)
    factory.set_seed(0)
    return factory


@lru_cache(maxsize=16)
def _factory_among(codes: frozenset[str]) -> DetectorFactory:
    """A detector that knows only the languages `codes` (as `_factory()` knows them, seeded alike):
    each n-gram weighs a few languages instead of all 55, and only the n-grams one of them uses
    are read."""
    from langdetect import DetectorFactory

    full = _factory()
    kept = [i for i, lang in enumerate(full.langlist) if language_code(lang) in codes]
    factory = DetectorFactory()
    factory.langlist = [full.langlist[i] for i in kept]
    for word, probs in full.word_lang_prob_map.items():
        row = [probs[i] for i in kept]
        if any(row):
            factory.word_lang_prob_map[word] = row
    factory.set_seed(0)
    return factory


@lru_cache(maxsize=64)  # a few sites' and pages' languages
def _plausible(site_lang: str, page_lang: str | None) -> frozenset[str] | None:
    """The languages a site's page can plausibly be in: the profile's, the page's own declaration
    and English (quoted, or a page left untranslated). None when that is not two languages
    langdetect knows (a confirmation among one would always succeed)."""
    codes = frozenset(c for c in (site_lang, page_lang, *_ALSO_PLAUSIBLE) if c) & _known()
    return codes if site_lang in codes and len(codes) >= 2 else None


@lru_cache(maxsize=1)
def _known() -> frozenset[str]:
    return frozenset(language_code(lang) for lang in _factory().get_lang_list())


@lru_cache(maxsize=1)
def _stoplists() -> tuple[frozenset[str], frozenset[str]]:
    """(Indonesian, English) function words."""
    return word_list("stopwords_id.txt"), word_list("stopwords_en.txt")


@lru_cache(maxsize=1)
def _ascii_stoplists() -> tuple[frozenset[bytes], frozenset[bytes]]:
    """`_stoplists()`'s ASCII words as bytes (no word of an ASCII sample is any other)."""
    indonesian, english = _stoplists()
    return (frozenset(w.encode("ascii") for w in indonesian if w.isascii()),
            frozenset(w.encode("ascii") for w in english if w.isascii()))


def by_function_words(sample: str, share: float = _STOP_SHARE) -> str | None:
    """"id" when at least `stopword_min_words` words are read and the share of Indonesian function
    words among them reaches `share` (`stopword_share`) while that of English ones stays under
    `stopword_other_max`; else None (langdetect decides). On the eval sets Indonesian texts hold
    13-36% Indonesian function words, texts in other languages at most 3%. A sample more than
    `stopword_other_script_max` of whose letters lie outside U+0000-U+024F (the Latin blocks up to IPA) is
    left to langdetect: a run of Chinese between two marks is one word to this count, and a short
    Indonesian lead would outweigh a Chinese article; a few such letters (a name, a quoted phrase)
    in an Indonesian text do not keep it from the count."""
    if sample.isascii():  # most samples: split by a table of bytes, the words looked up as bytes
        return _by_shares(sample.encode("ascii").translate(_ASCII_WORD_BYTES).split(), _ascii_stoplists(), share)
    if _beyond_latin(sample):
        return None
    return _by_shares(_WORD_RE.findall(sample.lower()), _stoplists(), share)


def _by_shares(tokens: Sequence[_Word], stoplists: tuple[frozenset[_Word], frozenset[_Word]],
               share: float) -> str | None:
    """`by_function_words` on a sample's words (`stoplists`: the Indonesian and English ones, of the same type)."""
    if len(tokens) < _STOP_MIN_WORDS:
        return None
    indonesian, english = stoplists
    if sum(map(indonesian.__contains__, tokens)) / len(tokens) < share:
        return None
    other = sum(map(english.__contains__, tokens)) / len(tokens)
    return "id" if other < _STOP_OTHER_MAX else None


def _beyond_latin(sample: str) -> bool:
    """Whether more than `stopword_other_script_max` of `sample`'s letters lie outside U+0000-U+024F (the
    letters of the rest are counted only when some do)."""
    beyond = sum(map(str.isalpha, _BEYOND_LATIN_RE.findall(sample)))
    return beyond > 0 and beyond > _OTHER_SCRIPT_MAX * sum(map(str.isalpha, sample))


def _guess(text: str, trials: int | None = None, among: frozenset[str] | None = None,
           declared: str | None = None) -> list[tuple[str, float]]:
    """langdetect's (code, probability) guesses, best first. Its trials stop early once their top
    language is certain and gives the answer `detect_language` would give for `declared` whatever
    the probabilities (the guesses are then a partial mean, with the same top language)."""
    from langdetect.lang_detect_exception import LangDetectException

    from cleaners.describe.detector import SeededDetector

    detector = SeededDetector(_factory() if among is None else _factory_among(among))
    if trials:
        detector.n_trial = trials
    detector.settle = partial(_top_decides, declared)
    detector.append(text)
    try:
        return [(language_code(p.lang), p.prob) for p in detector.get_probabilities()]
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
    if _too_few_letters(sample[:_LETTERS_WINDOW]):
        return (declared, "declared") if declared else (None, None)
    if declared is None and by_function_words(sample) is not None:
        return "id", "stopwords"
    return None


def _too_few_letters(window: str) -> bool:
    """Whether `window` has fewer than `min_letters` letters. Most texts have that many among
    their first few characters: those are counted first, the rest only when they fall short."""
    first = sum(map(str.isalpha, window[:2 * _MIN_LETTERS]))
    return first < _MIN_LETTERS and first + sum(map(str.isalpha, window[2 * _MIN_LETTERS:])) < _MIN_LETTERS


def detect_language(text: str, declared: str | None = None, *, prefix: int = PREFIX_CHARS,
                    trials: int | None = None, among: frozenset[str] | None = None) -> tuple[str | None, str | None]:
    """Return (language code, its source). Sources: "langdetect", "declared+langdetect" (both
    agree), "declared" (text too short or unsure, or the declaration is among langdetect's
    candidates), "langdetect; declared <x>" (a disagreement langdetect is sure of), "stopwords"
    (nothing declared, and the function words say Indonesian plainly). `trials` lowers
    langdetect's random trials (7) when a confirmation is all that is needed; `among` limits
    langdetect to those languages (codes), for a confirmation only: its "declared+langdetect"
    stands, any other answer is to be asked again of all languages."""
    declared = language_code(declared) if declared else None
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
    An Indonesian declaration (the profile's, else the page's) is confirmed first by the short
    sample's function words (`by_function_words`), without langdetect; else the confirmation asks
    langdetect among the languages the site can plausibly be in first (a few times faster), and of
    all languages when those do not confirm the profile."""
    page_lang = html_lang.split("-")[0].lower() if html_lang else None
    if site_lang:
        quick, how = _confirm(body, site_lang, page_lang)
        if page_lang == site_lang:
            return quick, how
        if how in _CONFIRMED:
            return quick, how if page_lang is None else f"profile+{how.split('+')[1]}; page says {page_lang}"
    elif page_lang is not None:  # no profile: the page's own declaration, confirmed (nothing declared: not here)
        quick, how = _by_words(body, page_lang) or (None, None)
        if how is None and page_lang in _known():
            quick, how = detect_language(body, page_lang, prefix=AGREED_PREFIX_CHARS, trials=AGREED_TRIALS)
        if how in _CONFIRMED:
            return quick, how
    language, source = detect_language(body, page_lang or site_lang)
    if site_lang and page_lang and page_lang != site_lang and source:
        source = f"{source}; profile says {site_lang}, page says {page_lang}"
    return language, source


def _by_words(body: str, declared: str) -> tuple[str, str] | None:
    """("id", "declared+stopwords") when `declared` is Indonesian and the function words say so
    plainly, in the short sample (`stopword_declared_share` of them) and in the longer one an
    undeclared text is read on (`stopword_share`): the short confirmation without langdetect (nor
    its profiles loaded). The longer sample keeps a foreign article under one Indonesian line from
    being confirmed by that line's words."""
    if (language_code(declared) == "id" and by_function_words(body[:AGREED_PREFIX_CHARS], _STOP_DECLARED_SHARE)
            and by_function_words(body[:PREFIX_CHARS])):
        return "id", "declared+stopwords"
    return None


def _confirm(body: str, site_lang: str, page_lang: str | None) -> tuple[str | None, str | None]:
    """The short confirmation of the profile's language: by the function words of an Indonesian
    one (`_by_words`), else by langdetect among the plausible languages when they confirm it, else
    as all languages answer."""
    quick = _by_words(body, site_lang)
    if quick is not None:
        return quick
    among = _plausible(language_code(site_lang), page_lang if page_lang in _known() else None)  # keys: known codes only
    if among is not None:
        found = detect_language(body, site_lang, prefix=AGREED_PREFIX_CHARS, trials=AGREED_TRIALS, among=among)
        if found[1] == "declared+langdetect":
            return found
    return detect_language(body, site_lang, prefix=AGREED_PREFIX_CHARS, trials=AGREED_TRIALS)
