"""Requests in the shared queue as plain data (JSON), never pickle: what any process that can write
to the crawl's Redis plants there is read as data and checked, never run.

A member is the 40-hex sha1 of the article URL followed by one JSON object:

    {"v": 1, "url": ..., "method": "GET", "headers": {name: [values]}, "priority": int,
     "callback": "parse_article", "errback": "article_failed",
     "meta": {"kind": "article", "depth": int, "url": ..., "lastmod": ISO 8601 or null}}

`decode` refuses (raises `Refused` with the reason) anything else: another encoding (a pickle, say),
unknown keys, a callback outside the fixed list, a URL that is not http(s) on the site's domains, a
hash prefix that does not name the article's URL.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from typing import Any

from crawler.crawl.records import RequestMeta

__all__ = ["Refused", "encode_request", "decode_request", "CALLBACKS", "ERRBACKS"]

CALLBACKS = ("parse_article",)
ERRBACKS = ("article_failed",)
_VERSION = 1
_MAX_MEMBER = 64 * 1024
_MAX_URL = 8192
_KEYS = {"v", "url", "method", "headers", "priority", "callback", "errback", "meta"}
_META_KEYS = {"kind", "depth", "url", "lastmod"}


class Refused(ValueError):
    """A queue member that is not a request this crawl made; the message says why."""


def _name(fn: Any, allowed: tuple[str, ...]) -> str | None:
    if fn is None:
        return None
    name = getattr(fn, "__name__", None)
    if name not in allowed:
        raise ValueError(f"a shared request's callback must be one of {allowed}, not {name!r}")
    return name


def encode_request(request: Any) -> bytes:
    """The JSON of an article request (without the 40-hex prefix)."""
    meta = RequestMeta.of(request.meta)
    if meta is None or meta.kind != "article" or meta.pages or meta.claim is not None:
        raise ValueError("only the first request of an article goes through the shared queue")
    headers = {k.decode("latin-1"): [v.decode("latin-1") for v in vs] for k, vs in request.headers.items()}
    data = {"v": _VERSION, "url": request.url, "method": request.method, "headers": headers,
            "priority": request.priority, "callback": _name(request.callback, CALLBACKS),
            "errback": _name(request.errback, ERRBACKS),
            "meta": {"kind": meta.kind, "depth": meta.depth, "url": meta.url,
                     "lastmod": meta.lastmod.isoformat() if meta.lastmod is not None else None}}
    return json.dumps(data, ensure_ascii=True, separators=(",", ":")).encode("ascii")


def _check_url(value: Any, in_domain: Callable[[str], bool], what: str) -> str:
    if not isinstance(value, str) or not value.startswith(("http://", "https://")) or len(value) > _MAX_URL:
        raise Refused(f"{what} is not an http(s) URL")
    if not in_domain(value):
        raise Refused(f"{what} is not on the site")
    return value


def _load(body: bytes) -> dict[str, Any]:
    if len(body) > _MAX_MEMBER:
        raise Refused("larger than a request")
    if not body.startswith(b"{"):
        raise Refused("not a JSON request (an old or foreign encoding, e.g. a pickle)")
    try:
        data = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise Refused("not valid JSON") from None
    if not isinstance(data, dict) or set(data) != _KEYS or data.get("v") != _VERSION:
        raise Refused("not a request of this version")
    return data


def _meta(data: Any, in_domain: Callable[[str], bool]) -> RequestMeta:
    if not isinstance(data, dict) or set(data) != _META_KEYS or data["kind"] != "article":
        raise Refused("meta is not an article's")
    depth = data["depth"]
    if not isinstance(depth, int) or isinstance(depth, bool) or not 0 <= depth <= 100:
        raise Refused("meta depth is not a small number")
    lastmod = data["lastmod"]
    if lastmod is not None:
        try:
            lastmod = datetime.fromisoformat(lastmod)
        except (TypeError, ValueError):
            raise Refused("meta lastmod is not an ISO 8601 date") from None
    return RequestMeta("article", depth=depth, url=_check_url(data["url"], in_domain, "the article URL"),
                       lastmod=lastmod)


def _headers(data: Any) -> dict[str, list[str]]:
    if not isinstance(data, dict) or len(data) > 64:
        raise Refused("headers are not a small object")
    for name, values in data.items():
        if not isinstance(values, list) or not all(isinstance(v, str) and len(v) < 8192 for v in values):
            raise Refused(f"header {name[:40]!r} is not a list of strings")
        if name.lower() in ("host", "cookie", "authorization", "proxy-authorization"):
            raise Refused(f"header {name[:40]!r} is not one a crawl request carries")
    return data


def decode_request(member: bytes, spider: Any, url_hash: Callable[[str], str]) -> Any:
    """The scrapy Request of a queue member (prefix included), or raises Refused."""
    import scrapy

    data = _load(member[40:])
    if data["callback"] not in CALLBACKS or data["errback"] not in ERRBACKS:
        raise Refused("its callback is not one of the crawl's")
    if data["method"] not in ("GET", "HEAD"):
        raise Refused("its method is not GET")
    priority = data["priority"]
    if not isinstance(priority, int) or isinstance(priority, bool) or abs(priority) > 10**6:
        raise Refused("its priority is not a small number")
    in_domain = spider.target.in_domain
    url = _check_url(data["url"], in_domain, "the URL")
    meta = _meta(data["meta"], in_domain)
    assert meta.url is not None
    if member[:40].decode("ascii", "replace") != url_hash(meta.url):
        raise Refused("its hash prefix does not name its article")
    return scrapy.Request(url, method=data["method"], headers=_headers(data["headers"]), priority=priority,
                          callback=getattr(spider, data["callback"]), errback=getattr(spider, data["errback"]),
                          meta=meta.to_meta())
