"""Properties that hold for any input (hypothesis)."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cleaners import RejectedInput, clean_html, clean_text
from cleaners.clean.normalize import normalize_line

# Lines built from news-like pieces and from arbitrary Unicode, junk labels among them.
_PIECES = st.sampled_from([
    "Advertisement", "970x90px", "Video", "Baca juga: Harga Emas Naik", "Jumat, 04 Juli 2025",
    "TRIBUNNEWS.COM - Presiden berbicara kepada wartawan di Istana pada Senin pagi.",
    "Presiden berbicara kepada wartawan di Istana pada Senin pagi.", "(mdk/yan)",
    "Isi komentar sepenuhnya adalah tanggung jawab pengguna dan diatur dalam UU ITE.",
    "Konflik Rusia Vs Ukraina", "Harga Beras Naik di Pasar Tradisional Jakarta", "• Poin pertama", "",
    "\u00a0", "Jakarta - Hujan deras melanda kota sejak pagi hari, kata BMKG.", "Berita Terkait",
    "Editor: Ani", "“Kami sepakat,” katanya.", "港特首梁振英就住宅违建事件道歉。", "#Changemaker",
])
_LINE = st.one_of(_PIECES, st.text(min_size=0, max_size=80))
_DOC = st.lists(_LINE, min_size=0, max_size=25).map("\n".join)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_DOC)
def test_cleaning_is_idempotent(doc: str):
    try:
        once = clean_text(doc).to_text()
    except RejectedInput:
        return
    try:
        twice = clean_text(once).to_text()
    except RejectedInput:
        raise AssertionError(f"clean output was rejected when cleaned again: {once!r}") from None
    assert twice == once


@settings(max_examples=300, deadline=None)
@given(_DOC)
def test_output_is_in_the_seed_format(doc: str):
    try:
        text = clean_text(doc).to_text()
    except RejectedInput:
        return
    assert not text.endswith("\n") and "\n\n" not in text
    for line in text.split("\n"):
        assert line and line == normalize_line(line)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_normalize_line_is_idempotent(text: str):
    once = normalize_line(text)
    assert normalize_line(once) == once
    assert "\n" not in once


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_PIECES, min_size=1, max_size=12))
def test_html_output_cleans_to_itself(paragraphs):
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    html = (f"<html lang='id'><head><title>Judul Berita Hari Ini</title></head><body><article>{body}</article>"
            "</body></html>")
    try:
        text = clean_html(html).to_text()
    except RejectedInput:
        return
    assert clean_text(text).to_text() == text
