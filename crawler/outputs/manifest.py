"""Which command owns an output directory, and whether this run may write into it.

Each output directory holds `.newsbroom-run.json`: the command that made it (clean, crawl, demo),
the run's id and when it started. A command refuses a directory another kind of command owns, so
no command can overwrite or delete another's records (`demo` after `crawl` used to do both).

    manifest = claim(out_dir, "clean", mode="new")   # raises OutputRefused with the message to print

Modes: "new" refuses a non-empty directory (the message names --resume and --overwrite);
"resume" and "overwrite" accept this command's directory (or one without a manifest); "continue"
(the incremental crawl) accepts this command's directory, non-empty or not; "replace" (the demo,
which starts afresh each time) accepts an empty directory or one this command made.
"""

from __future__ import annotations

import contextlib
import json
import os
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from crawler.outputs.lock import LOCK_NAME

__all__ = ["MANIFEST_NAME", "OutputRefused", "claim", "read_manifest", "prepare_directory", "is_empty"]

MANIFEST_NAME = ".newsbroom-run.json"
MODES = ("new", "resume", "overwrite", "continue", "replace")


class OutputRefused(Exception):
    """This run may not write into the directory; the message says why and what to do."""


def prepare_directory(path: str | Path) -> Path:
    """`path` created if missing; OutputRefused (one line) when it is a file or cannot be made."""
    directory = Path(path)
    if directory.exists() and not directory.is_dir():
        raise OutputRefused(f"-o {path} is a file; give a directory (it is created if missing)")
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputRefused(f"cannot create the output directory {path}: {exc.strerror or exc}; "
                            "give another -o") from None
    if not os.access(directory, os.W_OK | os.X_OK):
        raise OutputRefused(f"cannot write into the output directory {path}; give another -o")
    return directory


def read_manifest(directory: Path) -> dict[str, Any] | None:
    """The manifest of `directory`, or None when there is none (or it is not readable as one)."""
    try:
        data = json.loads((directory / MANIFEST_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) and isinstance(data.get("command"), str) else None


def is_empty(directory: Path) -> bool:
    """Nothing in it but a lock file (a run that is starting) and an empty manifest of ours."""
    try:
        names = set(os.listdir(directory))
    except FileNotFoundError:
        return True
    return not (names - {LOCK_NAME, MANIFEST_NAME})


def _owner(manifest: dict[str, Any]) -> str:
    started = manifest.get("started")
    return f"`newsbroom {manifest['command']}` (run {manifest.get('run', '?')}" + (
        f", started {started})" if started else ")")


def claim(path: str | Path, command: str, *, mode: str = "new") -> dict[str, Any]:
    """Check that `command` may write into `path` in `mode`, then write (or update) its manifest."""
    if mode not in MODES:
        raise ValueError(f"mode must be one of {MODES}")
    directory = prepare_directory(path)
    manifest = read_manifest(directory)
    if manifest is not None and manifest["command"] != command:
        raise OutputRefused(f"{path} holds the output of {_owner(manifest)}; `newsbroom {command}` will not write "
                            "into it: give another -o")
    if mode == "replace" and manifest is None and not is_empty(directory):
        raise OutputRefused(f"{path} holds files `newsbroom {command}` did not write; give another -o")
    if mode == "new" and not is_empty(directory):
        raise OutputRefused(f"{path} already holds output; add --resume to finish that run, or --overwrite to "
                            f"replace its files (or give another -o)")
    now = datetime.now(UTC).replace(microsecond=0).isoformat()
    if manifest is None or mode in ("new", "overwrite", "replace"):
        manifest = {"command": command, "run": uuid.uuid4().hex[:12], "started": now}
    else:
        manifest = {**manifest, "resumed": now} if mode == "resume" else manifest
    _write(directory, manifest)
    return manifest


def _write(directory: Path, manifest: dict[str, Any]) -> None:
    tmp = directory / f".tmp-{os.getpid()}{MANIFEST_NAME}"
    try:
        tmp.write_text(json.dumps(manifest, sort_keys=True) + "\n", encoding="utf-8")
        os.replace(tmp, directory / MANIFEST_NAME)
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise OutputRefused(f"cannot write into the output directory {directory}: {exc.strerror or exc}") from None
