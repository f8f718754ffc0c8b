"""What one crawl covers: a site profile's `[crawl]` table, or a seed URL of a site with no profile."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from cleaners.knowledge.sites import Pagination, SiteProfile
from crawler.discover.urls import looks_like_article_url
from crawler.fetch.scope import in_site

__all__ = ["Target"]


@dataclass(frozen=True)
class Target:
    site_id: str
    domains: tuple[str, ...]
    base: str  # scheme://host[:port] where robots.txt lives
    feeds: tuple[str, ...] = ()
    sitemaps: tuple[str, ...] = ()
    news_sitemaps: tuple[str, ...] = ()
    index_pages: tuple[str, ...] = ()
    profile: SiteProfile | None = None
    seed_url: str | None = None
    concurrency: int = 2
    delay: float = 1.0

    @classmethod
    def from_profile(cls, profile: SiteProfile) -> Target:
        crawl = profile.crawl
        urls = crawl.feeds + crawl.sitemaps + crawl.news_sitemaps + crawl.index_pages
        if not urls:
            raise ValueError(f"site {profile.id} has nothing to crawl: its profile ({profile.path}) lists no "
                             "feeds, sitemaps or index pages in [crawl]")
        parts = urlsplit(urls[0])
        return cls(site_id=profile.id, domains=profile.domains, base=f"{parts.scheme}://{parts.netloc}",
                   feeds=crawl.feeds, sitemaps=crawl.sitemaps, news_sitemaps=crawl.news_sitemaps,
                   index_pages=crawl.index_pages, profile=profile, concurrency=crawl.concurrency,
                   delay=crawl.delay)

    @classmethod
    def from_seed(cls, url: str, *, concurrency: int = 2, delay: float = 1.0) -> Target:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError(f"--seed-url {url!r} is not an http(s) URL")
        host = parts.hostname.lower()
        domain = host[4:] if host.startswith("www.") else host
        return cls(site_id=domain, domains=(domain,), base=f"{parts.scheme}://{parts.netloc}",
                   index_pages=(url,), seed_url=url, concurrency=concurrency, delay=delay)

    @property
    def pagination(self) -> Pagination | None:
        return self.profile.pagination if self.profile is not None else None

    def in_domain(self, url: str) -> bool:
        """On the site: one of its domains, and the scheme and port it is crawled on (crawler.fetch.scope)."""
        return in_site(url, self.domains, self.base)

    def is_article(self, url: str, *, from_links: bool) -> bool:
        """Whether a discovered URL is worth fetching as an article. Links on HTML pages need
        to look like articles (the profile's article_url patterns, or the generic heuristic);
        sitemap and feed entries only need to pass the profile's patterns."""
        if self.profile is not None:
            crawl = self.profile.crawl
            if not crawl.is_article_url(url):
                return False
            if from_links and not crawl.article_url:
                return looks_like_article_url(url)
            return True
        return looks_like_article_url(url) if from_links else True
