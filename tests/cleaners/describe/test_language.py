"""Language: the function-word confirmation of Indonesian (cleaners/describe/language.py) on real texts.

The texts are the gold bodies of real pages in fixtures/pages/ (their provenance beside them) and
the seeds: Indonesian ones are confirmed without langdetect when nothing or Indonesian is declared;
texts in other languages, and any text declaring another language, still go to langdetect.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cleaners.describe.language import by_function_words, detect_language, page_language

ROOT = Path(__file__).resolve().parents[3]
PAGES = ROOT / "fixtures" / "pages"
SEEDS = ROOT / "seeds"


def _gold(page_id: str) -> str:
    return json.loads((PAGES / f"{page_id}.json").read_text(encoding="utf-8"))["text"]


@pytest.mark.parametrize("text", [
    *(p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))),
    _gold("id-liputan6-001"), _gold("id-merdeka-003"), _gold("fundus-id-MediaIndonesia-2026-01-20"),
])
def test_an_undeclared_indonesian_text_is_confirmed_by_its_function_words(text):
    assert by_function_words(text[:1000]) == "id"
    assert detect_language(text) == ("id", "stopwords")
    assert page_language(text, None, None) == ("id", "stopwords")


@pytest.mark.parametrize(("page_id", "language"), [
    ("fundus-uk-BBC-2026-04-25", "en"), ("fundus-us-APNews-2024-09-03", "en"), ("fundus-de-SZ-2024-09-30", "de"),
    ("fundus-es-ElPais-2024-10-15", "es"), ("fundus-tr-AnadoluAjansi-2026-04-20", "tr"),
])
def test_other_languages_go_to_langdetect(page_id, language):
    text = _gold(page_id)
    assert by_function_words(text[:1000]) is None
    assert detect_language(text) == (language, "langdetect")


@pytest.mark.parametrize("page_id", ["id-liputan6-001", "id-merdeka-003", "fundus-id-MediaIndonesia-2026-01-20"])
def test_a_declared_indonesian_text_is_confirmed_by_its_function_words(page_id):
    text = _gold(page_id)
    assert detect_language(text, "id") == ("id", "declared+stopwords")
    assert page_language(text, "id", "id") == ("id", "declared+stopwords")
    assert page_language(text, "id", None) == ("id", "declared+stopwords")


@pytest.mark.parametrize(("page_id", "language"), [
    ("fundus-uk-BBC-2026-04-25", "en"), ("fundus-de-SZ-2024-09-30", "de"), ("fundus-es-ElPais-2024-10-15", "es"),
])
def test_another_declared_language_or_a_text_in_another_language_declared_indonesian_goes_to_langdetect(
        page_id, language):
    text = _gold(page_id)
    assert detect_language(text, language) == (language, "declared+langdetect")
    assert detect_language(text, "id")[1] != "declared+stopwords"  # mislabelled: langdetect decides
    assert page_language(text, "id", "id")[1] != "declared+stopwords"


def test_a_short_or_mixed_text_is_not_confirmed():
    assert by_function_words("Banjir di Jakarta") is None  # too few words
    mixed = ("The minister said that the new rules would apply to all of the ports, and yang baru itu "
             "akan berlaku untuk semua pelabuhan di Indonesia, kata dia kepada wartawan di Jakarta.")
    assert by_function_words(mixed) is None  # English function words too


@given(st.text(alphabet=st.sampled_from(list("ab1 .é中\n")), max_size=120))
def test_too_few_letters_counts_as_the_whole_window_does(window):
    from cleaners.describe.language import _MIN_LETTERS, _too_few_letters

    assert _too_few_letters(window) == (sum(map(str.isalpha, window)) < _MIN_LETTERS)


def test_letters_after_the_first_characters_still_count():
    from cleaners.describe.language import _MIN_LETTERS, _too_few_letters

    assert not _too_few_letters("1" * 3 * _MIN_LETTERS + "a" * _MIN_LETTERS)
    assert _too_few_letters("a" * (_MIN_LETTERS - 1) + "1" * 3 * _MIN_LETTERS)
    assert not _too_few_letters("a" * (_MIN_LETTERS - 1) + "1" * 3 * _MIN_LETTERS + "b")
