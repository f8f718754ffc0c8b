"""The exceptions newsbroom raises, and the reasons an input is rejected.

    NewsbroomError
     ├── RejectedInput      an input that is not (or not only) an article; carries a `Reason`
     └── ConfigError        a data file (rules, site profile, vocabulary, settings) that does not load;
          │                 names the file and key
          ├── RuleError
          └── ProfileError

Library users catch `NewsbroomError`; the command line turns `RejectedInput` into a counted
rejection (its reason code in rejects.jsonl) and `ConfigError` into exit code 2 with the message.
"""

from __future__ import annotations

from enum import Enum

__all__ = ["NewsbroomError", "RejectedInput", "ConfigError", "RuleError", "ProfileError", "Reason"]


class Reason(Enum):
    """Why an input was rejected: its code (as written to rejects.jsonl), what a user can do about
    it, and whether asking again can change it (a permanent one is not retried on the next pass)."""

    EMPTY = ("empty", "the input has no bytes or no text", True)
    BINARY = ("binary", "the input is not text (an image, archive or other binary file)", True)
    TOO_LARGE = ("too_large", "the input is over the size limit (raise it with --max-bytes)", True)
    TRUNCATED = ("truncated", "the compressed input ends early (re-download or re-copy it)", False)
    UNDECODABLE = ("undecodable", "the bytes are not text in any known encoding", True)
    NO_ARTICLE = ("no_article", "no article text was found on the page", True)
    BROKEN_RECORD = ("broken_record", "a WARC record could not be read", False)
    BLOCKED = ("blocked", "the page is a block, consent, captcha or paywall page, not an article", False)
    UNREADABLE = ("unreadable", "the file could not be read", False)
    EXTRACT_FAILED = ("extract_failed", "the page could not be parsed", False)
    NOT_HTML = ("not_html", "the response is not HTML", True)
    HTTP_ERROR = ("http_error", "the server answered with an error status", False)
    FETCH_FAILED = ("fetch_failed", "the URL could not be fetched", False)
    ROBOTS = ("robots", "robots.txt disallows this URL", True)
    OFFSITE = ("offsite", "the URL is outside the site's domains", True)
    PAYWALLED = ("paywalled", "a paywalled teaser (isAccessibleForFree: false) skipped by --skip-paywalled", False)
    TIMEOUT = ("timeout", "cleaning the page took longer than the limit (raise it with --page-timeout)", False)
    TOO_DEEP = ("too_deep", "the page's tags are nested deeper than any real page (a hostile or broken page)", True)

    def __init__(self, code: str, hint: str, permanent: bool) -> None:
        self.code = code
        self.hint = hint
        self.permanent = permanent

    def __str__(self) -> str:
        return self.code

    @classmethod
    def of(cls, reason: str | Reason) -> Reason:
        """The Reason of a code ("too_large") or a Reason; ValueError for an unknown code."""
        if isinstance(reason, Reason):
            return reason
        found = _BY_CODE.get(reason)
        if found is None:
            raise ValueError(f"unknown rejection reason {reason!r}")
        return found

    @classmethod
    def codes(cls) -> frozenset[str]:
        return frozenset(_BY_CODE)

    @classmethod
    def permanent_codes(cls) -> frozenset[str]:
        """The codes of the rejections that will not change by asking again."""
        return frozenset(r.code for r in cls if r.permanent)


_BY_CODE = {r.code: r for r in Reason}


class NewsbroomError(Exception):
    """Base class of every error newsbroom raises on purpose."""


class RejectedInput(NewsbroomError):
    """An input that is not an article; `reason` is the code ("too_large"), `why` its Reason."""

    def __init__(self, reason: str | Reason, message: str) -> None:
        why = Reason.of(reason)
        super().__init__(message)
        self.why = why
        self.reason = why.code
        self.message = message


class ConfigError(NewsbroomError):
    def __init__(self, path: str, key: str, message: str) -> None:
        super().__init__(f"{path}: {key}: {message}")
        self.path = path
        self.key = key


class RuleError(ConfigError):
    pass


class ProfileError(ConfigError):
    pass
