"""Site profiles: `cleaners/data/sites/<site_id>.toml`, one per publisher, loaded and validated once.

A profile is data; its schema is in `cleaners/data/README.md`. Each table has its reader below
(`_extract`, `_pagination`, `_crawl`); a broken profile fails at load with its path and key
(ProfileError).
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any

from cleaners.errors import ProfileError
from cleaners.knowledge import DATA_DIR
from cleaners.knowledge.reader import Reader, read_toml

__all__ = ["SiteProfile", "Extract", "Pagination", "Crawl", "load_profiles", "default_registry", "registry_with",
           "Registry", "SITES_DIR", "reads_beside"]

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

    @cached_property
    def body_selectors_local(self) -> bool:
        """Whether the `body` selectors can tell a node of the page's <body> by the <body> alone:
        none names the root, the <html> or <head>, or holds a :has() (which may look elsewhere)."""
        return not any(word in selector.lower() for selector in self.body for word in _NOT_LOCAL)

    @cached_property
    def body_selectors_plain(self) -> bool:
        """Whether each `body` selector matches an element by itself and its ancestors alone (no
        pseudo-class, no sibling combinator: no ':', '+' or '~' anywhere in it), so that removing
        other elements from the page leaves the matches outside them as they were; and the `strip`
        selectors (run on a body, which they may match itself) read nothing beside the body
        (`reads_beside`), which the removed elements could change."""
        return not any(mark in selector for selector in self.body for mark in ":+~") and not reads_beside(self.strip)

    @cached_property
    def junk_union(self) -> re.Pattern[str] | None:
        """The `junk` patterns as one alternation, which fully matches a line exactly when one of
        them does (one call on a line instead of one a pattern); None when one of them cannot be
        joined as it is (groups, flags other than a leading `(?i)`): they are then tried in turn."""
        return _union(self.junk)

    def is_junk(self, line: str) -> bool:
        """Whether one of the `junk` patterns matches all of `line` (by their union when there is one)."""
        union = self.junk_union
        return union.fullmatch(line) is not None if union is not None else any(p.fullmatch(line) for p in self.junk)


_NOT_LOCAL = ("has(", ":root", "html", "head")
# a sibling combinator ('+', '~' but the attribute test '~='), a position; a class or value that
# merely holds one of them is taken for one (the page is then read the slower, sure way)
_BESIDE_RE = re.compile(r"~(?!=)|\+|-child|-of-type", re.IGNORECASE)


def reads_beside(selectors: Iterable[str]) -> bool:
    """Whether one of `selectors` may read elements beside its match's ancestors: a sibling ('+',
    '~'), a position ('-child', '-of-type') or the descendants of an ancestor (a :has() on a
    compound before the last: `section:has(aside) p`; `p:has(span)` reads the match's own)."""
    return any(_selector_reads_beside(selector) for selector in selectors)


# Selectors come from the profiles and the prune plan, not from pages: a few dozen strings, each
# asked on every page (the plan's guarded group is long), so each answer is kept.
@lru_cache(maxsize=256)
def _selector_reads_beside(selector: str) -> bool:
    return bool(_BESIDE_RE.search(selector)) or _has_above(selector)


def _has_above(selector: str) -> bool:
    """Whether a :has() of `selector` (a group) is on a compound that a combinator follows."""
    lower = selector.lower()
    depth, quote, has, boundary = 0, "", False, False
    for i, ch in enumerate(lower):
        if quote:
            quote = "" if ch == quote else quote
        elif ch in "'\"":
            quote = ch
        elif depth:
            depth += (ch in "([") - (ch in ")]")
        elif ch in " \t\n\r\f>":
            boundary = True
        elif ch == ",":
            has = boundary = False
        else:
            if boundary and has:
                return True  # the compound holding the :has() has another after it
            boundary = False
            has = has or lower.startswith("has(", i)
            depth += ch in "(["
    return False


def _union(patterns: tuple[re.Pattern[str], ...]) -> re.Pattern[str] | None:
    """`patterns` as one alternation of their own scoped copies (see Extract.junk_union)."""
    if not patterns:
        return None
    parts = []
    for pattern in patterns:
        source, flags = pattern.pattern, pattern.flags
        if source.startswith("(?i)") and flags == re.IGNORECASE | re.UNICODE:
            source, scope = source[4:], "(?i:"
        elif flags == re.UNICODE:
            scope = "(?:"
        else:
            return None
        if pattern.groups:
            return None
        parts.append(f"{scope}{source})")
    try:
        return re.compile("|".join(parts))
    except re.error:
        return None


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


_TOP_KEYS = ("id", "name", "version", "verified", "language", "timezone", "domains", "extract", "pagination",
             "crawl", "notes", "sources")
_EXTRACT_KEYS = ("body", "strip", "title", "date", "author", "dateline", "junk", "min_share")
_PAGINATION_KEYS = ("mode", "single_url", "next", "max_pages", "page_pattern")
_CRAWL_KEYS = ("feeds", "sitemaps", "news_sitemaps", "index_pages", "article_url", "deny_url", "concurrency", "delay")


def _check_selectors(reader: Reader, key: str, selectors: tuple[str, ...]) -> None:
    from selectolax.lexbor import LexborHTMLParser

    probe = LexborHTMLParser("<html><body><p>x</p></body></html>")
    for i, sel in enumerate(selectors):
        try:
            probe.css(sel)
        except Exception as exc:
            raise reader.fail(f"{key}[{i}]", f"is not a valid CSS selector: {exc}") from None


def _extract(ex: Reader) -> Extract:
    ex.check_keys(_EXTRACT_KEYS)
    extract = Extract(
        body=ex.strings("body", required=True),
        strip=ex.strings("strip"),
        title=ex.strings("title"),
        date=ex.strings("date"),
        author=ex.strings("author"),
        dateline=ex.regex("dateline", None),
        junk=ex.regexes("junk"),
        min_share=ex.number("min_share", 0.5, 0.0, 1.0),
    )
    for key in ("body", "strip", "title", "date", "author"):
        _check_selectors(ex, key, getattr(extract, key))
    if extract.dateline is not None and "dateline" not in extract.dateline.groupindex:
        raise ex.fail("dateline", "needs a named group (?P<dateline>...) for the record")
    return extract


def _pagination(pg: Reader) -> Pagination:
    pg.check_keys(_PAGINATION_KEYS)
    mode = pg.string("mode", "none", choices=_MODES)
    pagination = Pagination(mode=mode, single_url=pg.string("single_url", None), next=pg.string("next", None),
                            max_pages=pg.number("max_pages", 20, 1, 200, integer=True),
                            page_pattern=pg.regex("page_pattern", None))
    if mode == "single_url" and (not pagination.single_url or "{url}" not in pagination.single_url):
        raise pg.fail("single_url", "mode single_url needs a template containing {url}")
    if mode == "next_link":
        if not pagination.next:
            raise pg.fail("next", "mode next_link needs the CSS selector of the next-page link")
        _check_selectors(pg, "next", (pagination.next,))
    return pagination


def _crawl(cr: Reader) -> Crawl:
    cr.check_keys(_CRAWL_KEYS)
    crawl = Crawl(
        feeds=cr.strings("feeds"),
        sitemaps=cr.strings("sitemaps"),
        news_sitemaps=cr.strings("news_sitemaps"),
        index_pages=cr.strings("index_pages"),
        article_url=cr.regexes("article_url"),
        deny_url=cr.regexes("deny_url"),
        concurrency=cr.number("concurrency", 2, 1, 32, integer=True),
        delay=cr.number("delay", 1.0, 0.0, 60.0),
    )
    for key in ("feeds", "sitemaps", "news_sitemaps", "index_pages"):
        for i, url in enumerate(getattr(crawl, key)):
            if not url.startswith(("http://", "https://")):
                raise cr.fail(f"{key}[{i}]", f"{url!r} must be an absolute http(s) URL")
    return crawl


def _domains(top: Reader) -> tuple[str, ...]:
    domains = top.strings("domains", required=True)
    for i, domain in enumerate(domains):
        if not _DOMAIN_RE.fullmatch(domain):
            raise top.fail(f"domains[{i}]", f"{domain!r} is not a lower-case host name")
    return domains


def parse_profile(data: dict[str, Any], path: str, expected_id: str | None = None) -> SiteProfile:
    """One profile's tables as a SiteProfile; ProfileError naming `path` and the key when broken."""
    top = Reader(data, path, error=ProfileError)
    top.check_keys(_TOP_KEYS)
    site_id = top.string("id", pattern=_ID_RE)
    if expected_id is not None and site_id != expected_id:
        raise top.fail("id", f"is {site_id!r} but the file is named {expected_id}.toml")
    verified = top.flag("verified", False)
    domains = _domains(top)
    extract = _extract(top.table("extract"))
    pagination = _pagination(top.table("pagination"))
    sources = top.strings("sources")
    if verified and not sources:
        raise top.fail("sources", "a verified profile names the real pages that back it")
    crawl = _crawl(top.table("crawl"))
    return SiteProfile(
        id=site_id,
        name=top.string("name", site_id),
        version=top.string("version", "v1"),
        verified=verified,
        domains=domains,
        extract=extract,
        pagination=pagination,
        crawl=crawl,
        language=top.string("language", None),
        timezone=top.string("timezone", None, pattern=_OFFSET_RE),
        path=path,
        sources=sources,
    )


class Registry:
    """All loaded profiles, looked up by id or by host (the most specific domain wins). With `later`,
    the profiles it returns are read on the first look-up instead (see `Knowledge.load(lazy=True)`):
    a run of text dumps never asks, and does not pay for reading them."""

    def __init__(self, profiles: Iterable[SiteProfile] = (), *,
                 later: Callable[[], Iterable[SiteProfile]] | None = None) -> None:
        self._profiles: dict[str, SiteProfile] = {}
        self._by_domain: dict[str, SiteProfile] = {}
        self._later = later
        self._lock = threading.Lock()
        self._add(profiles)

    def _add(self, profiles: Iterable[SiteProfile]) -> None:
        for profile in profiles:
            if profile.id in self._profiles:
                raise ProfileError(profile.path, "id", f"{profile.id!r} is also defined in "
                                   f"{self._profiles[profile.id].path}")
            self._profiles[profile.id] = profile
            for domain in profile.domains:
                other = self._by_domain.get(domain)
                if other is not None:
                    raise ProfileError(profile.path, "domains", f"{domain!r} is also claimed by {other.path}")
                self._by_domain[domain] = profile

    def _read(self) -> None:
        if self._later is not None:
            with self._lock:
                if self._later is not None:
                    self._add(self._later())
                    self._later = None

    def __getstate__(self) -> dict[str, Any]:  # sent to a cleaning worker: read, without the lock
        self._read()
        return {key: value for key, value in self.__dict__.items() if key != "_lock"}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self._lock = threading.Lock()

    @property
    def profiles(self) -> dict[str, SiteProfile]:
        self._read()
        return self._profiles

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
        self._read()
        for i in range(len(parts) - 1):
            profile = self._by_domain.get(".".join(parts[i:]))
            if profile is not None:
                return profile
        return None


def load_profiles(paths: Iterable[Path], lazy: bool = False) -> Registry:
    """The profiles in `paths`; with `lazy`, read on the registry's first look-up."""
    if lazy:
        files = list(paths)
        return Registry(later=lambda: _read_profiles(files))
    return Registry(_read_profiles(paths))


def _read_profiles(paths: Iterable[Path]) -> list[SiteProfile]:
    return [parse_profile(read_toml(path, ProfileError), str(path), expected_id=path.stem) for path in sorted(paths)]


def default_registry() -> Registry:
    """The bundled profiles (loaded once, with the rest of `Knowledge.default()`)."""
    from cleaners.knowledge.bundle import Knowledge

    return Knowledge.default().sites


def registry_with(paths: Iterable[str | Path]) -> Registry:
    """The bundled profiles plus those in `paths` (a user's own, `--profile FILE`)."""
    extra = list(load_profiles(Path(p) for p in paths))
    return Registry(list(default_registry()) + extra) if extra else default_registry()
