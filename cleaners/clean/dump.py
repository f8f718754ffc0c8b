"""The text-dump step (``dump_lines``): every line judged by its kind and its place in the dump.

A text dump is: page furniture, the headline, maybe a deck, bylines, dates and captions, then the
article (the dense run of prose from its lead), then lists of other stories, credits and widgets.
The step finds the lead and the headline (cleaners/clean/head.py) and the end of the article (the
last paragraph before a run of non-prose lines, or a paywall's lone ellipsis). Then:

- above the lead, only the headline and a deck stay (head.py);
- inside the article, short lines stay as subheadings and list items unless their shape says
  caption (photo credit, position marker, name and role), date, table cell, or a link to another
  story (a line under a related-links label; headline-length lines when there are several);
- after the article (when a run of non-prose lines ended it) everything goes; a dump that simply
  stops keeps its last lines as the article's, judged like the lines inside it;
- the lead's dateline is cut (`dateline` of the record), and glued end credits (`(*)`, `[yan]`).

Lines a junk rule drops are left to the rules (their names are the audit trail); the step reads
them only as context. Every line it drops is named `model:<kind>` in `removed` (above the
headline: `preamble:furniture`, `repeat:headline`). Text already in the seed format (no rule
hits, no furniture shape, no dateline left) only gets its lead's dateline cut, as a page's text
does (``lead_dateline``), so that a cleaned page's text cleans to itself.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace

from cleaners.clean import lines as L
from cleaners.clean.draft import Draft, Notes, fold, is_prose
from cleaners.clean.head import (
    Line,
    find_headline,
    find_lead,
    head_drops,
    kind_of,
    read,
    text_above,
    text_lead,
    walk_back,
)
from cleaners.clean.lists import is_dialogue, is_title, listed, reads_as_text
from cleaners.knowledge.rules import RuleSet
from cleaners.knowledge.settings import default_settings
from cleaners.model import Block

__all__ = ["dump_lines", "lead_dateline"]

_LABEL_COLON_RE = re.compile(r"\w+(?: \w+)? :")  # `Sumber :`: a label whose value was a link or an image
_ELLIPSIS = frozenset({"...", "…", ". . ."})
_HEADING_WORDS = 4  # a subheading above a paragraph runs at most this long
_QUIET_KINDS = frozenset({"related", "ad", "widget"})  # rule hits that sit inside an article without ending it


def _unspaced(lines: list[Line]) -> bool:
    return sum(line.unspaced for line in lines) * 5 > len(lines)


def _photo_story(lines: list[Line]) -> bool:
    """Most paragraphs are photo texts with their credits (a photo story: the texts are the article)."""
    prose = [line for line in lines if line.prose and line.hit is None]
    return len(prose) >= 2 and 2 * sum(L.photo_credit(line.text) is not None for line in prose) >= len(prose)


_SHAPES: dict[tuple[str, bool], bool] = {}  # _furniture_shape by (text, prose): every round asks again
_SHAPES_MAX = 16384


def _furniture_shape(line: Line) -> bool:
    """A shape no cleaned text keeps: a date line, a photo caption, a table cell, a lone mark or
    ellipsis, a desk code, a list of links, a glued end credit."""
    key = (line.text, line.prose)
    found = _SHAPES.get(key)
    if found is None:
        if len(_SHAPES) >= _SHAPES_MAX:
            _SHAPES.clear()
        found = _SHAPES[key] = _shape_of(line)
    return found


def _shape_of(line: Line) -> bool:
    text = line.text
    return (L.is_date_line(text, line.tokens) or line.caption or L.is_table(text) or L.is_punctuation(text)
            or L.is_credit(text) or _LABEL_COLON_RE.fullmatch(text) is not None
            or text in _ELLIPSIS or L.is_code(text) or L.is_dash_item(text) and not is_dialogue(line)
            or L.glued_credit(text) is not None)


def _looks_clean(lines: list[Line], counts: Counter[str], repeat_chars: int) -> bool:
    """Text already in the seed format (a cleaned page's text): no line any rule drops, no line of
    a furniture shape, no paragraph printed twice, no dateline left; and it opens with a
    paragraph, or with one headline line and a paragraph under it."""
    if any(line.hit is not None or _furniture_shape(line) for line in lines):
        return False
    if any(n > 1 and len(key) >= repeat_chars for key, n in counts.items()):
        return False
    if lines[0].prose:
        return True
    return len(lines) > 1 and lines[1].prose and not lines[0].prose and not lines[1].caption


def _find_end(lines: list[Line], lead: int, gap_max: int, titles: list[bool]) -> tuple[int, bool]:
    """One past the article's last paragraph: it ends before `gap_max` non-prose lines in a row
    (links to other stories, widgets, credits), or at a paywall's lone ellipsis."""
    last, gap = lead, 0
    for j in range(lead + 1, len(lines)):
        line = lines[j]
        if line.text in _ELLIPSIS:
            return (j if j - 1 > last and _cut_paragraph(lines[j - 1]) else last + 1), True
        if line.hit is not None:
            gap += line.hit.kind not in _QUIET_KINDS
        elif titles[j]:
            continue  # a list of other stories inside the article, quiet like its label
        elif reads_as_text(line):
            last, gap = j, 0
        elif not L.is_list_item(line.text) and not _heads_paragraph(lines, j):
            gap += 1
        if gap >= gap_max:
            return last + 1, True
    return last + 1, False


def _heads_paragraph(lines: list[Line], j: int) -> bool:
    """A subheading or a label (`Single:`) of a few words right above a paragraph (a sentence, not a
    headline asking or exclaiming): the article goes on."""
    line, nxt = lines[j], lines[j + 1] if j + 1 < len(lines) else None
    return (nxt is not None and len(line.tokens) <= _HEADING_WORDS and nxt.hit is None and nxt.prose
            and not nxt.caption and not is_title(nxt) and _short_line_kind(line) is None)


def _cut_paragraph(line: Line) -> bool:
    """Running text cut off mid-sentence (a paywall's teaser above its lone ellipsis): as many words
    as a lead paragraph, function words among them, no rule hit, no caption."""
    return (line.hit is None and len(line.tokens) >= default_settings().clean.dump_lead_words
            and not line.caption and L.stop_share(line.tokens) > 0)


def _body_kind(lines: list[Line], j: int, long_headings: int, long_words: int, photo_story: bool,
               titles: list[bool]) -> str | None:
    """Why a line inside the article goes, or None when it stays."""
    line = lines[j]
    text, tokens = line.text, line.tokens
    if titles[j]:
        return "related"  # the title under a lone `Baca Juga:` label
    nxt = lines[j + 1] if j + 1 < len(lines) else None
    if nxt is not None and len(text) >= 20 and nxt.caption and fold(nxt.text).startswith(fold(text)):
        return "caption"  # a caption printed again with its photo credit
    if nxt is not None and nxt.hit is not None and nxt.hit.kind == "widget" and "(@" in nxt.text:
        return "widget"  # the text of an embedded post, above its `— Name (@handle) date` line
    if line.prose:
        return "caption" if line.caption and not L.is_list_item(text) and not photo_story else None
    if L.is_list_item(text):
        return None
    shape = _short_line_kind(line)
    if shape is None and len(tokens) >= long_words and long_headings > 1 and not text.endswith(":"):
        return "related"  # several headline-length lines between paragraphs: other stories
    return shape


def _short_line_kind(line: Line) -> str | None:
    text, tokens = line.text, line.tokens
    if L.is_punctuation(text) or L.is_table(text):
        return "furniture"
    if L.is_date_line(text, tokens):
        return "date"
    if line.caption or L.is_name_role(text, tokens):
        return "caption"
    if L.is_code(text) or L.is_credit(text):
        return "credit"
    return None


def _repeat_of_earlier(line: Line, earlier: list[str], min_chars: int) -> bool:
    """A prose line that is part of an earlier one (a pull quote, a truncated copy of the lead,
    its dateline aside); an equal copy is left to the duplicate step."""
    cut = line.dateline
    key = fold(cut[1]) if cut else line.key
    return len(key) >= min_chars and any(key in other and other != key for other in earlier)


def _body_drops(lines: list[Line], lead: int, end: int, photo_story: bool, notes: Notes,
                titles: list[bool]) -> set[int]:
    """What goes inside the article (from the lead to `end`) and after it."""
    settings = default_settings().clean
    long_words = settings.dump_long_heading_words
    long_headings = sum(1 for line in lines[lead + 1:end] if line.hit is None and not line.prose
                        and len(line.tokens) >= long_words and not line.text.endswith(":"))
    drops: set[int] = set()
    cut = lines[lead].dateline
    earlier = [line.key for line in lines[:lead]] + [fold(cut[1]) if cut else lines[lead].key]
    for j in range(lead + 1, end):
        line = lines[j]
        if line.hit is not None:
            if not titles[j] and j + 1 < len(lines) and titles[j + 1]:
                drops.add(j)  # the label of a list the step drops: it goes with its list, under its rule's name
                notes.note(line.hit.name, line.text)
            continue
        kind = _body_kind(lines, j, long_headings, long_words, photo_story, titles)
        if kind is None and line.prose and _repeat_of_earlier(line, earlier, settings.dump_repeat_min_chars):
            kind = "repeat"
        earlier.append(line.key)
        if kind is not None:
            drops.add(j)
            notes.note(f"model:{kind}", line.text)
    for j in range(end, len(lines)):
        if lines[j].hit is None:
            drops.add(j)
            notes.note(f"model:{kind_of(lines[j])}", lines[j].text)
    return drops


def _trim(text: str, notes: Notes, photo_story: bool) -> str:
    """A paragraph without its glued end credit (`... katanya. (*)`, `[yan]`, `**(zi)`); on a
    photo story (most paragraphs are photo texts) without its photo credit."""
    credit = L.photo_credit(text) if photo_story else None
    if credit is not None and credit.start() > 0:
        notes.note("model:credit", credit.group(0).strip())
        text = text[:credit.start()].rstrip()
    match = L.glued_credit(text)
    if match is None:
        return text
    notes.note("model:credit", match.group(2))
    return text[:match.start()] + match.group(1)


def dump_lines(draft: Draft, rules: RuleSet) -> Draft:
    """Text dumps: the headline, the article's lines and its lead's dateline, by kind and context."""
    if draft.title is not None or not draft.blocks:
        return draft
    lines = read(draft.blocks, rules)
    if _unspaced(lines):
        return draft
    settings = default_settings().clean
    counts = Counter([line.key for line in lines])
    titles = listed(lines, settings.dump_lead_window)
    lead, dateline = find_lead(lines, counts, settings.dump_lead_window, settings.dump_lead_words,
                                rules.settings.duplicate_min_chars, titles)
    if dateline is None and _looks_clean(lines, counts, rules.settings.duplicate_min_chars):
        return lead_dateline(draft, rules)
    photo_story = _photo_story(lines)
    lead, dateline = _place_lead(lines, counts, lead, dateline, photo_story, titles)
    if lead is None:
        return draft
    notes = Notes()
    pick, drops = head_drops(lines, lead, counts, notes, titles)
    title = lines[pick].text if pick is not None else None
    split = lines[lead].dateline
    cut = _bare_cut(lines, lead) if dateline is None else ((lead, dateline, split[1]) if split else None)
    end, stopped = _find_end(lines, lead, settings.dump_end_gap, titles)
    end = end if stopped else len(lines)
    drops |= _body_drops(lines, lead, end, photo_story, notes, titles)
    kept = [i for i in range(len(draft.blocks)) if i not in drops and i != pick]
    out = [_kept_block(draft.blocks[i], i, lead, cut, notes, photo_story) for i in kept]
    return notes.apply(draft, out, title=title)


def _place_lead(lines: list[Line], counts: Counter[str], lead: int | None, dateline: str | None,
                photo_story: bool, titles: list[bool]) -> tuple[int | None, str | None]:
    """The lead and its dateline once the lines around it are read: a photo story's first prose
    line; without a dateline, the start of the paragraph run; text above a dateline lead wins."""
    if lead is None and photo_story:
        lead = next(i for i, line in enumerate(lines) if line.prose and line.hit is None)
    if lead is None:
        return None, dateline
    pick = find_headline(lines, lead, counts, titles)
    if dateline is None:
        lead = walk_back(lines, lead, pick, counts, titles)
    elif text_above(lines, lead, pick, titles):
        lead, dateline = text_lead(lines, lead, pick), None
    return lead, dateline


def _bare_cut(lines: list[Line], lead: int) -> tuple[int, str, str] | None:
    """A dateline with no separator (lines.bare_dateline) opening the lead, or the paragraph right
    under it when the lead is a deck: (index, dateline, rest)."""
    for i in range(lead, min(lead + 2, len(lines))):
        line = lines[i]
        if line.prose and line.hit is None and not line.caption:
            bare = L.bare_dateline(line.text)
            if bare is not None:
                return i, bare[0], bare[1]
    return None


def _kept_block(block: Block, i: int, lead: int, cut: tuple[int, str, str] | None, notes: Notes,
                photo_story: bool) -> Block:
    """A kept block: the lead without its dateline, a body line without its glued credit."""
    text = block.text
    if cut is not None and i == cut[0]:
        dateline, text = cut[1], cut[2]
        notes.captured.append(("dateline", dateline))
        notes.note("model:dateline", block.text[:len(block.text) - len(text)].strip())
    elif i >= lead:
        text = _trim(text, notes, photo_story)
    return block if text == block.text else replace(block, text=text)


def lead_dateline(draft: Draft, rules: RuleSet) -> Draft:
    """Pages: the first paragraph's dateline by its shape (lines.split_dateline), when no dateline
    rule cut one; the same cut a text dump's lead gets, so a page's text cleans to itself."""
    if not draft.blocks or draft.found("dateline") or not is_prose(draft.blocks[0].text, rules.settings):
        return draft
    first = draft.blocks[0]
    split = L.split_dateline(first.text, colon=False)
    if split is None:
        return draft
    dateline, rest = split
    notes = Notes()
    notes.captured.append(("dateline", dateline))
    notes.note("model:dateline", first.text[:len(first.text) - len(rest)].strip())
    return notes.apply(draft, (replace(first, text=rest),) + draft.blocks[1:])

