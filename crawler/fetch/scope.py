"""Which URLs belong to a site: http(s), a host of the site's domains, and the site's port.

A site is its domains plus the origin it is crawled from (`base`, scheme://host[:port]). A URL is in
the site when its host is one of the domains (or a subdomain) and its (scheme, port) is the base's,
or both are the default ports of their schemes (http:80 <-> https:443: a site moving to https, or
a sitemap still listing http URLs). Another port of the same host is another server, never followed.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from cleaners.urls import host_in, is_http

__all__ = ["in_site"]

_DEFAULT_PORTS = {"http": 80, "https": 443}


def _scheme_port(url: str) -> tuple[str, int | None] | None:
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:  # a port that is not a number, or out of range
        return None
    scheme = parts.scheme.lower()
    return scheme, port if port is not None else _DEFAULT_PORTS.get(scheme)


def in_site(url: str, domains: tuple[str, ...] | list[str], base: str | None) -> bool:
    """Whether `url` is on the site of `domains` crawled from `base` (see the module's doc)."""
    if not is_http(url) or not host_in(url, domains):
        return False
    if not base:
        return True
    mine, theirs = _scheme_port(url), _scheme_port(base)
    if mine is None or theirs is None:
        return False
    if mine == theirs:
        return True
    return _DEFAULT_PORTS.get(mine[0]) == mine[1] and _DEFAULT_PORTS.get(theirs[0]) == theirs[1]
