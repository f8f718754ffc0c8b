"""The clean step: normalize blocks, run the junk rules, then the structural steps.

Structural steps are mechanisms with names of their own (their trace entries), tuned by the
`[settings]` of the rules data:

- ``preamble:furniture`` (text dumps): before the first prose line, only the headline is article;
  topic labels, captions and the like go.
- ``lead:furniture`` (extracted pages): label-like paragraphs before the first prose paragraph.
- ``repeat:headline``: a body block that repeats the headline.
- ``repeat:lead``: a deck that the first paragraph repeats (equal, or its start).
- ``repeat:duplicate``: a block that repeats an earlier one (multi-page stitching leaves these).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from cleaners.clean.normalize import normalize_line, split_lines
from cleaners.knowledge.rules import Rule, RuleSet
from cleaners.knowledge.rules import StepSettings as Settings
from cleaners.model import Block, Removal

__all__ = ["Cleaned", "clean_blocks", "is_prose", "lines_to_blocks"]

_WORD_RE = re.compile(r"\w+")
_CJK_RE = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")
_BULLET_RE = re.compile(r"(?:[•·▪►●◦‣∙*]|-\s|\d{1,2}[.)]\s)")
_FOLD_RE = re.compile(r"[\W_]+")


@dataclass
class Cleaned:
    title: str | None
    blocks: list[Block]
    removed: list[Removal] = field(default_factory=list)
    found: dict[str, list[str]] = field(default_factory=dict)

    def note(self, rule: str, text: str) -> None:
        self.removed.append(Removal(rule, text))


def is_prose(text: str, settings: Settings) -> bool:
    """Running text (a paragraph) rather than a label, heading or headline."""
    words = len(_WORD_RE.findall(text))
    if words >= settings.prose_long_words:
        return True
    cjk = len(_CJK_RE.findall(text))
    if text[-1:] in settings.terminal and (words >= settings.prose_min_words or cjk >= settings.prose_terminal_min_cjk):
        return True
    return cjk >= settings.prose_min_cjk


@lru_cache(maxsize=8192)
def fold(text: str) -> str:
    """A comparison key: case and punctuation do not make two texts different."""
    return _FOLD_RE.sub(" ", text.casefold()).strip()


def lines_to_blocks(text: str, settings: Settings) -> list[Block]:
    """A plain-text dump: one line a block; its kind from its shape."""
    blocks = []
    for raw in split_lines(text):
        line = normalize_line(raw)
        if not line:
            continue
        if is_prose(line, settings):
            kind = "paragraph"
        elif _BULLET_RE.match(line):
            kind = "list_item"
        else:
            kind = "heading"
        blocks.append(Block(kind, line))
    return blocks


def _normalized(blocks: list[Block]) -> list[Block]:
    out = []
    for block in blocks:
        for part in split_lines(block.text):
            text = normalize_line(part)
            if text:
                out.append(Block(block.kind, text))
    return out


def _catch(cleaned: Cleaned, match: re.Match[str]) -> None:
    for key, value in match.groupdict().items():
        if value:
            cleaned.found.setdefault(key, []).append(normalize_line(value))


def _apply_strip(rule: Rule, text: str, cleaned: Cleaned) -> str:
    match = rule.pattern.search(text)
    if not match or match.end() == match.start():
        return text
    _catch(cleaned, match)
    cleaned.note(rule.name, match.group(0).strip())
    return normalize_line(text[: match.start()] + " " + text[match.end():])


def _apply_rule(rule: Rule, text: str, cleaned: Cleaned) -> str:
    """`text` after one rule: "" when a line rule drops it, the rest when a strip rule cuts."""
    if rule.match != "line":
        return _apply_strip(rule, text, cleaned)
    match = rule.pattern.fullmatch(text)
    if not match:
        return text
    _catch(cleaned, match)
    cleaned.note(rule.name, text)
    return ""


def _junk_rules(blocks: list[Block], rules: RuleSet, cleaned: Cleaned) -> list[Block]:
    out: list[Block] = []
    follow: Rule | None = None
    for block in blocks:
        text = block.text
        if follow is not None:
            assert follow.followers is not None
            if not is_prose(text, rules.settings) and follow.followers.fullmatch(text):
                cleaned.note(follow.name, text)
                continue
            follow = None
        hit = None
        line_any = rules.line_any
        if line_any is None or line_any.fullmatch(text):
            for rule in rules.line_rules:
                match = rule.pattern.fullmatch(text)
                if match:
                    hit = rule
                    _catch(cleaned, match)
                    break
        if hit is not None:
            cleaned.note(hit.name, text)
            follow = hit if hit.followers is not None else None
            continue
        strip_any = rules.strip_any
        if strip_any is None or strip_any.search(text):
            for rule in rules.strip_rules:
                text = _apply_strip(rule, text, cleaned)
                if not text:
                    break
        if text:
            out.append(Block(block.kind, text))
    # Rules for the last block: trailing credits and notices, until none applies.
    changed = True
    while out and changed:
        changed = False
        last = out[-1]
        for rule in rules.last_rules:
            text = _apply_rule(rule, last.text, cleaned)
            if text != last.text:
                if text:
                    out[-1] = Block(last.kind, text)
                else:
                    out.pop()
                changed = True
                break
    return out


def is_label(text: str, settings: Settings) -> bool:
    """Short label-like text: a topic label, byline, place, caption, kicker or widget name."""
    return (len(_WORD_RE.findall(text)) <= settings.lead_label_max_words
            and len(_CJK_RE.findall(text)) < settings.lead_label_max_cjk
            and not text.endswith(":"))


def _first_prose(blocks: list[Block], settings: Settings, window: int) -> int | None:
    return next((i for i, b in enumerate(blocks[:window]) if is_prose(b.text, settings)), None)


def _preamble(cleaned: Cleaned, settings: Settings) -> None:
    """Text dumps: the headline is the first line before the first paragraph, unless that line is
    a short label with a longer line after it (a topic label above the headline). Of the other
    lines before the first paragraph, repeats of the headline and labels go."""
    blocks = cleaned.blocks
    first_prose = _first_prose(blocks, settings, settings.preamble_max_lines + 1)
    if first_prose == 0 or not blocks:
        return
    if first_prose is None:
        # No paragraph near the top: only the first line can be a headline.
        if blocks[0].kind == "heading":
            cleaned.title = blocks[0].text
            cleaned.blocks = blocks[1:]
        return
    head = blocks[:first_prose]
    pick = 0
    if is_label(head[0].text, settings):
        pick = next((i for i, b in enumerate(head) if not is_label(b.text, settings)), 0)
    title = head[pick].text
    cleaned.title = title
    key = fold(title)
    kept = []
    for i, block in enumerate(head):
        if i == pick:
            continue
        if fold(block.text) == key:
            cleaned.note("repeat:headline", block.text)
        elif is_label(block.text, settings):
            cleaned.note("preamble:furniture", block.text)
        else:
            kept.append(block)
    cleaned.blocks = kept + blocks[first_prose:]


def _lead_furniture(cleaned: Cleaned, settings: Settings) -> None:
    """Extracted pages: label-like blocks before the first prose paragraph (bylines, places,
    dates, kickers, "share" widgets) are furniture, as they are in a text dump's preamble."""
    blocks = cleaned.blocks
    first_prose = _first_prose(blocks, settings, settings.preamble_max_lines + 1)
    if not first_prose:
        return
    kept = []
    for block in blocks[:first_prose]:
        if is_label(block.text, settings):
            cleaned.note("lead:furniture", block.text)
        else:
            kept.append(block)
    cleaned.blocks = kept + blocks[first_prose:]


def _repeat_headline(cleaned: Cleaned) -> None:
    if not cleaned.title:
        return
    key = fold(cleaned.title)
    kept = []
    for block in cleaned.blocks:
        if fold(block.text) == key:
            cleaned.note("repeat:headline", block.text)
        else:
            kept.append(block)
    cleaned.blocks = kept


def _lead_rules(cleaned: Cleaned, rules: RuleSet) -> None:
    """Datelines and other lead-only rules: the first hit among the first blocks."""
    limit = rules.settings.lead_blocks
    for rule in rules.lead_rules:
        for i, block in enumerate(cleaned.blocks[:limit]):
            text = _apply_rule(rule, block.text, cleaned)
            if text == block.text:
                continue
            if text and rule.match == "strip":
                # A second prefix right after the first (a CMS that prints it twice).
                text = _apply_strip(rule, text, cleaned)
            if text:
                cleaned.blocks[i] = Block(block.kind, text)
            else:
                del cleaned.blocks[i]
            break


def _repeats(cleaned: Cleaned, settings: Settings) -> None:
    blocks = cleaned.blocks
    # A deck repeated by the paragraph after it (equal, or the start of it).
    for i in range(min(settings.lead_blocks, len(blocks) - 1)):
        deck, nxt = fold(blocks[i].text), fold(blocks[i + 1].text)
        if len(deck) >= settings.lead_prefix_min_chars and nxt.startswith(deck):
            cleaned.note("repeat:lead", blocks[i].text)
            del blocks[i]
            break
    seen: set[str] = set()
    kept = []
    for block in blocks:
        key = fold(block.text)
        if len(key) >= settings.duplicate_min_chars and block.kind != "list_item":
            if key in seen:
                cleaned.note("repeat:duplicate", block.text)
                continue
            seen.add(key)
        kept.append(block)
    cleaned.blocks = kept


def _round(blocks: list[Block], title: str | None, rules: RuleSet, find_headline: bool) -> Cleaned:
    cleaned = Cleaned(title=normalize_line(title) if title else None, blocks=[])
    cleaned.blocks = _junk_rules(_normalized(blocks), rules, cleaned)
    if find_headline:
        _preamble(cleaned, rules.settings)
    else:
        _lead_furniture(cleaned, rules.settings)
    _repeat_headline(cleaned)
    _lead_rules(cleaned, rules)
    _repeats(cleaned, rules.settings)
    return cleaned


def _to_text(cleaned: Cleaned) -> str:
    return "\n".join(([cleaned.title] if cleaned.title else []) + [b.text for b in cleaned.blocks])


def clean_blocks(blocks: list[Block], title: str | None, rules: RuleSet, *, find_headline: bool,
                 max_rounds: int = 4) -> Cleaned:
    """Run the whole clean step; `find_headline` is for text dumps, whose headline is a line.

    The result is a fixed point of cleaning its own text: one step can expose work for another
    (a dropped ad makes two paragraphs adjacent duplicates, a stripped dateline reveals a
    repeat), so the text is cleaned again until nothing changes (`max_rounds` at most). That is
    what makes clean(clean(x)) == clean(x) hold.
    """
    cleaned = _round(blocks, title, rules, find_headline)
    text = _to_text(cleaned)
    for _ in range(max_rounds - 1):
        again = _round(lines_to_blocks(text, rules.settings), None, rules, True)
        again_text = _to_text(again)
        if again_text == text:
            break
        kinds = {b.text: b.kind for b in cleaned.blocks}
        new_blocks = [Block(kinds.get(b.text, b.kind), b.text) for b in again.blocks]
        if again.title is None and cleaned.title and new_blocks and new_blocks[0].text == cleaned.title:
            new_blocks = new_blocks[1:]  # a headline a text dump cannot tell from a paragraph
        else:
            cleaned.title = again.title
        cleaned.blocks = new_blocks
        cleaned.removed.extend(again.removed)
        for key, values in again.found.items():
            cleaned.found.setdefault(key, []).extend(values)
        text = again_text
    return cleaned
