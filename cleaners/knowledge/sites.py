"""Site profiles: `cleaners/data/sites/<site_id>.toml`, one per publisher, loaded and validated once.

A profile is data (see README "Site profiles"):

    id = "detik"                      # file name without .toml
    name = "detikcom"
    version = "v1"                    # bumped when the site is redesigned (a new file beside the old)
    verified = false                  # true only when a real page of the site backs its fixture
    language = "id"
    timezone = "+07:00"
    domains = ["detik.com"]           # the host or any subdomain of it
    sources = ["fixtures/pages/x.html"]  # real pages backing verified = true (required then)

    [extract]
    body = ["div.detail__body-text"]  # tried in order; the first that matches gives the body
    strip = [".parallaxindetail"]     # removed inside the body first
    title = ["h1.detail__title"]      # optional: else the page's metadata
    date = [".detail__date"]          # optional: text or datetime/content attribute
    author = [".detail__author"]      # optional
    dateline = '^(?P<dateline>...)'   # optional: the site's dateline, cut from the lead
    junk = ['^Baca juga:.*']          # optional: site-only line patterns (whole line)
    min_share = 0.5                   # drift alarm: less than this share of the generic text

    [pagination]
    mode = "none" | "all_in_dom" | "single_url" | "next_link"
    single_url = "{url}?page=all"     # mode single_url: the one-page URL ({url} without query)
    next = "a.next"                   # mode next_link: CSS of the link to the next page
    max_pages = 20
    page_pattern = '[?&]page=\\d+'    # what names a page in a URL; cut, it gives the article's URL
                                      # (`clean` stitches pages of one article by it)

    [crawl]
    feeds = [...]; sitemaps = [...]; news_sitemaps = [...]; index_pages = [...]
    article_url = ['regex', ...]; deny_url = ['regex', ...]
    concurrency = 2; delay = 1.0

A broken profile fails at load with its path and key (ProfileError).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any

from cleaners.errors import ProfileError, read_toml
from cleaners.knowledge import DATA_DIR

__all__ = ["SiteProfile", "Extract", "Pagination", "Crawl", "load_profiles", "default_registry", "registry_with",
           "Registry", "SITES_DIR"]

SITES_DIR = DATA_DIR / "sites"
_ID_RE = re.compile(r"[a-z0-9][a-z0-9_-]*")
_DOMAIN_RE = re.compile(r"[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+")
_OFFSET_RE = re.compile(r"[+-]\d{2}:\d{2}")
_MODES = ("none", "all_in_dom", "single_url", "next_link")


@dataclass(frozen=True)
class Extract:
    body: tuple[str, ...]
    strip: tuple[str, ...] = ()
    title: tuple[str, ...] = ()
    date: tuple[str, ...] = ()
    author: tuple[str, ...] = ()
    dateline: re.Pattern[str] | None = None
    junk: tuple[re.Pattern[str], ...] = ()
    min_share: float = 0.5

    @cached_property
    def strip_selector(self) -> str:
        """`strip` as one selector list (joined once, not per page)."""
        return ", ".join(self.strip)


@dataclass(frozen=True)
class Pagination:
    mode: str = "none"
    single_url: str | None = None
    next: str | None = None
    max_pages: int = 20
    page_pattern: re.Pattern[str] | None = None

    def article_key(self, url: str) -> str:
        """The URL of the article a page belongs to: `page_pattern` cut out of it."""
        if self.page_pattern is None:
            return url
        return self.page_pattern.sub("", url)


@dataclass(frozen=True)
class Crawl:
    feeds: tuple[str, ...] = ()
    sitemaps: tuple[str, ...] = ()
    news_sitemaps: tuple[str, ...] = ()
    index_pages: tuple[str, ...] = ()
    article_url: tuple[re.Pattern[str], ...] = ()
    deny_url: tuple[re.Pattern[str], ...] = ()
    concurrency: int = 2
    delay: float = 1.0

    def is_article_url(self, url: str) -> bool:
        if any(p.search(url) for p in self.deny_url):
            return False
        return not self.article_url or any(p.search(url) for p in self.article_url)


@dataclass(frozen=True)
class SiteProfile:
    id: str
    name: str
    version: str
    verified: bool
    domains: tuple[str, ...]
    extract: Extract
    pagination: Pagination = field(default_factory=Pagination)
    crawl: Crawl = field(default_factory=Crawl)
    language: str | None = None
    timezone: str | None = None
    path: str = ""
    sources: tuple[str, ...] = ()  # real pages (paths from the project root) that back `verified`

    @property
    def tag(self) -> str:
        """How records name this profile: "site:<id>/<version>"."""
        return f"site:{self.id}/{self.version}"


class _Reader:
    """Typed access to one table of a profile, raising ProfileError with path and key."""

    def __init__(self, data: dict[str, Any], path: str, prefix: str = "") -> None:
        self.data, self.path, self.prefix = data, path, prefix

    def _key(self, key: str) -> str:
        return f"{self.prefix}{key}"

    def fail(self, key: str, message: str) -> ProfileError:
        return ProfileError(self.path, self._key(key), message)

    def check_keys(self, allowed: Iterable[str]) -> None:
        unknown = set(self.data) - set(allowed)
        if unknown:
            raise self.fail(sorted(unknown)[0], f"unknown key; expected one of {sorted(allowed)}")

    def str(self, key: str, default: Any = ..., pattern: re.Pattern[str] | None = None) -> Any:
        if key not in self.data:
            if default is ...:
                raise self.fail(key, "is required")
            return default
        value = self.data[key]
        if not isinstance(value, str) or not value.strip():
            raise self.fail(key, "must be a non-empty string")
        if pattern is not None and not pattern.fullmatch(value):
            raise self.fail(key, f"{value!r} is not of the form {pattern.pattern}")
        return value

    def strs(self, key: str, required: bool = False) -> tuple[str, ...]:
        value = self.data.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            raise self.fail(key, "must be a list of non-empty strings")
        if required and not value:
            raise self.fail(key, "must list at least one entry")
        return tuple(value)

    def regexes(self, key: str) -> tuple[re.Pattern[str], ...]:
        out = []
        for i, raw in enumerate(self.strs(key)):
            try:
                out.append(re.compile(raw))
            except re.error as exc:
                raise self.fail(f"{key}[{i}]", f"is not a valid regular expression: {exc}") from None
        return tuple(out)

    def number(self, key: str, default: float, lo: float, hi: float, integer: bool = False) -> Any:
        value = self.data.get(key, default)
        ok = isinstance(value, int) if integer else isinstance(value, (int, float))
        if isinstance(value, bool) or not ok or not lo <= value <= hi:
            kind = "a whole number" if integer else "a number"
            raise self.fail(key, f"must be {kind} from {lo} to {hi}")
        return value

    def table(self, key: str) -> _Reader:
        value = self.data.get(key, {})
        if not isinstance(value, dict):
            raise self.fail(key, "must be a table")
        return _Reader(value, self.path, f"{self.prefix}{key}.")


def _check_selectors(reader: _Reader, key: str, selectors: tuple[str, ...]) -> None:
    from selectolax.lexbor import LexborHTMLParser

    probe = LexborHTMLParser("<html><body><p>x</p></body></html>")
    for i, sel in enumerate(selectors):
        try:
            probe.css(sel)
        except Exception as exc:
            raise reader.fail(f"{key}[{i}]", f"is not a valid CSS selector: {exc}") from None


def parse_profile(data: dict[str, Any], path: str, expected_id: str | None = None) -> SiteProfile:
    top = _Reader(data, path)
    top.check_keys({"id", "name", "version", "verified", "language", "timezone", "domains", "extract",
                    "pagination", "crawl", "notes", "sources"})
    site_id = top.str("id", pattern=_ID_RE)
    if expected_id is not None and site_id != expected_id:
        raise top.fail("id", f"is {site_id!r} but the file is named {expected_id}.toml")
    verified = data.get("verified", False)
    if not isinstance(verified, bool):
        raise top.fail("verified", "must be true or false")
    domains = top.strs("domains", required=True)
    for i, domain in enumerate(domains):
        if not _DOMAIN_RE.fullmatch(domain):
            raise top.fail(f"domains[{i}]", f"{domain!r} is not a lower-case host name")

    ex = top.table("extract")
    ex.check_keys({"body", "strip", "title", "date", "author", "dateline", "junk", "min_share"})
    extract = Extract(
        body=ex.strs("body", required=True),
        strip=ex.strs("strip"),
        title=ex.strs("title"),
        date=ex.strs("date"),
        author=ex.strs("author"),
        dateline=None,
        junk=ex.regexes("junk"),
        min_share=ex.number("min_share", 0.5, 0.0, 1.0),
    )
    for key in ("body", "strip", "title", "date", "author"):
        _check_selectors(ex, key, getattr(extract, key))
    if "dateline" in ex.data:
        raw = ex.str("dateline")
        try:
            pattern = re.compile(raw)
        except re.error as exc:
            raise ex.fail("dateline", f"is not a valid regular expression: {exc}") from None
        if "dateline" not in pattern.groupindex:
            raise ex.fail("dateline", "needs a named group (?P<dateline>...) for the record")
        extract = Extract(**{**extract.__dict__, "dateline": pattern})

    pg = top.table("pagination")
    pg.check_keys({"mode", "single_url", "next", "max_pages", "page_pattern"})
    mode = pg.str("mode", "none")
    if mode not in _MODES:
        raise pg.fail("mode", f"must be one of {_MODES}")
    pagination = Pagination(mode=mode, single_url=pg.str("single_url", None), next=pg.str("next", None),
                            max_pages=pg.number("max_pages", 20, 1, 200, integer=True))
    if "page_pattern" in pg.data:
        raw = pg.str("page_pattern")
        try:
            pagination = Pagination(**{**pagination.__dict__, "page_pattern": re.compile(raw)})
        except re.error as exc:
            raise pg.fail("page_pattern", f"is not a valid regular expression: {exc}") from None
    if verified and not top.strs("sources"):
        raise top.fail("sources", "a verified profile names the real pages that back it")
    if mode == "single_url" and (not pagination.single_url or "{url}" not in pagination.single_url):
        raise pg.fail("single_url", "mode single_url needs a template containing {url}")
    if mode == "next_link":
        if not pagination.next:
            raise pg.fail("next", "mode next_link needs the CSS selector of the next-page link")
        _check_selectors(pg, "next", (pagination.next,))

    cr = top.table("crawl")
    cr.check_keys({"feeds", "sitemaps", "news_sitemaps", "index_pages", "article_url", "deny_url",
                   "concurrency", "delay"})
    crawl = Crawl(
        feeds=cr.strs("feeds"),
        sitemaps=cr.strs("sitemaps"),
        news_sitemaps=cr.strs("news_sitemaps"),
        index_pages=cr.strs("index_pages"),
        article_url=cr.regexes("article_url"),
        deny_url=cr.regexes("deny_url"),
        concurrency=cr.number("concurrency", 2, 1, 32, integer=True),
        delay=cr.number("delay", 1.0, 0.0, 60.0),
    )
    for key in ("feeds", "sitemaps", "news_sitemaps", "index_pages"):
        for i, url in enumerate(getattr(crawl, key)):
            if not url.startswith(("http://", "https://")):
                raise cr.fail(f"{key}[{i}]", f"{url!r} must be an absolute http(s) URL")
    timezone = top.str("timezone", None, pattern=_OFFSET_RE)
    return SiteProfile(
        id=site_id,
        name=top.str("name", site_id),
        version=top.str("version", "v1"),
        verified=verified,
        domains=domains,
        extract=extract,
        pagination=pagination,
        crawl=crawl,
        language=top.str("language", None),
        timezone=timezone,
        path=path,
        sources=top.strs("sources"),
    )


class Registry:
    """All loaded profiles, looked up by id or by host (the most specific domain wins)."""

    def __init__(self, profiles: Iterable[SiteProfile]) -> None:
        self.profiles: dict[str, SiteProfile] = {}
        self._by_domain: dict[str, SiteProfile] = {}
        for profile in profiles:
            if profile.id in self.profiles:
                raise ProfileError(profile.path, "id", f"{profile.id!r} is also defined in "
                                   f"{self.profiles[profile.id].path}")
            self.profiles[profile.id] = profile
            for domain in profile.domains:
                other = self._by_domain.get(domain)
                if other is not None:
                    raise ProfileError(profile.path, "domains", f"{domain!r} is also claimed by {other.path}")
                self._by_domain[domain] = profile

    def __len__(self) -> int:
        return len(self.profiles)

    def __iter__(self):
        return iter(sorted(self.profiles.values(), key=lambda p: p.id))

    def get(self, site_id: str) -> SiteProfile | None:
        return self.profiles.get(site_id)

    def for_host(self, host: str | None) -> SiteProfile | None:
        if not host:
            return None
        host = host.lower().rstrip(".")
        if host.startswith("www."):
            host = host[4:]
        parts = host.split(".")
        for i in range(len(parts) - 1):
            profile = self._by_domain.get(".".join(parts[i:]))
            if profile is not None:
                return profile
        return None


def load_profiles(paths: Iterable[Path]) -> Registry:
    profiles = []
    for path in sorted(paths):
        spath = str(path)
        data = read_toml(path, ProfileError)
        profiles.append(parse_profile(data, spath, expected_id=path.stem))
    return Registry(profiles)


@lru_cache(maxsize=1)
def default_registry() -> Registry:
    return load_profiles(SITES_DIR.glob("*.toml"))


def registry_with(paths: Iterable[str | Path]) -> Registry:
    """The bundled profiles plus those in `paths` (a user's own, `--profile FILE`)."""
    extra = list(load_profiles(Path(p) for p in paths))
    return Registry(list(default_registry()) + extra) if extra else default_registry()
