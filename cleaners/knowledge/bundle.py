"""The `Knowledge` bundle: everything the cleaning flow knows, as one frozen value.

`Knowledge.default()` loads the bundled data under `cleaners/data/` once; `Knowledge.load(dir)` reads
another directory laid out the same way, and `dataclasses.replace(Knowledge.default(), rules=...)`
changes one part.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from cleaners.knowledge import DATA_DIR
from cleaners.knowledge.rules import RuleSet, load_rules
from cleaners.knowledge.settings import Settings, default_settings, load_settings
from cleaners.knowledge.sites import Registry, load_profiles
from cleaners.knowledge.vocab import BlockedVocab, DateVocab, PrunePlan, load_blocked, load_dates, load_prune_plan

__all__ = ["Knowledge"]


@dataclass(frozen=True)
class Knowledge:
    rules: RuleSet  # junk rules and the structural steps' thresholds (data/rules/)
    sites: Registry  # site profiles (data/sites/)
    prune: PrunePlan  # what the generic path removes from the tree (data/vocab/prune.toml)
    blocked: BlockedVocab  # block, consent, captcha and paywall pages (data/vocab/blocked.toml)
    dates: DateVocab  # month names (data/vocab/dates.toml)
    settings: Settings  # every other threshold (data/settings.toml)

    @staticmethod
    def default() -> Knowledge:
        """The bundled data, loaded and validated once."""
        return _default()

    @classmethod
    def load(cls, data_dir: Path = DATA_DIR, lazy: bool = False) -> Knowledge:
        """Everything from a data directory laid out as `cleaners/data/` (rules/, sites/, vocab/,
        settings.toml); `lazy` defers building the rules' RE2 programs to their first use and reading
        the site profiles to the first look-up of one."""
        vocab = data_dir / "vocab"
        return cls(
            rules=load_rules((data_dir / "rules").glob("*.toml"), lazy),
            sites=load_profiles((data_dir / "sites").glob("*.toml"), lazy),
            prune=load_prune_plan(vocab / "prune.toml"),
            blocked=load_blocked(vocab / "blocked.toml"),
            dates=load_dates(vocab / "dates.toml"),
            settings=load_settings(data_dir / "settings.toml"),
        )


@lru_cache(maxsize=1)
def _default() -> Knowledge:
    # the settings are the ones module constants were read from at import (default_settings)
    # the bundled rules are built on first use: a run of text dumps reaches a fraction of them, and
    # the profiles are read on the first look-up, which a run of text dumps never makes (tests build
    # every rule and read every profile, so none can fail later)
    return replace(Knowledge.load(DATA_DIR, lazy=True), settings=default_settings())
