"""The one writer every source uses: seed-format .txt files, Markdown .md files beside them,
articles.jsonl, articles.csv, articles.parquet, rejects.jsonl (crawler.outputs.formats says what each holds).

Nothing is ever written outside the output directory: names are reduced to a safe alphabet
and checked against the directory after resolving; a name cut to length keeps a digest of the
whole name, so two long names that share a beginning stay two files. Text files are written to a
temporary name and renamed (mode 0644 less the umask, like the JSONL files); JSONL lines are
flushed (and fsync'ed on request) one at a time, so a crash leaves whole lines and whole files
only. A write that fails (a full disk) raises `OutputFailed` naming the directory, after cutting
the file back to its last whole line. The CSV and Parquet tables are written under a temporary
name and renamed into place when the writer closes (a Parquet file is readable only once its footer
is written); a writer that adds to a directory (`append`) first refills them from the JSONL already
there, so they always hold what the JSONL holds.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import os
import re
import sys
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import IO, Any, TextIO, TypeVar

from cleaners import Article
from cleaners.errors import NewsbroomError
from crawler.outputs.formats import (
    FORMAT_NAMES,
    PARQUET_MISSING,
    TABLE_FORMATS,
    FormatError,
    jsonl_line,
    markdown,
    parse_formats,
    stdout_format,
    stream_chunk,
    stream_header,
    table_name,
)

T = TypeVar("T")

__all__ = ["Writer", "safe_name", "FORMATS", "counts", "OutputFailed", "OutputUnusable", "FILE_MODE"]

FORMATS = (*FORMAT_NAMES, "both")
_UNSAFE_RE = re.compile(r"[^A-Za-z0-9._-]+")
_STEM_LIMIT = 100  # a .txt stem, leaving room for "-<digest>-<n>.txt" in a 120-character name
_DIGEST = 8


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


FILE_MODE = 0o666 & ~_umask()  # what open() gives a new file: 0644 under the usual umask


class OutputUnusable(NewsbroomError):
    """The output directory cannot be made or used (a usage error: exit code 2)."""


class OutputFailed(NewsbroomError):
    """Writing the output failed (no space left, a quota, an I/O error): the run must stop."""

    def __init__(self, directory: Path | None, exc: OSError) -> None:
        where = str(directory) if directory is not None else "the output"
        if exc.errno in (errno.ENOSPC, errno.EDQUOT):
            message = f"no space left on {where}; free some space and run again"
        else:
            message = f"cannot write to {where}: {exc.strerror or exc}"
        super().__init__(message)
        self.errno = exc.errno


def safe_name(raw: str, *, fallback: str = "article", limit: int = 120) -> str:
    """One path component made safe: no separators, no leading dots, bounded length. A name
    longer than `limit` is cut and ends with a digest of the whole of `raw`, so two long names
    stay distinct."""
    name = _UNSAFE_RE.sub("_", raw).strip("._-")
    if len(name) > limit:
        digest = hashlib.sha256(raw.encode("utf-8", "surrogatepass")).hexdigest()[:_DIGEST]
        name = name[: limit - _DIGEST - 1].rstrip("._-") + "-" + digest
    return name or fallback


def _encodable(line: str) -> str:
    """`line` as UTF-8 can carry it: a lone surrogate (a name the OS gave as bytes) is escaped."""
    try:
        line.encode("utf-8")
    except UnicodeEncodeError:
        return line.encode("utf-8", "backslashreplace").decode("utf-8")
    return line


def counts(counter: Mapping[str, int]) -> str:
    """"a 1, b 2" in key order: how summaries list what they counted."""
    return ", ".join(f"{k} {v}" for k, v in sorted(counter.items()))


def replace_atomically(path: Path, fill: Callable[[Any], T], *, text_mode: bool = False) -> T:
    """Write `path` whole or not at all: `fill(fh)` writes a temporary file beside it, which
    then replaces `path` (readers never see half a file; a crash leaves the old one)."""
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=path.parent)
    try:
        os.fchmod(fd, FILE_MODE)  # mkstemp makes 0600; outputs are read by others like any file
        handle = os.fdopen(fd, "w", encoding="utf-8", newline="") if text_mode else os.fdopen(fd, "wb")
        with handle as fh:
            result = fill(fh)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return result


def _jsonl_records(path: Path):
    """The records of a JSONL file (a torn or unreadable line is passed over); nothing when it is missing."""
    try:
        fh = open(path, encoding="utf-8", errors="surrogateescape")  # noqa: SIM115
    except FileNotFoundError:
        return
    with fh:
        for line in fh:
            if not line.endswith("\n"):
                continue
            with contextlib.suppress(ValueError):
                record = json.loads(line)
                if isinstance(record, dict):
                    yield record


def remove_stale_temporaries(directory: Path) -> int:
    """Delete the `.tmp-*` files a killed run left half-written in `directory` and its site
    sub-directories (call it holding the directory's lock: no live writer owns them). Returns how many."""
    removed = 0
    for pattern in (".tmp-*", "*/.tmp-*"):
        for path in directory.glob(pattern):
            if path.is_file() and not path.is_symlink():
                with contextlib.suppress(OSError):
                    path.unlink()
                    removed += 1
    return removed


class Writer:
    """Writes articles and rejections in the formats `fmt` names ("txt,jsonl", "both", "jsonl,md,parquet").
    Without a directory, one stream format (JSONL, CSV, Markdown or text) goes to `stdout`."""

    def __init__(self, out_dir: str | Path | None, fmt: str = "both", *, stdout: TextIO | None = None,
                 jsonl_name: str = "articles.jsonl", rejects_name: str = "rejects.jsonl",
                 append: bool = False, fsync: bool = False) -> None:
        try:
            self.formats = parse_formats(fmt) if out_dir is not None else (stdout_format(fmt),)
        except FormatError as exc:
            raise ValueError(str(exc)) from None
        if append and out_dir is not None and set(self.formats) & set(TABLE_FORMATS) and "jsonl" not in self.formats:
            raise ValueError("a csv or parquet table added to in place is rebuilt from the JSONL: "
                             "add jsonl to --format")
        self.fmt = fmt
        self.fsync = fsync
        self.stdout = stdout or sys.stdout
        self.dir = Path(out_dir).resolve() if out_dir is not None else None
        self._jsonl: IO[str] | None = None
        self._rejects: IO[str] | None = None
        self._tables: list[Any] = []  # CsvFile / ParquetFile, finished by close()
        self._header_done = False  # a CSV stream's header row
        self._used: set[str] = set()
        if self.dir is not None:
            try:
                self.dir.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise OutputUnusable(f"cannot create the output directory {out_dir}: {exc.strerror or exc}; "
                                     "give another -o") from None
            mode = "a" if append else "w"
            # Both stay open for the writer's life: close() closes them.
            if "jsonl" in self.formats:
                self._jsonl = open(self.dir / safe_name(jsonl_name), mode, encoding="utf-8")  # noqa: SIM115
            self._rejects = open(self.dir / safe_name(rejects_name), mode, encoding="utf-8")  # noqa: SIM115
            try:
                self._open_tables(safe_name(jsonl_name), refill=append)
            except BaseException:
                self.close()
                raise

    def _open_tables(self, jsonl_name: str, *, refill: bool) -> None:
        """The csv/parquet files asked for; with `refill`, the records of the JSONL already there first."""
        assert self.dir is not None
        for fmt in self.formats:
            if fmt not in TABLE_FORMATS:
                continue
            path = self._inside(table_name(jsonl_name, fmt))
            try:
                if fmt == "csv":
                    from crawler.outputs.formats.tabular import CsvFile

                    self._tables.append(CsvFile(path, FILE_MODE, fsync=self.fsync))
                else:
                    from crawler.outputs.formats.parquet import ParquetFile

                    self._tables.append(ParquetFile(path, FILE_MODE))
            except ImportError:
                raise OutputUnusable(PARQUET_MISSING) from None
            except OSError as exc:
                raise OutputFailed(self.dir, exc) from None
        if refill and self._tables:
            for record in _jsonl_records(self.dir / jsonl_name):
                self._to_tables(record)

    # -- paths -------------------------------------------------------------------------------
    def _inside(self, *parts: str) -> Path:
        assert self.dir is not None
        path = self.dir.joinpath(*(safe_name(p) for p in parts)).resolve()
        if self.dir not in path.parents:
            raise ValueError(f"refusing to write outside {self.dir}: {path}")
        return path

    def claim_name(self, stem: str, *, subdir: str | None = None, unique_key: str = "") -> str:
        """A free .txt name for `stem` in this run: the same stem twice gets a suffix."""
        base = safe_name(stem, limit=_STEM_LIMIT)
        key = f"{subdir}/{base}" if subdir else base
        if key in self._used:
            digest = hashlib.sha256(unique_key.encode("utf-8", "surrogatepass")).hexdigest()[:8]
            base = f"{base}-{digest}"
            key = f"{subdir}/{base}" if subdir else base
            n = 2
            while key in self._used:
                base = f"{safe_name(stem, limit=_STEM_LIMIT)}-{digest}-{n}"
                key = f"{subdir}/{base}" if subdir else base
                n += 1
        self._used.add(key)
        return base

    # -- writing -----------------------------------------------------------------------------
    def _flush(self, fh: IO[str]) -> None:
        fh.flush()
        if self.fsync:
            os.fsync(fh.fileno())

    def write_text_file(self, article: Article, name: str, subdir: str | None = None) -> Path:
        return self._write_file(article.to_text(), name + ".txt", subdir)

    def _write_file(self, text: str, file_name: str, subdir: str | None = None) -> Path:
        parts = [subdir, file_name] if subdir else [file_name]
        path = self._inside(*parts)
        path.parent.mkdir(parents=True, exist_ok=True)

        def fill(fh) -> None:
            fh.write(text)
            if self.fsync:
                fh.flush()
                os.fsync(fh.fileno())

        replace_atomically(path, fill, text_mode=True)
        return path

    def write(self, article: Article, name: str, subdir: str | None = None,
              record: dict | None = None) -> int | None:
        """Write one article: its .txt and .md (when asked for) first, then its JSONL line, then its
        table rows. Returns the size of articles.jsonl after the line (None when there is no JSONL file)."""
        if self.dir is None:
            self._write_stream(article, record)
            return None
        if record is None and self.formats != ("txt",):
            record = article.to_dict()
        try:
            if "txt" in self.formats:
                self.write_text_file(article, name, subdir)
            if "md" in self.formats:
                assert record is not None
                self._write_file(markdown(record), name + ".md", subdir)
        except OSError as exc:
            raise OutputFailed(self.dir, exc) from None
        size = None
        if self._jsonl is not None:
            assert record is not None
            self._append(self._jsonl, jsonl_line(record))
            size = self._jsonl.tell()
        if record is not None:
            self._to_tables(record)
        return size

    def _to_tables(self, record: dict) -> None:
        try:
            for table in self._tables:
                table.write(record)
        except OSError as exc:
            raise OutputFailed(self.dir, exc) from None

    def _write_stream(self, article: Article, record: dict | None) -> None:
        """One record on stdout in the one stream format."""
        fmt = self.formats[0]
        if fmt == "txt":
            chunk = article.to_text() + "\n\n"
        else:
            chunk = stream_chunk(fmt, record if record is not None else article.to_dict())
            if not self._header_done:
                chunk = stream_header(fmt) + chunk
                self._header_done = True
        self.stdout.write(chunk if chunk.isascii() else _encodable(chunk))
        self.stdout.flush()

    def reject(self, record: dict) -> None:
        if self._rejects is not None:
            self._append(self._rejects, json.dumps(record, ensure_ascii=False, separators=(",", ":")))

    def _append(self, fh: IO[str], line: str) -> None:
        """One whole line, or OutputFailed with the file cut back to its last whole line (and
        what is left in its buffer sent nowhere, so closing it cannot tear it again)."""
        if not line.isascii():
            line = _encodable(line)
        size = os.fstat(fh.fileno()).st_size
        try:
            fh.write(line + "\n")
            self._flush(fh)
        except OSError as exc:
            with contextlib.suppress(OSError):
                os.ftruncate(fh.fileno(), size)
            with contextlib.suppress(OSError):
                devnull = os.open(os.devnull, os.O_WRONLY)
                os.dup2(devnull, fh.fileno())
                os.close(devnull)
            raise OutputFailed(self.dir, exc) from None

    def close(self) -> None:
        """Close the files; the tables are finished (footer written, renamed into place), or dropped when
        that fails (OutputFailed). A CSV stream with no record still gets its header row."""
        for fh in (self._jsonl, self._rejects):
            if fh is not None:
                fh.close()
        self._jsonl = self._rejects = None
        if self.dir is None and not self._header_done and self.formats[0] == "csv":
            self._header_done = True
            self.stdout.write(stream_header("csv"))
            self.stdout.flush()
        tables, self._tables = self._tables, []
        failure: OSError | None = None
        for table in tables:
            if failure is not None:
                table.abort()
                continue
            try:
                table.close()
            except OSError as exc:
                table.abort()
                failure = exc
        if failure is not None:
            raise OutputFailed(self.dir, failure)

    def __enter__(self) -> Writer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
