"""The records every step passes along: Page in, Blocks in the middle, Article (with its
Provenance) or Rejection out.

All are frozen dataclasses; a step returns a new record instead of changing one.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from functools import cached_property
from typing import Any

from cleaners.describe.simhash import simhash_words, words
from cleaners.errors import Reason

__all__ = ["Page", "Block", "Removal", "Provenance", "Image", "Article", "Rejection", "BLOCK_KINDS", "RECORD_FIELDS",
           "SCHEMA"]

# A "table" block is one row of a table, its cells joined by TABLE_CELL_SEPARATOR; the record
# shows a run of them as one table block with its rows.
BLOCK_KINDS = ("heading", "paragraph", "list_item", "quote", "table")
TABLE_CELL_SEPARATOR = " | "
SCHEMA = "newsbroom/1"  # the record's `schema`: the version of the field list below


@dataclass(frozen=True)
class Page:
    """One fetched or read document, before any decoding."""

    url: str | None
    body: bytes
    headers: Mapping[str, str] = field(default_factory=dict)
    fetched_at: datetime | None = None
    final_url: str | None = None
    status: int | None = None
    source: str | None = None

    def header(self, name: str) -> str | None:
        name = name.lower()
        for key, value in self.headers.items():
            if key.lower() == name:
                return value
        return None


@dataclass(frozen=True, init=False)
class Block:
    kind: str
    text: str

    def __init__(self, kind: str, text: str) -> None:
        # a page makes dozens: its fields go straight into its __dict__ (the frozen dataclass's own
        # __init__ sets each through object.__setattr__, then calls a __post_init__ for the check)
        if kind not in BLOCK_KINDS:
            raise ValueError(f"unknown block kind {kind!r}; expected one of {BLOCK_KINDS}")
        fields = self.__dict__
        fields["kind"] = kind
        fields["text"] = text


@dataclass(frozen=True)
class Removal:
    """One piece of text a rule dropped; `rule` is the rule's name (its trace entry)."""

    rule: str
    text: str


@dataclass(frozen=True)
class Image:
    """The article's lead image: where it is, and its caption and credit when the page gives them."""

    url: str
    caption: str | None = None
    credit: str | None = None

    def to_dict(self) -> dict[str, str | None]:
        return {"url": self.url, "caption": self.caption, "credit": self.credit}


@dataclass(frozen=True)
class Provenance:
    """What extracted an article. `kind` is "site:<id>", "generic" or "text"; `version` the
    profile's version ("v1") or the generic extractor's ("trafilatura-2.0.0"). A page whose
    profile found nothing or too little names that profile ("site:x/v1") in `fallback_from`
    and says why in `why`."""

    kind: str = "text"
    version: str | None = None
    fallback_from: str | None = None
    why: str | None = None

    @property
    def label(self) -> str:
        """The record's `extractor` string: "site:x/v1", "generic/trafilatura-2.0.0", "text", or
        "generic; site:x/v1 found nothing" after a fallback."""
        if self.fallback_from is not None:
            return f"{self.kind}; {self.fallback_from} {self.why}"
        return f"{self.kind}/{self.version}" if self.version else self.kind


# JSONL keys, in the order they are written.
RECORD_FIELDS = (
    "id",
    "url",
    "canonical_url",
    "site",
    "title",
    "text",
    "published_at",
    "authors",
    "dateline",
    "language",
    "language_source",
    "fetched_at",
    "extractor",
    "sha256",
    "source",
    "removed",
    # newsbroom/1
    "schema",
    "version",
    "blocks",
    "description",
    "modified_at",
    "section",
    "tags",
    "image",
    "free_access",
    "word_count",
    "simhash",
    "canonical_ignored",
)


@dataclass(frozen=True)
class Article:
    """One cleaned article. Frozen, its sequences tuples: `text`, `id` and the words are worked out once
    and kept, so an Article changes only by `evolve` (a new one)."""

    blocks: tuple[Block, ...] = ()
    title: str | None = None
    url: str | None = None
    canonical_url: str | None = None
    site: str | None = None
    dateline: str | None = None
    published_at: str | None = None
    authors: tuple[str, ...] = ()
    language: str | None = None
    language_source: str | None = None
    provenance: Provenance = field(default_factory=Provenance)
    removed: tuple[Removal, ...] = ()
    fetched_at: str | None = None
    sha256: str | None = None
    source: str | None = None
    description: str | None = None
    modified_at: str | None = None
    section: str | None = None
    tags: tuple[str, ...] = ()
    image: Image | None = None
    free_access: bool | None = None  # JSON-LD isAccessibleForFree; None when the page does not say
    # the canonical URL the page named that is not its identity (another site's, or one whose page has
    # another text): `canonical_url` is then None and the id is the page's own URL's
    canonical_ignored: str | None = None

    @property
    def extractor(self) -> str:
        """The record's `extractor` string, from `provenance`."""
        return self.provenance.label

    @cached_property
    def text(self) -> str:
        """The seed-format body: one block a line, headline excluded (joined once: the record reads
        it for its text, its version and its words)."""
        return "\n".join(b.text for b in self.blocks)

    @cached_property
    def id(self) -> str:
        """Stable: a hash of the canonical URL (or URL), else of the content (hashed once: the
        record reads it for its id and its version)."""
        key = self.canonical_url or self.url
        basis = "url:" + key if key else "text:" + self.to_text()
        return hashlib.sha256(basis.encode("utf-8")).hexdigest()[:16]

    @property
    def version(self) -> str:
        """A key of this version of the article: a hash of its id, headline and text."""
        basis = f"{self.id}\n{self.title or ''}\n{self.text}"
        return hashlib.sha256(basis.encode("utf-8")).hexdigest()[:16]

    @cached_property
    def _words(self) -> list[str]:
        """The text's words, lowercased: what word_count counts and simhash hashes."""
        return words(self.text.lower())

    @property
    def word_count(self) -> int:
        """Words of the text: `\\w+` runs, each Chinese or Japanese character counting as one."""
        return len(self._words)

    @property
    def simhash(self) -> str:
        """The text's 64-bit SimHash, 16 hex digits (cleaners.describe.simhash)."""
        return f"{simhash_words(self._words):016x}"

    def record_blocks(self) -> list[dict[str, Any]]:
        """The record's `blocks`: one a block, a run of table rows as one table with its rows. Their
        texts joined by newlines are the text."""
        out: list[dict[str, Any]] = []
        for block in self.blocks:
            if block.kind == "table":
                if out and out[-1]["kind"] == "table":
                    out[-1]["text"] += "\n" + block.text
                    out[-1]["rows"].append(block.text.split(TABLE_CELL_SEPARATOR))
                    continue
                out.append({"kind": "table", "text": block.text, "rows": [block.text.split(TABLE_CELL_SEPARATOR)]})
            else:
                out.append({"kind": block.kind, "text": block.text})
        return out

    def to_text(self) -> str:
        """The seed format: the headline line (when there is one), then the body."""
        lines = [self.title] if self.title else []
        lines.extend(b.text for b in self.blocks)
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        values = {
            "id": self.id,
            "url": self.url,
            "canonical_url": self.canonical_url,
            "site": self.site,
            "title": self.title,
            "text": self.text,
            "published_at": self.published_at,
            "authors": list(self.authors),
            "dateline": self.dateline,
            "language": self.language,
            "language_source": self.language_source,
            "fetched_at": self.fetched_at,
            "extractor": self.extractor,
            "sha256": self.sha256,
            "source": self.source,
            "removed": [{"rule": r.rule, "text": r.text} for r in self.removed],
            "schema": SCHEMA,
            "version": self.version,
            "blocks": self.record_blocks(),
            "description": self.description,
            "modified_at": self.modified_at,
            "section": self.section,
            "tags": list(self.tags),
            "image": self.image.to_dict() if self.image is not None else None,
            "free_access": self.free_access,
            "word_count": self.word_count,
            "simhash": self.simhash,
            "canonical_ignored": self.canonical_ignored,
        }
        return {key: values[key] for key in RECORD_FIELDS}

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, separators=(",", ":"))

    def evolve(self, **changes: Any) -> Article:
        return replace(self, **changes)


@dataclass(frozen=True)
class Rejection:
    """An input that gave no article: where it came from, the reason code (a `Reason`'s code) and a
    message for people."""

    source: str
    reason: str
    message: str

    def __post_init__(self) -> None:
        Reason.of(self.reason)  # ValueError for a code that is not a Reason

    def to_dict(self) -> dict[str, Any]:
        return {"source": self.source, "reason": self.reason, "message": self.message}


def word_count(text: str) -> int:
    """`\\w+` runs; in scripts written without spaces (Chinese, Japanese) each character is a word."""
    return len(words(text))


def iso_utc(moment: datetime | None) -> str | None:
    if moment is None:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).replace(microsecond=0).isoformat()
