"""The one writer every source uses: seed-format .txt files, articles.jsonl, rejects.jsonl.

Nothing is ever written outside the output directory: names are reduced to a safe alphabet
and checked against the directory after resolving; a name cut to length keeps a digest of the
whole name, so two long names that share a beginning stay two files. Text files are written to a
temporary name and renamed (mode 0644 less the umask, like the JSONL files); JSONL lines are
flushed (and fsync'ed on request) one at a time, so a crash leaves whole lines and whole files
only. A write that fails (a full disk) raises `OutputFailed` naming the directory, after cutting
the file back to its last whole line.
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

T = TypeVar("T")

__all__ = ["Writer", "safe_name", "FORMATS", "counts", "OutputFailed", "OutputUnusable", "FILE_MODE"]

FORMATS = ("txt", "jsonl", "both")
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
    """Writes articles and rejections. Without a directory, JSONL (or text) goes to `stdout`."""

    def __init__(self, out_dir: str | Path | None, fmt: str = "both", *, stdout: TextIO | None = None,
                 jsonl_name: str = "articles.jsonl", rejects_name: str = "rejects.jsonl",
                 append: bool = False, fsync: bool = False) -> None:
        if fmt not in FORMATS:
            raise ValueError(f"format must be one of {FORMATS}")
        self.fmt = fmt
        self.fsync = fsync
        self.stdout = stdout or sys.stdout
        self.dir = Path(out_dir).resolve() if out_dir is not None else None
        self._jsonl: IO[str] | None = None
        self._rejects: IO[str] | None = None
        self._used: set[str] = set()
        if self.dir is not None:
            try:
                self.dir.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise OutputUnusable(f"cannot create the output directory {out_dir}: {exc.strerror or exc}; "
                                     "give another -o") from None
            mode = "a" if append else "w"
            # Both stay open for the writer's life: close() closes them.
            if fmt in ("jsonl", "both"):
                self._jsonl = open(self.dir / safe_name(jsonl_name), mode, encoding="utf-8")  # noqa: SIM115
            self._rejects = open(self.dir / safe_name(rejects_name), mode, encoding="utf-8")  # noqa: SIM115

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
        parts = [subdir, name + ".txt"] if subdir else [name + ".txt"]
        path = self._inside(*parts)
        path.parent.mkdir(parents=True, exist_ok=True)
        text = article.to_text()

        def fill(fh) -> None:
            fh.write(text)
            if self.fsync:
                fh.flush()
                os.fsync(fh.fileno())

        replace_atomically(path, fill, text_mode=True)
        return path

    def write(self, article: Article, name: str, subdir: str | None = None,
              record: dict | None = None) -> int | None:
        """Write one article: its .txt (when asked for) first, then its JSONL line. Returns the
        size of articles.jsonl after the line (None when there is no JSONL file)."""
        line = json.dumps(record if record is not None else article.to_dict(), ensure_ascii=False,
                          separators=(",", ":"))
        if self.dir is None:
            if self.fmt == "txt":
                self.stdout.write(article.to_text() + "\n\n")
            else:
                self.stdout.write((line if line.isascii() else _encodable(line)) + "\n")
            self.stdout.flush()
            return None
        if self.fmt in ("txt", "both"):
            try:
                self.write_text_file(article, name, subdir)
            except OSError as exc:
                raise OutputFailed(self.dir, exc) from None
        if self._jsonl is None:
            return None
        self._append(self._jsonl, line)
        return self._jsonl.tell()

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
        for fh in (self._jsonl, self._rejects):
            if fh is not None:
                fh.close()
        self._jsonl = self._rejects = None

    def __enter__(self) -> Writer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
