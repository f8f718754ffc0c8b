"""langdetect as cleaners/describe/language.py runs it: its detection loop gives langdetect's own
probabilities, float for float, and its trials stop once the answer is certain, with the answer
the seven trials give. Real texts: the gold bodies of the pages in fixtures/pages/ (provenance
beside them), in a dozen languages."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from langdetect import DetectorFactory
from langdetect.detector import Detector
from langdetect.lang_detect_exception import LangDetectException

from cleaners.describe.detector import SeededDetector
from cleaners.describe.language import PREFIX_CHARS, _factory, _factory_among, detect_language
from cleaners.describe.language import language_code as _code

PAGES = Path(__file__).resolve().parents[3] / "fixtures" / "pages"
TEXTS = {gold.stem: json.loads(gold.read_text(encoding="utf-8")).get("text") or ""
         for gold in sorted(PAGES.glob("*.json"))}


def _prepared(text: str, factory, trials: int = 7) -> SeededDetector:
    detector = SeededDetector(factory)
    detector.n_trial = trials
    detector.append(text[:PREFIX_CHARS])
    return detector


@pytest.mark.parametrize("among", [None, frozenset({"id", "en"}), frozenset({"de", "fr", "en"})])
def test_the_detection_loop_gives_langdetects_own_probabilities(among):
    factory = _factory() if among is None else _factory_among(among)
    compared = 0
    for text in TEXTS.values():
        for trials in (7, 2):
            ours, theirs = _prepared(text, factory, trials), _prepared(text, factory, trials)
            try:
                Detector._detect_block(theirs)  # langdetect 1.0.9's own loop, on the same n-grams
            except LangDetectException:  # a text without an n-gram these languages know
                with pytest.raises(LangDetectException):
                    ours._detect_block()
                continue
            ours._detect_block()
            assert ours.langprob == theirs.langprob
            compared += 1
    assert compared > 40


def _full_answer(text: str, declared: str | None) -> tuple[str | None, str | None]:
    """detect_language's rules on all seven trials' probabilities (langdetect's own loop)."""
    detector = _prepared(text, _factory())
    probabilities = [(_code(p.lang), p.prob) for p in Detector.get_probabilities(detector)]
    best, prob = probabilities[0]
    if declared is not None and declared not in {_code(lang) for lang in _factory().get_lang_list()}:
        return declared, "declared"  # a language langdetect has no profile for (Malay)
    if declared is None:
        return best, "langdetect"
    if best == declared:
        return declared, "declared+langdetect"
    if declared == "ms" and best == "id":
        return declared, "declared"
    if dict(probabilities).get(declared, 0.0) >= 0.2 or prob < 0.9:
        return declared, "declared"
    return best, f"langdetect; declared {declared}"


@pytest.mark.parametrize("declared", [None, "own", "en", "ms", "es"])
def test_stopping_the_trials_early_keeps_the_answer(declared):
    for page_id, text in TEXTS.items():
        own = _full_answer(text, None)[0]
        if len(text) < 400 or own == "id":  # an Indonesian text is read by its function words
            continue
        claimed = own if declared == "own" else declared
        assert detect_language(text, claimed) == _full_answer(text, claimed), page_id


def test_an_unambiguous_text_is_settled_after_four_of_seven_trials():
    detector = _prepared(TEXTS["fundus-uk-BBC-2026-04-25"], _factory())
    detector.settle = lambda code: code == "en"
    detector._detect_block()
    assert detector.langprob is not None
    assert sum(detector.langprob) == pytest.approx(4 / 7)  # four trials' share of the mean
    assert max(detector.langprob) == detector.langprob[detector.langlist.index("en")]


def _factory_of(rows: dict[str, list[float]]) -> DetectorFactory:
    """A detector factory of len(row) made-up languages whose n-grams have these rows."""
    factory = DetectorFactory()
    factory.langlist = [f"l{i}" for i in range(len(next(iter(rows.values()))))]
    factory.word_lang_prob_map = {gram: list(row) for gram, row in rows.items()}
    factory.set_seed(0)
    return factory


@pytest.mark.parametrize("rows", [
    {"a": [0.01, 0.01], "b": [0.02, 0.02], "ab": [0.0, 0.0]},  # two languages alike: never converges
    {"a": [0.5], "b": [0.25]},  # one language: converges at the first draw
    {"a": [0.011, 0.01, 0.0], "b": [0.0, 0.012, 0.0125], "ab": [1e-9, 0.0, 3e-9]},  # slow convergence
])
def test_a_trial_that_runs_to_the_iteration_limit_or_stops_at_once_is_langdetects_own(rows):
    """Up to the ITERATION_LIMIT-th draw (the loop is then over, converged or not) and a trial over
    at the first draw: the same floats as langdetect's own loop, on the same draws."""
    factory = _factory_of(rows)
    for text in ("ab ba ab", "a b ab ba b a", "b"):
        ours, theirs = _prepared(text, factory), _prepared(text, factory)
        Detector._detect_block(theirs)
        ours._detect_block()
        assert ours.langprob == theirs.langprob
        assert ours.random.getstate() == theirs.random.getstate()  # as many draws


@pytest.mark.parametrize("text", [
    "ab" + "ạ" * 4, "ab" + "ạ" * 5,  # Latin Extended Additional counts as non-Latin (langdetect 1.0.9)
    "abc 漢字漢字漢字", "abc 漢字漢字漢", "[\\]^_` 漢字漢字漢字漢字漢字漢字", "ÀÁÂ ÀÁÂ",  # below U+0300: neither
    "Ab Cd ĀĒ", "", "plain ascii text", "Привет мир hello",
])
def test_cleaning_the_text_leaves_what_langdetect_leaves(text):
    ours, theirs = SeededDetector(_factory()), Detector(_factory())
    ours.text = theirs.text = text
    ours.cleaning_text()
    theirs.cleaning_text()
    assert ours.text == theirs.text


@pytest.mark.parametrize("text", [
    "plain text  with   spaces", "mail me at a.b@example.com now", "an @ alone, and a@", "ftp://host/x and x://y",
    "see https://example.com/a?b=c#d and http://x.y", "http://user@example.com/p", "https://a.b/c@d.e",
    "Vie\u0302\u0323t Nam: ho\u0300a bi\u0300nh, Tie\u0301ng Vie\u0323\u0302t",
    "a\u0301 e\u0300 o\u0303 u\u0309 y\u0323",
    "\u0301 a mark alone", "tiếng Việt (composed)", "ÀB ș ✓",
])
def test_appending_a_text_leaves_what_langdetect_leaves(text):
    """URLs, e-mail addresses, the Vietnamese letters written with a combining mark (and texts that
    hold part of what those substitutions look for)."""
    ours, theirs = SeededDetector(_factory()), Detector(_factory())
    ours.append(text)
    theirs.append(text)
    assert ours.text == theirs.text


def test_the_character_forms_stay_bounded_and_are_ngrams_own_past_the_bound():
    from langdetect.utils.ngram import NGram

    from cleaners.describe.detector import _NORMALIZED_MAX, _TABLE, _normalized

    text = "".join(chr(code) for code in range(0x20, 0x20 + _NORMALIZED_MAX + 4096) if not 0xD800 <= code < 0xE000)
    assert _normalized(text) == "".join(map(NGram.normalize, text))
    assert len(_TABLE) == _NORMALIZED_MAX
    assert _normalized(text[-50:]) == "".join(map(NGram.normalize, text[-50:]))  # past the bound: worked out again
