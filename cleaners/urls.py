"""URLs: the one place that reads a host, an origin or a scheme out of a URL string.

Every function takes what a page, a feed or a user gave (possibly malformed) and never raises.
"""

from __future__ import annotations

from functools import lru_cache
from urllib.parse import urljoin, urlsplit

HTTP_SCHEMES = ("http", "https")


# A page's few URLs (its own, its canonical one) are asked for their host several times while it
# is cleaned (its profile, its metadata, its dates' zone, the record's site): the last few answers
# are kept, no more than a page has.
@lru_cache(maxsize=4)
def hostname(url: str | None) -> str | None:
    """The URL's host, lower case, without a trailing dot; None when there is none."""
    if not url:
        return None
    try:
        host = urlsplit(url).hostname
    except ValueError:
        return None
    host = (host or "").rstrip(".")  # urlsplit lower-cases it, up to an IPv6 zone ("%eth0"), kept as given
    return host or None


def host_of(url: str | None) -> str | None:
    """The site a URL belongs to, as records name it: the host without `www.`."""
    host = hostname(url)
    if host is None:
        return None
    return host[4:] if host.startswith("www.") else host


def is_http(url: str | None) -> bool:
    if not url:
        return False
    try:
        return urlsplit(url).scheme in HTTP_SCHEMES
    except ValueError:
        return False


def host_in(url: str | None, domains: tuple[str, ...] | list[str]) -> bool:
    """Whether the URL's host is one of `domains` or a subdomain of one."""
    host = hostname(url) or ""
    return bool(host) and any(host == d or host.endswith("." + d) for d in domains)


def origin(url: str) -> str:
    """`scheme://host[:port]` of a URL."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def absolute(base: str | None, raw: str | None) -> str | None:
    """`raw` resolved against `base`, without its fragment; None unless it is http(s)."""
    if not raw:
        return None
    try:
        url = urljoin(base or "", raw.strip()).split("#")[0]
    except ValueError:
        return None
    return url if is_http(url) else None
