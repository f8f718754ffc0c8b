"""`newsbroom dedup` on records `newsbroom clean` made from real pages: one liputan6.com article, the same
article cross-posted on fimela.com (another site of the KLY network, in fimela's own real page), and
the article with its boilerplate changed, grouped; the other real articles left alone."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from selectolax.lexbor import LexborHTMLParser

from cleaners.describe.simhash import NEAR_COPY_BITS
from crawler.cli import main
from tests.conftest import PAGES

ORIGINAL = "id-liputan6-002"
OTHERS = ["id-liputan6-001", "id-liputan6-003", "id-fimela-001", "id-fimela-002", "id-bolanet-otosia-001",
          "id-merdeka-001", "fundus-id-MediaIndonesia-2026-01-20"]
FIMELA_URL = "https://www.fimela.com/lifestyle-relationship/read/4268877/inilah-kebenaran-tak-terduga-mencintai-pria-libra-yang-perlu-diketahui"
CROSS_POST_URL = "https://www.fimela.com/news/read/4465001/update-23-januari-2021-98-juta-kasus-covid-19-di-dunia"
LIPUTAN6_URL = "https://www.liputan6.com/global/read/4464894/update-23-januari-2021-98-juta-kasus-covid-19-di-dunia-akan-tembus-100-juta"


def _cross_post(original: str) -> str:
    """The liputan6 article republished on fimela.com the next morning, as a network CMS does it:
    the article's own markup (paragraphs, lists, links, embeds) in fimela's real page (its chrome,
    scripts, menus, related links, footer), with fimela's dateline, the republication credit, and
    the last paragraph cut."""
    source = LexborHTMLParser(original)
    title = source.css_first("h1").text(strip=True)
    sections = source.css(".article-raw-content")
    sections[-1].css("p")[-1].decompose()
    article = "".join(section.inner_html or "" for section in sections)
    assert "<b>Liputan6.com, Jakarta -</b>" in article
    article = article.replace("<b>Liputan6.com, Jakarta -</b>", "<b>Fimela.com, Jakarta -</b>", 1)
    page = (PAGES / "id-fimela-001.html").read_bytes().decode("utf-8")
    tree = LexborHTMLParser(page)
    old_title = tree.css_first("h1").text(strip=True)
    body = tree.css_first(".article-content-body")
    body.inner_html = ('<div class="article-content-body__item-page"><div class="article-content-body__item-content">'
                       f"{article}<p>Artikel ini telah tayang di Liputan6.com dengan judul {title}</p></div></div>")
    html = tree.html or ""
    assert old_title in html and FIMELA_URL in html and "2020-06-02T19:15:00+07:00" in html
    return (html.replace(old_title, title).replace(FIMELA_URL, CROSS_POST_URL)
            .replace("2020-06-02T19:15:00+07:00", "2021-01-24T08:00:00+07:00")
            .replace('"datePublished":"2020-06-02T', '"datePublished":"2021-01-24T'))


def _new_boilerplate(original: str) -> str:
    """The same liputan6 page served on its mobile host with other boilerplate: the menus and footer
    gone, a related-links box and a video promo inside the article, and a sign-off at its end."""
    tree = LexborHTMLParser(original)
    for node in tree.css("nav, footer, .nav-main, .footer"):
        node.decompose()
    items = tree.css(".article-raw-content")
    items[0].insert_child(LexborHTMLParser(
        "<div class='baca-juga'><p>Baca Juga</p><ul><li><a href='/x'>Vaksin COVID-19 Tiba di Jakarta</a></li>"
        "<li><a href='/y'>Kasus Harian Indonesia Pecah Rekor</a></li></ul></div>").body.child)
    items[-1].insert_child(LexborHTMLParser("<p>Simak video pilihan di bawah ini:</p>").body.child)
    items[-1].insert_child(LexborHTMLParser("<p>(Tim Global Liputan6.com)</p>").body.child)
    html = tree.html or ""
    assert LIPUTAN6_URL in html
    return html.replace(LIPUTAN6_URL, LIPUTAN6_URL.replace("www.", "m.") + "?amp=1")


def _groups(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


@pytest.fixture(scope="module")
def cleaned(tmp_path_factory) -> tuple[Path, dict[str, dict]]:
    """`newsbroom clean` of the original, its two copies and the other articles: (its -o DIR, the
    records by file stem)."""
    root = tmp_path_factory.mktemp("dedup")
    pages = root / "pages"
    pages.mkdir()
    original = (PAGES / f"{ORIGINAL}.html").read_bytes().decode("utf-8")
    shutil.copy(PAGES / f"{ORIGINAL}.html", pages / "a-original.html")
    (pages / "b-cross-post.html").write_text(_cross_post(original), encoding="utf-8")
    (pages / "c-new-boilerplate.html").write_text(_new_boilerplate(original), encoding="utf-8")
    for page_id in OTHERS:
        shutil.copy(PAGES / f"{page_id}.html", pages / f"{page_id}.html")
    out = root / "out"
    assert main(["clean", str(pages), "-o", str(out), "--format", "jsonl", "--jobs", "2"]) == 0
    records = {Path(r["source"]).stem: r for r in map(json.loads, (out / "articles.jsonl").open(encoding="utf-8"))}
    return out, records


def test_near_copies_of_a_real_article_are_one_group(cleaned, tmp_path, capsys):
    out, records = cleaned
    assert len(records) == 3 + len(OTHERS)
    copies = [records["a-original"], records["b-cross-post"], records["c-new-boilerplate"]]
    assert [r["site"] for r in copies] == ["liputan6.com", "fimela.com", "m.liputan6.com"]
    assert len({r["id"] for r in copies}) == 3 and len({r["text"] for r in copies}) == 3

    capsys.readouterr()
    assert main(["dedup", str(out), "-o", str(tmp_path / "groups.jsonl")]) == 0
    assert f"read {len(records)} records from 1 file; 1 group of near copies within {NEAR_COPY_BITS} bits " \
           "(2 copies beside their keepers)" in capsys.readouterr().err
    [found] = _groups(tmp_path / "groups.jsonl")
    # The fimela cross-post came a day later; of the two liputan6 pages (one date) the one with more
    # words (the mobile copy kept its sign-off line) is kept.
    assert (found["keeper"], found["keeper_reason"], found["size"]) == \
           (records["c-new-boilerplate"]["id"], "most words (same published_at)", 3)
    assert records["c-new-boilerplate"]["word_count"] > records["a-original"]["word_count"]
    members = {m["id"]: m for m in found["members"]}
    assert set(members) == {r["id"] for r in copies}
    for record in copies:
        member = members[record["id"]]
        assert {k: member[k] for k in ("version", "url", "site", "title", "word_count")} == \
               {k: record[k] for k in ("version", "url", "site", "title", "word_count")}
        assert 0 <= member["distance"] <= NEAR_COPY_BITS
    assert members[records["b-cross-post"]["id"]]["distance"] > 0

    # Different articles (one site, one template, one topic for the two fimela zodiac pages) stay apart:
    # even at half again the distance nothing else joins the group.
    assert main(["dedup", str(out / "articles.jsonl"), "--distance", str(NEAR_COPY_BITS + 4),
                 "-o", str(tmp_path / "wider.jsonl")]) == 0
    assert [g["size"] for g in _groups(tmp_path / "wider.jsonl")] == [3]


def test_records_read_from_parquet_give_the_same_groups(cleaned, tmp_path, capsys):
    pytest.importorskip("pyarrow", reason="Parquet needs pyarrow: pip install 'newsbroom[parquet]'")
    out, _ = cleaned
    parts = tmp_path / "parts"
    parts.mkdir()
    assert main(["merge", str(out), "-o", str(parts / "articles.parquet")]) == 0
    assert main(["dedup", str(parts), "-o", str(tmp_path / "from-parquet.jsonl")]) == 0
    assert main(["dedup", str(out), "-o", str(tmp_path / "from-jsonl.jsonl")]) == 0
    from_parquet = _groups(tmp_path / "from-parquet.jsonl")
    assert from_parquet == _groups(tmp_path / "from-jsonl.jsonl") and [g["size"] for g in from_parquet] == [3]
    broken = tmp_path / "broken.parquet"
    broken.write_bytes(b"PAR1 this is not a table")
    assert main(["dedup", str(broken)]) == 1
    assert "not a readable Parquet file" in capsys.readouterr().err


def test_usage_errors_and_unreadable_lines(tmp_path, capsys):
    assert main(["dedup", str(tmp_path / "missing")]) == 2
    assert "does not exist" in capsys.readouterr().err
    assert main(["dedup", str(tmp_path), "--distance", "40"]) == 2
    assert "--distance 40 is out of range" in capsys.readouterr().err
    part = tmp_path / "articles.jsonl"
    part.write_text('{"id": "a", "simhash": "00000000000000ff"}\n{"id": "b", "simhash": "00000000000000fe"}\n'
                    "garbage\n", encoding="utf-8")
    assert main(["dedup", str(tmp_path), "-o", str(tmp_path)]) == 2
    assert "is a directory" in capsys.readouterr().err
    assert main(["dedup", str(tmp_path)]) == 1
    captured = capsys.readouterr()
    assert [g["size"] for g in map(json.loads, captured.out.splitlines())] == [2]
    assert f"skipped 1 unreadable line ({part}:3)" in captured.err
