"""`newsbroom merge DIR... [-o FILE]`: the parts of a crawl joined into one articles.jsonl
(see crawler.outputs.merge for what is one article version and what is skipped)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import BinaryIO, TextIO

from crawler.outputs.merge import find_parts, merge_parts
from crawler.outputs.writer import replace_atomically

__all__ = ["run", "run_merge"]


def run(args: argparse.Namespace) -> int:
    """`newsbroom merge DIR... [-o FILE]`."""
    return run_merge(args.paths, args.output)


def run_merge(paths: Sequence[str], output: str | None, *, err: TextIO | None = None,
              stdout: BinaryIO | None = None) -> int:
    """The command. Exit codes: 0 every line was read, 1 some lines were torn or unreadable (skipped),
    2 usage error."""
    err = err or sys.stderr
    try:
        parts = find_parts(paths)
    except ValueError as exc:
        print(f"newsbroom: error: {exc}", file=err)
        return 2
    if output is not None:
        target = Path(output)
        if target.is_dir():
            print(f"newsbroom: error: -o {output} is a directory; give a file (e.g. {target / 'articles.jsonl'})",
                  file=err)
            return 2
        target.parent.mkdir(parents=True, exist_ok=True)
        summary = replace_atomically(target, lambda fh: merge_parts(parts, fh))
    else:
        sink = stdout or sys.stdout.buffer
        summary = merge_parts(parts, sink)
        sink.flush()
    print(f"newsbroom: {summary.line()}" + (f" -> {output}" if output else ""), file=err)
    return 1 if summary.torn or summary.bad else 0
