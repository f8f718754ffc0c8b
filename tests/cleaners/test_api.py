"""The library's public API (`cleaners.__all__`) and the records it hands out."""

from __future__ import annotations

import dataclasses

import pytest

import cleaners
from cleaners import Article, Provenance
from cleaners.model import Rejection

PUBLIC = [
    "Article",
    "Block",
    "ConfigError",
    "NewsbroomError",
    "Options",
    "Page",
    "ProfileError",
    "Provenance",
    "RejectedInput",
    "Removal",
    "RuleError",
    "clean_html",
    "clean_page",
    "clean_text",
]


def test_the_public_api_is_exactly_this():
    assert cleaners.__all__ == PUBLIC
    assert all(hasattr(cleaners, name) for name in PUBLIC)


@pytest.mark.parametrize("provenance, label", [
    (Provenance(), "text"),
    (Provenance("site:merdeka", "v1"), "site:merdeka/v1"),
    (Provenance("generic", "trafilatura-2.0.0"), "generic/trafilatura-2.0.0"),
    (Provenance("generic", "trafilatura-2.0.0", "site:merdeka/v1", "found nothing"),
     "generic; site:merdeka/v1 found nothing"),
])
def test_the_extractor_string_is_written_from_the_provenance(provenance, label):
    article = Article(provenance=provenance)
    assert article.extractor == label and article.to_dict()["extractor"] == label


def test_records_are_frozen():
    with pytest.raises(dataclasses.FrozenInstanceError):
        Provenance().kind = "generic"  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        Rejection("x.html", "empty", "no bytes").reason = "binary"  # type: ignore[misc]


def test_an_article_carries_the_sha256_of_the_bytes_it_came_from():
    import hashlib

    from tests.conftest import PAGES

    body = (PAGES / "id-merdeka-001.html").read_bytes()
    dump = "Harga beras naik untuk ketiga kalinya bulan ini, kata para pedagang di Jakarta.\n" * 3
    html = body.decode("utf-8")
    for article, raw in ((cleaners.clean_page(cleaners.Page(url=None, body=body)), body),
                         (cleaners.clean_html(body), body),
                         (cleaners.clean_html(html), html.encode("utf-8")),
                         (cleaners.clean_text(dump), dump.encode("utf-8")),
                         (cleaners.clean_page(cleaners.Page(url=None, body=dump.encode())), dump.encode())):
        assert article.sha256 == hashlib.sha256(raw).hexdigest()
    with pytest.raises(cleaners.RejectedInput):  # a rejected page has no article
        cleaners.clean_html("<html><body><p>Tentang kami.</p></body></html>")


def test_a_block_is_a_frozen_record_of_a_known_kind():
    import pickle

    from cleaners import Block

    block = Block("paragraph", "Harga beras naik.")
    assert block == Block(kind="paragraph", text="Harga beras naik.")
    assert hash(block) == hash(Block(*vars(block).values())) and pickle.loads(pickle.dumps(block)) == block
    assert dataclasses.astuple(block) == ("paragraph", "Harga beras naik.")
    assert dataclasses.replace(block, text="x") == Block("paragraph", "x")
    with pytest.raises(dataclasses.FrozenInstanceError):
        block.text = "x"  # type: ignore[misc]
    for make in (lambda: Block("sidebar", "x"), lambda: dataclasses.replace(block, kind="sidebar")):
        with pytest.raises(ValueError, match="unknown block kind 'sidebar'"):
            make()
