"""The junk rules run in linear time (RE2, cleaners/clean/regex.py) with Python's meaning.

Every rule meets hostile lines built from its own pattern (its words and symbols repeated, long
runs of spaces, digits and punctuation, 10,000 characters): under Python's backtracking `re`
several of them never finish (`#berita with with ... .` took `furniture:hashtags` over five
minutes); here all of them together must take a few seconds of CPU at most (CPU time: a
machine busy with other work does not make it fail). The translation keeps
Python's answers: the classes `\\w \\d \\s` over every code point, case folding, and every rule's
matches (span and captured groups) on real lines.
"""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

from cleaners.clean import regex, uniclass
from cleaners.clean.steps import clean_blocks
from cleaners.errors import RuleError
from cleaners.knowledge.rules import RuleSet, default_rules, load_rules
from cleaners.model import Block

RULES = default_rules()
ROOT = Path(__file__).resolve().parents[3]
LENGTH = 10_000
BUDGET = 10.0  # CPU seconds for every rule against every hostile line (RE2 needs about two)


def _units(source: str) -> list[str]:
    """The pieces a hostile line is built from: the pattern's words, its symbols, digits, spaces."""
    words = re.findall(r"[^\W\d_]+", re.sub(r"\\[A-Za-z]|\(\?P?<?\w*>?|\{\d*,?\d*\}", " ", source))
    symbols = sorted(set(re.findall(r"[^\w\s\\()\[\]{}?*+|^$]", source)))
    return sorted(set(words)) + symbols + ["1", "12", " ", "\t", "a", "A1", "#x", "..."]


def hostile_lines(source: str) -> list[str]:
    """10,000-character lines from `source`'s units: each repeated (glued, spaced), then ended by
    a character that makes a match fail late; plus the runs every backtracking engine fears."""
    lines = ["#berita " + "with " * 30 + ".", "1 " * 40 + "x", "1" * LENGTH + "x"]
    for unit in _units(source):
        for glue in ("", " ") if unit.isalpha() else ("",):
            body = (unit + glue) * (LENGTH // (len(unit) + len(glue)) + 1)
            lines.append(body[:LENGTH - 1] + "!")
    for run in (" ", "1", ".", "-", "#", "a", "(", "/"):
        lines.append(run * LENGTH)
    return lines


def _rule_ids(rule) -> str:
    return rule.name


def test_every_rule_meets_lines_built_from_its_own_pattern_in_bounded_time():
    calls = 0
    start = time.process_time()
    for rule in RULES.rules:
        for line in hostile_lines(rule.pattern.pattern):
            rule.pattern.search(line)
            if not rule.pattern.lookahead:
                rule.pattern.fullmatch(line)
            if rule.followers is not None:
                rule.followers.fullmatch(line)
            calls += 1
        for line in hostile_lines(rule.pattern.pattern)[:12]:  # the one test every line meets first
            assert RULES.line_any is not None
            RULES.line_any.test(line, whole=True)
    elapsed = time.process_time() - start
    assert calls > 1000
    assert elapsed < BUDGET, f"{calls} hostile lines took {elapsed:.1f}s"


def test_the_lines_that_stalled_a_crawl_are_cleaned_at_once():
    # `#berita with with ... .` stalled furniture:hashtags for > 5 minutes under Python's re; a line of
    # repeated digits stalled furniture:pagination for 2 minutes at 24 units.
    prose = "Harga beras naik lagi di pasar tradisional pekan ini, kata para pedagang di sana."
    hostile = ["#berita " + "with " * 30 + ".", "1 " * 24 + "x", "1 " * 5_000 + "x", "#a " + "with " * 2_000 + "."]
    start = time.process_time()
    cleaned = clean_blocks([Block("paragraph", prose)] + [Block("paragraph", h) for h in hostile], None, RULES,
                           find_headline=False)
    assert time.process_time() - start < 2.0
    assert [b.text for b in cleaned.blocks][0] == prose


# --- Python's meaning kept -----------------------------------------------------------------------

_EVERY = uniclass._every_char()
_LOW = _EVERY[:0x3000]  # Latin, Greek, Cyrillic and the letter-like symbols: where case folding differs


@pytest.mark.parametrize("escape, flags", [(e, 0) for e in (r"\w", r"\W", r"\d", r"\D", r"\s", r"\S")]
                         + [(r"\w", re.IGNORECASE), (r"\W", re.IGNORECASE)])  # digits and spaces have no case
def test_class_escapes_match_what_python_matches_over_every_code_point(escape, flags):
    python = re.findall(escape, _EVERY, flags)
    ours = regex.compile(escape + "+", flags)
    joined = "".join(python)
    assert ours.test(joined, whole=True)
    # and nothing else: what Python leaves out is left out here too
    left = re.sub(escape, "", _EVERY, flags=flags)
    assert not ours.test(left)


@pytest.mark.parametrize("source", [c for c in "abcdefghijklmnopqrstuvwxyz"] + ["[a-z]", "[h-j]", "[^a-z]", "[\\w.]"])
def test_case_insensitive_letters_fold_as_in_python(source):
    python = set(re.findall(source, _LOW, re.IGNORECASE))
    ours = regex.compile(f"(?:{source})+", re.IGNORECASE)
    assert ours.test("".join(sorted(python)), whole=True)
    assert not any(ours.fullmatch(c) for c in "ıİſKµΩ" if c not in python)


def _real_lines() -> list[str]:
    """Lines of real cleaned articles and raw dumps kept with the fixtures (and every rule's table)."""
    lines: set[str] = set()
    for path in sorted((ROOT / "fixtures").rglob("*.txt"))[:100]:
        lines.update(line.strip() for line in path.read_text(encoding="utf-8", errors="replace").splitlines())
    for rule in RULES.rules:
        lines.update(rule.drops + rule.keeps + tuple(a for a, _ in rule.strips))
    return sorted(line for line in lines if line and len(line) < 300)


REAL = _real_lines()


def _answer(match) -> tuple | None:
    return None if match is None else (match.start(), match.end(), match.groupdict())


@pytest.mark.parametrize("rule", RULES.rules, ids=_rule_ids)
def test_each_rule_answers_as_python_would_on_real_lines(rule):
    python = re.compile(rule.pattern.pattern, rule.pattern.flags)
    assert len(REAL) > 500
    for line in REAL:
        assert _answer(rule.pattern.search(line)) == _answer(python.search(line)), (rule.name, line)
        if not rule.pattern.lookahead:
            assert _answer(rule.pattern.fullmatch(line)) == _answer(python.fullmatch(line)), (rule.name, line)


def test_a_lookahead_at_the_end_ends_the_match_where_it_starts():
    pattern = regex.compile(r"^(?P<dateline>[A-Z]+)\s*-\s+(?=[A-Z])")
    match = pattern.search("JAKARTA - Harga naik.")
    assert (match.start(), match.end(), match.group("dateline")) == (0, 10, "JAKARTA")
    assert pattern.search("JAKARTA - harga naik.") is None


def test_positions_are_in_characters_and_lone_surrogates_do_not_crash():
    pattern = regex.compile(r"(?P<date>\d+) menit")
    match = pattern.search("Jakarta — 5 menit lalu")
    assert (match.start(), match.end(), match.group("date")) == (10, 17, "5")
    assert pattern.search("\ud800 12 menit").span() == (2, 10)


@pytest.mark.parametrize("source, why", [
    (r"(\w+) \1", "back-reference"),
    (r"(?P<x>a)(?P=x)", "back-reference"),
    (r"(?<=a)b", "lookaround"),
    (r"a(?!b)", "lookaround"),
    (r"(?=a)b", "lookahead is only supported at the very end"),
    (r"\bword\b", "word boundary"),
    (r"(?>a+)b", "RE2 cannot compile"),
])
def test_what_needs_backtracking_is_refused_saying_why(source, why):
    with pytest.raises(regex.RegexError, match=re.escape(why)):
        regex.compile(source)


@pytest.mark.parametrize("pattern, match, key", [
    (r"(\\w+) \\1", "line", "back-reference"),
    (r"\\bads\\b", "line", "word boundary"),
    (r"ads(?=!)", "line", "only a strip rule"),
])
def test_a_rules_file_with_a_pattern_re2_cannot_run_fails_at_load_naming_file_and_key(tmp_path, pattern, match, key):
    path = tmp_path / "bad.toml"
    path.write_text(f'[[rule]]\nname = "x"\nkind = "ad"\nmatch = "{match}"\npattern = "{pattern}"\n'
                    'drops = ["ads ads"]\nkeeps = ["b"]\n', encoding="utf-8")
    with pytest.raises(RuleError) as info:
        load_rules([path])
    assert str(path) in str(info.value) and "rule 'x'.pattern" in str(info.value) and key in str(info.value)


def test_the_bundled_rules_are_joined_into_one_linear_time_test():
    assert isinstance(RULES.line_any, regex.Pattern)
    single = RuleSet(tuple(r for r in RULES.rules if r.name == "furniture:hashtags"), RULES.settings)
    assert single.line_any is not None and single.line_any.test("#Pemilu2024 #Jakarta", whole=True)


def test_compiled_rules_travel_to_worker_processes():
    import pickle

    rule = next(r for r in RULES.rules if r.name == "id:dateline")
    again = pickle.loads(pickle.dumps(rule))
    assert again.pattern.search("JAKARTA, KOMPAS.com - Harga beras naik.").group("dateline") == "JAKARTA, KOMPAS.com"


def test_the_widened_prefilter_lets_through_every_line_a_line_rule_drops():
    # The joined test widens the large Unicode classes: it may say yes too often, never no wrongly.
    union = RULES.line_any
    assert union is not None
    lines = REAL + [line for rule in RULES.line_rules for line in hostile_lines(rule.pattern.pattern)[:3]]
    for line in lines:
        if any(rule.pattern.fullmatch(line) for rule in RULES.line_rules):
            assert union.test(line, whole=True), line
    exact = regex.compile(r"[\w ,]{1,60}", re.IGNORECASE)
    wide = regex.compile(r"[\w ,]{1,60}", re.IGNORECASE, wide=True)
    assert wide.test("\u0345", whole=True) and not exact.test("\u0345", whole=True)


def test_the_widened_prefilter_counts_without_an_upper_bound():
    # A bounded count makes the DFA count (a state per character): the prefilter drops the bound and
    # keeps a small lower bound, so it still says yes wherever the exact pattern does.
    assert regex.translate(r"a{2,5}b{,3}c{7}", 0, wide=True)[0] == "a{2,}b{0,}c{4,}"
    assert regex.translate(r"a{2,5}", 0)[0] == "a{2,5}"
    exact, wide = regex.compile(r"x.{0,3}y"), regex.compile(r"x.{0,3}y", wide=True)
    for text in ("xy", "xabcy", "xabcdy", "xab"):
        assert wide.test(text, whole=True) >= exact.test(text, whole=True)
    assert wide.test("xabcdy", whole=True) and not exact.test("xabcdy", whole=True)
