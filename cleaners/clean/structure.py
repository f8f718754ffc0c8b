"""The structural steps of the clean step: mechanisms with names of their own (their trace entries),
tuned by the `[settings]` of the rules data.

- ``preamble`` (text dumps, ``preamble:furniture``): before the first prose line, only the headline
  is article; topic labels, captions and the like go.
- ``lead_furniture`` (extracted pages, ``lead:furniture``): label-like paragraphs before the first
  prose paragraph.
- ``repeat_headline`` (``repeat:headline``): a body block that repeats the headline.
- ``repeats``: a deck that the first paragraph repeats (``repeat:lead``: equal, or its start), and a
  block that repeats an earlier one (``repeat:duplicate``: multi-page stitching leaves these).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from operator import attrgetter

from cleaners.clean.draft import Draft, Notes, first_prose, fold, is_label
from cleaners.clean.lines import split_dateline
from cleaners.knowledge.rules import RuleSet
from cleaners.model import Block

__all__ = ["preamble", "lead_furniture", "repeat_headline", "repeats"]

_TEXT = attrgetter("text")


def preamble(draft: Draft, rules: RuleSet) -> Draft:
    """Text dumps: the headline is the first line before the first paragraph, unless that line is
    a short label with a longer line after it (a topic label above the headline). Of the other
    lines before the first paragraph, repeats of the headline and labels go."""
    settings = rules.settings
    blocks = draft.blocks
    if draft.title is not None:
        return draft  # the dump step found it
    first = first_prose(blocks, settings)
    if first == 0 or not blocks:
        return draft
    if first is None:
        # No paragraph near the top: only the first line can be a headline.
        if blocks[0].kind == "heading":
            return replace(draft, title=blocks[0].text, blocks=blocks[1:])
        return draft
    head = blocks[:first]
    pick = 0
    if is_label(head[0].text, settings):
        pick = next((i for i, b in enumerate(head) if not is_label(b.text, settings)), 0)
    title = head[pick].text
    key = fold(title)
    notes = Notes()
    kept = []
    for i, block in enumerate(head):
        if i == pick:
            continue
        if fold(block.text) == key:
            notes.note("repeat:headline", block.text)
        elif is_label(block.text, settings):
            notes.note("preamble:furniture", block.text)
        else:
            kept.append(block)
    return notes.apply(draft, kept + list(blocks[first:]), title=title)


def lead_furniture(draft: Draft, rules: RuleSet) -> Draft:
    """Extracted pages: label-like blocks before the first prose paragraph (bylines, places,
    dates, kickers, "share" widgets) are furniture, as they are in a text dump's preamble."""
    settings = rules.settings
    first = first_prose(draft.blocks, settings)
    if not first:
        return draft
    notes = Notes()
    kept = []
    for block in draft.blocks[:first]:
        if is_label(block.text, settings):
            notes.note("lead:furniture", block.text)
        else:
            kept.append(block)
    return notes.apply(draft, kept + list(draft.blocks[first:]))


def repeat_headline(draft: Draft, rules: RuleSet) -> Draft:
    if not draft.title:
        return draft
    key = fold(draft.title)
    if key not in map(fold, map(_TEXT, draft.blocks)):
        return draft  # most pages: no block repeats it (the blocks' folds are read by `repeats` next)
    notes = Notes()
    kept = []
    for block in draft.blocks:
        if fold(block.text) == key:
            notes.note("repeat:headline", block.text)
        else:
            kept.append(block)
    return notes.apply(draft, kept)


def repeats(draft: Draft, rules: RuleSet) -> Draft:
    settings = rules.settings
    notes = Notes()
    blocks = list(draft.blocks)
    # A deck repeated by the paragraph after it (equal, or the start of it).
    for i in range(min(settings.lead_blocks, len(blocks) - 1)):
        deck, nxt = fold(blocks[i].text), fold(blocks[i + 1].text)
        if len(deck) >= settings.lead_prefix_min_chars and nxt.startswith(deck):
            notes.note("repeat:lead", blocks[i].text)
            del blocks[i]
            break
    size = settings.duplicate_min_chars
    shared = _shared_tails(blocks, size)
    if shared is not None and not shared:
        return notes.apply(draft, blocks)  # no block can be a copy of another (most pages)
    seen: set[str] = set()
    kept: list[Block] = []
    for block in blocks:
        # list items are never copies (nor their keys read); nor is a block whose fold's end no other
        # block's fold shares, nor one folding shorter than a key (no dateline read in them either)
        if block.kind != "list_item" and (shared is None or fold(block.text)[-size:] in shared):
            cut = split_dateline(block.text)  # a copy that kept its dateline is still a copy
            key = fold(cut[1] if cut else block.text)
            if len(key) >= size:
                if key in seen:
                    notes.note("repeat:duplicate", block.text)
                    continue
                seen.add(key)
        kept.append(block)
    return notes.apply(draft, kept)


def _shared_tails(blocks: list[Block], size: int) -> set[str] | None:
    """The ends of `size` characters that the folds of two or more blocks of `blocks` share (list
    items aside): no block outside them can be a copy of another (`repeats`), told without reading
    any dateline. A block's key, its fold or the fold of the rest after its dateline (a suffix of
    the text, up to its end when it holds no line break), is a suffix of its fold (casefold reads
    each character alone), so two equal keys of `size` characters or more end two folds alike.
    None when it cannot tell (a block holds a line break, or `size` is no length)."""
    if size <= 0:
        return None
    texts = [block.text for block in blocks if block.kind != "list_item"]
    if any("\n" in text for text in texts):
        return None  # a dateline's rest ends at a line break
    tails = [key[-size:] for key in map(fold, texts) if len(key) >= size]
    if len(set(tails)) == len(tails):
        return set()
    return {tail for tail, count in Counter(tails).items() if count > 1}
