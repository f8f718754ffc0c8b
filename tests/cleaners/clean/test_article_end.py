"""The article's end on the generic path: a sign-up pitch, a reader appeal or the author's bio
as the last block goes (peeled from the end, one block at a time); an article whose last
paragraph is a real short sentence, or that ends in a list, keeps it.

Real pages of the WCXB dev split in fixtures/endings (gold and provenance in their JSON), each
from a different outlet."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from cleaners import Options, clean_html
from cleaners.clean.steps import clean_blocks
from cleaners.knowledge.bundle import Knowledge
from cleaners.model import Block

ENDINGS = Path(__file__).resolve().parents[3] / "fixtures" / "endings"


def _article(page_id: str) -> tuple[list[str], dict]:
    gold = json.loads((ENDINGS / f"{page_id}.json").read_text(encoding="utf-8"))
    html = gzip.decompress((ENDINGS / f"{page_id}.html.gz").read_bytes())
    article = clean_html(html, gold["url"], options=Options(use_sites=False))
    assert article.provenance.kind == "generic"
    return article.text.split("\n"), gold


@pytest.mark.parametrize(("page_id", "junk", "last"), [
    # creativeboom.com: a newsletter pitch
    ("wcxb-0413", "Get the best of Creative Boom", "Built as part of the wider D0UBLE ZER0 typographic system"),
    # gabrielcybersecurity.com: a notifications prompt
    ("wcxb-0442", "Would you like to receive notifications", "If you’re interested in USB protocol exploration"),
    # leadfeeder.com: a reader appeal
    ("wcxb-0171", "If you liked this blog post", "Leadfeeder is a tool that shows you companies"),
    # ovolohotels.com: the author's bio
    ("wcxb-0141", "Julia Gralberg is a freelance travel writer", "But, at Ovolo, we offer The Perks all day"),
    # nextgov.com: the author's bio
    ("wcxb-0471", "Chris Radich is the public sector CTO", "Agentic Government is not a future concept."),
])
def test_a_pitch_an_appeal_or_a_bio_at_the_end_goes_and_the_line_before_it_ends_the_text(
        page_id: str, junk: str, last: str) -> None:
    lines, _ = _article(page_id)
    assert not any(line.startswith(junk) for line in lines)
    assert lines[-1].startswith(last)


@pytest.mark.parametrize("page_id", [
    "wcxb-4365",  # network1consulting.com: a list, then "Reach out today to get started!" (the gold keeps both)
    "wcxb-0227",  # renofi.com: ends in a list of questions
    "wcxb-0419",  # tobyhede.com: ends in a four-word sentence
])
def test_an_article_ending_in_a_short_sentence_or_a_list_keeps_its_end(page_id: str) -> None:
    lines, gold = _article(page_id)
    gold_lines = [line.strip() for line in gold["text"].split("\n") if line.strip()]
    assert lines[-3:] == gold_lines[-3:]


RULES = Knowledge.default().rules


def _cleaned(texts: list[str]) -> list[str]:
    cleaned = clean_blocks([Block("paragraph", t) for t in texts], None, RULES, find_headline=False)
    return [b.text for b in cleaned.blocks]


BODY = ["The council voted on Monday to close the old bridge for repairs that will last until spring.",
        "Drivers will be sent through the town centre, where parking is already scarce on weekdays."]


def test_the_same_words_before_the_end_stay() -> None:
    pitch = "Join our mailing list to stay up to date with the Gazette"  # an inbox offer goes anywhere
    bio = "Jane Smith is a freelance writer based in Leeds."
    assert _cleaned([pitch, bio, *BODY]) == [pitch, bio, *BODY]
    assert _cleaned([*BODY, bio, pitch]) == BODY  # peeled from the end, one block at a time
