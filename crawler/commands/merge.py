"""`newsbroom merge DIR... [-o FILE] [--format FMT]`: the parts of a crawl joined into one file
(see crawler.outputs.merge for what is one article version and what is skipped)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import BinaryIO, TextIO

from crawler.commands import verbosity
from crawler.outputs.formats import FormatError, parse_formats, pyarrow_problem
from crawler.outputs.merge import MergeSummary, find_parts, is_parquet, merge_parts, merge_to_parquet
from crawler.outputs.writer import FILE_MODE, replace_atomically

__all__ = ["run", "run_merge", "output_format"]

_SUFFIXES = {".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "jsonl", ".csv": "csv", ".md": "md", ".markdown": "md",
             ".txt": "txt", ".parquet": "parquet"}


def run(args: argparse.Namespace) -> int:
    """`newsbroom merge DIR... [-o FILE] [--format FMT]`."""
    return run_merge(args.paths, args.output, fmt=args.format, verbosity=verbosity(args))


def output_format(output: str | None, fmt: str | None) -> str:
    """The one format merge writes: `fmt` when given, else by the output file's suffix (JSONL when it
    names none). Raises FormatError with what to change."""
    if fmt is not None:
        names = parse_formats(fmt)
        if len(names) > 1:
            raise FormatError(f"--format {fmt}: merge writes one file; give one of {', '.join(names)}")
        chosen = names[0]
    else:
        chosen = _SUFFIXES.get(Path(output).suffix.lower(), "jsonl") if output else "jsonl"
    if chosen == "parquet" and output is None:
        raise FormatError("--format parquet writes a file: give -o FILE.parquet")
    return chosen


def _write(parts: list[Path], output: str | None, fmt: str, stdout: BinaryIO | None) -> MergeSummary:
    if output is None:
        sink = stdout or sys.stdout.buffer
        summary = merge_parts(parts, sink, fmt)
        sink.flush()
        return summary
    target = Path(output)
    target.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "parquet":
        return merge_to_parquet(parts, target, FILE_MODE)
    return replace_atomically(target, lambda fh: merge_parts(parts, fh, fmt))


def run_merge(paths: Sequence[str], output: str | None, *, fmt: str | None = None, err: TextIO | None = None,
              stdout: BinaryIO | None = None, verbosity: int = 0) -> int:
    """The command. Exit codes: 0 every line was read, 1 some lines were torn or unreadable (skipped),
    2 usage error. `verbosity` -1 (-q): no summary line; 1 (-v): a line per file read."""
    err = err or sys.stderr
    try:
        chosen = output_format(output, fmt)
        parts = find_parts(paths)
    except ValueError as exc:  # FormatError too
        print(f"newsbroom: error: {exc}", file=err)
        return 2
    if (chosen == "parquet" or any(is_parquet(p) for p in parts)) and (problem := pyarrow_problem()) is not None:
        print(f"newsbroom: error: {problem.replace('--format parquet needs', 'Parquet needs')}", file=err)
        return 2
    if output is not None and Path(output).is_dir():
        print(f"newsbroom: error: -o {output} is a directory; give a file (e.g. {Path(output) / 'articles.jsonl'})",
              file=err)
        return 2
    if verbosity > 0:
        for part in parts:
            print(f"newsbroom: reading {part}", file=err)
    summary = _write(parts, output, chosen, stdout)
    if verbosity >= 0 or summary.torn or summary.bad:  # -q: only when some lines could not be read
        print(f"newsbroom: {summary.line()}" + (f" -> {output}" if output else ""), file=err)
    return 1 if summary.torn or summary.bad else 0
