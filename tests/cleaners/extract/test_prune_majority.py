"""A guarded prune match that holds most of a short page's text is the page, not a box in it: a
theme's `content-sidebar-wrap` around a short post stays (fixtures/generic/wcxb-4451, WCXB dev
split, provenance in its README); a sidebar box beside a short article still goes."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

from selectolax.lexbor import LexborHTMLParser

from cleaners import Options, clean_html
from cleaners.extract.prune import default_prune_plan, prune
from cleaners.score import bag_scores

GENERIC = Path(__file__).resolve().parents[3] / "fixtures" / "generic"


def test_a_wrapper_named_sidebar_holding_a_short_post_stays() -> None:
    gold = json.loads((GENERIC / "wcxb-4451.json").read_text(encoding="utf-8"))
    html = gzip.decompress((GENERIC / "wcxb-4451.html.gz").read_bytes())
    article = clean_html(html, gold["url"], options=Options(use_sites=False))  # was refused: no_article
    assert bag_scores(article.text, gold["text"])[1] >= 0.85


POST = ("We built a small bench from offcuts this weekend. It took two hours, a saw and a drill, and it now "
        "holds the plants by the back door. ")


def test_a_sidebar_box_beside_a_short_article_still_goes() -> None:
    box = '<div class="sidebar-widget"><p>Popular: ten easy shelves, five quick tables and more ideas.</p></div>'
    tree = LexborHTMLParser(f"<html><body><article><p>{POST * 3}</p></article>{box}</body></html>")
    prune(tree, plan=default_prune_plan(), guarded_only=True)
    text = tree.body.text(deep=True)
    assert "Popular:" not in text
    assert "offcuts" in text
