"""The article's end on the generic path, site-voiced notices: an affiliate/commission disclosure, a
follow-us line, a sign-up form's small print, a bar of short links and the author's bio written
with a capitalised role go as the last block (peeled from the end, one block at a time); the line
before them ends the text. The same kinds at the top or inside an article stay.

Real pages of the WCXB dev split in fixtures/endings (gold and provenance in their JSON), each from
a different outlet."""

from __future__ import annotations

import gzip
import json
import random
import re
from pathlib import Path

import pytest

from cleaners import Options, clean_html
from cleaners.clean.steps import clean_blocks
from cleaners.knowledge.bundle import Knowledge
from cleaners.model import Block

ENDINGS = Path(__file__).resolve().parents[3] / "fixtures" / "endings"


def _lines(page_id: str) -> list[str]:
    gold = json.loads((ENDINGS / f"{page_id}.json").read_text(encoding="utf-8"))
    html = gzip.decompress((ENDINGS / f"{page_id}.html.gz").read_bytes())
    article = clean_html(html, gold["url"], options=Options(use_sites=False))
    assert article.provenance.kind == "generic"
    return article.text.split("\n")


@pytest.mark.parametrize(("page_id", "junk", "last"), [
    # sewcanshe.com: an affiliate disclosure under the list of other patterns
    ("wcxb-4148", "Disclosure: some of my posts contain affiliate links", "10+ Best Quilt Panel Patterns"),
    # cnx-software.com: a donation appeal that discloses affiliate links, under the author's bio
    ("wcxb-0421", "Support CNX Software! Donate via cryptocurrencies", "Jean-Luc started CNX Software in 2010"),
    # nbcnews.com (Select): "... and follow us on Facebook, Instagram, Twitter and TikTok"
    ("wcxb-4472", "Catch up on NBC Select", "I am a reporter at NBC Select"),
    # pastore.net: the author's bio in brackets, "an Associate Attorney"
    ("wcxb-0297", "(Paul Fenaroli is an Associate Attorney", "For legal inquiries, please contact us"),
    # accruent.com: a newsletter pitch and its "To unsubscribe at any time" small print
    ("wcxb-0047", "* To unsubscribe at any time", "Explore hybrid event management strategies"),
    # accountingdepartment.com: SMS consent ("Message & data rates may apply", "reply STOP")
    ("wcxb-0118", "Reply Help for more information", "AccountingDepartment.com carries professional"),
    # earth.org: the site's link bar "About EO | Mission Statement | ..." under a reader appeal
    ("wcxb-4511", "About EO | Mission Statement", "As we continue to confront the climate crisis"),
])
def test_a_site_notice_at_the_end_goes_and_the_line_before_it_ends_the_text(page_id: str, junk: str,
                                                                            last: str) -> None:
    lines = _lines(page_id)
    assert not any(line.startswith(junk) for line in lines)
    assert lines[-1].startswith(last)


def test_a_follow_line_in_the_closing_run_goes() -> None:
    # motivateeducaterepeat.com: "Be sure to follow me on social media HERE ..." before the footer label
    lines = _lines("wcxb-4642")
    assert not any("follow me on social media" in line for line in lines)
    assert any(line.startswith("This post may contain affiliate links.") for line in lines[:3])  # top: stays


RULES = Knowledge.default().rules
BODY = ["The council voted on Monday to close the old bridge for repairs that will last until spring.",
        "Drivers will be sent through the town centre, where parking is already scarce on weekdays."]


def _cleaned(texts: list[str]) -> list[str]:
    cleaned = clean_blocks([Block("paragraph", t) for t in texts], None, RULES, find_headline=False)
    return [b.text for b in cleaned.blocks]


def test_the_same_notices_before_the_end_stay_and_at_the_end_go() -> None:
    notices = ["Disclosure: this post contains affiliate links. We may earn a small commission at no cost to you.",
               "Be sure to follow me on social media to stay up to date on new recipes.",
               "Home | About | Contact | Write for us",
               "March 3, 2024"]
    assert _cleaned([*notices, *BODY]) == [*notices, *BODY]
    assert _cleaned([*BODY, *notices]) == BODY


def test_a_newsletter_pitch_goes_wherever_it_stands_and_reporting_on_newsletters_stays() -> None:
    pitch = "Get the best of the Gazette delivered to your inbox weekly"
    report = "Subscribers to the newsletter grew by a third last year, the company said in its report."
    assert _cleaned([BODY[0], pitch, report, BODY[1]]) == [BODY[0], report, BODY[1]]


# Two rules as written before their alternatives shared a counted tail (cleaners/data/rules/common.toml): the
# references their patterns must match exactly as, in programs of about half the size
_FOLLOW_APART = (r"(?:follow us|follow (?:us|\w+) on [\w ,/&]{1,60}|subscribe(?: now| to [\w ., -]{1,60})?|sign up"
                 r"(?: for [\w ., -]{1,60})?|get (?:the|our) (?:latest|daily|free) [\w ., -]{1,80}|join (?:us|our "
                 r"[\w -]{1,40}) on [\w ,]{1,60}|download (?:the|our) app[\w ., -]{0,60}|newsletter(?: sign[- ]up)?|"
                 r"already a subscriber\?.{0,80}|sign in|log ?in|register)[\s.!:]*")
_RELATED = r"related(?: articles?| stories| news| coverage| content| reading| links| posts?| videos?| guides?)?"
_HEADER_APART = (r"(?:read (?:also|more|next)|see also|also read|" + _RELATED + r"(?: and links| (?:that|you) (?:may|"
                 r"might) (?:also )?(?:interest you|like|enjoy)| from (?:the |our )?[\w '’&-]{1,40})?|more on this "
                 r"story|recommended(?: for you| stories| articles)?|(?:if you (?:liked|enjoyed) this (?:post|article|"
                 r"story|piece),? )?you (?:may|might) (?:also )?(?:like|enjoy)|most read|most popular|"
                 r"trending(?: now)?|popular now|editor'?s picks|top stories|latest news|more news|what to read next|"
                 r"discover more from [\w '’&-]{1,60})[\s:>»|\-–—]*")


@pytest.mark.parametrize(("name", "apart", "size", "heads", "chars"), [
    ("prompt:follow", _FOLLOW_APART, 553_000,
     ["Follow us", "follow us on ", "Follow me on ", "Subscribe", "subscribe now", "Subscribe to ", "Sign up",
      "Sign up for ", "Get the latest ", "get our free ", "Join us on ", "join our club on ", "Download the app",
      "Download our app", "Newsletter", "Already a subscriber?", "Log in", "Register"],
     "ab Zé,.-/&:!?_1’\u00a0ñ"),
    ("related:header", _HEADER_APART, 132_000,
     ["Related", "related posts", "Related Articles from ", "related from the ", "Discover more from ",
      "discover more from our", "Read more", "you might also like", "Related videos that may interest you"],
     "ab Zé'’&-:,.1_\u00a0»"),
])
def test_a_rule_with_a_shared_tail_matches_as_written_apart_in_a_smaller_program(name: str, apart: str, size: int,
                                                                                  heads: list[str],
                                                                                  chars: str) -> None:
    [rule] = [r for r in RULES.rules if r.name == name]
    assert rule.pattern.ready()._regexp.ProgramSize() < 0.7 * size  # `size` with the tails written apart
    reference = re.compile(apart, re.IGNORECASE)
    draw = random.Random(7)  # \w of two scripts, the classes' punctuation, what none holds
    matched = 0
    for _ in range(20_000):
        count = draw.choice((0, 1, 19, 20, 21, 39, 40, 41, 59, 60, 61, 80, 81))
        line = draw.choice(heads) + "".join(draw.choice(chars) for _ in range(count))
        expected = reference.fullmatch(line) is not None
        matched += expected
        assert rule.pattern.test(line, whole=True) is expected, line
    assert 500 < matched < 19_500  # both answers are asked for
