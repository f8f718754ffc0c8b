"""Junk rules: loaded from `cleaners/data/rules/*.toml`, applied to blocks.

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
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any

from cleaners.errors import RuleError, read_toml
from cleaners.knowledge import DATA_DIR

__all__ = ["Rule", "Settings", "RuleSet", "KINDS", "load_rules", "default_rules", "RULES_DIR"]

RULES_DIR = DATA_DIR / "rules"
KINDS = ("ad", "widget", "related", "notice", "prompt", "credit", "furniture", "dateline")
_MATCHES = ("line", "strip")
_WHERE = ("any", "lead", "last")
_CAPTURES = ("date", "author", "dateline")


@dataclass(frozen=True)
class Rule:
    name: str
    kind: str
    pattern: re.Pattern[str]
    match: str = "line"
    where: str = "any"
    followers: re.Pattern[str] | None = None
    drops: tuple[str, ...] = ()
    strips: tuple[tuple[str, str], ...] = ()
    keeps: tuple[str, ...] = ()
    origin: str = ""


@dataclass(frozen=True)
class Settings:
    """Thresholds of the structural steps (see cleaners/clean.py)."""

    prose_min_words: int = 5
    prose_long_words: int = 25
    prose_min_cjk: int = 25
    lead_blocks: int = 3
    lead_label_max_words: int = 8
    lead_label_max_cjk: int = 20
    preamble_max_lines: int = 15
    duplicate_min_chars: int = 20
    lead_prefix_min_chars: int = 30
    terminal: str = ".!?…。！？\"”’'»)]"


_NAMED_GROUP_RE = re.compile(r"\(\?P<[A-Za-z_]\w*>")


def _union(rules: tuple[Rule, ...]) -> re.Pattern[str] | None:
    """One pattern matching where any of `rules` does (names dropped; each keeps its own case
    flag), or None when a rule cannot be joined (a back-reference) or there are no rules."""
    if not rules:
        return None
    parts = []
    for rule in rules:
        source = rule.pattern.pattern
        if "(?P=" in source or re.search(r"\\[1-9]", source):
            return None
        flag = "i" if rule.pattern.flags & re.IGNORECASE else "-i"
        parts.append(f"(?{flag}:{_NAMED_GROUP_RE.sub('(?:', source)})")
    try:
        return re.compile("|".join(parts))
    except re.error:
        return None


@dataclass(frozen=True)
class RuleSet:
    rules: tuple[Rule, ...]
    settings: Settings = field(default_factory=Settings)

    @cached_property
    def line_rules(self) -> tuple[Rule, ...]:
        """Whole-line rules for any block, in order."""
        return tuple(r for r in self.rules if r.match == "line" and r.where == "any")

    @cached_property
    def strip_rules(self) -> tuple[Rule, ...]:
        return tuple(r for r in self.rules if r.match == "strip" and r.where == "any")

    @cached_property
    def line_any(self) -> re.Pattern[str] | None:
        """All line rules in one pattern: one C-level test tells a line no rule can touch."""
        return _union(self.line_rules)

    @cached_property
    def strip_any(self) -> re.Pattern[str] | None:
        return _union(self.strip_rules)

    @cached_property
    def last_rules(self) -> tuple[Rule, ...]:
        return tuple(r for r in self.rules if r.where == "last")

    @cached_property
    def lead_rules(self) -> tuple[Rule, ...]:
        return tuple(r for r in self.rules if r.where == "lead")


def _compile(pattern: Any, path: str, key: str, case: bool) -> re.Pattern[str]:
    if not isinstance(pattern, str) or not pattern:
        raise RuleError(path, key, "must be a non-empty string (a Python regular expression)")
    try:
        return re.compile(pattern, 0 if case else re.IGNORECASE)
    except re.error as exc:
        raise RuleError(path, key, f"is not a valid regular expression: {exc}") from None


def _strings(value: Any, path: str, key: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise RuleError(path, key, "must be a list of strings")
    return tuple(value)


def parse_rule(raw: Any, path: str, index: int) -> Rule:
    where = f"rule[{index}]"
    if not isinstance(raw, dict):
        raise RuleError(path, where, "must be a table")
    known = {"name", "kind", "pattern", "match", "where", "followers", "case", "drops", "strips", "keeps"}
    unknown = set(raw) - known
    if unknown:
        raise RuleError(path, f"{where}.{sorted(unknown)[0]}", f"unknown key; expected one of {sorted(known)}")
    name = raw.get("name")
    if not isinstance(name, str) or not re.fullmatch(r"[a-z0-9][a-z0-9_:.-]*", name):
        raise RuleError(path, f"{where}.name", "must be a lower-case name (letters, digits, - _ : .)")
    where = f"rule {name!r}"
    kind = raw.get("kind")
    if kind not in KINDS:
        raise RuleError(path, f"{where}.kind", f"must be one of {KINDS}, not {kind!r}")
    match = raw.get("match", "line")
    if match not in _MATCHES:
        raise RuleError(path, f"{where}.match", f"must be one of {_MATCHES}")
    scope = raw.get("where", "any")
    if scope not in _WHERE:
        raise RuleError(path, f"{where}.where", f"must be one of {_WHERE}")
    case = raw.get("case", False)
    if not isinstance(case, bool):
        raise RuleError(path, f"{where}.case", "must be true or false")
    pattern = _compile(raw.get("pattern"), path, f"{where}.pattern", case)
    bad = set(pattern.groupindex) - set(_CAPTURES)
    if bad:
        raise RuleError(path, f"{where}.pattern", f"named group {sorted(bad)[0]!r}; only {_CAPTURES} are known")
    followers = None
    if "followers" in raw:
        followers = _compile(raw["followers"], path, f"{where}.followers", case)
    strips_raw = raw.get("strips", [])
    if not isinstance(strips_raw, list) or not all(
        isinstance(p, list) and len(p) == 2 and all(isinstance(s, str) for s in p) for p in strips_raw
    ):
        raise RuleError(path, f"{where}.strips", "must be a list of [input, output] string pairs")
    rule = Rule(
        name=name,
        kind=kind,
        pattern=pattern,
        match=match,
        where=scope,
        followers=followers,
        drops=_strings(raw.get("drops"), path, f"{where}.drops"),
        strips=tuple((a, b) for a, b in strips_raw),
        keeps=_strings(raw.get("keeps"), path, f"{where}.keeps"),
        origin=path,
    )
    if not rule.keeps or not (rule.drops or rule.strips):
        raise RuleError(path, where, "needs its case table: `keeps` and `drops` (or `strips` for match = \"strip\")")
    return rule


def _parse_settings(raw: Any, path: str) -> dict[str, Any]:
    if not isinstance(raw, dict):
        raise RuleError(path, "settings", "must be a table")
    defaults = Settings()
    out: dict[str, Any] = {}
    for key, value in raw.items():
        if not hasattr(defaults, key):
            raise RuleError(path, f"settings.{key}", "unknown setting")
        if type(value) is not type(getattr(defaults, key)):
            raise RuleError(path, f"settings.{key}", f"must be a {type(getattr(defaults, key)).__name__}")
        out[key] = value
    return out


def load_rules(paths: Iterable[Path]) -> RuleSet:
    rules: list[Rule] = []
    settings: dict[str, Any] = {}
    seen: dict[str, str] = {}
    for path in sorted(paths):
        spath = str(path)
        data = read_toml(path, RuleError)
        unknown = set(data) - {"rule", "settings"}
        if unknown:
            raise RuleError(spath, sorted(unknown)[0], "unknown table; expected [[rule]] or [settings]")
        if "settings" in data:
            settings.update(_parse_settings(data["settings"], spath))
        for i, raw in enumerate(data.get("rule", [])):
            rule = parse_rule(raw, spath, i)
            if rule.name in seen:
                raise RuleError(spath, f"rule {rule.name!r}", f"name already used in {seen[rule.name]}")
            seen[rule.name] = spath
            rules.append(rule)
    return RuleSet(tuple(rules), Settings(**settings))


@lru_cache(maxsize=1)
def default_rules() -> RuleSet:
    return load_rules(RULES_DIR.glob("*.toml"))
