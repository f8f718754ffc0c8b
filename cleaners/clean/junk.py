"""The rule steps of the clean step: the junk rules (cleaners/data/rules/*.toml) applied to a Draft.

- ``normalize``: every block split into lines and normalized (cleaners/clean/normalize.py);
- ``junk_rules``: whole-line rules drop a block (and, with ``followers``, the blocks listed under
  it), strip rules cut their match out of a block;
- ``last_block_rules``: rules for the last block (trailing credits and notices), until none applies;
- ``lead_rules``: datelines and other lead-only rules, the first hit among the first blocks.
"""

from __future__ import annotations

from typing import Any

from cleaners.clean.draft import Draft, Notes, is_prose, normal_memo
from cleaners.clean.lines import subheading_after, words
from cleaners.clean.memo import TextMemo, kept_on
from cleaners.clean.normalize import normal_line, normalize_line, plain_ascii, split_lines
from cleaners.clean.regex import AnyFound, WholeSet, any_found, whole_set
from cleaners.knowledge.rules import Rule, RuleSet
from cleaners.model import Block

__all__ = ["normalize", "junk_rules", "last_block_rules", "lead_rules", "first_line_rule", "line_rule"]

_MEMO_MAX = 65536  # lines each memo of a rule set keeps (strip misses, line verdicts, last and lead misses)
_MEMO_CHARS = 4_000_000  # ... and their total length (a hostile page's long lines are not all kept)


def normalize(draft: Draft, rules: RuleSet) -> Draft:
    """Blocks split on line breaks and normalized (empty ones dropped); the title normalized."""
    blocks = []
    normals = normal_memo(rules.settings)
    found = []  # the normal lines read here (remembered: the further round reads them again)
    for block in draft.blocks:
        text = block.text
        if text and text in normals:
            blocks.append(block)  # a line found normal before
        elif text and normal_line(text):
            found.append(text)
            blocks.append(block)  # most lines (a text dump's lines are read so): nothing to split or normalize
        else:
            blocks.extend(Block(block.kind, line) for line in map(normalize_line, split_lines(text)) if line)
    normals.remember_all(found, True)
    title = normalize_line(draft.title) if draft.title else None
    return Notes().apply(draft, blocks, title=title)


def _apply_strip(rule: Rule, text: str, notes: Notes) -> str:
    if not rule.pattern.test(text):
        # a yes/no test first (the small widened program before the exact one, see regex.Pattern.test):
        # no match object for the many lines a rule leaves alone
        return text
    match = rule.pattern.search(text)
    if not match or match.end() == match.start():
        return text
    notes.catch(match)
    notes.note(rule.name, match.group(0).strip())
    head, tail = text[: match.start()], text[match.end():]
    if (not head or plain_ascii(head)) and (not tail or plain_ascii(tail)):
        # what normalize_line makes of them: one space between (none at either end, none doubled), nothing else
        return f"{head} {tail}".strip(" ")
    return normalize_line(head + " " + tail)


def _apply_rule(rule: Rule, text: str, notes: Notes) -> str:
    """`text` after one rule: "" when a line rule drops it, the rest when a strip rule cuts."""
    if rule.match != "line":
        return _apply_strip(rule, text, notes)
    if not rule.pattern.test(text, whole=True):
        return text
    _catch(rule, text, notes)
    notes.note(rule.name, text)
    return ""


def _catch(rule: Rule, text: str, notes: Notes) -> None:
    """What the groups `rule` names caught in `text`, which its pattern matches all of (its test
    said so): a pattern that names none is not run again (a run with groups is the slow one)."""
    if rule.pattern.groupindex:
        match = rule.pattern.fullmatch(text)
        if match is not None:  # always
            notes.catch(match)


def line_rule(text: str, rules: RuleSet) -> Rule | None:
    """`first_line_rule`, remembered on the rule set: the clean step reads its own lines again on
    every round (and the text-dump step reads them first, cleaners/clean/head.py)."""
    memo = _line_memo(rules)
    hit = memo.get(text, _UNREAD)
    if hit is _UNREAD:
        hit = memo.remember(text, first_line_rule(text, rules))
    return hit


_UNREAD: Any = object()  # a line the memo holds no verdict on


def _line_memo(rules: RuleSet) -> TextMemo[Rule | None]:
    """line_rule's verdicts, kept on the rule set."""
    return TextMemo.on(rules, "_line_hits", _MEMO_MAX, _MEMO_CHARS)


def first_line_rule(text: str, rules: RuleSet) -> Rule | None:
    """The first whole-line rule whose pattern matches all of `text`, or None. One linear-time test
    of all the rules at once tells most lines no rule can touch; on a line it lets through, one run
    of the set of their widened programs tells which rules may match, and only those are tested
    (each rule's own test runs its widened prefilter, a small, fast program, before its exact
    pattern, whose Unicode classes make a large one)."""
    line_any = rules.line_any
    if line_any is not None and not line_any.test(text, whole=True):
        return None
    line_rules = rules.line_rules
    # the rules a widened program of which matches all of the line (the others cannot), told in one
    # run; none told (the set ran out of memory) on a line the union passed: every rule is tried
    found = _line_set(rules)
    may = found.may_match(text) if found is not None else []
    for rule in [line_rules[i] for i in may] if may else line_rules:
        if rule.pattern.test(text, whole=True):
            return rule
    return None


def _line_set(rules: RuleSet) -> WholeSet | None:
    """The line rules' `regex.WholeSet`, made once per rule set."""
    return kept_on(rules, "_line_set", lambda: whole_set([rule.pattern for rule in rules.line_rules]))


def _strip_all(text: str, rules: RuleSet, notes: Notes) -> str:
    """`text` after every strip rule ("" when nothing is left)."""
    strip_any = rules.strip_any
    if strip_any is not None:
        misses: TextMemo[bool] = TextMemo.on(rules, "_strip_misses", _MEMO_MAX, _MEMO_CHARS)
        if text in misses:
            return text  # no strip rule touched it on an earlier round
        if not strip_any.test(text):
            misses.remember(text, True)
            return text
    for rule in rules.strip_rules:
        text = _apply_strip(rule, text, notes)
        if not text:
            break
    return text


def _follows(rule: Rule | None, text: str, rules: RuleSet, title_words: int, nxt: Block | None) -> bool:
    """A block listed under the hit of `rule` (a title under a "Berita Terkait" header); not, under a
    title of `title_words`, a line of at most half as many (three at most) right above a paragraph:
    the next section's subheading."""
    if rule is None or rule.followers is None or is_prose(text, rules.settings):
        return False
    if nxt is not None and subheading_after(len(words(text)), title_words) and is_prose(nxt.text, rules.settings):
        return False
    return rule.followers.fullmatch(text) is not None


def junk_rules(draft: Draft, rules: RuleSet) -> Draft:
    notes = Notes()
    out: list[Block] = []
    follow: Rule | None = None
    title_words = 0  # the words of the last title listed under the header
    blocks = draft.blocks
    # line_rule, its memo read here (a call a line costs more than this step's own work on a line
    # an earlier round read: most of them)
    hits = _line_memo(rules)
    strips = bool(rules.strip_rules)
    if not strips and blocks and all(hits.get(block.text, _UNREAD) is None for block in blocks):
        return draft  # every line read before, none a line rule's (the further round: most pages)
    passed = _passed_over(blocks, hits, rules)
    hits.remember_all(passed, None)
    for i, block in enumerate(blocks):
        text = block.text
        if follow is not None:
            nxt = blocks[i + 1] if i + 1 < len(blocks) else None
            if _follows(follow, text, rules, title_words, nxt):
                notes.note(follow.name, text)
                title_words = len(words(text))
                continue
            follow, title_words = None, 0
        hit = hits.get(text, _UNREAD)
        if hit is _UNREAD:
            hit = hits.remember(text, None if text in passed else first_line_rule(text, rules))
        if hit is not None:
            _catch(hit, text, notes)  # (a hit is a rule whose pattern matched)
            notes.note(hit.name, text)
            follow = hit if hit.followers is not None else None
            continue
        if strips:
            text = _strip_all(text, rules, notes)
        if text:
            out.append(block if text == block.text else Block(block.kind, text))
    return notes.apply(draft, out)


def _passed_over(blocks: tuple[Block, ...], hits: TextMemo[Rule | None], rules: RuleSet) -> set[str]:
    """The texts of `blocks` that `hits` holds no verdict on and that no line rule matches whole:
    the ones the union of them all (`RuleSet.line_any`, the test `first_line_rule` starts with)
    does not match, told by one search of them all (`Pattern.whole_lines`) instead of a test a line."""
    line_any = rules.line_any
    unread = [block.text for block in blocks if block.text not in hits]
    if line_any is None or len(unread) < 2:
        return set()
    found = line_any.whole_lines(unread)
    if found is None:
        return set()
    passed = set(unread)
    passed.difference_update([unread[i] for i in found])
    return passed


def _noted(notes: Notes) -> int:
    return len(notes.removals) + len(notes.captured)


def last_block_rules(draft: Draft, rules: RuleSet) -> Draft:
    """The last-block rules on the last block, again on the block left last, until none applies. A
    last line none of them touched (none changed it or noted anything) is remembered on the rule
    set: the clean step reads it again on its next round."""
    misses: TextMemo[bool] = TextMemo.on(rules, "_last_misses", _MEMO_MAX, _MEMO_CHARS)
    notes = Notes()
    out = list(draft.blocks)
    shared = rules.last_shared  # a text it does not pass, no line rule drops: the strip rules alone are tried
    while out and out[-1].text not in misses:
        last = out[-1]
        before = _noted(notes)
        for rule in rules.last_rules if shared is None or shared.passes(last.text) else rules.last_strip_rules:
            text = _apply_rule(rule, last.text, notes)
            if text != last.text:
                if text:
                    out[-1] = Block(last.kind, text)
                else:
                    out.pop()
                break
        else:  # no rule changed it
            if _noted(notes) == before:
                misses.remember(last.text, True)
            break
    return notes.apply(draft, out)


def lead_rules(draft: Draft, rules: RuleSet) -> Draft:
    """Datelines and other lead-only rules: the first hit among the first blocks. The lines no lead
    rule touches are told first, and remembered (on the rule set): the clean step reads them again
    on its next round."""
    limit = rules.settings.lead_blocks
    misses: TextMemo[bool] = TextMemo.on(rules, "_lead_misses", _MEMO_MAX, _MEMO_CHARS)
    group, found = rules.lead_rules, _lead_any(rules)
    touched = {block.text for block in draft.blocks[:limit] if not _untouched(block.text, group, misses, found)}
    if not touched:
        return draft
    notes = Notes()
    blocks = list(draft.blocks)
    for rule in group:
        for i, block in enumerate(blocks[:limit]):
            if _passed(block.text, touched, misses, found):
                continue  # no lead rule notes anything in it
            text = _apply_rule(rule, block.text, notes)
            if text == block.text:
                continue
            if text and rule.match == "strip" and not _passed(text, touched, misses, found):
                # A second prefix right after the first (a CMS that prints it twice).
                text = _apply_strip(rule, text, notes)
            if text:
                blocks[i] = Block(block.kind, text)
            else:
                del blocks[i]
            break
    return notes.apply(draft, blocks)


def _untouched(text: str, group: tuple[Rule, ...], misses: TextMemo[bool], found: AnyFound | None) -> bool:
    """No rule of `group` is found in `text` (all of it, for a line rule), so none changes it or notes
    anything in it (`_apply_rule` starts with that test); remembered in `misses`. `found`, when
    given, tells it for the whole group (all strip rules) in one search."""
    if text in misses:
        return True
    if found is not None:
        if found.found(text):
            return False
    elif any(rule.pattern.test(text, whole=rule.match == "line") for rule in group):
        return False
    misses.remember(text, True)
    return True


def _passed(text: str, touched: set[str], misses: TextMemo[bool], found: AnyFound | None) -> bool:
    """No lead rule is found in `text` (so none changes it or notes anything in it): it is in
    `misses`, or (a text a cut made) the lead rules' union `found` is not found in it. A text a rule
    is found in is added to `touched`."""
    if text in touched:
        return False
    if text in misses:
        return True
    if found is None:
        return False  # told by each rule's own test
    if not found.found(text):
        misses.remember(text, True)
        return True
    touched.add(text)
    return False


def _lead_any(rules: RuleSet) -> AnyFound | None:
    """One search for the lead rules when they all strip (all are searched for, see `_untouched`)."""
    group = rules.lead_rules
    strip = bool(group) and all(r.match != "line" for r in group)
    return kept_on(rules, "_lead_any", lambda: any_found([r.pattern for r in group]) if strip else None)
