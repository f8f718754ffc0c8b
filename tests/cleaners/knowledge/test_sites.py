"""The site profile loader: a valid profile loads, a broken one fails naming file and key."""

from __future__ import annotations

import pytest

from cleaners.errors import ProfileError
from cleaners.knowledge.sites import load_profiles

GOOD = '''
id = "{id}"
name = "Contoh"
domains = ["contoh.co.id"]
timezone = "+07:00"
[extract]
body = ["div.detail__body-text"]
strip = [".baca-juga"]
dateline = '^(?P<dateline>CONTOH\\.CO\\.ID)\\s*-\\s+'
[pagination]
mode = "single_url"
single_url = "{{url}}?page=all"
[crawl]
feeds = ["https://www.contoh.co.id/rss"]
article_url = ['/read/\\d+/']
'''


def _write(tmp_path, text, name="contoh"):
    path = tmp_path / f"{name}.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_valid_profile_loads_and_matches_its_hosts(tmp_path):
    registry = load_profiles([_write(tmp_path, GOOD.format(id="contoh"))])
    profile = registry.get("contoh")
    assert profile.tag == "site:contoh/v1" and profile.verified is False
    assert registry.for_host("www.contoh.co.id") is profile
    assert registry.for_host("news.contoh.co.id") is profile
    assert registry.for_host("contoh.com") is None
    assert profile.crawl.is_article_url("https://www.contoh.co.id/read/123/x")
    assert not profile.crawl.is_article_url("https://www.contoh.co.id/tag/x")


@pytest.mark.parametrize("change, key", [
    (('id = "contoh"', 'id = "lain"'), "id"),
    (('domains = ["contoh.co.id"]', 'domains = ["Contoh CO ID"]'), "domains[0]"),
    (('body = ["div.detail__body-text"]', 'body = ["div[["]'), "extract.body[0]"),
    (('body = ["div.detail__body-text"]', 'body = []'), "extract.body"),
    (('mode = "single_url"', 'mode = "sometimes"'), "pagination.mode"),
    (('timezone = "+07:00"', 'timezone = "WIB"'), "timezone"),
    (("article_url = ['/read/\\d+/']", "article_url = ['/read/(']"), "crawl.article_url[0]"),
    (('feeds = ["https://www.contoh.co.id/rss"]', 'feeds = ["/rss"]'), "crawl.feeds[0]"),
    (('name = "Contoh"', 'name = "Contoh"\ncolour = "red"'), "colour"),
    (('name = "Contoh"', 'name = "Contoh"\nverified = true'), "sources"),
    (('mode = "single_url"', 'mode = "single_url"\npage_pattern = "[?&page"'), "pagination.page_pattern"),
])
def test_a_broken_profile_fails_naming_file_and_key(tmp_path, change, key):
    text = GOOD.format(id="contoh")
    assert change[0] in text
    path = _write(tmp_path, text.replace(*change))
    with pytest.raises(ProfileError) as info:
        load_profiles([path])
    assert str(path) in str(info.value) and f": {key}: " in str(info.value)


# -- the junk patterns as one alternation -------------------------------------------------------------------
JUNK_LINES = [
    "Baca juga: Harga beras naik", "BACA JUGA", "baca juga :", "Advertisement", "ADVERTISEMENT", "Perbesar",
    "(ant/rez)", "(brl/mik)", "(ANT/REZ)", "Editor: Budi", "Penulis : Ani", "Pewarta: Ani", "Sumber: Antara",
    "[Gambas:Video CNN]", "Scroll to continue with content", "Simak Video Pilihan Berikut Ini:",
    "Saksikan video di bawah ini.", "Foto: Antara", "Halaman 1 2 3 Tampilkan Semua", "Copyright © ANTARA 2024",
    "Harga beras di pasar tradisional naik untuk ketiga kalinya bulan ini.", "", " ", "baca", "Editor",
    "Baca juga: " + "x" * 500, "Tag: ekonomi", "Bagikan", "\u0130klan", "Laporan Wartawan Tribunnews.com, Ani",
]


def test_the_junk_union_matches_a_line_exactly_when_one_pattern_does():
    from cleaners.knowledge.sites import default_registry

    registry = default_registry()
    profiles = [registry.get(name) for name in ("antaranews", "detik", "liputan6", "cnnindonesia", "tribunnews",
                                                 "brilio", "bolanet", "kompas")]
    assert all(p is not None and p.extract.junk_union is not None for p in profiles)
    for profile in profiles:
        for line in JUNK_LINES:
            one = any(p.fullmatch(line) for p in profile.extract.junk)
            assert (profile.extract.junk_union.fullmatch(line) is not None) == one, (profile.id, line)


@pytest.mark.parametrize("patterns", [
    [r"(?i)baca juga", r"(?P<x>editor)\s*:.*"],  # a group: not joined
    [r"(?s)baca.*", r"editor"],  # a flag other than a leading (?i)
    [r"(?i)(?s)baca.*"],
    [r"(?i)(?i)baca juga", r"editor"],  # a flag repeated after the leading (?i): refused when joined
    [r"(?u)editor"],  # a flag its compiled flags do not show
])
def test_junk_that_cannot_be_joined_is_tried_pattern_by_pattern(patterns):
    import re

    from cleaners.knowledge.sites import Extract

    extract = Extract(body=("article",), junk=tuple(re.compile(p) for p in patterns))
    assert extract.junk_union is None
    lines = ["Baca juga", "BACA JUGA: x", "editor", "Editor: Ani", "editor yang baik", "baca\nlagi", "(ant)"]
    assert [extract.is_junk(line) for line in lines] == [any(p.fullmatch(line) for p in extract.junk) for line in lines]
    assert Extract(body=("article",), junk=(re.compile(r"(?i)baca juga"), re.compile(r"\(ant\)"))).junk_union
