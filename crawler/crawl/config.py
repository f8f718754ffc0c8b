"""What one `newsbroom crawl` is asked to do (`CrawlConfig`) and the targets it covers."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path

from cleaners import __version__
from cleaners.knowledge.sites import SiteProfile, load_profiles, registry_with
from cleaners.options import DEFAULT_MAX_BYTES
from crawler.fetch.policy import POLITENESS, Politeness
from crawler.state import is_redis_spec
from crawler.targets import Target

__all__ = ["CrawlConfig", "build_targets", "DEFAULT_USER_AGENT", "PROJECT_URL"]

PROJECT_URL = "https://github.com/newsbroom/newsbroom"
DEFAULT_CLEAN_JOBS = 2  # cleaning workers of a pass: with Scrapy's process, enough to keep two cores busy
DEFAULT_USER_AGENT = f"newsbroom/{__version__} (+{PROJECT_URL})"


@dataclass
class CrawlConfig:
    out_dir: str
    sites: Sequence[str] = ()
    seed_urls: Sequence[str] = ()
    profile_files: Sequence[str] = ()
    state: str | None = None  # default: <out_dir>/crawl.db
    max_articles: int | None = None
    since: datetime | None = None
    user_agent: str = DEFAULT_USER_AGENT
    delay: float | None = None  # overrides the profiles' delay
    concurrency: int | None = None  # overrides the profiles' concurrency
    autothrottle: bool = True
    obey_robots: bool = True
    max_bytes: int = DEFAULT_MAX_BYTES
    retry_times: int = POLITENESS.retries
    retry_backoff: float = POLITENESS.backoff
    max_retry_after: float = POLITENESS.max_retry_after
    timeout: float = 30.0
    fsync: bool = False
    log_level: str = "WARNING"
    extra_settings: dict = field(default_factory=dict)  # -s NAME=VALUE (checked by crawl.settings.user_setting)
    proxy: str | None = None  # --proxy: every request of the pass through this HTTP(S) proxy
    worker: str | None = None  # with a Redis state: this worker's name (default: the host name)
    skip_paywalled: bool = False  # --skip-paywalled
    formats: str = "both"  # --format; jsonl always among them (crawler.commands.crawl)
    warc: bool = False  # --warc: raw article responses in DIR/warc/ (crawler.outputs.capture)
    # cleaning workers beside the reactor (crawler.crawl.cleanpool); None: DEFAULT_CLEAN_JOBS; 0: each article
    # cleaned while the reactor waits (one worker, no overlap: the measurement's reference)
    clean_jobs: int | None = None
    page_timeout: float | None = None  # seconds of cleaning per MiB of an article (crawler.outputs.cleaning)

    @property
    def state_spec(self) -> str:
        return self.state or str(Path(self.out_dir) / "crawl.db")

    @property
    def shared(self) -> bool:
        return is_redis_spec(self.state)

    @property
    def worker_id(self) -> str:
        from crawler.crawl.shared.coordinator import default_worker

        return self.worker or default_worker()

    @property
    def cleaning_workers(self) -> int:
        """Worker processes cleaning beside the reactor (0: none, the reactor waits for each article)."""
        if self.clean_jobs is not None:
            return max(0, self.clean_jobs)
        return DEFAULT_CLEAN_JOBS

    @property
    def politeness(self) -> Politeness:
        """The politeness policy with this crawl's retry options."""
        return replace(POLITENESS, retries=self.retry_times, backoff=self.retry_backoff,
                       max_retry_after=self.max_retry_after)


def build_targets(config: CrawlConfig) -> list[Target]:
    """The targets of a crawl; raises ValueError with what to do when there are none."""
    registry = registry_with(config.profile_files)
    targets: list[Target] = []
    names = list(config.sites)
    if config.profile_files and not names and not config.seed_urls:
        names = [next(iter(load_profiles([Path(p)]))).id for p in config.profile_files]
    if not names and not config.seed_urls:
        names = [p.id for p in registry if p.crawl.feeds or p.crawl.sitemaps or p.crawl.news_sitemaps
                 or p.crawl.index_pages]
        if not names:
            raise ValueError("no site profile has a [crawl] table to crawl; name a site, give --profile FILE, "
                             "or crawl a site without a profile with --seed-url URL")
    for name in names:
        profile: SiteProfile | None = registry.get(name)
        if profile is None:
            known = ", ".join(p.id for p in registry) or "none"
            raise ValueError(f"no site profile named {name!r} (known: {known}); see 'newsbroom sites'")
        targets.append(Target.from_profile(profile))
    for url in config.seed_urls:
        targets.append(Target.from_seed(url))
    return targets
