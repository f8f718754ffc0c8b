"""The exceptions newsbroom raises.

    NewsbroomError
     ├── RejectedInput      an input that is not (or not only) an article; carries a reason code
     └── ConfigError        a rules file or site profile that does not load; names the file and key
          ├── RuleError
          └── ProfileError

Library users catch `NewsbroomError`; the command line turns `RejectedInput` into a counted
rejection and `ConfigError` into exit code 2 with the message.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

__all__ = ["NewsbroomError", "RejectedInput", "ConfigError", "RuleError", "ProfileError", "REASONS", "read_toml"]

# Reason codes for rejections, with what a user can do about each.
REASONS = {
    "empty": "the input has no bytes or no text",
    "binary": "the input is not text (an image, archive or other binary file)",
    "too_large": "the input is over the size limit (raise it with --max-bytes)",
    "truncated": "the compressed input ends early (re-download or re-copy it)",
    "undecodable": "the bytes are not text in any known encoding",
    "no_article": "no article text was found on the page",
    "broken_record": "a WARC record could not be read",
    "blocked": "the page is a block, consent, captcha or paywall page, not an article",
    "unreadable": "the file could not be read",
    "extract_failed": "the page could not be parsed",
    "not_html": "the response is not HTML",
    "http_error": "the server answered with an error status",
    "fetch_failed": "the URL could not be fetched",
    "robots": "robots.txt disallows this URL",
    "offsite": "the URL is outside the site's domains",
}


class NewsbroomError(Exception):
    """Base class of every error newsbroom raises on purpose."""


class RejectedInput(NewsbroomError):
    def __init__(self, reason: str, message: str) -> None:
        if reason not in REASONS:
            raise ValueError(f"unknown rejection reason {reason!r}")
        super().__init__(message)
        self.reason = reason
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


def read_toml(path: Path, error: type[ConfigError]) -> dict[str, Any]:
    """A data file's tables; `error` (naming the file) when it cannot be read or parsed."""
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise error(str(path), "-", f"cannot be read: {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise error(str(path), "-", f"is not valid TOML: {exc}") from None
