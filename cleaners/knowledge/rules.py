"""Junk rules (data): loaded from `cleaners/data/rules/*.toml`, applied to blocks.

A rule is data: a name (its trace entry in `Article.removed`), a kind, a regular expression, and
how it applies:

- ``match = "line"``: a block whose whole text matches is dropped;
- ``match = "strip"``: the matching part of a block is cut out (the block goes if nothing is left).

``where`` limits a rule to the ``lead`` blocks (the first few of the body; the first hit only),
the ``last`` block, or ``any`` block (the default). ``followers`` drops the blocks right after a
hit while they match (the titles listed under a "Berita Terkait" header). Named groups
``date``, ``author`` and ``dateline`` in a pattern hand what they caught to the metadata.
Every rule carries its own case table: ``drops`` (lines it must drop), ``strips`` (pairs of
input and output) and ``keeps`` (lines it must leave alone); the tests run them all.

Patterns are written in Python's syntax and run on RE2 (cleaners/clean/regex.py), in time linear
in the line whatever the pattern: a pattern that would need backtracking (a back-reference, a
lookaround other than one trailing ``(?=...)`` in a strip rule, ``\b``) fails at load.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from cleaners.clean import regex
from cleaners.errors import RuleError
from cleaners.knowledge import DATA_DIR
from cleaners.knowledge.reader import REQUIRED, Reader, read_file

__all__ = ["Rule", "StepSettings", "parse_rule", "RuleSet", "KINDS", "load_rules", "default_rules", "RULES_DIR"]

RULES_DIR = DATA_DIR / "rules"
KINDS = ("ad", "widget", "related", "notice", "prompt", "credit", "furniture", "dateline")
_MATCHES = ("line", "strip")
_WHERE = ("any", "lead", "last")
_CAPTURES = ("date", "author", "dateline")


@dataclass(frozen=True)
class Rule:
    name: str
    kind: str
    pattern: regex.Pattern
    match: str = "line"
    where: str = "any"
    followers: regex.Pattern | None = None
    drops: tuple[str, ...] = ()
    strips: tuple[tuple[str, str], ...] = ()
    keeps: tuple[str, ...] = ()
    origin: str = ""


_COUNT = {"lo": 0, "hi": 10_000}  # the range of every count among the step settings


@dataclass(frozen=True)
class StepSettings:
    """Thresholds of the structural steps (cleaners/clean/steps.py), from the rules' `[settings]`."""

    prose_min_words: int = field(metadata=_COUNT)
    prose_long_words: int = field(metadata=_COUNT)
    prose_min_cjk: int = field(metadata=_COUNT)
    prose_terminal_min_cjk: int = field(metadata=_COUNT)
    lead_blocks: int = field(metadata=_COUNT)
    lead_label_max_words: int = field(metadata=_COUNT)
    lead_label_max_cjk: int = field(metadata=_COUNT)
    preamble_max_lines: int = field(metadata=_COUNT)
    duplicate_min_chars: int = field(metadata=_COUNT)
    lead_prefix_min_chars: int = field(metadata=_COUNT)
    terminal: str = field()


def _union(rules: tuple[Rule, ...]) -> regex.Pattern | None:
    """One pattern matching wherever any of `rules` does (`regex.joined`: each keeps its own case
    flag, names dropped; no groups; the large Unicode classes widened, see `regex.compile`): a line
    it rejects, no rule touches. None when a rule cannot be joined (a lookahead) or there are no rules."""
    if not rules:
        return None
    try:
        return regex.compile(regex.joined([rule.pattern for rule in rules]), capture=False, wide=True, plain=True)
    except regex.RegexError:
        return None


def _share(rules: tuple[Rule, ...]) -> None:
    """Give the patterns of `rules` one `regex.SharedTest` of their union, when it spares tests: a
    line no rule of the group touches costs one run of the union, not one run of each rule. A
    pattern that shares one already (its rule is in another set too) keeps it, and this group then
    shares none: a set never changes the tests another set's patterns run."""
    if len(rules) < 2 or any(rule.pattern.shared is not None for rule in rules):
        return
    shared = regex.shared_test([rule.pattern for rule in rules])
    for rule in rules if shared is not None else ():
        rule.pattern.shared = shared


@dataclass(frozen=True)
class RuleSet:
    rules: tuple[Rule, ...]
    settings: StepSettings

    def ready(self) -> RuleSet:
        """Every pattern's RE2 program built now (a set loaded lazily builds each on first use)."""
        for rule in self.rules:
            for pattern in (rule.pattern, rule.followers):
                if pattern is not None:
                    pattern.ready()
        return self

    @cached_property
    def line_rules(self) -> tuple[Rule, ...]:
        """Whole-line rules for any block, in order."""
        return tuple(r for r in self.rules if r.match == "line" and r.where == "any")

    @cached_property
    def strip_rules(self) -> tuple[Rule, ...]:
        return tuple(r for r in self.rules if r.match == "strip" and r.where == "any")

    @cached_property
    def line_any(self) -> regex.Pattern | None:
        """All line rules in one pattern: one C-level test tells a line no rule can touch."""
        return _union(self.line_rules)

    @cached_property
    def strip_any(self) -> regex.Pattern | None:
        return _union(self.strip_rules)

    @cached_property
    def last_rules(self) -> tuple[Rule, ...]:
        """The rules for the last block, in order. The steps that read them try them all on one
        line in turn: their patterns share one test of their union (`regex.SharedTest`)."""
        found = tuple(r for r in self.rules if r.where == "last")
        _share(found)
        return found

    @cached_property
    def last_shared(self) -> regex.SharedTest | None:
        """The test every last-block rule's own whole-text test runs first (their union, made by
        `last_rules`); None when they do not all share one. A text it does not pass, no last-block
        line rule matches whole."""
        rules = self.last_rules
        shared = rules[0].pattern.shared if rules else None
        return shared if shared is not None and all(r.pattern.shared is shared for r in rules) else None

    @cached_property
    def last_strip_rules(self) -> tuple[Rule, ...]:
        """The last-block rules that strip (not line rules), in order."""
        return tuple(r for r in self.last_rules if r.match != "line")

    @cached_property
    def lead_rules(self) -> tuple[Rule, ...]:
        """The lead-only rules, in order (tried on the first blocks in turn)."""
        return tuple(r for r in self.rules if r.where == "lead")


_RULE_KEYS = ("name", "kind", "pattern", "match", "where", "followers", "case", "drops", "strips", "keeps")
_NAME_RE = re.compile(r"[a-z0-9][a-z0-9_:.-]*")


def _is_pairs(value: Any) -> bool:
    return isinstance(value, list) and all(
        isinstance(p, list) and len(p) == 2 and all(isinstance(s, str) for s in p) for p in value)


def _is_texts(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


def _pattern(table: Reader, key: str, flags: int, groups: tuple[str, ...] | None = None,
             search: bool = False, lazy: bool = False) -> Any:
    """The pattern under `key` (None when it is missing and optional), valid for Python's `re` (its
    syntax and meaning are Python's) and compiled for RE2; the file and key are named when not. With
    `lazy` (the bundled rules, which a test loads whole with every check) Python's own compile and
    the named-group check are skipped too: a run pays for the translation only."""
    if lazy:
        source = table.string(key, REQUIRED if groups is not None else None)
    else:
        checked = table.regex(key, REQUIRED if groups is not None else None, flags=flags, groups=groups)
        source = checked.pattern if checked is not None else None
    if source is None:
        return None
    try:
        compiled = regex.compile(source, flags, lazy=lazy)
    except regex.RegexError as exc:
        raise table.fail(key, f"cannot run in linear time (RE2): {exc}") from None
    if compiled.lookahead and not search:
        raise table.fail(key, "ends in a lookahead, which only a strip rule (match = \"strip\") may use")
    return compiled


def parse_rule(raw: Reader, lazy: bool = False) -> Rule:
    """One `[[rule]]` table (`raw`, named "rule[i]" until its name is known) as a Rule; with `lazy`,
    its patterns' RE2 programs are built on first use (see `regex.Pattern`)."""
    raw.check_keys(_RULE_KEYS)
    name = raw.value("name", None, lambda v: isinstance(v, str) and bool(_NAME_RE.fullmatch(v)),
                     "a lower-case name (letters, digits, - _ : .)")
    if name is None:
        raise raw.fail("name", "must be a lower-case name (letters, digits, - _ : .)")
    where = f"rule {name!r}"
    table = raw.renamed(f"{where}.")
    case = table.flag("case", False)
    flags = 0 if case else re.IGNORECASE
    match = table.string("match", "line", choices=_MATCHES)
    rule = Rule(
        name=name,
        kind=table.string("kind", choices=KINDS),
        pattern=_pattern(table, "pattern", flags, _CAPTURES, search=match == "strip", lazy=lazy),
        match=match,
        where=table.string("where", "any", choices=_WHERE),
        followers=_pattern(table, "followers", flags, lazy=lazy),
        drops=tuple(table.value("drops", [], _is_texts, "a list of strings")),
        strips=tuple((a, b) for a, b in table.value("strips", [], _is_pairs, "a list of [input, output] string pairs")),
        keeps=tuple(table.value("keeps", [], _is_texts, "a list of strings")),
        origin=raw.path,
    )
    if not rule.keeps or not (rule.drops or rule.strips):
        raise table.error(raw.path, where, "needs its case table: `keeps` and `drops` (or `strips` for "
                          "match = \"strip\")")
    return rule


def load_rules(paths: Iterable[Path], lazy: bool = False) -> RuleSet:
    """The rules of every file in `paths` (in name order) and their merged `[settings]`, which
    must name every step setting between them. A pattern RE2 refuses is an error here, unless
    `lazy` (the bundled rules, which a test builds whole): then its program is built on first use."""
    rules: list[Rule] = []
    settings: dict[str, Any] = {}
    seen: dict[str, str] = {}
    last = "-"
    for path in sorted(paths):
        top = read_file(path, RuleError)
        last = top.path
        top.check_keys(("rule", "settings"))
        if "settings" in top:
            settings.update(top.table("settings", REQUIRED).fields(StepSettings, partial=True))
        for raw in top.array("rule"):
            rule = parse_rule(raw, lazy)
            if rule.name in seen:
                raise RuleError(top.path, f"rule {rule.name!r}", f"name already used in {seen[rule.name]}")
            seen[rule.name] = top.path
            rules.append(rule)
    missing = [f.name for f in dataclasses.fields(StepSettings) if f.name not in settings]
    if missing:
        raise RuleError(last, f"settings.{missing[0]}", "is required (in the [settings] of one of the rules files)")
    return RuleSet(tuple(rules), StepSettings(**settings))


def default_rules() -> RuleSet:
    """The bundled rules (loaded once, with the rest of `Knowledge.default()`)."""
    from cleaners.knowledge.bundle import Knowledge

    return Knowledge.default().rules
