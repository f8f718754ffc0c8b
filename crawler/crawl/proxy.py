"""`crawl --proxy URL`: every request of a pass (robots.txt included) goes through one HTTP(S) proxy.

The proxy is put in each request's meta before scrapy's HttpProxyMiddleware (750) reads it, so
credentials in the proxy URL become its Proxy-Authorization header and https:// sites are reached
through a CONNECT tunnel, as scrapy does for any proxy.
"""

from __future__ import annotations

from urllib.parse import urlsplit

__all__ = ["ProxyMiddleware", "proxy_problem"]


def proxy_problem(url: str) -> str | None:
    """Why `url` cannot be a proxy, or None."""
    try:
        parts = urlsplit(url)
        _ = parts.port  # a port that is no number raises
    except ValueError as exc:
        return f"--proxy {url!r} is not a URL ({exc}); example: http://proxy.example:3128"
    if parts.scheme not in ("http", "https"):
        return (f"--proxy {url!r}: only http:// and https:// proxies are supported; "
                "example: http://proxy.example:3128")
    if not parts.hostname:
        return f"--proxy {url!r} names no host; example: http://proxy.example:3128"
    if parts.path not in ("", "/") or parts.query or parts.fragment:
        return f"--proxy {url!r}: give only scheme://[user:password@]host[:port]"
    return None


class ProxyMiddleware:
    """Sends every request through the NEWSBROOM_PROXY setting's proxy (none when it is unset)."""

    def __init__(self, proxy: str | None) -> None:
        self.proxy = proxy

    @classmethod
    def from_crawler(cls, crawler) -> ProxyMiddleware:
        return cls(crawler.settings.get("NEWSBROOM_PROXY") or None)

    def process_request(self, request, spider=None) -> None:
        if self.proxy is not None:
            request.meta.setdefault("proxy", self.proxy)
