"""The bundled rules build their RE2 programs on first use: every one of them must build, a lazy set
must clean exactly as an eager one, and a rules file given by a caller is still checked whole at load."""

from __future__ import annotations

from pathlib import Path

import pytest

from cleaners import Options, clean_text
from cleaners.clean import regex
from cleaners.knowledge.bundle import DATA_DIR, Knowledge
from cleaners.knowledge.rules import RuleError, load_rules

ROOT = Path(__file__).resolve().parents[3]
DUMPS = sorted((ROOT / "seeds").glob("*.txt"))[:4] + sorted((ROOT / "fixtures").rglob("*.raw.txt"))[:8]


def test_every_bundled_rule_builds_in_re2() -> None:
    rules = Knowledge.default().rules
    assert rules.rules, "no bundled rules found"
    rules.ready()
    for rule in rules.rules:
        assert rule.pattern._regexp is not None, rule.name  # noqa: SLF001 - the built program itself


def test_the_default_rules_are_lazy_until_a_line_reaches_them() -> None:
    rules = load_rules((DATA_DIR / "rules").glob("*.toml"), lazy=True)
    assert all(rule.pattern._regexp is None for rule in rules.rules)  # noqa: SLF001


@pytest.mark.parametrize("path", DUMPS, ids=lambda p: p.name)
def test_lazy_and_eager_rules_clean_alike(path: Path) -> None:
    text = path.read_text(encoding="utf-8", errors="replace")
    eager = Knowledge.load(DATA_DIR).rules
    lazy = Knowledge.load(DATA_DIR, lazy=True).rules
    assert clean_text(text, options=Options(rules=lazy)).text == clean_text(text, options=Options(rules=eager)).text


@pytest.mark.parametrize("lazy", [False, True])
def test_a_rules_file_given_by_a_caller_is_built_whole_at_load(tmp_path: Path, lazy: bool) -> None:
    # an atomic group is valid for Python's re and translates, but RE2 has no such operator
    for bundled in (DATA_DIR / "rules").glob("*.toml"):
        (tmp_path / bundled.name).write_bytes(bundled.read_bytes())
    path = tmp_path / "zz-bad.toml"
    path.write_text('[[rule]]\nname = "x"\nkind = "ad"\npattern = "(?>ads)+ here"\n'
                    'drops = ["ads here"]\nkeeps = ["b"]\n', encoding="utf-8")
    if lazy:  # only the bundled rules load lazily: their build is the test above
        rules = load_rules(tmp_path.glob("*.toml"), lazy=True)
        with pytest.raises(regex.RegexError, match="RE2 cannot compile"):
            rules.ready()
    else:
        with pytest.raises(RuleError, match="RE2 cannot compile"):
            load_rules(tmp_path.glob("*.toml"))


def test_a_lazy_pattern_says_what_re2_refused_on_first_use() -> None:
    pattern = regex.compile(r"(\w{100}){100}", lazy=True)
    with pytest.raises(regex.RegexError, match="RE2 cannot compile"):
        pattern.search("abc")


def test_the_bundled_rules_pass_every_check_a_whole_load_makes() -> None:
    """The lazy load of the bundled rules skips Python's own compile and the named-group check: the
    bundled files must pass them, as a caller's rules file must."""
    eager = load_rules((DATA_DIR / "rules").glob("*.toml"))
    lazy = Knowledge.default().rules
    assert [(r.name, r.pattern.pattern) for r in eager.rules] == [(r.name, r.pattern.pattern) for r in lazy.rules]


def test_a_lazy_load_still_refuses_a_pattern_re2_cannot_run(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('[[rule]]\nname = "x:y"\nkind = "prompt"\npattern = "(a)\\\\1"\nkeeps = ["b"]\ndrops = ["aa"]\n',
                   encoding="utf-8")
    with pytest.raises(RuleError):
        load_rules([bad], lazy=True)
