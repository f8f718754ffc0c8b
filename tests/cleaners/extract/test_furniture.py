"""Furniture by DOM context on the generic path (cleaners/extract/furniture.py): captions, photo
credits, credit tables and lists of other stories go, by where they sit in the page, on real pages
of several outlets (fixtures/furniture, provenance in each page's JSON and the README there); the
article text beside them, and blocks of the same shape inside the article, stay."""

from __future__ import annotations

import gzip
import json
import re
import time
from pathlib import Path

import pytest
from selectolax.lexbor import LexborHTMLParser

from cleaners import Options, clean_html
from cleaners.extract.furniture import drop_furniture, furniture_nodes

FIXTURES = Path(__file__).resolve().parents[3] / "fixtures" / "furniture"
METADATA = FIXTURES.parent / "metadata"  # the real pages already copied there, with their gold, are read in place
_WORD_RE = re.compile(r"\w+")


def _page(page_id: str) -> tuple[bytes, dict]:
    where = FIXTURES if (FIXTURES / f"{page_id}.json").exists() else METADATA
    gold = json.loads((where / f"{page_id}.json").read_text(encoding="utf-8"))
    path = where / f"{page_id}.html"
    body = path.read_bytes() if path.exists() else gzip.decompress((where / f"{page_id}.html.gz").read_bytes())
    return body, gold


def _generic_text(page_id: str) -> tuple[str, dict]:
    body, gold = _page(page_id)
    article = clean_html(body, gold["url"], options=Options(use_sites=False))
    assert article.provenance.kind == "generic"
    return article.text, gold


def _gold_words(gold: dict) -> str:
    return " ".join(_WORD_RE.findall(gold["text"].lower()))


# (page, kind, lines that must be gone). Every case is a line the generic path kept before.
GONE = [
    ("id-kompas-102", "caption: an image's holder with its text",
     ["Samsul Arif dan Purwaka Yudi gabung dengan skuad Persib Bandung untuk Bali Island Cup."]),
    ("id-detik-102", "caption: an image's holder in a layout table",
     ["Photo/Jon Super)", "Super", "Griffiths"]),
    ("id-viva-101", "caption: the block after an image, ending in a credit label",
     ["Taylor Swift memberikan standing ovation untuk Joey Alexander. Foto: Grammy",
      "Bruno Mars memberikan standing ovation untuk Joey Alexander. Foto: Grammy"]),
    ("wcxb-4565", "caption: a block named caption, ending in a credit label",
     ["A tiny house means living more efficiently and, many say, effectively. Picture: Getty"]),
    ("id-kompas-101", "credit: a table of credit rows", ["Editor", ": Ervan Hardoko"]),
    ("id-detik-103", "related: other stories with their date lines and ranks",
     ["Kamis, 05/11/2015 10:08 WIB", "Jumat, 30/10/2015 09:59 WIB", "02", "10"]),
    ("wcxb-0305", "related: other posts with their dates",
     ["Top Women’s Yoga Retreats in Oregon for 2026 - November 27, 2025"]),
]


@pytest.mark.parametrize(("page_id", "kind", "lines"), GONE, ids=[f"{p}:{k.split(':')[0]}" for p, k, _ in GONE])
def test_furniture_lines_are_gone_and_the_article_stays(page_id: str, kind: str, lines: list[str]) -> None:
    text, gold = _generic_text(page_id)
    out = text.split("\n")
    for line in lines:
        assert line not in out, (kind, line)
    if page_id.startswith("id-"):  # hand-made gold: every gold paragraph is a line of the output
        wanted = [line for line in gold["text"].split("\n")[1:] if line]
        assert [line for line in wanted if line not in out] == []


# Blocks of a furniture shape that are the article (the gold keeps them).
STAYS = [
    ("wcxb-4695", "a list of linked product names inside the article", "Hammock straps (Kammok Python Straps)"),
    ("wcxb-0215", "lists of linked courses with ratings between the article's paragraphs",
     "CS50’s Web Programming with Python and JavaScript from Harvard University"),
    ("wcxb-0250", "the article's numbered list of sources", "Uniform Standards of Professional Appraisal Practice"),
    ("wcxb-4048", "glossary entries, each beside an icon", "The gas mileage a PHEV gets when its battery is spent"),
    ("wcxb-4642", "a subheading right after a picture", "Regular gym vs home gym"),
    ("wcxb-0179", "subheadings whose id slug holds the word credit", "The child tax credit (CTC)"),
]


@pytest.mark.parametrize(("page_id", "shape", "line"), STAYS, ids=[p for p, _, _ in STAYS])
def test_article_blocks_of_a_furniture_shape_stay(page_id: str, shape: str, line: str) -> None:
    text, gold = _generic_text(page_id)
    assert " ".join(_WORD_RE.findall(line.lower())) in _gold_words(gold)  # the gold keeps it
    assert line in text, shape


def _kinds(html: str) -> list[tuple[str, str]]:
    tree = LexborHTMLParser(f"<html><body>{html}</body></html>")
    assert tree.body is not None
    return [(kind, " ".join(node.text(deep=True, separator=" ").split())) for kind, node in furniture_nodes(tree.body)]


PROSE = ("<p>The council voted on Monday to close the old bridge for repairs that will last until spring, "
         "the mayor said.</p>")
PHOTO = '<img src="/a/photo.jpg" alt="The old bridge" width="640" height="360">'


@pytest.mark.parametrize(("html", "expected"), [
    (f'{PROSE}<div class="pic">{PHOTO}The old bridge at dusk.</div>{PROSE}', [("caption", "The old bridge at dusk.")]),
    (f"{PROSE}<div>{PHOTO}</div><div><em>The bridge. Photo: Jane Doe</em></div>{PROSE}",
     [("caption", "The bridge. Photo: Jane Doe")]),
    (f'{PROSE}<span class="image-credit">Jane Doe</span>{PROSE}', [("caption", "Jane Doe")]),
    ('<table><tr><td>Penulis</td><td>: Jane Doe</td></tr><tr><td>Editor</td><td>: John Roe</td></tr></table>',
     [("credit", "Penulis : Jane Doe Editor : John Roe")]),
    ("<div><h4>Latest</h4><ul>" + "".join(f'<li><span>0{i}</span> <a href="/{i}">Other story number {i} '
                                          f'about the town</a></li>' for i in range(1, 5)) + "</ul></div>" + PROSE,
     [("related", "01 Other story number 1 about the town 02 Other story number 2 about the town "
                  "03 Other story number 3 about the town 04 Other story number 4 about the town")]),
])
def test_each_kind_is_found_by_its_context(html: str, expected: list[tuple[str, str]]) -> None:
    assert _kinds(html) == expected


@pytest.mark.parametrize("html", [
    # a paragraph with an emoji or icon image in it
    f'<p><img src="/e/smile.png" width="16" height="16"> {PROSE[3:-4]}</p>',
    # a block whose first picture is an icon: not an image-only block, the line after it stays
    f'{PROSE}<div><img src="/e/logo.png" width="16">{PHOTO}</div>'
    f'<div><em>The bridge. Photo: Jane Doe</em></div>{PROSE}',
    # an image with a long text beside it: a paragraph, not a caption
    f"<div>{PHOTO}" + "The council met for four hours. " * 12 + "</div>",
    # a subheading after a picture
    f"{PROSE}<div>{PHOTO}</div><h2>What the council decided</h2>{PROSE}",
    # a sentence after a picture with no credit in it
    f"{PROSE}<div>{PHOTO}</div><p>The bridge was built in 1890 and carried trams until 1950.</p>{PROSE}",
    # a list of dated links between the article's paragraphs: the article's own list
    PROSE + "<ul>" + "".join(f'<li><a href="/{i}">Report {i}</a> (2019)</li>' for i in range(3)) + "</ul>" + PROSE,
    # a menu: links and nothing else
    "<ul>" + "".join(f'<li><a href="/{i}">Section {i}</a></li>' for i in range(6)) + "</ul>" + PROSE,
    # a data table that is not credits
    "<table><tr><td>Team</td><td>Points</td></tr><tr><td>Persib</td><td>12</td></tr></table>",
    # a schedule: label and value rows, with digits
    "<table><tr><td>Monday</td><td>7:30am - 5:00pm</td></tr><tr><td>Friday</td><td>8:00am - 1:00pm</td></tr></table>",
    # a long sentence in a class named like a caption, with no picture or credit: a styled lead
    f'<div class="lead-caption">{"The council voted on Monday to close the old bridge for repairs " * 2}.</div>',
])
def test_must_stay_shapes_are_not_furniture(html: str) -> None:
    assert _kinds(html) == []


def test_drop_furniture_removes_what_it_finds_and_counts_it() -> None:
    tree = LexborHTMLParser(f'<html><body>{PROSE}<div class="pic">{PHOTO}The bridge.</div></body></html>')
    assert tree.body is not None
    assert drop_furniture(tree.body) == 1
    assert "The bridge." not in (tree.body.text() or "")
    assert drop_furniture(tree.body) == 0


def _timed_kinds(html: str) -> tuple[list[tuple[str, str]], float]:
    start = time.process_time()
    kinds = _kinds(html)
    return kinds, time.process_time() - start


DEPTH = 1900  # just under the parser guard's max_depth (cleaners/data/settings.toml)


@pytest.mark.parametrize("inline", ["div", "span"])
def test_images_in_a_deep_nest_are_climbed_once(inline: str) -> None:
    # thousands of images at the bottom of a deep nest: the nest is climbed once, not once an image
    nest = f"<div>{f'<{inline}>' * DEPTH}" + PHOTO * 5000 + f"{f'</{inline}>' * DEPTH}</div>"
    html = f"{PROSE}{nest}<div><em>The bridge. Photo: Jane Doe</em></div>{PROSE}"
    kinds, seconds = _timed_kinds(html)
    assert kinds == [("caption", "The bridge. Photo: Jane Doe")]
    assert seconds < 1.5  # was 2 to 4 s: every image walked the nest


def test_an_item_of_many_links_is_not_a_teaser_item() -> None:
    # one item of 100,000 links (its links were taken out of its text one by one) and 60-word items
    huge = "<li>" + "".join(f'<a href="/{i}">S{i}</a> ' for i in range(100_000)) + "1</li>"
    links = " ".join(f'<a href="/{i}">Story {i}</a>' for i in range(30))
    html = f'<ul>{huge}<li><a href="/a">Other story</a> 2</li><li><a href="/b">Third story</a> 3</li></ul>'
    kinds, seconds = _timed_kinds(html)
    assert kinds == []
    assert seconds < 1.5  # was about 14 s, and the list went as a list of other stories
    assert _kinds(f"<ul>{f'<li>{links} 1</li>' * 3}</ul>") == []  # 60 words an item: article text


@pytest.mark.parametrize("size", ["²", "١٢", "9" * 5000, "0" * 5000 + "16"])
def test_an_odd_declared_image_size_is_read_without_error(size: str) -> None:
    # int() refuses a superscript digit and a number of 5,000 digits: the page was refused with a
    # ValueError. A size in other than ASCII digits is no size to a browser (no icon's), and
    # 000...016 is 16 (an icon's)
    html = f'{PROSE}<div class="pic"><img src="/a/photo.jpg" width="{size}">The old bridge at dusk.</div>{PROSE}'
    expected = [] if size.endswith("16") else [("caption", "The old bridge at dusk.")]
    assert _kinds(html) == expected
