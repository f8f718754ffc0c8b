"""The closing run on pages (cleaners/clean/closing.py): a site-voiced line among the article's last
blocks (a reader appeal, an author-box label, a follow-us line, a disclosure) takes every block
after it along (the bio under the label, the donation text under the appeal, a date); the same
line earlier in the article, or as its first block, takes nothing; a bio or a date
never opens a run.

Real pages of the WCXB dev split in fixtures/endings (gold and provenance in their JSON), each from
a different outlet."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from cleaners import Options, clean_html
from cleaners.clean.closing import OPENER_KINDS
from cleaners.clean.steps import clean_blocks
from cleaners.knowledge.bundle import Knowledge
from cleaners.knowledge.settings import default_settings
from cleaners.model import Block

ENDINGS = Path(__file__).resolve().parents[3] / "fixtures" / "endings"


def _article(page_id: str) -> tuple[list[str], list[str]]:
    gold = json.loads((ENDINGS / f"{page_id}.json").read_text(encoding="utf-8"))
    html = gzip.decompress((ENDINGS / f"{page_id}.html.gz").read_bytes())
    article = clean_html(html, gold["url"], options=Options(use_sites=False))
    assert article.provenance.kind == "generic"
    return article.text.split("\n"), [r.rule for r in article.removed]


@pytest.mark.parametrize(("page_id", "opener", "gone", "last"), [
    # publicdomainreview.org: a reader appeal, the donation text under it and a date
    ("wcxb-0463", "Enjoyed this piece?", "The PDR is a non-profit project", "Unfortunately, the raison principale"),
    # health.harvard.edu: "About the Author", the author's and the reviewer's bios, the disclaimer
    ("wcxb-4058", "About the Author", "Maureen Salamon, Executive Editor", "The review findings don't mean"),
    # agencyanalytics.com: "Written by" and the author's bio
    ("wcxb-0155", "Written by", "Joe is the co-founder and CEO", "Be sure to track your agency's SEO success"),
    # creativeramblingsblog.com: a follow-me line and "Thanks for visiting!"
    ("wcxb-4452", "Want more DIY home decor projects?", "Thanks for visiting!", "Up Next"),
])
def test_a_site_voiced_line_near_the_end_takes_the_blocks_after_it(page_id: str, opener: str, gone: str,
                                                                    last: str) -> None:
    lines, rules = _article(page_id)
    assert not any(line.startswith(opener) or line.startswith(gone) for line in lines)
    assert lines[-1].startswith(last)
    assert "closing:run" in rules


RULES = Knowledge.default().rules
BODY = ["The council voted on Monday to close the old bridge for repairs that will last until spring.",
        "Drivers will be sent through the town centre, where parking is already scarce on weekdays.",
        "Shop owners on the high street said they feared a quiet winter, with fewer people passing by.",
        "The engineers found cracks in two of the piers last year, and the repairs could not wait longer."]
APPEAL = "Enjoyed this piece? We need your help to keep publishing."
AFTER = ["Our newsroom is funded by readers: a monthly gift keeps it free for everyone.", "Feb 2, 2023"]


def _cleaned(texts: list[str]) -> list[str]:
    cleaned = clean_blocks([Block("paragraph", t) for t in texts], None, RULES, find_headline=False)
    return [b.text for b in cleaned.blocks]


def test_the_run_goes_from_its_opener_to_the_end() -> None:
    assert _cleaned([*BODY, APPEAL, *AFTER]) == BODY
    assert _cleaned([*BODY, "About the Author", "Jane Smith is a reporter in Leeds who covers transport."]) == BODY


def test_an_opener_far_from_the_end_or_first_takes_nothing() -> None:
    window = default_settings().clean.closing_max_blocks
    paragraphs = [f"Paragraph {i} of the story goes on about the bridge and the town for a while." for i in
                  range(window)]
    assert _cleaned([*BODY, APPEAL, *paragraphs]) == [*BODY, APPEAL, *paragraphs]
    assert _cleaned([APPEAL, AFTER[0]]) == [APPEAL, AFTER[0]]


def test_a_run_as_long_as_the_article_is_the_article() -> None:
    assert _cleaned([BODY[0], APPEAL, *BODY[1:]]) == [BODY[0], APPEAL, *BODY[1:]]


def test_a_bio_or_a_date_does_not_open_a_run() -> None:
    bio = "Jane Smith is a reporter in Leeds who covers transport."
    assert _cleaned([*BODY, bio, *AFTER[:1]]) == [*BODY, bio, *AFTER[:1]]
    assert _cleaned([*BODY, "Feb 2, 2023", *AFTER[:1]]) == [*BODY, "Feb 2, 2023", *AFTER[:1]]


def test_a_paragraph_reporting_what_someone_said_opens_no_run() -> None:
    # the words of a disclosure, of a form's small print or of a follow-us line in the reporting, near the
    # end: the paragraph and every one after it are the article's (each line matches an opener rule whole)
    more = [f"{text.removesuffix('.')} in the last census as well." for text in BODY]
    reported = ["“We receive compensation once the insurer pays out,” said Ann Lee, who runs the corner shop.",
                "Under the new rules, you can opt out at any time, the regulator said on Tuesday.",
                "Drivers were asked to follow us on social media for news of the closures, the police said."]
    ending = ["Work starts in March, and the bridge should reopen by the end of the year, officials said."]
    for line in reported:
        assert any(r.pattern.test(line, whole=True) for r in RULES.last_rules if r.kind in OPENER_KINDS), line
        assert _cleaned([*BODY, *more, line, *ending]) == [*BODY, *more, line, *ending]


def test_rules_without_an_opener_leave_every_ending() -> None:
    from cleaners.clean.closing import closing_run
    from cleaners.clean.draft import Draft
    from cleaners.knowledge.rules import RULES_DIR, RuleSet, load_rules

    draft = Draft(tuple(Block("paragraph", text) for text in [*BODY, APPEAL, *AFTER]))
    assert [b.text for b in closing_run(draft, RULES).blocks] == BODY
    loaded = load_rules(RULES_DIR.glob("*.toml"), lazy=True)  # rules of its own: a rule set gives its patterns a union
    quiet = RuleSet(tuple(r for r in loaded.rules if r.where != "last" or r.kind not in OPENER_KINDS), loaded.settings)
    assert quiet.last_rules and closing_run(draft, quiet) is draft


def test_the_lines_a_joined_search_passes_are_kept_as_passed_within_the_bound() -> None:
    from cleaners.clean import regex

    shared = regex.shared_test([regex.compile("a+"), regex.compile("b+")])
    assert shared is not None
    lines = ["a" * n for n in range(1, 11)] + ["c", "b"]
    assert shared.whole_lines(lines) == [*range(10), 11]
    assert shared._seen == dict.fromkeys([*lines[:10], "b"], True)  # the lines found, kept as passed
    assert all(shared.passes(line) == (line != "c") for line in lines)
    many = ["b" * n for n in range(2, 102)]
    assert shared.whole_lines(many) == list(range(100))
    assert len(shared._seen) <= 64 and not set(many) & set(shared._seen)  # more than the bound: none kept
