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


_PLAIN = ["Harga beras naik lagi.", "Pedagang mengeluh (kata mereka)."]


@pytest.mark.parametrize("odd", [" lead space", "trail space ", "double  space", "two\nlines", "", "tab\there",
                                 "Caf\u00e9 au lait", "zero\u200bwidth", "\u00a0nbsp"])
def test_the_normalize_step_reads_a_page_of_plain_lines_as_line_by_line(odd):
    # one odd line among plain ones (first, between, last): the page is read line by line, as each alone
    from cleaners.clean.draft import Draft
    from cleaners.clean.junk import normalize
    from cleaners.knowledge.rules import default_rules
    from cleaners.model import Block

    rules = default_rules()
    for texts in ([odd, *_PLAIN], [_PLAIN[0], odd, _PLAIN[1]], [*_PLAIN, odd]):
        draft = Draft(tuple(Block("paragraph", text) for text in texts), " Judul  berita ")
        wanted = [line for text in texts for line in map(normalize_line, split_lines(text)) if line]
        cleaned = normalize(draft, rules)
        assert [b.text for b in cleaned.blocks] == wanted and cleaned.title == "Judul berita"
    plain = Draft(tuple(Block("paragraph", text) for text in _PLAIN), "Judul")
    assert normalize(plain, rules) is plain
    assert normalize(Draft(()), rules) == Draft(())


def test_printable_ascii_is_isprintable_on_every_ascii_text():
    from cleaners.clean.normalize import plain_ascii, printable_ascii

    for code in range(0x80):
        char = chr(code)
        for text in (char, f"a{char}b", f"{char}{char}"):
            assert printable_ascii(text) is text.isprintable(), repr(text)
            assert plain_ascii(text) is (text.isprintable() and normalize_line(text) == text), repr(text)
    assert printable_ascii("") and not printable_ascii("caf\u00e9") and not printable_ascii("\u00a0")
