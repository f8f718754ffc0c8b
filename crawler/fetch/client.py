"""`newsbroom fetch URL...`: single articles over httpx, through the same pipeline as the crawl.

robots.txt is checked, redirects are followed only within the site's domains and over http(s),
responses are size-limited, retries and Retry-After follow the crawl's politeness policy
(crawler.fetch.policy), and the profile's pagination is followed. The pages become `Page`s exactly
as in the crawl (crawler.inputs.http), so a
URL gives the same bytes through either path.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Sequence
from typing import Any
from urllib.parse import urljoin, urlsplit

import httpx

from cleaners import Options, Page, RejectedInput
from cleaners.knowledge.sites import Registry, SiteProfile, default_registry, registry_with
from cleaners.options import DEFAULT_MAX_BYTES
from cleaners.urls import is_http, origin
from crawler.fetch.pagination import first_url, follow_page
from crawler.fetch.policy import POLITENESS, Politeness
from crawler.fetch.scope import in_site
from crawler.inputs.bounded import (
    CONTENT_CODINGS,
    BoundedReadError,
    Corrupt,
    TooLarge,
    Truncated,
    decodable,
    read_encoded,
)
from crawler.inputs.http import page_from_http
from crawler.outputs.capture import WarcCapture
from crawler.outputs.recorder import Sink
from crawler.outputs.writer import Writer

__all__ = ["Fetcher", "run_fetch"]

MAX_REDIRECTS = 5
# the content codings asked for: those read_encoded undoes (never one it could not, such as zstd)
ACCEPT_ENCODING = ", ".join(c for c in CONTENT_CODINGS if c != "x-gzip")


class Fetcher:
    def __init__(self, *, user_agent: str, max_bytes: int = DEFAULT_MAX_BYTES, timeout: float = 30.0,
                 registry: Registry | None = None, policy: Politeness = POLITENESS,
                 capture: WarcCapture | None = None) -> None:
        self.user_agent = user_agent
        self.policy = policy
        self.max_bytes = max_bytes
        self.timeout = timeout
        self.registry = registry or default_registry()
        self.client = httpx.Client(headers={"User-Agent": user_agent, "Accept-Encoding": ACCEPT_ENCODING},
                                   timeout=timeout, follow_redirects=False)
        self._robots: dict[str, Any] = {}
        self.capture = capture  # --warc: every article response, as received

    def close(self) -> None:
        self.client.close()

    def profile_for(self, url: str) -> SiteProfile | None:
        return self.registry.for_host(urlsplit(url).hostname)

    # -- robots.txt ------------------------------------------------------------------------------
    def allowed(self, url: str) -> bool:
        from protego import Protego

        parts = urlsplit(url)
        base = f"{parts.scheme}://{parts.netloc}"
        robots = self._robots.get(base)
        if robots is None:
            try:  # its head only, however large (RFC 9309: at least 500 KiB are read)
                response = self._with_retries(base + "/robots.txt", head=self.policy.robots_max_bytes)
                text = self.policy.robots_text(response.status_code, response.content)
            except RejectedInput:  # unreachable: everything disallowed
                text = self.policy.robots_text(None, b"")
            robots = Protego.parse(text)
            self._robots[base] = robots
        return robots.can_fetch(url, self.user_agent)

    # -- one URL ---------------------------------------------------------------------------------
    def _get(self, url: str, domains: tuple[str, ...], base: str) -> httpx.Response:
        current = url
        for _ in range(MAX_REDIRECTS + 1):
            if not is_http(current):
                raise RejectedInput("offsite", f"not followed: {current} is not http(s)")
            if not in_site(current, domains, base):
                raise RejectedInput("offsite", f"not followed: {current} is outside {base} ({', '.join(domains)})")
            if not self.allowed(current):
                raise RejectedInput("robots", f"robots.txt disallows {current}")
            response = self._with_retries(current)
            if response.is_redirect and response.headers.get("location"):
                current = urljoin(current, response.headers["location"])
                continue
            return response
        raise RejectedInput("fetch_failed", f"more than {MAX_REDIRECTS} redirects from {url}")

    def _with_retries(self, url: str, head: int | None = None) -> httpx.Response:
        policy = self.policy
        for attempt in range(policy.retries + 1):
            try:
                response = self._bounded(url, head)
            except httpx.HTTPError as exc:
                if attempt == policy.retries:
                    raise RejectedInput("fetch_failed", f"the URL could not be fetched: {exc}") from None
                time.sleep(policy.backoff_seconds(attempt))
                continue
            if policy.retries_status(response.status_code) and attempt < policy.retries:
                wait = policy.wait_seconds(response.status_code, response.headers.get("retry-after"), attempt)
                if policy.gives_up(wait):
                    return response
                time.sleep(wait)
                continue
            return response
        return response

    def _bounded(self, url: str, head: int | None = None) -> httpx.Response:
        """The response with its body read whole: its raw bytes as they arrive, its content codings
        (gzip, deflate, br) undone, within the size limit (of the bytes received and of the decoded
        ones: a gzip bomb is inflated only up to it) and the total deadline (`timeout` for the whole
        response, not only between two reads: a server dripping bytes does not hold us). With
        `head`, only the first `head` decoded bytes are read, no error past them."""
        deadline = time.monotonic() + self.timeout

        def arriving(response: httpx.Response):
            for chunk in response.iter_raw():
                if time.monotonic() > deadline:
                    raise RejectedInput("fetch_failed", f"the response took over {self.timeout:g}s "
                                        "(raise it with --timeout)")
                yield chunk

        with self.client.stream("GET", url) as response:
            codings = response.headers.get_list("content-encoding", split_commas=True)
            try:
                response._content = read_encoded(arriving(response), codings, self.max_bytes, head=head)
            except BoundedReadError as exc:
                raise _unreadable(exc, self.max_bytes, ", ".join(decodable(codings))) from None
        return response

    def pages(self, url: str) -> list[Page]:
        """The pages of one article (several when the profile paginates). Raises RejectedInput."""
        profile = self.profile_for(url)
        host = (urlsplit(url).hostname or "").lower()
        domains = profile.domains if profile is not None else (host[4:] if host.startswith("www.") else host,)
        pagination = profile.pagination if profile is not None else None
        pages: list[Page] = []
        base = origin(url)  # the site's scheme and port: another port of its host is another site

        def on_site(u: str) -> bool:
            return in_site(u, domains, base)

        target: str | None = first_url(url, pagination)
        while target:
            response = self._get(target, domains, base)
            self._capture(response)
            if response.status_code != 200:
                if pages:
                    break
                raise RejectedInput("http_error", f"the server answered {response.status_code}")
            page = page_from_http(url if not pages else target, str(response.url), response.status_code,
                                  response.headers.multi_items(), response.content)
            pages.append(page)
            target = follow_page(pages, pagination, on_site)
        return pages

    def _capture(self, response: httpx.Response) -> None:
        """The response as the WARC capture keeps it: its body as httpx decoded it (the content codings
        httpx undoes are named, so the record's headers say what it holds)."""
        if self.capture is None:
            return
        def raw(headers: httpx.Headers) -> list[tuple[str, str]]:  # names as sent and received
            return [(name.decode("latin-1"), value.decode("latin-1")) for name, value in headers.raw]

        self.capture.response(str(response.url), response.status_code, raw(response.headers), response.content,
                              protocol=response.http_version,
                              decoded=decodable(response.headers.get_list("content-encoding", split_commas=True)),
                              method=response.request.method, request_headers=raw(response.request.headers))


def _unreadable(exc: BoundedReadError, limit: int, coding: str) -> RejectedInput:
    """The rejection of a body that could not be read within the limit or decoded."""
    if isinstance(exc, TooLarge):
        once = f" once decoded (Content-Encoding: {coding})" if exc.compressed else ""
        return RejectedInput("too_large", f"the response is over the limit of {limit:,} bytes{once} "
                             "(raise it with --max-bytes)")
    if isinstance(exc, Truncated):
        return RejectedInput("truncated", f"the {coding}-encoded response ends early")
    detail = exc.detail if isinstance(exc, Corrupt) else str(exc)
    return RejectedInput("undecodable", f"the response does not decode as {coding} ({detail})")


def run_fetch(urls: Sequence[str], *, out_dir: str | None, fmt: str, profile_files: Sequence[str] = (),
              user_agent: str, max_bytes: int, timeout: float, skip_paywalled: bool = False,
              warc: bool = False, verbosity: int = 0) -> int:
    """Fetch and clean `urls`; rejections always on stderr, the summary line unless `verbosity` is -1 (-q),
    one line per article written, updated or unchanged when it is 1 (-v)."""
    registry = registry_with(profile_files)
    capture = WarcCapture(out_dir, "fetch") if warc and out_dir else None
    fetcher = Fetcher(user_agent=user_agent, max_bytes=max_bytes, timeout=timeout, registry=registry,
                      capture=capture)
    writer = Writer(out_dir, fmt, append=True)
    sink = Sink(writer, None, options=Options(max_bytes=max_bytes, sites=registry,
                                                      skip_paywalled=skip_paywalled))
    try:
        for url in urls:
            try:
                pages = fetcher.pages(url)
            except RejectedInput as exc:
                sink.reject(url, exc.reason, exc.message)
                continue
            profile = fetcher.profile_for(url)
            outcome = sink.article(url, pages, site_id=profile.id if profile is not None else None)
            if verbosity > 0 and outcome in ("written", "updated", "unchanged", "duplicate"):
                print(f"newsbroom: {outcome} {url}", file=sys.stderr)
    finally:
        writer.close()
        fetcher.close()
        if capture is not None:
            capture.close()
    summary = sink.summary
    if verbosity >= 0:
        print(f"newsbroom: fetched {summary.fetched}, written {summary.written}, rejected {summary.rejected_total}",
              file=sys.stderr)
    return 1 if summary.rejected_total else 0
