"""`cleaners.scripts`: the first test for a character of a script written without spaces lets every
character of each reader's class through (a class that grows past it would be skipped silently), and
passes over plain and typographic Latin text."""

from __future__ import annotations

import re

import pytest

from cleaners.clean import draft, head
from cleaners.describe import refusal, simhash
from cleaners.scripts import may_be_unspaced, script_class

_EVERY = "".join(chr(c) for c in range(0x110000))


@pytest.mark.parametrize("source", [draft._CJK, head._UNSPACED, refusal._NO_SPACE, simhash._NO_SPACE_CHAR])
def test_every_character_of_each_class_passes_the_first_test(source: str):
    found = script_class(source).findall(_EVERY)
    assert len(found) > 1000
    assert all(map(may_be_unspaced, found))
    assert script_class(source) is script_class(source)  # compiled once


@pytest.mark.parametrize("text", ["", "plain ASCII", "café “kutipan” – kata • lain…", "Ünïcödé ½ ² ٣ हिन्दी"])
def test_texts_without_such_scripts_are_told_at_once(text: str):
    assert not may_be_unspaced(text)
    assert not any(re.search(source, text) for source in (draft._CJK, head._UNSPACED, refusal._NO_SPACE))


@pytest.mark.parametrize("text", ["ภาษาไทย", "ひらがな", "中文", "한국어", "€ 5", "\U0001f600", "\ud800"])
def test_a_text_beyond_them_may_hold_one(text: str):
    assert may_be_unspaced(text)  # (a euro sign, an emoji, a lone surrogate: read by the class, which finds none)
