"""The `Knowledge` bundle: everything the cleaning flow knows, as one frozen value.

`Knowledge.default()` loads the bundled data under `cleaners/data/` once; a caller who wants other
rules or profiles builds its own with `dataclasses.replace(Knowledge.default(), rules=...)`.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from cleaners.knowledge.rules import RULES_DIR, RuleSet, load_rules
from cleaners.knowledge.settings import Settings, default_settings
from cleaners.knowledge.sites import SITES_DIR, Registry, load_profiles
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


@lru_cache(maxsize=1)
def _default() -> Knowledge:
    return Knowledge(
        rules=load_rules(RULES_DIR.glob("*.toml")),
        sites=load_profiles(SITES_DIR.glob("*.toml")),
        prune=load_prune_plan(),
        blocked=load_blocked(),
        dates=load_dates(),
        settings=default_settings(),
    )
