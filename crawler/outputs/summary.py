"""What a run did, counted: one `RunSummary` for `clean`, a crawl pass, `fetch` and `eval`.

Each command fills the counters that mean something for it and prints `line()`, whose wording
depends on `command`. A crawl pass runs in a child process and sends its summary back as JSON
(`to_dict` / `from_dict`), which is why "crawl" is the default.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from crawler.outputs.writer import counts

__all__ = ["RunSummary"]

_COUNTERS = ("rejected", "extractors", "fallbacks", "skipped")


@dataclass
class RunSummary:
    command: str = "crawl"  # "clean", "crawl" or "eval": which line() to print
    # every command
    written: int = 0
    rejected: Counter = field(default_factory=Counter)  # per reason
    skipped: Counter = field(default_factory=Counter)  # clean: inputs that are not pages (a redirect...), per reason
    extractors: Counter = field(default_factory=Counter)  # per extractor kind ("generic", "site:x", "text")
    fallbacks: Counter = field(default_factory=Counter)  # drift alarms: fallbacks to generic, per site profile
    # clean
    read: int = 0
    stitched: int = 0  # pages joined to the article before them
    # crawl and fetch
    discovered: int = 0
    skipped_seen: int = 0
    skipped_old: int = 0
    not_modified: int = 0
    discovery_failed: int = 0
    fetched: int = 0
    updated: int = 0
    unchanged: int = 0  # a URL fetched again whose text did not change
    duplicate: int = 0  # another URL of an article already written (its canonical link), same text: not written
    clean_cpu: float = 0.0
    recovered: int = 0
    queue_refused: int = 0  # shared crawl: members of the Redis queue that were not our requests
    seconds: float = 0.0

    @property
    def rejected_total(self) -> int:
        return sum(self.rejected.values())

    def to_dict(self) -> dict[str, Any]:
        out = dict(self.__dict__)
        for name in _COUNTERS:
            out[name] = dict(getattr(self, name))
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> RunSummary:
        values = dict(data)
        for name in _COUNTERS:
            values[name] = Counter(values.get(name, {}))
        return cls(**values)

    def line(self) -> str:
        """The summary line the command prints (without the "newsbroom: " prefix)."""
        if self.command == "clean":
            return self._clean_line()
        if self.command == "eval":
            return f"extractors: {counts(self.extractors)}; {self._fallbacks()}"
        return self._crawl_line()

    def _rejected(self) -> str:
        return f"rejected {self.rejected_total}" + (f" ({counts(self.rejected)})" if self.rejected else "")

    def _fallbacks(self) -> str:
        return (f"site profile fallbacks to generic {sum(self.fallbacks.values())}"
                + (f" ({counts(self.fallbacks)})" if self.fallbacks else ""))

    def _clean_line(self) -> str:
        parts = [f"read {self.read}", f"written {self.written}", self._rejected()]
        if self.skipped:
            parts.append(f"skipped {sum(self.skipped.values())} not pages ({counts(self.skipped)})")
        if self.extractors:
            parts.append(f"extractors: {counts(self.extractors)}")
        if self.stitched:
            parts.append(f"pages stitched into articles {self.stitched}")
        parts.append(self._fallbacks())
        return "; ".join(parts)

    def _crawl_line(self) -> str:
        parts = [f"discovered {self.discovered}", f"skipped {self.skipped_seen} already seen",
                 f"fetched {self.fetched}", f"written {self.written} ({self.updated} updated)", self._rejected()]
        if self.skipped_old:
            parts.insert(2, f"skipped {self.skipped_old} older than --since")
        if self.unchanged:
            parts.append(f"unchanged {self.unchanged}")
        if self.duplicate:
            parts.append(f"duplicate {self.duplicate} (another URL of an article already written)")
        if self.fallbacks:
            parts.append(self._fallbacks())
        parts.append(f"feeds/sitemaps not modified {self.not_modified}")
        if self.discovery_failed:
            parts.append(f"feeds/sitemaps failed {self.discovery_failed}")
        if self.queue_refused:
            parts.append(f"refused {self.queue_refused} foreign requests in the shared queue")
        if self.recovered:
            parts.append(f"recovered {self.recovered} records from an interrupted run")
        parts.append(f"{self.seconds:.1f}s")
        return "; ".join(parts)
