"""Language: the function-word confirmation of Indonesian (cleaners/describe/language.py) on real texts.

The texts are the gold bodies of real pages in fixtures/pages/ (their provenance beside them) and
the seeds: Indonesian ones are confirmed without langdetect when nothing is declared, and in the
short confirmation of a declared Indonesian; texts in other languages, or in another script, and
any text declaring another language, still go to langdetect.
"""

from __future__ import annotations

import json
import string
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cleaners.describe.language import (
    _ASCII_WORD_BYTES,
    _WORD_RE,
    AGREED_PREFIX_CHARS,
    by_function_words,
    detect_language,
    page_language,
)
from cleaners.knowledge.settings import default_settings

ROOT = Path(__file__).resolve().parents[3]
PAGES = ROOT / "fixtures" / "pages"
SEEDS = ROOT / "seeds"
TEXTDUMPS = ROOT / "fixtures" / "textdumps"
STOP_DECLARED_SHARE = default_settings().language.stopword_declared_share


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
def test_a_declared_indonesian_text_is_confirmed_by_its_short_samples_function_words(page_id):
    text = _gold(page_id)
    assert by_function_words(text[:AGREED_PREFIX_CHARS], STOP_DECLARED_SHARE) == "id"
    assert page_language(text, "id", "id") == ("id", "declared+stopwords")  # profile and page agree
    assert page_language(text, None, "id") == ("id", "declared+stopwords")  # the profile alone
    assert page_language(text, "id", None) == ("id", "declared+stopwords")  # the page alone
    assert detect_language(text, "id") == ("id", "declared+langdetect")  # the full detection asks langdetect


@pytest.mark.parametrize(("page_id", "language"), [
    ("fundus-uk-BBC-2026-04-25", "en"), ("fundus-de-SZ-2024-09-30", "de"), ("fundus-es-ElPais-2024-10-15", "es"),
])
def test_another_declared_language_or_a_text_in_another_language_declared_indonesian_goes_to_langdetect(
        page_id, language):
    text = _gold(page_id)
    assert detect_language(text, language) == (language, "declared+langdetect")
    assert detect_language(text, "id") == (language, "langdetect; declared id")  # mislabelled: langdetect decides
    assert page_language(text, "id", "id") == (language, "langdetect; declared id")
    assert page_language(text, "id", None) == (language, "langdetect; declared id")


def test_a_chinese_article_under_an_indonesian_line_is_not_read_by_function_words():
    """Each run of Chinese between two marks is one word to the count: the Indonesian line's function
    words would reach the share. A letter of another script than the Latin one leaves it to langdetect."""
    text = _gold("id-merdeka-003")[:60] + "\n" + _gold("np4k-chinese-article")
    assert by_function_words(text[:AGREED_PREFIX_CHARS]) is None
    assert by_function_words(text[:1000]) is None
    assert detect_language(text) == ("zh", "langdetect")
    assert page_language(text, "id", "id") == ("zh", "langdetect; declared id")


def test_a_foreign_article_with_an_indonesian_line_in_its_sample_is_not_confirmed_by_function_words():
    """A German article with an Indonesian line of 80 characters within its short sample: the share
    an undeclared text's longer sample needs is reached there, the declared confirmation's is not,
    and langdetect reads German, as without the function words."""
    german = _gold("fundus-de-Tagesschau-2023-04-28")
    text = german[:30] + (TEXTDUMPS / "dev-jpnn-002.clean.txt").read_text(encoding="utf-8")[:80] + "\n" + german[30:]
    assert by_function_words(text[:AGREED_PREFIX_CHARS]) == "id"
    assert by_function_words(text[:AGREED_PREFIX_CHARS], STOP_DECLARED_SHARE) is None
    assert page_language(text, "id", None) == ("de", "langdetect; declared id")


def test_a_foreign_article_under_an_indonesian_line_rich_in_function_words_is_not_confirmed_by_them():
    """An Indonesian line of 80 characters holding four function words over a Spanish article: the
    short sample reaches the declared share, the 1,000 characters do not reach the undeclared one."""
    text = _gold("id-fimela-001")[:80] + "\n" + _gold("fundus-es-ElPais-2024-10-15")
    assert by_function_words(text[:AGREED_PREFIX_CHARS], STOP_DECLARED_SHARE) == "id"
    assert by_function_words(text[:1000]) is None
    assert page_language(text, "id", None) == ("es", "langdetect; declared id")


# A character above ASCII that is no letter (nor in another script than the Latin one): a sample ending
# with it is read as text, not by the ASCII samples' table of bytes, and has the same words.
_NOT_A_WORD = " \u2014"


@pytest.mark.parametrize("page_id", ["id-liputan6-001", "id-merdeka-003", "fundus-uk-BBC-2026-04-25",
                                     "fundus-id-MediaIndonesia-2026-01-20", "fundus-uk-TheGuardian-2024-02-24"])
def test_an_ascii_sample_reads_as_the_same_sample_read_as_text(page_id):
    """An ASCII sample's words are split by a table of bytes; the verdict is the one its text's
    words give, at every share, on real Indonesian and English texts (their ASCII prefixes)."""
    text = _gold(page_id)
    checked = 0
    for size in (60, 120, AGREED_PREFIX_CHARS, 400, 1000):
        sample = text[:size]
        if not sample.isascii():
            continue
        checked += 1
        for share in (0.02, STOP_DECLARED_SHARE, default_settings().language.stopword_share, 0.3):
            assert by_function_words(sample, share) == by_function_words(sample + _NOT_A_WORD, share)
    assert checked


# Mostly Indonesian function words, so that the verdicts vary (a sample with 5% English ones is never "id").
_MIXED = ["yang", "YANG", "Dan", "di", "ke", "dari", "untuk", "the", "jakarta", "Presiden", "2024", "dan_di",
          "yang2", "di-", "O'Neil", "ke.", "(itu)", "Yang's", "DARI-nya"]


@given(st.text(alphabet=string.printable, max_size=300))
def test_the_table_of_bytes_splits_an_ascii_sample_into_the_words_the_letter_regex_finds(sample):
    """The words themselves, not only a verdict: A-Z lowered, a-z kept, everything else a gap."""
    expected = [word.encode("ascii") for word in _WORD_RE.findall(sample.lower())]
    assert sample.encode("ascii").translate(_ASCII_WORD_BYTES).split() == expected


@given(st.lists(st.sampled_from(_MIXED), min_size=15, max_size=60), st.sampled_from([" ", "_", "-", ", ", "\n", "1"]))
def test_ascii_samples_of_mixed_words_read_as_the_same_samples_read_as_text(words, gap):
    """Cases, digits, underscores and marks between the words: the words the table splits are the
    text's (`[^\\W\\d_]+` of it lowered), so each share tells the same."""
    sample = gap.join(words)
    for share in (0.02, STOP_DECLARED_SHARE, 0.3):
        assert by_function_words(sample, share) == by_function_words(sample + _NOT_A_WORD, share)


@pytest.mark.parametrize("passage", [
    "إن شاء الله", "北京", "Москва", "กรุงเทพ", "東京タワー", "서울", "नमस्ते", "Nguyễn Phú Trọng", "ﬁnal",
])
def test_an_indonesian_text_quoting_a_few_words_of_another_script_is_still_read_by_its_function_words(passage):
    text = _gold("id-liputan6-001")
    quoted = text[:300] + " (" + passage + ") " + text[300:]
    assert by_function_words(quoted[:1000]) == "id"
    assert detect_language(quoted) == ("id", "stopwords")


@pytest.mark.parametrize("script", ["Москва и Санкт-Петербург", "東京タワーと富士山", "서울과 부산", "नमस्ते दुनिया",
                                    "กรุงเทพมหานคร", "مرحبا بالعالم"])
def test_a_sample_mostly_in_another_script_is_not_read_by_function_words(script):
    """An Indonesian line over a text in another script: the letters outside the Latin blocks
    outnumber the share the count allows."""
    text = _gold("id-liputan6-001")[:120] + "\n" + " ".join([script] * 40)
    assert by_function_words(text[:AGREED_PREFIX_CHARS]) is None
    assert by_function_words(text[:1000]) is None


def test_latin_letters_and_typographic_marks_do_not_count_as_another_script():
    text = _gold("id-liputan6-001")[:600]
    marked = "“" + text.replace(" ", " — ", 3) + "” ‘Şükrü’ ǎ … •"
    assert by_function_words(marked) == "id"


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
