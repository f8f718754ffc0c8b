"""The site path's text clean-up (cleaners/extract/site.py `_clean`): runs of HTML whitespace and
no-break spaces as one space, the ends trimmed. Its shortcut for printable text without a double
space must give what the full clean-up gives, on any text."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from cleaners.extract.site import _clean

_SPACE_RE = re.compile(r"[ \t\r\n\f\v]+")
SPACES = " \t\r\n\f\v\xa0\u2003\u3000\x85\u2028\x1c"


def _full(text: str) -> str:
    return _SPACE_RE.sub(" ", text.replace("\xa0", " ")).strip()


@given(st.text(alphabet=st.sampled_from(list(SPACES) + list("ab.é中")), max_size=40) | st.text(max_size=40))
def test_the_shortcut_gives_the_full_clean_up(text):
    assert _clean(text) == _full(text)


def test_html_whitespace_and_no_break_spaces_collapse():
    assert _clean("  Jakarta\xa0\xa0-\n\tHarga  naik ") == "Jakarta - Harga naik"
    assert _clean(" Harga naik ") == "Harga naik"  # printable: only the ends go
    assert _clean("Harga\u3000naik") == "Harga\u3000naik"  # an ideographic space is text, not HTML whitespace
