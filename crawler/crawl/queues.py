"""The pass's disk queue of pending requests (JOBDIR): scrapy's pickle FIFO queue, with the spider's
callbacks named by a direct look-up instead of scrapy's scan of every member of the spider (about
half a millisecond a request, the largest single cost of queueing one)."""

from __future__ import annotations

from typing import Any

from scrapy import Request
from scrapy.squeues import PickleFifoDiskQueue

__all__ = ["SpiderFifoDiskQueue", "request_dict"]


def _method_name(spider: Any, func: Any) -> Any:
    """The name of the spider's method `func`, or `func` itself when it is not one (scrapy decides)."""
    if not callable(func):
        return func
    name = getattr(func, "__name__", None)
    bound = getattr(spider, name, None) if name else None
    if bound is not None and getattr(bound, "__func__", None) is getattr(func, "__func__", bound):
        return name
    return None


def request_dict(request: Request, spider: Any) -> dict[str, Any]:
    """`request.to_dict(spider=spider)`, the callbacks found by name; scrapy's own when that fails."""
    callback = _method_name(spider, request.callback)
    errback = _method_name(spider, request.errback)
    if (callback is None and request.callback is not None) or (errback is None and request.errback is not None):
        return request.to_dict(spider=spider)
    d: dict[str, Any] = {"url": request.url, "callback": callback, "errback": errback, "headers": dict(request.headers)}
    for attr in request.attributes:
        d.setdefault(attr, getattr(request, attr))
    if type(request) is not Request:
        d["_class"] = request.__module__ + "." + request.__class__.__name__
    return d


class SpiderFifoDiskQueue(PickleFifoDiskQueue):  # type: ignore[misc,valid-type]
    """scrapy.squeues.PickleFifoDiskQueue, serialising requests through `request_dict`."""

    def push(self, request: Request) -> None:
        # the serialising queue below scrapy's request queue: it pickles the dict to disk
        super(PickleFifoDiskQueue, self).push(request_dict(request, self.spider))  # type: ignore[misc]
