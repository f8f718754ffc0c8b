"""newsbroom's cleaning core: bytes or text in, Article out.

Never imports the crawler, scrapy or httpx. The names below are loaded on first use, so that
`import cleaners` (and `from cleaners import ConfigError`) costs next to nothing and the parser,
the language models and trafilatura are imported only by what cleans pages.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from cleaners.errors import ConfigError, NewsbroomError, ProfileError, RejectedInput, RuleError

if TYPE_CHECKING:
    from cleaners.model import Article, Block, Page, Provenance, Removal
    from cleaners.options import Options
    from cleaners.pipeline import clean_html, clean_page, clean_text

__version__ = "0.1.0"

__all__ = [
    "Article",
    "Block",
    "ConfigError",
    "NewsbroomError",
    "Options",
    "Page",
    "ProfileError",
    "Provenance",
    "RejectedInput",
    "Removal",
    "RuleError",
    "clean_html",
    "clean_page",
    "clean_text",
]

# name -> the module that defines it, imported when the name is first asked for
_LAZY = {
    "Article": "cleaners.model",
    "Block": "cleaners.model",
    "Page": "cleaners.model",
    "Provenance": "cleaners.model",
    "Removal": "cleaners.model",
    "Options": "cleaners.options",
    "clean_html": "cleaners.pipeline",
    "clean_page": "cleaners.pipeline",
    "clean_text": "cleaners.pipeline",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'cleaners' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value  # asked once: later look-ups do not come here
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
