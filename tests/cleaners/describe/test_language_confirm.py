"""The short confirmation of a site profile's language (cleaners/describe/language.py): langdetect
among the languages the site can plausibly be in, and among all of them when those do not confirm
the profile. Real texts: the gold bodies of pages in fixtures/pages/ (provenance beside them)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cleaners.describe.language import (
    AGREED_PREFIX_CHARS,
    AGREED_TRIALS,
    _factory_among,
    _guess,
    _plausible,
    by_function_words,
    detect_language,
    page_language,
)

PAGES = Path(__file__).resolve().parents[3] / "fixtures" / "pages"


def _gold(page_id: str) -> str:
    return json.loads((PAGES / f"{page_id}.json").read_text(encoding="utf-8"))["text"]


def test_the_plausible_languages_are_the_profiles_the_pages_and_english():
    assert _plausible("id", None) == {"id", "en"}
    assert _plausible("id", "en") == {"id", "en"}
    assert _plausible("id", "es") == {"id", "es", "en"}
    assert _plausible("en", None) is None  # one language: a confirmation would always succeed
    assert _plausible("xx", "en") is None  # a language langdetect does not know
    assert sorted(_factory_among(frozenset({"id", "en"})).get_lang_list()) == ["en", "id"]


@pytest.mark.parametrize(("page_id", "html_lang", "source"), [
    ("id-liputan6-001", "id", "declared+stopwords"),
    ("id-merdeka-003", "en", "profile+stopwords; page says en"),  # merdeka.com says lang="en"
    ("fundus-id-MediaIndonesia-2026-01-20", None, "declared+stopwords"),
])
def test_an_indonesian_page_on_an_indonesian_site_is_confirmed_as_all_languages_confirm_it(page_id, html_lang, source):
    """Its function words confirm it, as langdetect among all languages does (asked here apart)."""
    text = _gold(page_id)
    everyone = _guess(text[:AGREED_PREFIX_CHARS], AGREED_TRIALS)
    assert everyone[0][0] == "id"
    assert page_language(text, html_lang, "id") == ("id", source)
    assert page_language(text, html_lang, "id") == ("id", source)  # the same answer every time


def test_an_indonesian_profile_unconfirmed_by_the_function_words_is_confirmed_by_langdetect():
    """A sample with too few Indonesian function words to settle it (a list of names and numbers)
    goes to langdetect, which confirms it as before."""
    text = ("Persib Bandung vs Persija Jakarta 2-1, Borneo FC vs PSM Makassar 0-0, Bali United vs Arema FC 3-2, "
            "Persebaya Surabaya vs Dewa United 1-1, PSIS Semarang vs Madura United 2-2, Persik Kediri vs PSS Sleman.")
    assert by_function_words(text[:AGREED_PREFIX_CHARS]) is None
    assert page_language(text, "id", "id") == ("id", "declared+langdetect")


def test_a_page_in_another_language_is_asked_of_all_languages():
    spanish = _gold("fundus-es-ElPais-2024-10-15")
    # Among Indonesian and English the Spanish text is not Indonesian: every language is asked,
    # as it would be without the short confirmation.
    among = detect_language(spanish, "id", prefix=AGREED_PREFIX_CHARS, trials=AGREED_TRIALS,
                            among=frozenset({"id", "en"}))
    assert among[1] != "declared+langdetect"
    assert page_language(spanish, None, "id")[0] == "es"
    assert page_language(spanish, "es", "id") == detect_language(spanish, "es")[:1] + (
        detect_language(spanish, "es")[1] + "; profile says id, page says es",)


@pytest.mark.parametrize("path", sorted(PAGES.glob("*.json")), ids=lambda p: p.stem)
def test_the_one_pass_reader_gives_langdetects_own_sample_and_ngrams(path):
    """Every script of the fixtures (Latin, Vietnamese, Cyrillic, Arabic, Devanagari, Thai, CJK)."""
    from langdetect.detector import Detector

    from cleaners.describe.detector import SeededDetector
    from cleaners.describe.language import _factory

    text = json.loads(path.read_text(encoding="utf-8"))["text"] + "  http://example.com/x  a@b.co  ÀB ș  "
    for sample in (text[:200], text):
        theirs, ours = Detector(_factory()), SeededDetector(_factory())
        theirs.append(sample)
        ours.append(sample)
        assert ours.text == theirs.text
        theirs.cleaning_text()
        ours.cleaning_text()
        assert ours._extract_ngrams() == theirs._extract_ngrams()


@pytest.mark.parametrize("path", sorted(PAGES.glob("*.json")), ids=lambda p: p.stem)
def test_the_detector_answers_as_langdetects_own(path):
    """The same probabilities as langdetect's Detector, seeded alike, for a short confirmation
    and for a full detection; and every attribute langdetect's own Detector has."""
    from cleaners.describe.detector import SeededDetector
    from cleaners.describe.language import _factory

    text = json.loads(path.read_text(encoding="utf-8"))["text"]
    for sample, trials in ((text[:AGREED_PREFIX_CHARS], AGREED_TRIALS), (text[:1000], None)):
        theirs, ours = _factory().create(), SeededDetector(_factory())
        assert set(vars(ours)) == set(vars(theirs))
        for detector in (theirs, ours):
            if trials:
                detector.n_trial = trials
            detector.append(sample)
        assert [(p.lang, p.prob) for p in ours.get_probabilities()] == \
            [(p.lang, p.prob) for p in theirs.get_probabilities()]


@pytest.mark.parametrize("path", sorted(PAGES.glob("*.json")), ids=lambda p: p.stem)
def test_without_a_profile_a_short_sample_confirming_the_page_gives_the_full_detections_answer(path):
    """A page without a site profile that declares its own language: the short sample confirms
    it, with the answer (and source) the full detection gives. A declared Indonesian is confirmed
    by the sample's function words when they say so plainly: the same language, the source naming
    them (the full detection, reading more, still asks langdetect)."""
    gold = json.loads(path.read_text(encoding="utf-8"))
    text, lang = gold["text"], gold.get("lang")
    if not lang or len(text) < 2 * AGREED_PREFIX_CHARS:
        pytest.skip("no declared language, or no longer text than the sample")
    full = detect_language(text, lang)
    short = detect_language(text, lang, prefix=AGREED_PREFIX_CHARS, trials=AGREED_TRIALS)
    if short[1] == "declared+langdetect":
        assert full == short
    confirmed = page_language(text, lang, None)
    if confirmed[1] == "declared+stopwords":
        assert lang == "id" and full[0] == "id"
    else:
        assert confirmed == full


def test_without_a_profile_a_page_in_another_language_than_it_declares_gets_the_full_detection():
    spanish = _gold("fundus-es-ElPais-2024-10-15")
    short = detect_language(spanish, "en", prefix=AGREED_PREFIX_CHARS, trials=AGREED_TRIALS)
    assert short[1] != "declared+langdetect"  # the sample does not confirm "en"
    assert page_language(spanish, "en", None) == detect_language(spanish, "en") == ("es", "langdetect; declared en")


def test_without_a_profile_the_confirmation_reads_the_sample_only():
    """A text whose first `AGREED_PREFIX_CHARS` characters are Indonesian and the rest Spanish,
    declared Indonesian: the sample confirms it, where the full detection reads Spanish."""
    indonesian = _gold("id-liputan6-001")[:AGREED_PREFIX_CHARS]
    mixed = indonesian + "\n" + _gold("fundus-es-ElPais-2024-10-15")
    assert detect_language(mixed, "id")[0] == "es"
    # (the function words read 1,000 characters)
    assert page_language(mixed, "id", None) == ("id", "declared+langdetect")


@pytest.mark.parametrize("text", [
    "", " ", "x", "  two  spaces  ", "ABC Def GHi jKL mNO", "NASA-led, U.S.A. and the EU", "über ÜBER Über",
    "tab\tand\nnewline 123 4.5 end", "Ünïcödé ẞ ǅ ǈ", "the the the the", "trailing word",
])
def test_word_by_word_ngrams_are_langdetects_own(text):
    """Runs of spaces, capital words, digits and punctuation, a text ending without a space."""
    from langdetect.detector import Detector

    from cleaners.describe.detector import SeededDetector
    from cleaners.describe.language import _factory, _factory_among

    for factory in (_factory(), _factory_among(frozenset({"de", "en"}))):
        for _ in range(2):  # the second time from the remembered words
            theirs, ours = Detector(factory), SeededDetector(factory)
            theirs.append(text)
            ours.append(text)
            theirs.cleaning_text()
            ours.cleaning_text()
            assert ours._extract_ngrams() == theirs._extract_ngrams()


@pytest.mark.parametrize("path", sorted(PAGES.glob("*.json"))[::2], ids=lambda p: p.stem)
def test_the_trials_draw_the_rows_of_the_ngrams_langdetect_reads(path):
    """What the trials draw from: each n-gram's row of the factory's map, in the n-grams' order,
    the first time and from the remembered words."""
    from cleaners.describe.detector import SeededDetector
    from cleaners.describe.language import _factory, _factory_among

    text = json.loads(path.read_text(encoding="utf-8"))["text"][:1000] + " ÀB ș  x"
    for factory in (_factory(), _factory_among(frozenset({"id", "en"}))):
        for _ in range(2):
            ours = SeededDetector(factory)
            ours.append(text)
            ours.cleaning_text()
            rows = ours._extract_rows()
            expected = [factory.word_lang_prob_map[gram] for gram in ours._extract_ngrams()]
            assert len(rows) == len(expected) and all(a is b for a, b in zip(rows, expected, strict=True))
