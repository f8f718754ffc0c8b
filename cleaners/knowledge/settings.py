"""Settings: the thresholds in `cleaners/data/settings.toml`, read into a typed, frozen record.

Each table of the file is one record below; every key is required (no default in code) and
checked for its type and range. Code reads a threshold as `default_settings().extract.dateline_blocks`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from cleaners.knowledge import DATA_DIR
from cleaners.knowledge.reader import REQUIRED, read_file

__all__ = ["Settings", "InputSettings", "ExtractSettings", "PageSettings", "DateSettings", "ArticleSettings",
           "LanguageSettings", "CleanSettings",
           "load_settings", "default_settings", "SETTINGS_PATH"]

SETTINGS_PATH = DATA_DIR / "settings.toml"


def _between(lo: int, hi: int) -> Any:
    return field(metadata={"lo": lo, "hi": hi})


def _required() -> Any:
    """A required key that is not a number (a flag, a pattern)."""
    return field()


@dataclass(frozen=True)
class InputSettings:
    max_bytes: int = _between(1, 2**40)
    html_sniff_bytes: int = _between(1, 2**30)
    sniff_bytes: int = _between(1, 2**30)
    charset_guess_bytes: int = _between(1, 2**30)
    max_depth: int = _between(16, 1_000_000)


@dataclass(frozen=True)
class ExtractSettings:
    fallback_below_chars: int = _between(0, 1_000_000)
    breaks_min_share: float = _between(0, 1)
    dateline_blocks: int = _between(1, 100)
    link_list_max_chars: int = _between(0, 1_000_000)
    furniture_max_words: int = _between(1, 100_000)
    furniture_holder_max_words: int = _between(1, 100_000)
    furniture_icon_max_px: int = _between(0, 100_000)
    furniture_related_min_items: int = _between(1, 100_000)
    furniture_related_item_max_words: int = _between(0, 100_000)
    furniture_related_min_link_share: float = _between(0, 1)
    furniture_prose_min_words: int = _between(1, 100_000)
    furniture_credit_max_rows: int = _between(1, 100_000)


@dataclass(frozen=True)
class PageSettings:
    author_max_chars: int = _between(1, 10_000)
    max_authors: int = _between(1, 1000)
    date_candidates: int = _between(0, 1000)
    date_text_chars: int = _between(1, 1_000_000)


@dataclass(frozen=True)
class DateSettings:
    headline_date_chars: int = _between(0, 100_000)
    headline_date_nodes: int = _between(0, 100_000)
    headline_date_stop_words: int = _between(1, 100_000)
    htmldate_fallback: bool = _required()
    htmldate_extensive: bool = _required()


@dataclass(frozen=True)
class ArticleSettings:
    min_words: int = _between(0, 100_000)
    min_sentences: int = _between(0, 1000)
    page_max_words: int = _between(0, 1_000_000)
    page_paragraphs: int = _between(0, 100_000)
    notice_pattern: str = _required()
    notice_max_words: int = _between(1, 100_000)


@dataclass(frozen=True)
class LanguageSettings:
    prefix_chars: int = _between(1, 1_000_000)
    agreed_prefix_chars: int = _between(1, 1_000_000)
    agreed_trials: int = _between(1, 100)
    letters_window: int = _between(1, 1_000_000)
    min_letters: int = _between(0, 1_000_000)
    stopword_min_words: int = _between(1, 1_000_000)
    stopword_share: float = _between(0, 1)
    stopword_declared_share: float = _between(0, 1)
    stopword_other_script_max: float = _between(0, 1)
    stopword_other_max: float = _between(0, 1)


@dataclass(frozen=True)
class CleanSettings:
    max_rounds: int = _between(1, 100)
    normalize_rounds: int = _between(1, 100)
    dump_lead_window: int = _between(1, 10_000)
    dump_lead_words: int = _between(1, 1000)
    dump_end_gap: int = _between(1, 100)
    dump_long_heading_words: int = _between(1, 1000)
    dump_repeat_min_chars: int = _between(1, 100_000)
    closing_max_blocks: int = _between(0, 10_000)
    closing_max_share: float = _between(0, 1)


@dataclass(frozen=True)
class Settings:
    input: InputSettings
    extract: ExtractSettings
    page: PageSettings
    dates: DateSettings
    article: ArticleSettings
    language: LanguageSettings
    clean: CleanSettings


_TABLES = {"input": InputSettings, "extract": ExtractSettings, "page": PageSettings, "dates": DateSettings,
           "article": ArticleSettings, "language": LanguageSettings,
           "clean": CleanSettings}


def load_settings(path: Path = SETTINGS_PATH) -> Settings:
    top = read_file(path)
    top.check_keys(_TABLES)
    return Settings(**{name: top.table(name, REQUIRED).record(cls) for name, cls in _TABLES.items()})


@lru_cache(maxsize=1)
def default_settings() -> Settings:
    """The bundled settings, read once."""
    return load_settings()
