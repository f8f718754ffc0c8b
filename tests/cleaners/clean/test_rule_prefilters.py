"""The cheap tests that go before the exact rule patterns (cleaners/clean/regex.py) never change a
verdict: a pattern's widened prefilter and the union its group shares reject only lines the exact
pattern rejects too. Also the fast paths of `fold`, `word_runs` and `normalize_line` against their
slow forms.

Lines: every line of the real text dumps in fixtures/textdumps and of the golden outputs in
fixtures/expected (fifteen languages), and a few made to hit the rules."""

from __future__ import annotations

import random
import re
import unicodedata
from pathlib import Path

import pytest

from cleaners.clean import normalize, re2run, regex
from cleaners.clean.draft import _FOLD_WORD_RE, _WORD_RE, fold, word_runs
from cleaners.knowledge.rules import RULES_DIR, RuleSet, default_rules, load_rules

FIXTURES = Path(__file__).resolve().parents[3] / "fixtures"
MADE = [
    "Advertisement", "ADVERTISEMENT", "Baca juga: Harga cabai naik", "JAKARTA, KOMPAS.com - Presiden meresmikan "
    "jalan tol baru di Jawa Tengah pada hari Senin pagi bersama para menteri.", "Follow us on Twitter",
    "About the Author", "Sign up for our newsletter", "Enjoyed this piece? Support us", "(ant/rh)", "",
    "Jakarta - Pemerintah mengumumkan kebijakan baru terkait harga bahan bakar minyak hari ini untuk warga.",
]


def _lines() -> list[str]:
    lines = list(MADE)
    for path in sorted(FIXTURES.glob("textdumps/*.txt")) + sorted(FIXTURES.glob("expected/*.txt")):
        lines.extend(line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip())
    return lines


LINES = _lines()


def _exact(pattern: regex.Pattern, text: str, whole: bool) -> bool:
    """The exact program alone: no shared union, no widened prefilter."""
    data = re2run.encode(text)
    anchor = re2run.ANCHOR_BOTH if whole else re2run.UNANCHORED
    return pattern.ready()._regexp.Match(anchor, data, 0, len(data))[0] != re2run.NO_MATCH


def test_there_are_lines_and_rules_that_match_some() -> None:
    rules = default_rules()
    assert len(LINES) > 500 and sum(not line.isascii() for line in LINES) > 200
    assert any(_exact(r.pattern, line, r.match == "line") for r in rules.rules for line in LINES)


@pytest.mark.parametrize("where", ["last", "lead", "any"])
def test_a_rules_test_agrees_with_its_exact_pattern(where: str) -> None:
    rules = default_rules()
    group = {"last": rules.last_rules, "lead": rules.lead_rules, "any": rules.line_rules}[where]
    hits = 0
    for rule in group:
        whole = rule.match == "line"  # as the steps test it
        for line in MADE + LINES[::2]:  # every other line: a cold exact program is slow to build
            expected = _exact(rule.pattern, line, whole)
            assert rule.pattern.test(line, whole=whole) is expected, (rule.name, whole, line)
            hits += expected
    assert hits > 0


def test_the_last_rules_share_a_union_that_passes_every_whole_line_hit() -> None:
    rules = default_rules()
    group = rules.last_rules
    shared = group[0].pattern.shared
    assert shared is not None and all(r.pattern.shared is shared for r in group)
    hits = 0
    for rule in group:
        if rule.match != "line":
            continue  # a search does not run the union (see Pattern.test)
        for line in LINES:
            if _exact(rule.pattern, line, True):
                assert shared.passes(line), (rule.name, line)
                hits += 1
    assert hits > 0


def test_a_shared_union_takes_a_trailing_lookahead_and_each_case_flag() -> None:
    members = [regex.compile(r"(?P<place>[A-Z]+) -(?= \w)"), regex.compile("advert", re.IGNORECASE),
               regex.compile("Exact")]
    shared = regex.shared_test(members)
    assert shared is not None
    assert shared.passes("JAKARTA - x")
    assert not shared.passes("JAKARTA -")  # the lookahead's text is still needed
    assert shared.passes("ADVERT")
    assert not shared.passes("EXACT")  # case kept where the member keeps it
    assert shared.passes("Exact") and not shared.passes("Exactly")  # all of the text


# Every code point, 64 in a row, and texts of a few kinds of characters mixed: word characters above
# ASCII (`é`, `ß`, `²`, `日`, `İ`), characters above ASCII that are not (`’`, `—`, a no-break space, an
# emoji), `_`, and a lone surrogate (UTF-8 cannot hold it: the slow form reads that text).
_EVERY_CHUNK = ["".join(map(chr, range(c, min(c + 64, 0x110000)))) for c in range(0, 0x110000, 64)]
_MIXED_POOL = [chr(c) for c in range(128)] + ["é", "ß", "²", "日", "İ", "K", "ﬁ", "’", "—", "\xa0", "😀", "\ud800", "_"]


def _mixed(seed: int) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choice(_MIXED_POOL) for _ in range(rng.randint(0, 12))) for _ in range(20000)]


def test_fold_reads_every_text_as_the_pattern_does() -> None:
    texts = LINES[:2000] + ["".join(chr(c) for c in range(128)), "Straße ÉTÉ", "K\u212a", "a_b-c", "İi",
                            "l’amour—très\xa0bien", "x\ud800y", "\ud800"] + _EVERY_CHUNK + _mixed(5)
    for text in texts:
        assert fold.__wrapped__(text) == " ".join(_FOLD_WORD_RE.findall(text.casefold())), repr(text)


def test_word_runs_counts_every_text_as_the_pattern_does() -> None:
    texts = LINES[:2000] + ["_", "a_b", "’a", "a’", "x\ud800y", "\ud800"] + _EVERY_CHUNK + _mixed(3)
    for text in texts:
        assert word_runs(text) == len(_WORD_RE.findall(text)), repr(text)


def test_the_mojibake_gate_is_a_search_for_the_gate_characters() -> None:
    clues = normalize._mojibake_clues()
    assert clues is not None and clues.gate_re is not None
    for chunk in _EVERY_CHUNK:
        assert set(clues.gate_re.findall(chunk)) == clues.gate_chars.intersection(chunk), repr(chunk[0])


def test_plain_ascii_is_a_line_that_normalizes_to_itself() -> None:
    texts = LINES[:2000] + ["a  b", " a", "a ", "a\tb", "a\nb", "a\x7fb", "", "é", "a b"]
    for text in texts:
        if normalize.plain_ascii(text):
            assert normalize.split_lines(text) == [text] and normalize.normalize_line(text) == text, text
    assert not any(normalize.plain_ascii(t) for t in ("a  b", " a", "a ", "a\tb", "a\nb", "a\x7fb", "é"))


def _steps(text: str) -> str:
    for _ in range(normalize._ROUNDS):
        before = text
        for step in normalize.STEPS.values():
            text = step(text)
        if text == before:
            break
    return text


def test_normalize_line_answers_as_its_steps_do() -> None:
    rng = random.Random(7)
    pool = [chr(c) for c in range(0x20, 0x2100)] + ["Ã©", "â€™", "Â ", "e\u0301", " ", "  ", "\u200b", "\xa0", "\t"]
    texts = LINES[:2000] + ["".join(rng.choice(pool) for _ in range(rng.randint(1, 9))) for _ in range(20000)]
    for text in texts:
        assert normalize.normalize_line(text) == _steps(text), text
    assert normalize.normalize_line("Cafe\u0301") == unicodedata.normalize("NFC", "Cafe\u0301")


def test_whole_lines_finds_the_lines_each_whole_text_test_finds() -> None:
    rules = default_rules()
    patterns = [rules.line_any] + [rule.pattern for rule in rules.line_rules]
    lines = MADE[:-2] + LINES[::3] + ["x\ud800y", "Advertisement"]  # a lone surrogate, a hit last
    hits = 0
    for pattern in patterns:
        assert pattern is not None
        expected = [i for i, line in enumerate(lines) if pattern.test(line, whole=True)]
        assert pattern.whole_lines(lines) == expected, pattern.pattern
        hits += len(expected)
    assert hits > 10


def test_whole_lines_reads_no_match_across_lines_and_anchors_at_each_line() -> None:
    spaced = regex.compile(r"a\s+b")  # \s holds the line break: the joined lines "a", "b" must not match
    assert spaced.whole_lines(["a", "b", "a b", "a  b"]) == [2, 3]
    anywhere = regex.compile(r"[^x]*")
    assert anywhere.whole_lines(["ab", "x", "", "cd"]) == [0, 2, 3]
    anchored = regex.compile(r"^(?:end|top)$", re.IGNORECASE)
    assert anchored.whole_lines(["intro", "END", "top", "the end"]) == [1, 2]


def test_whole_lines_tells_nothing_where_joining_changes_the_meaning() -> None:
    assert regex.compile("a|b").whole_lines(["a\nb", "c"]) is None  # a text holds a line break
    assert regex.compile(r"\Aa").whole_lines(["b", "a"]) is None  # the start of the whole text
    assert regex.compile(r"a\Z").whole_lines(["b", "a"]) is None
    assert regex.compile(r"(?m)a$").whole_lines(["b", "a"]) is None
    assert regex.compile(r"(\w+) x(?=y)").whole_lines(["a", "b"]) is None  # searches only


@pytest.mark.parametrize("source", ["a*", "", "x?", "[^b]*", "a|"])
def test_whole_lines_of_no_texts_is_none_even_for_a_pattern_that_matches_nothing(source: str) -> None:
    # no line to join: searching the empty text would match it and name a line 0 that is not there
    assert regex.compile(source).whole_lines([]) is None
    assert regex.shared_test([regex.compile(source), regex.compile("z")]).whole_lines([]) is None
    assert regex.compile(source).whole_lines([""]) == [0]  # one empty line is a line


def test_the_lead_rules_union_finds_a_line_where_one_of_them_is_found() -> None:
    rules = default_rules()
    found = regex.any_found([rule.pattern for rule in rules.lead_rules])
    assert found is not None and all(rule.match == "strip" for rule in rules.lead_rules)
    hits = 0
    for line in MADE + LINES:
        expected = any(rule.pattern.test(line) for rule in rules.lead_rules)
        assert found.found(line) is expected, line
        hits += expected
    assert hits > 5


def test_a_union_keeps_each_lookahead_case_flag_and_named_group() -> None:
    found = regex.any_found([regex.compile(r"^(?P<place>[A-Z]+) -(?= \w)"), regex.compile(r"(?P<place>adv)ert",
                                                                                          re.IGNORECASE)])
    assert found is not None
    assert found.found("JAKARTA - x") and not found.found("JAKARTA -") and not found.found("x JAKARTA - x")
    assert found.found("an ADVERT") and not found.found("an advert"[:5])
    literal = regex.any_found([regex.compile(r"\(?P<x>")])  # a literal "(" (optional), then "P<x>": no group
    assert literal is not None and literal.found("P<x>") and not literal.found("(?:")
    assert regex.any_found([]) is None


def test_a_strip_leaves_what_normalize_line_makes_of_the_rest() -> None:
    from cleaners.clean.draft import Notes
    from cleaners.clean.junk import _apply_strip
    from cleaners.knowledge.rules import Rule

    rule = Rule("cut", "dateline", regex.compile(r"\[cut\]", re.IGNORECASE), match="strip")
    rng = random.Random(11)
    ends = ["", " ", "  ", "a", "a ", " a", "x  y", "é", "\t", "\xa0b", "e\u0301", "(ant/rh)"]
    texts = [head + "[cut]" + tail for head in ends for tail in ends]
    for line in LINES[:300]:
        at = rng.randint(0, len(line))
        texts.append(line[:at] + "[CUT]" + line[at:])
    for text in texts:
        match = re.search(r"\[cut\]", text, re.IGNORECASE)
        assert match is not None
        expected = normalize.normalize_line(text[:match.start()] + " " + text[match.end():])
        assert _apply_strip(rule, text, Notes()) == expected, repr(text)


def test_a_line_opening_with_a_letter_is_no_bulleted_line() -> None:
    from cleaners.clean.draft import _BULLET_RE, _bulleted

    texts = LINES[:2000] + ["• a", "- a", "-a", "12. a", "3) a", "١. a", "*", "", "a"]
    texts += [chr(c) + tail for c in range(0x110000) for tail in (" a", ". a")]
    hits = 0
    for text in texts:
        expected = _BULLET_RE.match(text) is not None
        assert _bulleted(text) is expected, repr(text)
        hits += expected
    assert hits > 500  # every decimal digit of every script, and the bullet signs


def test_the_line_rules_set_names_every_rule_that_matches_a_whole_line() -> None:
    rules = default_rules()
    found = regex.whole_set([rule.pattern for rule in rules.line_rules])
    assert found is not None
    hits = 0
    for line in MADE + LINES[::2]:
        may = found.may_match(line)
        exact = [i for i, rule in enumerate(rules.line_rules) if _exact(rule.pattern, line, True)]
        assert set(exact) <= set(may), line
        assert (not may) is (not rules.line_any.test(line, whole=True)), line  # the union's verdict, per rule
        hits += bool(exact)
    assert hits > 10


def test_a_whole_set_keeps_each_case_flag_and_takes_no_lookahead() -> None:
    found = regex.whole_set([regex.compile("Exact"), regex.compile(r"(?P<x>adv)ert", re.IGNORECASE),
                             regex.compile(r"\w+ ads?")])
    assert found is not None
    assert found.may_match("Exact") == [0] and found.may_match("EXACT") == []
    assert found.may_match("ADVERT") == [1] and found.may_match("an advert") == []
    assert found.may_match("die ads") == [2]  # widened: \w is any character
    assert regex.whole_set([regex.compile(r"a(?=b)")]) is None and regex.whole_set([]) is None


def test_first_line_rule_is_the_first_rule_whose_exact_pattern_matches() -> None:
    from cleaners.clean.junk import first_line_rule

    rules = default_rules()
    junk = ["#Changemaker", "Reporter: Afifah Cinthia Pasha", "Cek Video di Bawah Ini", "Advertisement 970x90px",
            "300 x 250", "Read more", "Baca Juga: Harga cabai naik", "Share this article", "Page 2 of 3"]
    hits = 0
    for line in junk + MADE + LINES[1::2]:
        expected = next((rule for rule in rules.line_rules if _exact(rule.pattern, line, True)), None)
        assert first_line_rule(line, rules) is expected, line
        hits += expected is not None
    assert hits > 15


def test_a_shared_unions_joined_search_finds_the_lines_it_passes() -> None:
    rules = default_rules()
    shared = rules.last_shared
    assert shared is not None
    lines = ["About the Author", "Sign up for our newsletter"] + MADE[:-2] + LINES[::3]
    lines.append("Enjoyed this piece? Support us")
    expected = [i for i, line in enumerate(lines) if shared.passes(line)]
    assert shared.whole_lines(lines) == expected and len(expected) > 3
    assert shared.whole_lines(["About the Author", "a\nb"]) is None  # a text holds a line break
    assert regex.SharedTest(shared._regexp).whole_lines(lines) is None  # no source to join


def test_a_rule_set_never_changes_the_shared_test_another_sets_patterns_run() -> None:
    # two sets of the same Rule objects: the second (a part of the first's last rules) shares none
    # of its own, so the first's patterns keep running the first's union
    first = load_rules(RULES_DIR.glob("*.toml"))
    shared = first.last_shared
    assert shared is not None and len(first.last_rules) > 2
    part = RuleSet(tuple(r for r in first.rules if r.where == "last")[1:], first.settings)
    assert len(part.last_rules) > 1
    assert all(rule.pattern.shared is shared for rule in first.last_rules)
    assert first.last_shared is shared
    assert part.last_shared is shared  # its patterns' union, made by the first set: every one of them is in it
    fresh = load_rules(RULES_DIR.glob("*.toml"))  # new Rule objects: a union of their own
    assert fresh.last_shared is not None and fresh.last_shared is not shared


def test_a_whole_set_goes_without_a_pattern_it_cannot_widen_as_the_pattern_does() -> None:
    # a pattern whose source no longer translates (its exact program was built before): its own test
    # goes without the widened prefilter, and the set of the group is none (every rule is tried)
    broken = regex.compile("Exact")
    broken.pattern = r"Ex\bact"
    assert broken._widened() is None and broken.test("Exact", whole=True)
    assert regex.whole_set([regex.compile("Other"), broken]) is None
    assert regex.whole_set([regex.compile("Other"), regex.compile("Exact")]) is not None


def test_every_union_reads_a_literal_paren_before_p_as_the_pattern_does() -> None:
    # r"\(?P<x>b" is an optional "(" then "P<x>b": no named group to make plain in any union of it
    members = [regex.compile(r"\(?P<x>b"), regex.compile("c")]
    for line in ("P<x>b", "(P<x>b"):
        assert members[0].test(line, whole=True)
        shared = regex.shared_test(members)
        assert shared is not None and shared.passes(line), line
        found = regex.any_found(members)
        assert found is not None and found.found(line), line
        assert regex.compile(regex.joined(members), wide=True, plain=True).test(line, whole=True), line
    assert not regex.shared_test(members).passes("(:b")  # type: ignore[union-attr]
