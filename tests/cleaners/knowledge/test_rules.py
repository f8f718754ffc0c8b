"""Every junk rule against its own case table (kept beside it in cleaners/data/rules/*.toml), and the
loader's errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from cleaners.clean.steps import clean_blocks
from cleaners.errors import RuleError
from cleaners.knowledge.rules import RuleSet, default_rules, load_rules
from cleaners.model import Block

RULES = default_rules()


def _ids(rule) -> str:
    return rule.name


@pytest.mark.parametrize("rule", RULES.rules, ids=_ids)
def test_rule_drops_what_it_should(rule):
    for line in rule.drops:
        match = rule.pattern.fullmatch(line)
        assert match, f"{rule.name} should drop {line!r}"


@pytest.mark.parametrize("rule", [r for r in RULES.rules if r.strips], ids=_ids)
def test_strip_rule_cuts_what_it_should(rule):
    single = RuleSet((rule,), RULES.settings)
    for given, wanted in rule.strips:
        cleaned = clean_blocks([Block("paragraph", given)], None, single, find_headline=False)
        assert [b.text for b in cleaned.blocks] == [wanted], rule.name
        assert cleaned.removed and cleaned.removed[0].rule == rule.name


@pytest.mark.parametrize("rule", RULES.rules, ids=_ids)
def test_rule_keeps_real_sentences(rule):
    single = RuleSet((rule,), RULES.settings)
    for line in rule.keeps:
        cleaned = clean_blocks([Block("paragraph", line)], None, single, find_headline=False)
        assert [b.text for b in cleaned.blocks] == [line], f"{rule.name} must keep {line!r}"


@pytest.mark.parametrize("line", [r.keeps[0] for r in RULES.rules])
def test_no_rule_of_the_whole_set_eats_a_keep_line(line):
    # A "keep" of one rule must survive every rule at once (in the middle of a body, where
    # lead and last-block rules do not reach it).
    prose = "Ini adalah kalimat pembuka yang cukup panjang untuk sebuah paragraf berita."
    blocks = [Block("paragraph", prose), Block("paragraph", prose + " Dua."), Block("paragraph", prose + " Tiga."),
              Block("paragraph", line), Block("paragraph", prose + " Akhir.")]
    cleaned = clean_blocks(blocks, None, RULES, find_headline=False)
    assert line in [b.text for b in cleaned.blocks]


def test_a_sentence_that_contains_a_junk_word_stays_and_the_bare_label_goes():
    blocks = [Block("paragraph", "Video itu beredar luas di media sosial sejak Senin malam."),
              Block("paragraph", "Video"),
              Block("paragraph", "Warga mengaku terkejut melihat rekaman tersebut di ponselnya.")]
    cleaned = clean_blocks(blocks, None, RULES, find_headline=False)
    assert [b.text for b in cleaned.blocks] == [blocks[0].text, blocks[2].text]
    assert [(r.rule, r.text) for r in cleaned.removed] == [("widget:label", "Video")]


def test_related_header_takes_the_titles_listed_under_it():
    blocks = [Block("paragraph", "Harga beras naik lagi di pasar tradisional pekan ini, kata pedagang."),
              Block("paragraph", "Berita Terkait"),
              Block("list_item", "Harga Cabai Melonjak Jelang Lebaran"),
              Block("list_item", "Bulog Gelar Operasi Pasar"),
              Block("paragraph", "Pemerintah berjanji menambah pasokan dalam waktu dekat, ujar menteri.")]
    cleaned = clean_blocks(blocks, None, RULES, find_headline=False)
    assert [b.text for b in cleaned.blocks] == [blocks[0].text, blocks[4].text]
    assert {r.rule for r in cleaned.removed} == {"id:related:header"}


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "bad.toml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("text, key", [
    ('[[rule]]\nname = "x"\nkind = "ad"\npattern = "("\ndrops=["a"]\nkeeps=["b"]\n', "pattern"),
    # valid for Python's re, but it would need backtracking: refused by the linear-time engine
    ('[[rule]]\nname = "x"\nkind = "ad"\npattern = "(?<=a)b"\ndrops=["a"]\nkeeps=["b"]\n', "pattern"),
    ('[[rule]]\nname = "x"\nkind = "ad"\npattern = "a"\nfollowers = "(a)\\\\1"\ndrops=["a"]\nkeeps=["b"]\n',
     "followers"),
    ('[[rule]]\nname = "x"\nkind = "nonsense"\npattern = "a"\ndrops=["a"]\nkeeps=["b"]\n', "kind"),
    ('[[rule]]\nname = "x"\nkind = "ad"\npattern = "a"\n', "rule 'x'"),
    ('[[rule]]\nname = "x"\nkind = "ad"\npattern = "a"\ndrops=["a"]\nkeeps=["b"]\ncolour = 1\n', "colour"),
    ('[[rule]\nname = "x"', "-"),
    ('[settings]\nprose_min_words = "five"\n', "settings.prose_min_words"),
])
def test_a_broken_rules_file_fails_naming_file_and_key(tmp_path, text, key):
    path = _write(tmp_path, text)
    with pytest.raises(RuleError) as info:
        load_rules([path])
    assert str(path) in str(info.value)
    assert key in str(info.value)


def test_rule_names_are_unique_across_files(tmp_path):
    rule = '[[rule]]\nname = "dup"\nkind = "ad"\npattern = "a"\ndrops=["a"]\nkeeps=["b"]\n'
    (tmp_path / "a.toml").write_text(rule)
    (tmp_path / "b.toml").write_text(rule)
    with pytest.raises(RuleError, match="already used"):
        load_rules(sorted(tmp_path.glob("*.toml")))
