"""Check or rewrite a file the project stores so that no process has to derive it at start-up (the
Unicode classes, the clues of ftfy's pattern): `python -m checks.<name>` exits 1 when the stored file
differs from what this installation derives, `--write` rewrites it."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path


def check_or_write(argv: list[str] | None, doc: str, path: Path, data: dict[str, object], *,
                   module: str, what: str, against: str) -> int:
    """`what` describes the stored data ("the classes of Unicode 15.0.0"), `against` what it is
    derived from ("this Python's classes"), for the messages."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="write the file from this installation")
    args = parser.parse_args(argv)
    if args.write:
        path.write_text(json.dumps(data, ensure_ascii=True) + "\n", encoding="utf-8")
        print(f"wrote {path} ({what})")
        return 0
    if json.loads(path.read_text(encoding="utf-8")) != data:
        print(f"{path} differs from {against}: run python -m {module} --write", file=sys.stderr)
        return 1
    print(f"{path}: {what}, the same as {against}")
    return 0
