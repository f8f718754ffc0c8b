"""The bundled data loads through the validating reader, and a broken or incomplete file is refused
naming the file and the key: no value is filled in by a default in code."""

from __future__ import annotations

from pathlib import Path

import pytest

from cleaners.errors import ConfigError, Reason, RejectedInput
from cleaners.knowledge.bundle import Knowledge
from cleaners.knowledge.settings import SETTINGS_PATH, load_settings
from cleaners.knowledge.vocab import VOCAB_DIR, leak_patterns, load_dates, load_prune_plan, load_urls
from cleaners.page.blocked import load_vocab


def _copy_without(tmp_path: Path, source: Path, line_start: str) -> Path:
    lines = source.read_text(encoding="utf-8").splitlines(keepends=True)
    kept = [line for line in lines if not line.startswith(line_start)]
    assert len(kept) == len(lines) - 1, f"{source} has one line starting {line_start!r}"
    path = tmp_path / source.name
    path.write_text("".join(kept), encoding="utf-8")
    return path


def test_the_bundled_knowledge_loads_once():
    knowledge = Knowledge.default()
    assert knowledge is Knowledge.default()
    assert knowledge.rules.rules and len(knowledge.sites) > 0
    assert knowledge.blocked.marker_max_chars == 1500  # the value in blocked.toml, not a code default
    assert knowledge.dates.months["agustus"] == 8
    assert knowledge.prune.not_text and knowledge.prune.guarded


def test_a_blocked_vocabulary_without_marker_max_chars_is_refused(tmp_path):
    # The code once fell back to 6000 when the key was missing, while the file says 1500.
    path = _copy_without(tmp_path, VOCAB_DIR / "blocked.toml", "marker_max_chars")
    with pytest.raises(ConfigError) as info:
        load_vocab(path)
    assert str(path) in str(info.value) and ": marker_max_chars: is required" in str(info.value)


def test_a_blocked_vocabulary_with_an_unknown_key_in_a_group_is_refused(tmp_path):
    path = tmp_path / "blocked.toml"
    path.write_text('max_chars = 10\nmarker_max_chars = 10\n[block]\nwhy = "x"\nphrases = []\nmarkers = []\n'
                    'colour = 1\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=r": block\.colour: unknown key"):
        load_vocab(path)


@pytest.mark.parametrize("table, key", [("input", "max_bytes"), ("extract", "dateline_blocks"),
                                        ("language", "agreed_trials"), ("clean", "max_rounds")])
def test_settings_without_a_key_are_refused(tmp_path, table, key):
    path = _copy_without(tmp_path, SETTINGS_PATH, f"{key} =")
    with pytest.raises(ConfigError, match=rf": {table}\.{key}: is required"):
        load_settings(path)


@pytest.mark.parametrize("text, key", [
    ('[input]\nmax_bytes = "big"\n', "input.max_bytes"),
    ('[input]\nmax_bytes = 0\n', "input.max_bytes"),
    ('[inputs]\nmax_bytes = 1\n', "inputs"),
    ('[input]\nmax_bytes = 1\nmin_bytes = 1\n', "input.min_bytes"),
])
def test_broken_settings_are_refused_naming_the_key(tmp_path, text, key):
    path = tmp_path / "settings.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_settings(path)
    assert f"{path}: {key}: " in str(info.value)


def test_the_other_vocabularies_refuse_a_missing_key(tmp_path):
    with pytest.raises(ConfigError, match=": min_chars: is required"):
        load_prune_plan(_copy_without(tmp_path, VOCAB_DIR / "prune.toml", "min_chars"))
    with pytest.raises(ConfigError, match=": slug_min_words: is required"):
        load_urls(_copy_without(tmp_path, VOCAB_DIR / "urls.toml", "slug_min_words"))
    (tmp_path / "dates.toml").write_text('months = [["jan"]]\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=": months: must be a list of 12 lists"):
        load_dates(tmp_path / "dates.toml")
    (tmp_path / "leaks.toml").write_text("[ad]\npatterns = ['(']\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r": ad\.patterns\[0\]: is not a valid regular expression"):
        leak_patterns(tmp_path / "leaks.toml")


def test_a_reason_is_its_code_and_knows_whether_it_is_permanent():
    assert Reason.of("too_large") is Reason.TOO_LARGE and Reason.TOO_LARGE.permanent
    assert not Reason.BLOCKED.permanent and "--max-bytes" in Reason.TOO_LARGE.hint
    assert RejectedInput("empty", "x").reason == "empty"
    assert RejectedInput(Reason.EMPTY, "x").reason == "empty" and RejectedInput(Reason.EMPTY, "x").why is Reason.EMPTY
    with pytest.raises(ValueError, match="unknown rejection reason"):
        RejectedInput("nonsense", "x")
