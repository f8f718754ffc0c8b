"""The clean step: named steps over a frozen Draft, repeated until the draft is a fixed point.

`PAGE_STEPS` clean the blocks extracted from a page (whose title comes from its metadata),
`TEXT_STEPS` those of a plain-text dump (whose headline is one of its lines). Each step is a pure
`Draft -> Draft` function of the rules (cleaners/clean/junk.py, cleaners/clean/structure.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from cleaners.clean.closing import closing_run
from cleaners.clean.draft import Draft, Step, blocks_from_lines, fold, is_label, is_prose, lines_to_blocks, rough_blocks
from cleaners.clean.dump import dump_lines, lead_dateline
from cleaners.clean.junk import junk_rules, last_block_rules, lead_rules, normalize
from cleaners.clean.structure import lead_furniture, preamble, repeat_headline, repeats
from cleaners.knowledge.rules import RuleSet
from cleaners.knowledge.settings import default_settings
from cleaners.model import Block, Removal

__all__ = ["Cleaned", "clean_blocks", "run_steps", "is_prose", "is_label", "fold", "lines_to_blocks", "Draft",
           "PAGE_STEPS", "TEXT_STEPS", "DUMP_STEPS"]

PAGE_STEPS: tuple[Step, ...] = (normalize, junk_rules, last_block_rules, closing_run, lead_furniture, repeat_headline,
                                lead_rules, lead_dateline, repeats)
TEXT_STEPS: tuple[Step, ...] = (normalize, junk_rules, last_block_rules, preamble, repeat_headline, lead_rules,
                                repeats)
# Text dumps: every line judged by kind and context first (cleaners/clean/dump.py), then the rules.
DUMP_STEPS: tuple[Step, ...] = (normalize, dump_lines) + TEXT_STEPS[1:]


@dataclass
class Cleaned:
    """The clean step's result, as the later stages take it."""

    title: str | None
    blocks: list[Block]
    removed: list[Removal] = field(default_factory=list)
    found: dict[str, list[str]] = field(default_factory=dict)

    @classmethod
    def of(cls, draft: Draft) -> Cleaned:
        found: dict[str, list[str]] = {}
        for key, text in draft.captured:
            found.setdefault(key, []).append(text)
        return cls(draft.title, list(draft.blocks), list(draft.removals), found)


def run_steps(draft: Draft, steps: tuple[Step, ...], rules: RuleSet) -> Draft:
    for step in steps:
        draft = step(draft, rules)
    return draft


def _merge(draft: Draft, again: Draft) -> Draft:
    """`draft` after a further round gave `again`: its blocks keep the kinds they had (a further
    round reads them as a text dump would), and a headline a text dump cannot tell from a
    paragraph stays the headline."""
    kinds = {b.text: b.kind for b in draft.blocks}
    blocks = tuple(b if kinds.get(b.text, b.kind) == b.kind else Block(kinds[b.text], b.text) for b in again.blocks)
    title = again.title
    if again.title is None and draft.title and blocks and blocks[0].text == draft.title:
        blocks, title = blocks[1:], draft.title
    return Draft(blocks, title, draft.removals + again.removals, draft.captured + again.captured)


def _settled(lines: tuple[str, ...], known: dict[str, Block], rules: RuleSet) -> bool:
    """A page's lines are a fixed point of a further round (TEXT_STEPS on them as a text dump's),
    told from the lines that round leaves when read with only the kinds its steps tell apart
    (draft.rough_blocks); when every line is one the normalize step keeps, that step is not run."""
    blocks, normal = rough_blocks(lines, rules.settings, known)
    steps = TEXT_STEPS[1:] if normal else TEXT_STEPS
    return run_steps(Draft(tuple(blocks)), steps, rules).lines() == lines


def clean_blocks(blocks: list[Block], title: str | None, rules: RuleSet, *, find_headline: bool,
                 max_rounds: int | None = None) -> Cleaned:
    """Run the whole clean step; `find_headline` is for text dumps, whose headline is a line.

    The result is a fixed point of cleaning its own lines: one step can expose work for another
    (a dropped ad makes two paragraphs adjacent duplicates, a stripped dateline reveals a
    repeat), so the draft's lines (headline first) are cleaned again, as a text dump, until
    nothing changes (`max_rounds` at most, default from data/settings.toml). That is what makes
    clean(clean(x)) == clean(x) hold.
    """
    rounds = max_rounds if max_rounds is not None else default_settings().clean.max_rounds
    draft = run_steps(Draft(tuple(blocks), title), DUMP_STEPS if find_headline else PAGE_STEPS, rules)
    lines, last = draft.lines(), draft.blocks
    again_steps = DUMP_STEPS if find_headline else TEXT_STEPS
    for _ in range(rounds - 1):
        known = {block.text: block for block in last}  # the blocks read again keep their objects
        if not find_headline and _settled(lines, known, rules):
            break
        again = run_steps(Draft(tuple(blocks_from_lines(lines, rules.settings, read_words=find_headline,
                                                        known=known))), again_steps, rules)
        again_lines = again.lines()
        if again_lines == lines:
            break
        draft = _merge(draft, again)
        lines, last = again_lines, again.blocks
    return Cleaned.of(draft)
