"""Case tables for every normalizer step: what each changes, and what it must leave alone."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cleaners.clean.normalize import STEPS, normalize_line, split_lines

CASES = {
    "fix_mojibake": [
        ("â€œakar penyebabâ€\x9d", "“akar penyebab”"),
        ("KepulauanÂ Seribu", "Kepulauan\u00a0Seribu"),
    ],
    "plain_spaces": [
        ("Jakarta\u00a0-\u2009Harga", "Jakarta - Harga"),
        ("a\u3000b\u202fc\td", "a b c d"),
    ],
    "drop_zero_width": [
        ("Pre\u200bsiden\u200d Joko\ufeff", "Presiden Joko"),
        ("ke\u00adbi\u00adjak\u00adan", "kebijakan"),
        ("a\u2060b\u200cc", "abc"),
    ],
    "drop_control": [
        ("Harga\x00 naik\x07", "Harga naik"),
        ("baris\rbaru", "barisbaru"),
    ],
    "nfc": [
        ("Cafe\u0301", "Café"),
        ("Tie\u0302\u0301ng Vie\u0323\u0302t", "Tiếng Việt"),
    ],
    "collapse_spaces": [
        ("  dua   spasi  ", "dua spasi"),
    ],
}

UNCHANGED = [
    "“Tidak, saya tidak butuh bantuan dengan Iran. Saya butuh bantuan dengan Anda,\" kata Trump.",
    "Setelah panggilan, Trump menuatakan bahwa ia belum mencapai 'kemajuan'",
    "Namun dia mengatakan gencatan senjata penuh – suatu kondisi — yang ditolak",
    "港特首梁振英就住宅违建事件道歉",
    "معارضون يسيطرون على مخازن للصواريخ",
    "Đau bụng kéo dài, phát hiện ung thư",
    "Ελληνικά, русский, ภาษาไทย",
    "e\u200e",  # a direction mark is not a zero-width space: it stays
]


@pytest.mark.parametrize("step, given, wanted", [(s, g, w) for s, cases in CASES.items() for g, w in cases])
def test_step_changes(step, given, wanted):
    assert STEPS[step](given) == wanted


@pytest.mark.parametrize("step", sorted(STEPS))
@pytest.mark.parametrize("text", UNCHANGED)
def test_step_leaves_clean_text_alone(step, text):
    assert STEPS[step](text) == text


def test_every_step_has_a_case_table():
    assert set(CASES) == set(STEPS)


@pytest.mark.parametrize("text", [g for cases in CASES.values() for g, _ in cases] + UNCHANGED)
def test_normalize_is_idempotent_on_the_tables(text):
    once = normalize_line(text)
    assert normalize_line(once) == once


def test_split_lines_knows_every_line_break():
    assert split_lines("a\r\nb\rc\nd\u2028e\u2029f\x85g") == list("abcdefg")


@given(st.text(alphabet=st.sampled_from(["a", "é", " ", "\n", "\r", "\u2028", "\u2029", "\x85", "\x0b",
                                        "\x0c", "\x1c", "\x1e", "\t", "\x00"])))
def test_split_lines_breaks_where_the_line_break_pattern_does(text):
    # the fast path (str.splitlines) must give the very parts of the pattern's split, empty ones included
    assert split_lines(text) == re.split(r"\r\n|[\n\r\u2028\u2029\x85\x0b\x0c]", text)
