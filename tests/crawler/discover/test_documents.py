"""Gzipped sitemaps are read by the same bounded gunzip as every other input: all gzip members,
and a cut-off or corrupt stream is a failed document, not a silent part of one."""

from __future__ import annotations

import gzip

import pytest

from crawler.discover import BadDocument, TooLarge, inflate, parse_xml

_URLSET = (b'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
           + b"".join(b"<url><loc>http://a.example/news/berita-nomor-%d</loc></url>" % i for i in range(300))
           + b"</urlset>")


def test_every_gzip_member_is_read():
    half = len(_URLSET) // 2
    found = parse_xml(gzip.compress(_URLSET[:half]) + gzip.compress(_URLSET[half:]), "http://a.example/s.xml.gz")
    assert len(found.entries) == 300


def test_a_cut_off_gzip_sitemap_is_a_bad_document():
    whole = gzip.compress(_URLSET)
    with pytest.raises(BadDocument, match="cut off"):
        parse_xml(whole[: len(whole) // 2], "http://a.example/s.xml.gz")


def test_limits_and_messages():
    with pytest.raises(TooLarge, match="the document is 108 bytes, over the limit of 50"):
        inflate(b"<urlset>" + b" " * 100, limit=50)
    with pytest.raises(TooLarge, match="the gzip document inflates past the limit of 50 bytes"):
        inflate(gzip.compress(b"<urlset>" + b" " * 100), limit=50)
    with pytest.raises(BadDocument, match="the gzip document is corrupt: "):
        inflate(gzip.compress(b"<urlset/>")[:10] + b"\xff" * 40)
    assert inflate(gzip.compress(b"<urlset/>")) == b"<urlset/>"
