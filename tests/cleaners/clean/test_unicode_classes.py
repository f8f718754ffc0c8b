"""The stored members of the large classes are exactly what this Python's `re` reads them as: RE2 and
Python agree on every character, whether a process reads the classes or the stored file."""

from __future__ import annotations

import json
import re
import unicodedata

import pytest

from checks.unicode_classes import main as check_classes
from cleaners.clean import regex, uniclass


def test_the_stored_classes_are_this_pythons() -> None:
    stored = json.loads(uniclass.CLASSES_FILE.read_text(encoding="utf-8"))
    if stored["unicode"] != unicodedata.unidata_version:
        pytest.skip(f"the file is for Unicode {stored['unicode']}, this Python has {unicodedata.unidata_version}")
    assert check_classes([]) == 0
    for source, flags, body in stored["classes"]:
        assert body == uniclass.read_class_body(source, flags), (source, flags)


@pytest.mark.parametrize("source", ["\\w", "\\d", "\\s", "[^\\W\\d_]"])
def test_a_stored_class_matches_what_python_matches(source: str) -> None:
    pattern = regex.compile(f"{source}+")
    sample = "Déjà vu 12 ٣٤ 漢字 _ \u00a0\u2003 ñ Ω ß İ ǅ \U0001d7d8 - / ."
    for char in sample:
        assert bool(pattern.fullmatch(char)) == bool(re.fullmatch(f"{source}+", char)), (source, hex(ord(char)))
