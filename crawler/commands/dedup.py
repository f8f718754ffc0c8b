"""`newsbroom dedup DIR|FILE... [--distance N] [-o FILE]`: groups of near copies among records
(crawler.outputs.banding finds the pairs; crawler.outputs.dedup reads the records, picks each group's
keeper and writes the groups)."""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import BinaryIO, TextIO

from cleaners.describe.simhash import NEAR_COPY_BITS
from crawler.commands import verbosity
from crawler.outputs.banding import group, near_pairs
from crawler.outputs.dedup import MAX_DISTANCE, DedupSummary, read_records, write_groups
from crawler.outputs.merge import find_parts
from crawler.outputs.writer import replace_atomically

__all__ = ["run", "run_dedup"]


def run(args: argparse.Namespace) -> int:
    """`newsbroom dedup DIR|FILE... [--distance N] [-o FILE]`."""
    return run_dedup(args.paths, args.output, distance=args.distance, verbosity=verbosity(args))


def run_dedup(paths: Sequence[str], output: str | None, *, distance: int = NEAR_COPY_BITS,
              err: TextIO | None = None, stdout: BinaryIO | None = None, verbosity: int = 0) -> int:
    """The command. Exit codes: 0 every line was read, 1 some lines were torn or unreadable (skipped),
    2 usage error. `verbosity` -1 (-q): no progress or summary lines; 1 (-v): a line per file read."""
    err = err or sys.stderr
    if not 0 <= distance <= MAX_DISTANCE:
        print(f"newsbroom: error: --distance {distance} is out of range; give 0 to {MAX_DISTANCE} bits "
              f"(near copies are within {NEAR_COPY_BITS})", file=err)
        return 2
    try:
        parts = find_parts(paths)
    except ValueError as exc:
        print(f"newsbroom: error: {exc}", file=err)
        return 2
    target = Path(output) if output is not None else None
    if target is not None and target.is_dir():
        print(f"newsbroom: error: -o {output} is a directory; give a file (e.g. {target / 'groups.jsonl'})",
              file=err)
        return 2
    started = time.monotonic()
    if verbosity > 0:
        for part in parts:
            print(f"newsbroom: reading {part}", file=err)

    def progress(message: str) -> None:
        if verbosity < 0:
            return
        print(f"newsbroom: dedup: {message} ({time.monotonic() - started:.0f}s)", file=err, flush=True)

    summary = DedupSummary(distance=distance)
    records = read_records(parts, summary, progress)
    groups = group(near_pairs(records.hashes, distance, progress))
    if target is not None:
        target.parent.mkdir(parents=True, exist_ok=True)
        replace_atomically(target, lambda fh: write_groups(records, groups, distance, fh, summary))
    else:
        sink = stdout or sys.stdout.buffer
        write_groups(records, groups, distance, sink, summary)
        sink.flush()
    if verbosity >= 0 or summary.torn or summary.bad:  # -q: only when some lines could not be read
        print(f"newsbroom: {summary.line()}" + (f" -> {output}" if output else ""), file=err)
    return 1 if summary.torn or summary.bad else 0
