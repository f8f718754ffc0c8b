"""Records as Parquet (pyarrow, the optional extra `newsbroom[parquet]`): one row per record, the
JSONL's columns in its order, nested fields as Parquet lists and structs:

    authors, tags   list<string>
    removed         list<struct<rule: string, text: string>>
    blocks          list<struct<kind: string, text: string, rows: list<list<string>>>>  (rows null
                    except in tables)
    image           struct<url: string, caption: string, credit: string>  (null without an image)
    free_access     bool (null when the page is silent)
    word_count      int64
    everything else string (dates as the JSONL's ISO 8601 text)

Rows are written in row groups of ROW_GROUP_RECORDS records (or fewer when their text passes
ROW_GROUP_BYTES), so memory stays flat however many records a run writes; zstd compression. A
Parquet file is readable only once its footer is written: `ParquetFile` writes under a temporary
name (.tmp-*, removed by the next run if this one is killed) and renames it into place in close().

`read_parquet` gives the records back as the JSONL has them (`rows` only on table blocks).
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from cleaners.model import RECORD_FIELDS

__all__ = ["schema", "ParquetFile", "read_parquet", "record_from_row", "ROW_GROUP_RECORDS", "ROW_GROUP_BYTES"]

ROW_GROUP_RECORDS = 1000
ROW_GROUP_BYTES = 32 * 2**20  # text buffered before a row group is written, whatever the count


def schema():
    """The explicit pyarrow schema of a record row."""
    import pyarrow as pa

    string = pa.string()
    nested = {
        "authors": pa.list_(string),
        "tags": pa.list_(string),
        "removed": pa.list_(pa.struct([("rule", string), ("text", string)])),
        "blocks": pa.list_(pa.struct([("kind", string), ("text", string), ("rows", pa.list_(pa.list_(string)))])),
        "image": pa.struct([("url", string), ("caption", string), ("credit", string)]),
        "free_access": pa.bool_(),
        "word_count": pa.int64(),
    }
    return pa.schema([pa.field(name, nested.get(name, string)) for name in RECORD_FIELDS],
                     metadata={b"newsbroom.schema": b"newsbroom/1"})


def _clean_strings(value: Any) -> Any:
    """`value` with lone surrogates escaped (Arrow strings are UTF-8 only), as the JSONL line has them."""
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return value.encode("utf-8", "backslashreplace").decode("utf-8")
        return value
    if isinstance(value, list):
        return [_clean_strings(v) for v in value]
    if isinstance(value, dict):
        return {k: _clean_strings(v) for k, v in value.items()}
    return value


def _size(record: dict[str, Any]) -> int:
    """About what the record takes in a row group: its text twice (text and blocks) and the rest."""
    text = record.get("text")
    return 2 * len(text) + 512 if isinstance(text, str) else 512


class ParquetFile:
    """articles.parquet of a run (see the module's doc). write() buffers one row group at most."""

    def __init__(self, path: Path, mode: int) -> None:
        import pyarrow.parquet as pq

        self.path = path
        self.schema = schema()
        fd, tmp = tempfile.mkstemp(prefix=f".tmp-{path.name}-", dir=path.parent)
        os.fchmod(fd, mode)
        os.close(fd)
        self._tmp = Path(tmp)
        self._writer = pq.ParquetWriter(str(self._tmp), self.schema, compression="zstd")
        self._rows: list[dict[str, Any]] = []
        self._bytes = 0
        self.written = 0

    def write(self, record: dict[str, Any]) -> None:
        self._rows.append(record)
        self._bytes += _size(record)
        if len(self._rows) >= ROW_GROUP_RECORDS or self._bytes >= ROW_GROUP_BYTES:
            self.flush()

    def flush(self) -> None:
        """Write the buffered rows as one row group."""
        if not self._rows:
            return
        import pyarrow as pa

        try:
            table = pa.Table.from_pylist(self._rows, schema=self.schema)
        except UnicodeEncodeError:
            table = pa.Table.from_pylist([_clean_strings(r) for r in self._rows], schema=self.schema)
        self._writer.write_table(table, row_group_size=len(self._rows))
        self.written += len(self._rows)
        self._rows.clear()
        self._bytes = 0

    def close(self) -> None:
        """Write the last row group and the footer, then rename the file into place."""
        self.flush()
        self._writer.close()
        os.replace(self._tmp, self.path)

    def abort(self) -> None:
        """Drop the temporary file (the table could not be finished)."""
        with contextlib.suppress(Exception):
            self._writer.close()
        with contextlib.suppress(OSError):
            self._tmp.unlink()


def record_from_row(row: dict[str, Any]) -> dict[str, Any]:
    """A row as read by pyarrow, back to the JSONL's record: `rows` only on the blocks that have them."""
    blocks = row.get("blocks")
    if isinstance(blocks, list):
        row["blocks"] = [{k: v for k, v in block.items() if k != "rows" or v is not None} for block in blocks]
    return row


def read_parquet(path: Path, batch_size: int = ROW_GROUP_RECORDS) -> Iterator[dict[str, Any]]:
    """The records of a Parquet file, one at a time (a batch in memory at most)."""
    import pyarrow.parquet as pq

    with pq.ParquetFile(str(path)) as source:
        for batch in source.iter_batches(batch_size=batch_size):
            for row in batch.to_pylist():
                yield record_from_row(row)
