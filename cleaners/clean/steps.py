"""The clean step: named steps over a frozen Draft, repeated until the draft is a fixed point.

`PAGE_STEPS` clean the blocks extracted from a page (whose title comes from its metadata),
`TEXT_STEPS` those of a plain-text dump (whose headline is one of its lines). Each step is a pure
`Draft -> Draft` function of the rules (cleaners/clean/junk.py, cleaners/clean/structure.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from cleaners.clean.closing import closing_run
from cleaners.clean.draft import Draft, Step, blocks_from_lines, fold, is_label, is_prose, lines_to_blocks, read_again
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


def _settled(source: Draft, lines: tuple[str, ...], idle: bool, rules: RuleSet) -> bool:
    """Whether a further round (TEXT_STEPS on `lines`, the lines of `source`, read as a text dump's
    by blocks_from_lines) gives them back; False when it may not (the round is then run, and tells).

    Its blocks are read with only the kinds its steps tell apart (draft.read_again); every line
    being a normal line, the normalize step keeps them all and is not run. No step adds a line or
    lengthens one, and `repeats` only drops blocks: lines changed before it stay changed.

    `repeats` is not run when `idle` (it dropped nothing on `source`, read with the kinds `source`
    gives its blocks) and the steps before it leave `source`'s own title and blocks (texts, in the
    same order), no list item of `source` read here as a heading: its verdict is then known. It reads
    texts only, but for which blocks are list items (never a copy): the same deck test of the same
    first blocks found none, and of the blocks it reads as possible copies here (a subset of those it
    read there) no two shared a key there."""
    read = read_again(source, lines, rules.settings)
    if read is None:
        return False  # a line the normalize step changes
    blocks, flipped = read
    draft = run_steps(Draft(blocks), TEXT_STEPS[1:-1], rules)  # all but the last, `repeats`
    if draft.lines() != lines:
        return False
    if idle and not flipped and draft.title == (source.title or None):
        return True
    return repeats(draft, rules).lines() == lines


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
    *steps, last_step = DUMP_STEPS if find_headline else PAGE_STEPS
    before = run_steps(Draft(tuple(blocks), title), tuple(steps), rules)
    draft = source = last_step(before, rules)
    idle = last_step is repeats and draft is before  # (a step that changes nothing gives back its draft)
    lines = draft.lines()
    again_steps = DUMP_STEPS if find_headline else TEXT_STEPS
    for _ in range(rounds - 1):
        if not find_headline and _settled(source, lines, idle, rules):
            break
        known = {block.text: block for block in source.blocks}  # the blocks read again keep their objects
        again = run_steps(Draft(tuple(blocks_from_lines(lines, rules.settings, read_words=find_headline,
                                                        known=known))), again_steps, rules)
        again_lines = again.lines()
        if again_lines == lines:
            break
        draft = _merge(draft, again)
        lines, source, idle = again_lines, again, False
    return Cleaned.of(draft)
