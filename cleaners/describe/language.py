"""Language: langdetect (seeded, so the same text always gives the same answer) on the cleaned
body, with the page's own declaration (<html lang>, a site profile) as a prior. A text that
declares nothing and reads plainly as Indonesian by its function words (data/vocab/stopwords_id.txt,
and few English ones, stopwords_en.txt) is Indonesian without langdetect (source "stopwords"):
langdetect costs more than cleaning a text dump, and on such a text it answers the same."""

from __future__ import annotations

import re
from functools import lru_cache

from langdetect import DetectorFactory, detector_factory
from langdetect.lang_detect_exception import LangDetectException

from cleaners.knowledge import DATA_DIR
from cleaners.knowledge.settings import default_settings

__all__ = ["detect_language", "page_language", "PREFIX_CHARS"]

PREFIX_CHARS = default_settings().language.prefix_chars  # enough text for a stable answer (data/settings.toml)
# When a site profile and <html lang> agree, langdetect only confirms them: a short sample, few trials.
AGREED_PREFIX_CHARS = default_settings().language.agreed_prefix_chars
AGREED_TRIALS = default_settings().language.agreed_trials
_LETTERS_WINDOW, _MIN_LETTERS = default_settings().language.letters_window, default_settings().language.min_letters
# Function-word confirmation of Indonesian (data/settings.toml [language]).
_STOP_MIN_WORDS = default_settings().language.stopword_min_words
_STOP_SHARE = default_settings().language.stopword_share
_STOP_OTHER_MAX = default_settings().language.stopword_other_max
_WORD_RE = re.compile(r"[^\W\d_]+")


@lru_cache(maxsize=1)
def _factory() -> DetectorFactory:
    factory = DetectorFactory()
    factory.load_profile(detector_factory.PROFILES_DIRECTORY)
    factory.set_seed(0)
    return factory


@lru_cache(maxsize=1)
def _known() -> frozenset[str]:
    return frozenset(_code(lang) for lang in _factory().get_lang_list())


def _code(lang: str) -> str:
    return lang.split("-", maxsplit=1)[0].lower()


@lru_cache(maxsize=1)
def _stoplists() -> tuple[frozenset[str], frozenset[str]]:
    """(Indonesian, English) function words."""
    def read(name: str) -> frozenset[str]:
        lines = (DATA_DIR / "vocab" / name).read_text(encoding="utf-8").splitlines()
        return frozenset(w.strip().lower() for w in lines if w.strip() and not w.startswith("#"))
    return read("stopwords_id.txt"), read("stopwords_en.txt")


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


def _guess(text: str, trials: int | None = None) -> list[tuple[str, float]]:
    detector = _factory().create()
    if trials:
        detector.n_trial = trials
    detector.append(text)
    try:
        return [(_code(p.lang), p.prob) for p in detector.get_probabilities()]
    except LangDetectException:
        return []


def _without_langdetect(sample: str, declared: str | None) -> tuple[str | None, str | None] | None:
    """The answer when langdetect is not needed: too few letters to detect (the declaration, if
    any, stands), or nothing declared and the function words say Indonesian plainly."""
    if sum(map(str.isalpha, sample[:_LETTERS_WINDOW])) < _MIN_LETTERS:
        return (declared, "declared") if declared else (None, None)
    if declared is None and by_function_words(sample) is not None:
        return "id", "stopwords"
    return None


def detect_language(text: str, declared: str | None = None, *, prefix: int = PREFIX_CHARS,
                    trials: int | None = None) -> tuple[str | None, str | None]:
    """Return (language code, its source). Sources: "langdetect", "declared+langdetect" (both
    agree), "declared" (text too short or unsure, or the declaration is among langdetect's
    candidates), "langdetect; declared <x>" (a disagreement langdetect is sure of), "stopwords"
    (nothing declared, and the function words say Indonesian plainly). `trials` lowers
    langdetect's random trials (7) when a confirmation is all that is needed."""
    declared = _code(declared) if declared else None
    sample = text[:prefix]
    quick = _without_langdetect(sample, declared)
    if quick is not None:
        return quick
    guesses = _guess(sample, trials)
    if not guesses:
        return (declared, "declared") if declared else (None, None)
    best, prob = guesses[0]
    if declared is None:
        return best, "langdetect"
    if declared not in _known():
        return declared, "declared"  # a language langdetect has no profile for
    if best == declared or (declared in ("no", "nb", "nn") and best == "no"):
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
    confirms the profile settles it; else the full detection decides. A disagreement is recorded."""
    page_lang = html_lang.split("-")[0].lower() if html_lang else None
    if site_lang:
        quick, how = detect_language(body, site_lang, prefix=AGREED_PREFIX_CHARS, trials=AGREED_TRIALS)
        if page_lang == site_lang:
            return quick, how
        if how == "declared+langdetect":
            return quick, how if page_lang is None else f"profile+langdetect; page says {page_lang}"
    language, source = detect_language(body, page_lang or site_lang)
    if site_lang and page_lang and page_lang != site_lang and source:
        source = f"{source}; profile says {site_lang}, page says {page_lang}"
    return language, source
