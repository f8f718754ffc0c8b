"""The Scrapy settings of one spider of a crawl pass, from the CrawlConfig and the target.

The retry settings come from the politeness policy (crawler.fetch.policy), which `newsbroom fetch`
follows too; `politeness_from_settings` reads it back in the middlewares.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from crawler.crawl.config import CrawlConfig
from crawler.fetch.policy import POLITENESS, Politeness
from crawler.targets import Target

__all__ = ["pass_settings", "politeness_from_settings", "user_setting", "REFUSED_SETTINGS"]

# Settings `crawl -s NAME=VALUE` may not change: they hold the crawl's guarantees (our pipeline and
# middlewares, robots.txt, no open endpoint, the private queues, no file outside DIR and the state)
# or have an option of their own.
REFUSED_SETTINGS = {
    "JOBDIR": "the pass keeps its queues in DIR/.crawl-queue-*/ (private pickles, removed after the pass)",
    "ROBOTSTXT_OBEY": "robots.txt is always obeyed",
    "ROBOTSTXT_USER_AGENT": "robots.txt is read for the --user-agent",
    "ROBOTSTXT_PARSER": "robots.txt is read as RFC 9309 says",
    "REMOTE_CONTROL_ENABLED": "a pass opens no network endpoint",
    "TELNETCONSOLE_ENABLED": "a pass opens no network endpoint",
    "ITEM_PIPELINES": "articles go through newsbroom's cleaning and writing pipeline",
    "DOWNLOADER_MIDDLEWARES": "the politeness, robots.txt, offsite and proxy middlewares are part of the crawl",
    "SPIDER_MIDDLEWARES": "the spider's middlewares are part of the crawl",
    "EXTENSIONS": "a pass runs no extension of its own",
    "ADDONS": "a pass runs no add-on",
    "SCHEDULER": "pending requests wait in the pass's private disk queues",
    "SCHEDULER_DISK_QUEUE": "pending requests wait in the pass's private disk queues",
    "SCHEDULER_MEMORY_QUEUE": "pending requests wait in the pass's private disk queues",
    "DUPEFILTER_CLASS": "the crawl state decides what is fetched again",
    "DOWNLOAD_HANDLERS": "only http(s) is fetched",
    "FEEDS": "records are written by newsbroom into DIR (--format)",
    "LOG_FILE": "no file is written outside DIR and the state",
    "HTTPCACHE_ENABLED": "no file is written outside DIR and the state",
    "HTTPCACHE_DIR": "no file is written outside DIR and the state",
    "USER_AGENT": "use --user-agent",
    "DOWNLOAD_TIMEOUT": "use --timeout",
    "DOWNLOAD_MAXSIZE": "use --max-bytes",
    "LOG_LEVEL": "use --log-level",
}
_REFUSED_PREFIXES = ("NEWSBROOM_", "TELNETCONSOLE_", "REMOTE_CONTROL_", "ROBOTSTXT_", "HTTPCACHE_")


def user_setting(text: str) -> tuple[str, str, str | None]:
    """(NAME, VALUE, a warning or None) of one `-s NAME=VALUE`; ValueError saying why it is refused."""
    from scrapy.settings import default_settings

    name, sep, value = text.partition("=")
    name = name.strip()
    if not sep or not name:
        raise ValueError(f"-s {text!r}: give NAME=VALUE, e.g. -s CONCURRENT_REQUESTS=8")
    if not name.isidentifier() or name.upper() != name:
        raise ValueError(f"-s {text!r}: {name!r} is not a setting name (scrapy's are in capitals, e.g. DNS_TIMEOUT)")
    why = REFUSED_SETTINGS.get(name) or REFUSED_SETTINGS.get(name.removesuffix("_BASE"))
    if why is None and name.startswith(_REFUSED_PREFIXES):
        why = "it is set by newsbroom itself"
    if why is not None:
        raise ValueError(f"-s {name}: this setting cannot be changed ({why})")
    warning = None if hasattr(default_settings, name) else (
        f"-s {name}: scrapy has no such setting; passed on anyway (a typo?)")
    return name, value, warning


def pass_settings(config: CrawlConfig, target: Target) -> dict[str, Any]:
    delay = config.delay if config.delay is not None else target.delay
    concurrency = config.concurrency or target.concurrency
    policy = config.politeness
    return {
        "BOT_NAME": "newsbroom",
        "USER_AGENT": config.user_agent,
        "ROBOTSTXT_OBEY": config.obey_robots,
        "ROBOTSTXT_USER_AGENT": config.user_agent,
        "AUTOTHROTTLE_ENABLED": config.autothrottle,
        "AUTOTHROTTLE_START_DELAY": max(delay, 0.0),
        "AUTOTHROTTLE_MAX_DELAY": max(60.0, delay),
        "AUTOTHROTTLE_TARGET_CONCURRENCY": float(concurrency),
        "DOWNLOAD_DELAY": delay,
        "CONCURRENT_REQUESTS": max(16, concurrency),
        "CONCURRENT_REQUESTS_PER_DOMAIN": concurrency,
        "DOWNLOAD_MAXSIZE": config.max_bytes,
        "DOWNLOAD_WARNSIZE": 0,
        "DOWNLOAD_TIMEOUT": config.timeout,
        "RETRY_ENABLED": True,
        "RETRY_TIMES": policy.retries,
        "RETRY_HTTP_CODES": list(policy.retry_statuses),
        "NEWSBROOM_RETRY_BACKOFF": policy.backoff,
        "NEWSBROOM_MAX_RETRY_AFTER": policy.max_retry_after,
        "DOWNLOADER_MIDDLEWARES": {
            "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
            "crawler.crawl.middlewares.PoliteRetryMiddleware": 550,
            "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
            "crawler.crawl.middlewares.PoliteRobotsTxtMiddleware": 100,
            "crawler.crawl.middlewares.OffsiteRedirectMiddleware": 650,
            "crawler.crawl.proxy.ProxyMiddleware": 740,  # --proxy, before scrapy's HttpProxyMiddleware (750)
            # below redirects (600), decompression (590) and retries (550): what the spider receives;
            # only with --warc (scrapy would log a warning for a middleware that declines)
            **({"crawler.crawl.middlewares.WarcCaptureMiddleware": 540} if config.warc else {}),
        },
        "NEWSBROOM_WARC": ({"dir": config.out_dir, "name": config.worker_id if config.shared else "crawl",
                            "fsync": config.fsync} if config.warc else None),
        "NEWSBROOM_PROXY": config.proxy,
        "ITEM_PIPELINES": {"crawler.crawl.pipeline.ArticlePipeline": 300},
        "COOKIES_ENABLED": False,
        "TELNETCONSOLE_ENABLED": False,
        # scrapy's RemoteControl: a localhost server that runs Python code, announced by a token file
        # under ~/.local/state/scrapy (left behind by a kill -9). A pass needs no remote endpoint.
        "REMOTE_CONTROL_ENABLED": False,
        "REDIRECT_MAX_TIMES": 5,
        "LOG_LEVEL": config.log_level,
        "LOG_STDOUT": False,
        # Pending requests wait on disk (JOBDIR), not in memory: memory stays flat on big sites.
        "SCHEDULER_DISK_QUEUE": "crawler.crawl.queues.SpiderFifoDiskQueue",
        "SCHEDULER_MEMORY_QUEUE": "scrapy.squeues.FifoMemoryQueue",
        "DUPEFILTER_CLASS": "scrapy.dupefilters.BaseDupeFilter",
        "MEMUSAGE_ENABLED": False,
        # scrapy starts this many asyncio tasks for the output of every response (100 by default, for one
        # item a page); 16 still schedules a sitemap's requests at once
        "CONCURRENT_ITEMS": 16,
        **_quiet_stats(config.log_level),
        **config.extra_settings,
    }


def _quiet_stats(log_level: str) -> dict[str, Any]:
    """Scrapy's statistics are only ever shown in its own log at INFO and below; the pass counts what it
    reports itself (RunSummary). Above INFO they are not collected (a cost on every request)."""
    import logging

    level = logging.getLevelName(str(log_level).upper())
    if isinstance(level, int) and level <= logging.INFO:
        return {}
    return {"STATS_CLASS": "scrapy.statscollectors.DummyStatsCollector", "DOWNLOADER_STATS": False}


def politeness_from_settings(settings) -> Politeness:
    """The politeness policy a spider's settings carry (`pass_settings` wrote it)."""
    return replace(POLITENESS, retry_statuses=tuple(int(x) for x in settings.getlist("RETRY_HTTP_CODES")),
                   retries=settings.getint("RETRY_TIMES", POLITENESS.retries),
                   backoff=settings.getfloat("NEWSBROOM_RETRY_BACKOFF", POLITENESS.backoff),
                   max_retry_after=settings.getfloat("NEWSBROOM_MAX_RETRY_AFTER", POLITENESS.max_retry_after))
