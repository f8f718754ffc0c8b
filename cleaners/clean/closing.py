"""The closing run of a page's article: the site speaking to its reader after the article.

An article's text often ends in a run the site adds under every article: a sign-up pitch and its
form's small print, a reader appeal and the donation text under it, the author box's heading and
the bio under it, a follow-us line and the links under it. The last-block rules
(cleaners/data/rules/*.toml, `where = "last"`) peel such lines from the end one at a time, and stop
at the first line they do not know (the bio under "About the Author", the appeal's second
paragraph, a date). This step goes by position instead: when one of the last
`closing_max_blocks` blocks (`[clean]` in cleaners/data/settings.toml) is a line a last-block rule
of the site's own voice matches as a whole (kind prompt, notice or widget: a pitch, an appeal, a
disclosure, a label), that block and every block after it go, provided running text comes before
it and the run holds at most `closing_max_share` of the text's characters (in a short article the
same line is the article's own, and what follows it is too). Credits and furniture (a bio, a
date) never open a run: they may close an article. Nor does a line that reports what someone said (an
attribution: "said", "told", "according to", "kata"...): the rules that allow a free lead-in before their
words (a disclosure, a follow-us line, a form's small print) also match a quote on the same subject, and
the paragraphs after a quote are the article's.

Only on pages (PAGE_STEPS): a text dump's end is read line by line (cleaners/clean/dump.py).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from cleaners.clean.draft import Draft, Notes, is_prose
from cleaners.clean.memo import kept_on
from cleaners.clean.regex import SharedTest
from cleaners.knowledge.rules import Rule, RuleSet
from cleaners.knowledge.settings import default_settings
from cleaners.model import Block

__all__ = ["closing_run", "OPENER_KINDS"]

OPENER_KINDS = frozenset({"prompt", "notice", "widget"})  # the site's voice, not the article's
# an attribution of reported speech: the reporting's voice (English, Indonesian)
_REPORTED_RE = re.compile(r"(?<!\w)(?:said|says|told|according to|(?:kata|ujar|tutur|ucap)(?:nya)?)(?!\w)",
                          re.IGNORECASE)


def _openers(rules: RuleSet) -> tuple[Rule, ...]:
    """The last-block rules that open a run, picked once per rule set."""
    return kept_on(rules, "_closing_openers",
                   lambda: tuple(r for r in rules.last_rules if r.match == "line" and r.kind in OPENER_KINDS))


def _opener(text: str, rules: tuple[Rule, ...], shared: SharedTest | None) -> Rule | None:
    """The first of `rules` that matches all of `text`; `shared`, when given, is tried first (each
    rule's own test starts with it: one call for them all)."""
    if shared is not None and not shared.passes(text):
        return None
    for rule in rules:
        if rule.pattern.test(text, whole=True):  # (an exact test: no match object is made)
            return rule
    return None


def _candidates(blocks: tuple[Block, ...], start: int, shared: SharedTest | None) -> tuple[Iterable[int], bool]:
    """The indexes from `start` on of the blocks that can open a run: those the openers' shared test
    passes (`_opener` starts with it), told for them all by one search (`SharedTest.whole_lines`),
    else all of them; and whether they were so told (the shared test is not run on them again)."""
    if shared is not None and len(blocks) - start > 1:
        found = shared.whole_lines([block.text for block in blocks[start:]])
        if found is not None:
            return [start + j for j in found], True
    return range(start, len(blocks)), False


def closing_run(draft: Draft, rules: RuleSet) -> Draft:
    """Drop the closing run that a site-voiced last-block line opens (see the module's doc)."""
    blocks = draft.blocks
    openers, shared = _openers(rules), rules.last_shared
    if not openers:
        return draft
    settings = default_settings().clean
    start = max(1, len(blocks) - settings.closing_max_blocks)
    candidates, told = _candidates(blocks, start, shared)
    for i in candidates:
        rule = _opener(blocks[i].text, openers, None if told else shared)
        if rule is None or _REPORTED_RE.search(blocks[i].text):
            continue
        run = sum(len(block.text) for block in blocks[i:])
        if run > settings.closing_max_share * sum(len(block.text) for block in blocks) \
                or not any(is_prose(block.text, rules.settings) for block in blocks[:i]):
            return draft
        notes = Notes()
        notes.note(rule.name, blocks[i].text)
        for block in blocks[i + 1:]:
            notes.note("closing:run", block.text)
        return notes.apply(draft, blocks[:i])
    return draft
