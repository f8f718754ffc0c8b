"""A record as a CSV row (RFC 4180 through the csv module), and the CSV file of a run.

Columns: the JSONL record's fields, in its order (`cleaners.model.RECORD_FIELDS`), one header row.
Strings as they are; null as an empty cell; `free_access` as `true`/`false`; lists of strings
(`authors`, `tags`) joined by `; ` (CSV_LIST_SEPARATOR); nested fields (`removed`, `blocks`, `image`)
as JSON text. Rows end with CRLF; a cell with a comma, a quote or a line break is quoted.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import tempfile
from pathlib import Path
from typing import Any

from cleaners.model import RECORD_FIELDS

__all__ = ["CSV_COLUMNS", "CSV_LIST_SEPARATOR", "csv_header", "csv_line", "csv_cells", "CsvFile"]

CSV_COLUMNS = RECORD_FIELDS
CSV_LIST_SEPARATOR = "; "
_STRING_LISTS = frozenset({"authors", "tags"})


def _cell(key: str, value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return value
    if key in _STRING_LISTS and isinstance(value, list) and all(isinstance(v, str) for v in value):
        return CSV_LIST_SEPARATOR.join(value)
    if isinstance(value, int | float):
        return str(value)
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def csv_cells(record: dict[str, Any]) -> list[str]:
    """The record's row: one cell per column of CSV_COLUMNS."""
    return [_cell(key, record.get(key)) for key in CSV_COLUMNS]


def _row(cells: list[str]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerow(cells)
    return buffer.getvalue()


def csv_header() -> str:
    return _row(list(CSV_COLUMNS))


def csv_line(record: dict[str, Any]) -> str:
    """The record as one CSV row, CRLF included."""
    return _row(csv_cells(record))


class CsvFile:
    """articles.csv of a run: written under a temporary name beside `path` (.tmp-*, removed by the next
    run if this one is killed) and renamed into place by close(), so a reader never sees half a table."""

    def __init__(self, path: Path, mode: int, *, fsync: bool = False) -> None:
        self.path = path
        self.fsync = fsync
        fd, tmp = tempfile.mkstemp(prefix=f".tmp-{path.name}-", dir=path.parent)
        self._tmp = Path(tmp)
        os.fchmod(fd, mode)
        # errors="backslashreplace": a lone surrogate (a file name the OS gave as bytes) is written escaped
        self._fh = os.fdopen(fd, "w", encoding="utf-8", errors="backslashreplace", newline="")
        self._csv = csv.writer(self._fh, lineterminator="\r\n")
        self._csv.writerow(CSV_COLUMNS)

    def write(self, record: dict[str, Any]) -> None:
        self._csv.writerow(csv_cells(record))

    def close(self) -> None:
        """Finish the file and rename it into place."""
        self._fh.flush()
        if self.fsync:
            os.fsync(self._fh.fileno())
        self._fh.close()
        os.replace(self._tmp, self.path)

    def abort(self) -> None:
        """Drop the temporary file (the table could not be finished)."""
        with contextlib.suppress(OSError):
            self._fh.close()
        with contextlib.suppress(OSError):
            self._tmp.unlink()
