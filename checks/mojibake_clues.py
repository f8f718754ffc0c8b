"""The stored clues of ftfy's badness pattern (cleaners/data/vocab/mojibake_clues.json).

    python -m checks.mojibake_clues          # exit 1 when the file differs from the installed ftfy's pattern
    python -m checks.mojibake_clues --write  # write it from the installed ftfy

`fix_mojibake` hands ftfy only the texts its badness pattern can match, judged by the character sets
each alternative of the pattern needs (cleaners.clean.normalize). The stored file names the ftfy it was
read from by the hash of its badness module's source, so that a process need not import ftfy to know;
with another ftfy installed the file is ignored and the pattern is read at first use."""

from __future__ import annotations

import argparse
import json
import sys

from cleaners.clean.normalize import CLUES_FILE, badness_source_hash, read_clues


def current() -> dict[str, object]:
    needs = [["".join(sorted(chars)) for chars in sets] for sets in read_clues()]
    return {"badness_sha256": badness_source_hash(), "needs": needs}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="write the file from the installed ftfy")
    args = parser.parse_args(argv)
    data = current()
    if args.write:
        CLUES_FILE.write_text(json.dumps(data, ensure_ascii=True) + "\n", encoding="utf-8")
        print(f"wrote {CLUES_FILE} ({len(data['needs'])} alternatives)")  # type: ignore[arg-type]
        return 0
    stored = json.loads(CLUES_FILE.read_text(encoding="utf-8"))
    if stored != data:
        print(f"{CLUES_FILE} differs from the installed ftfy's pattern: run python -m checks.mojibake_clues --write",
              file=sys.stderr)
        return 1
    print(f"{CLUES_FILE}: the clues of the installed ftfy's badness pattern")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
