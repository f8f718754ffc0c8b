"""The lead and last-block steps remember the lines no rule of theirs touched (the clean step reads
its lines again on its next round): a line a rule noted something in, even without changing it,
is tried again every time, and a remembered line is one no rule touches."""

from __future__ import annotations

from pathlib import Path

from cleaners.clean.draft import Draft
from cleaners.clean.junk import last_block_rules, lead_rules
from cleaners.knowledge.rules import RULES_DIR, default_rules, load_rules
from cleaners.model import Block

# Strip rules that match a line's first space: the cut leaves the line as it was, but is noted. One
# for the lead blocks (a dateline's kind), one for the last block (a credit's).
_NOTING = "".join(f"""
[[rule]]
name = "test:{where}-space"
kind = "{kind}"
match = "strip"
where = "{where}"
pattern = '[ ]'
strips = [["a b", "a b"]]
keeps = ["ab"]
""" for where, kind in (("lead", "dateline"), ("last", "credit")))
_LINES = ("Harga beras naik lagi di pasar tradisional pekan ini.", "Pedagang mengeluh.", "Pembeli sepi.")


def _noting_rules(tmp_path: Path):
    extra = tmp_path / "zz-noting.toml"
    extra.write_text(_NOTING, encoding="utf-8")
    return load_rules(sorted(RULES_DIR.glob("*.toml")) + [extra])


def test_a_line_a_rule_noted_without_a_change_is_tried_again(tmp_path):
    rules = _noting_rules(tmp_path)
    draft = Draft(tuple(Block("paragraph", text) for text in _LINES), "Judul")
    for _ in range(2):  # the second time reads the same lines again
        lead = lead_rules(draft, rules)
        assert lead.blocks == draft.blocks and [r.rule for r in lead.removals] == ["test:lead-space"] * 3
        last = last_block_rules(draft, rules)
        assert last.blocks == draft.blocks and [r.rule for r in last.removals] == ["test:last-space"]


def test_a_remembered_line_is_one_no_rule_touches():
    rules = default_rules()
    plain = Draft(tuple(Block("paragraph", text) for text in _LINES))
    assert lead_rules(plain, rules) is plain and last_block_rules(plain, rules) is plain
    assert lead_rules(plain, rules) is plain and last_block_rules(plain, rules) is plain  # remembered
    # the same lines under a dateline, and above a trailing credit: those are still cut
    dated = Draft((Block("paragraph", "JAKARTA, KOMPAS.com - " + _LINES[0]),) + plain.blocks[1:]
                  + (Block("paragraph", "(ant/rh)"),))
    assert [r.rule for r in lead_rules(dated, rules).removals] == ["id:dateline"]
    assert last_block_rules(dated, rules).blocks == dated.blocks[:-1]


def test_a_last_line_no_line_rule_can_drop_is_still_cut_by_a_strip_rule():
    # the line rules' shared union does not pass it: only the strip rules are tried, and they cut
    rules = default_rules()
    last = "Harga beras naik lagi di pasar tradisional pekan ini. (ant/rh)"
    draft = Draft((Block("paragraph", _LINES[0]), Block("paragraph", last)))
    cut = last_block_rules(draft, rules)
    assert [b.text for b in cut.blocks] == [_LINES[0], "Harga beras naik lagi di pasar tradisional pekan ini."]
    assert [(r.rule, r.text) for r in cut.removals] == [("credit:agency-initials-trailing", "(ant/rh)")]
    dropped = last_block_rules(Draft((Block("paragraph", _LINES[0]), Block("paragraph", "About the Author"))), rules)
    assert [b.text for b in dropped.blocks] == [_LINES[0]]


def test_the_text_a_lead_cut_leaves_is_read_by_every_lead_rule_again():
    # what one rule leaves (the first dateline cut) is searched for the lead rules anew: a second
    # prefix of the same rule, or another rule's, is still cut (and remembered nowhere as untouched)
    rules = default_rules()
    for prefix, second in (("JAKARTA, KOMPAS.com - ", "id:dateline"), ("BANDUNG - ", "id:dateline:city")):
        first = "JAKARTA, KOMPAS.com - " + prefix + _LINES[0]
        draft = Draft((Block("paragraph", first), Block("paragraph", _LINES[1])))
        for _ in range(2):
            cut = lead_rules(draft, rules)
            assert [b.text for b in cut.blocks] == list(_LINES[:2])
            assert [r.rule for r in cut.removals] == ["id:dateline", second]
            assert cut.found("dateline") == ("JAKARTA, KOMPAS.com", prefix.rstrip(" -"))


def test_the_junk_rules_read_remembered_lines_as_the_first_time():
    from cleaners.clean.junk import junk_rules

    rules = default_rules()
    plain = Draft(tuple(Block("paragraph", text) for text in _LINES))
    with_ad = Draft(plain.blocks[:1] + (Block("paragraph", "Advertisement"),) + plain.blocks[1:])
    for _ in range(2):  # the second time every line's verdict is remembered
        assert junk_rules(plain, rules) is plain
        cut = junk_rules(with_ad, rules)
        assert cut.blocks == plain.blocks and [r.rule for r in cut.removals] == ["ad:label"]


def test_a_dropped_line_hands_on_what_its_rules_groups_caught_and_nothing_else():
    # every bundled line rule's own lines, under a paragraph: dropped by it (or an earlier rule), and
    # the groups the dropping rule names caught as its pattern catches them; a rule naming none, nothing
    from cleaners.clean.draft import Notes
    from cleaners.clean.junk import first_line_rule, junk_rules

    rules = default_rules()
    named = 0
    for rule in rules.line_rules:
        for line in rule.drops:
            hit = first_line_rule(line, rules)
            assert hit is not None, (rule.name, line)
            draft = Draft((Block("paragraph", _LINES[0]), Block("paragraph", line)))
            cut = junk_rules(draft, rules)
            assert [r.rule for r in cut.removals] == [hit.name] and cut.blocks == draft.blocks[:1]
            wanted = Notes()
            wanted.catch(hit.pattern.fullmatch(line))
            assert list(cut.captured) == wanted.captured, (rule.name, line)
            named += bool(wanted.captured)
            if not hit.pattern.groupindex:
                assert not cut.captured
    assert named > 0
