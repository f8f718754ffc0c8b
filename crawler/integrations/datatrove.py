"""newsbroom as a datatrove step (`pip install 'newsbroom[datatrove]'`): `NewsbroomExtractor`, an
extractor for datatrove pipelines (local, Slurm and Ray executors alike).

Each document's text (the HTML a reader such as datatrove's WarcReader decoded) goes through the
same pipeline as `newsbroom clean` (`clean_page`, with the document's URL and WARC date, the
bundled site profiles and junk rules). The document's text becomes the article's text (the record's
`text`: the body, headline excluded; `title_in_text=True` puts the headline line first, as the
seed-format .txt files have it), and every other field of the JSONL record goes into its metadata
(`id`, `title`, `published_at`, `language`, `simhash`, `blocks`, ...; JSON-serialisable). A page
that is not an article is dropped and counted in datatrove's stats under our reason code
(`rejected_no_article`, `rejected_blocked`, `rejected_paywalled`, ...), beside datatrove's own
`total`, `forwarded` and `dropped`.

The per-document timeout is datatrove's own (`ExtractorSandbox`, as its Trafilatura step has it):
every document is cleaned in one child process, a document over `timeout` seconds is counted as
`timeout` and dropped, and the child is replaced; one that dies (out of memory) is counted as
`broken_process`.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from datetime import datetime
from types import ModuleType
from typing import Any

from cleaners import Article, Options, Page
from cleaners.describe.article import paywalled
from cleaners.model import Rejection
from crawler.outputs.cleaning import DEFAULT_PAGE_TIMEOUT, clean_one, warm

__all__ = ["NewsbroomExtractor"]


def _module(name: str) -> ModuleType:
    try:
        return importlib.import_module(name)
    except ImportError as exc:
        raise ImportError(f"the newsbroom datatrove step needs datatrove ({exc}); install it with "
                          f"pip install 'newsbroom[datatrove]'") from exc


# Imported by name: datatrove is an optional extra, and it ships no type information.
_extractors = _module("datatrove.pipeline.extractors.base")
_BaseExtractor: Any = _extractors.BaseExtractor
_ExtractorSandbox: Any = _extractors.ExtractorSandbox
_StatHints: Any = _module("datatrove.utils.typeshelper").StatHints
_logger: Any = _module("datatrove.utils.logging").logger

# What the worker answers: ("article", text, metadata), ("rejected", reason, message) or ("error", message).
Outcome = tuple[str, Any, Any]
_WARM_UP = ("<html><body><p>warm-up</p></body></html>", None, None, "warm-up")


def _fetched_at(raw: object) -> datetime | None:
    if not isinstance(raw, str) or not raw:
        return None
    try:
        return datetime.fromisoformat(raw)
    except ValueError:
        return None


class NewsbroomExtractor(_BaseExtractor):
    """newsbroom's cleaning as a datatrove extractor.

    Args:
        timeout: seconds per document (datatrove's sandbox), default newsbroom's page timeout.
        skip_paywalled: drop paywalled teasers (`rejected_paywalled`) instead of keeping them
            flagged `free_access: false`.
        title_in_text: put the headline line before the body in `doc.text`.
        max_bytes: documents larger than this (UTF-8) are rejected as `too_large`.
    """

    name = "📰 newsbroom"

    def __init__(self, timeout: float = DEFAULT_PAGE_TIMEOUT, *, skip_paywalled: bool = False,
                 title_in_text: bool = False, max_bytes: int | None = None) -> None:
        super().__init__(timeout)
        self._warned_error = False
        options = Options(skip_paywalled=skip_paywalled)
        if max_bytes is not None:
            options = Options(skip_paywalled=skip_paywalled, max_bytes=max_bytes)
        self.options = options
        self.title_in_text = title_in_text

    def extract(self, text: str, url: str | None = None, date: str | None = None,
                source: str | None = None) -> Outcome:
        """Clean one document (in the sandbox's child process). Never raises: a raised error would
        end the child, and datatrove would count a broken process instead of the page's reason.
        The text is what the reader decoded, so it is read as UTF-8 whatever the page declares."""
        try:
            page = Page(url=url, body=text.encode("utf-8", "surrogatepass"),
                        headers={"Content-Type": "text/html; charset=utf-8"}, fetched_at=_fetched_at(date),
                        source=source)
            result = clean_one((page, self.options))
        except Exception as exc:  # one broken document must not end the run
            return ("error", f"{type(exc).__name__}: {exc}", None)
        if isinstance(result, Rejection):
            return ("rejected", result.reason, result.message)
        if self.options.skip_paywalled and (wall := paywalled(result)) is not None:
            return ("rejected", wall.reason, wall.message)
        return ("article", self._text(result), _metadata(result))

    def _text(self, article: Article) -> str:
        return article.to_text() if self.title_in_text else article.text

    def run(self, data: Any, rank: int = 0, world_size: int = 1) -> Iterator[Any]:
        """BaseExtractor.run with the document's URL and date passed along, and our outcome read back."""
        warm()  # rules, profiles, language models loaded once; the sandbox's process starts with them
        with _ExtractorSandbox(timeout=self.timeout, warmup_text=_WARM_UP) as sandbox:
            for doc in data:
                self.stat_update(_StatHints.total)
                with self.track_time():
                    outcome = self._process(sandbox, doc)
                if outcome is None:
                    continue
                doc.text, metadata = outcome
                doc.metadata.update(metadata)
                self.stat_update("extracted", _StatHints.forwarded)
                self.update_doc_stats(doc)
                yield doc

    def _process(self, sandbox: Any, doc: Any) -> tuple[str, dict[str, Any]] | None:
        """(text, metadata) of the document's article, or None (dropped, with the reason counted)."""
        metadata = doc.metadata or {}
        where = metadata.get("file_path")
        task = (doc.text, metadata.get("url"), metadata.get("date"), f"{where}#{doc.id}" if where else str(doc.id))
        try:
            kind, first, second = sandbox.process_document(task, self.extract)
        except TimeoutError:
            self.stat_update("timeout", _StatHints.dropped)
            _logger.warning(f"newsbroom: cleaning took longer than {self.timeout}s; document {doc.id} dropped")
            return None
        except EOFError:
            self.stat_update("broken_process", _StatHints.dropped)
            _logger.warning(f"newsbroom: the cleaning process died on document {doc.id}; a new one takes over")
            return None
        if kind == "article":
            return first, second
        if kind == "rejected":
            self.stat_update(f"rejected_{first}", _StatHints.dropped)
        else:
            self.stat_update("clean_error", _StatHints.dropped)
            if not self._warned_error:
                _logger.warning(f"newsbroom: {first} while cleaning document {doc.id}; dropped (said once)")
                self._warned_error = True
        return None


def _metadata(article: Article) -> dict[str, Any]:
    """The record's fields but `text` (the document's text), JSON-serialisable."""
    record = article.to_dict()
    record.pop("text", None)
    return record
