"""The commands of `newsbroom` (crawler.cli): crawler.commands.<name>.run(args) returns the exit code."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import argparse

__all__ = ["verbosity"]


def verbosity(args: argparse.Namespace) -> int:
    """-1 with -q (errors only), 1 with -v (per-item detail), else 0; 0 too for arguments built without them."""
    return -1 if getattr(args, "quiet", False) else 1 if getattr(args, "verbose", False) else 0
