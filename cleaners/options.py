"""How a caller tunes a clean: rules, size limit, language detection, site profiles."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from cleaners.knowledge.settings import default_settings
from cleaners.urls import host_of

if TYPE_CHECKING:
    from cleaners.knowledge.rules import RuleSet
    from cleaners.knowledge.sites import Registry, SiteProfile

__all__ = ["Options", "DEFAULT_MAX_BYTES"]

DEFAULT_MAX_BYTES = default_settings().input.max_bytes  # data/settings.toml


@dataclass(frozen=True)
class Options:
    rules: RuleSet | None = None
    max_bytes: int = DEFAULT_MAX_BYTES
    detect_language: bool = True
    use_sites: bool = True  # False: the generic path only (`eval --no-sites`)
    sites: Registry | None = None  # None: the bundled profiles (cleaners/data/sites/)
    skip_paywalled: bool = False  # --skip-paywalled: a teaser flagged free_access false is a `paywalled` rejection

    def profile_for(self, *urls: str | None) -> SiteProfile | None:
        """The profile of the first of `urls` whose host has one."""
        if not self.use_sites:
            return None
        from cleaners.knowledge.sites import default_registry

        registry = self.sites if self.sites is not None else default_registry()
        for url in urls:
            profile = registry.for_host(host_of(url))
            if profile is not None:
                return profile
        return None
