"""newsbroom's cleaning core: bytes or text in, Article out.

Never imports the crawler, scrapy or httpx.
"""

from cleaners.errors import ConfigError, NewsbroomError, ProfileError, RejectedInput, RuleError
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
