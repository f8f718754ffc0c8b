"""The stored members of the large Unicode classes (cleaners/data/vocab/unicode_classes.json).

    python -m checks.unicode_classes          # exit 1 when the file differs from this Python's `re`
    python -m checks.unicode_classes --write  # write it for this Python's Unicode version

The RE2 translation of a rule reads `\\w`, `\\d`, `\\s`... from Python's `re` over every code point so
that both engines agree on every character; the stored file spares each process that reading. A
Python with another Unicode version ignores the file and reads the classes itself."""

from __future__ import annotations

import argparse
import json
import sys
import unicodedata

from cleaners.clean.uniclass import CLASSES_FILE, STORED_CLASSES, read_class_body


def current() -> dict[str, object]:
    return {"unicode": unicodedata.unidata_version,
            "classes": [[source, flags, read_class_body(source, flags)] for source, flags in STORED_CLASSES]}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="write the file for this Python")
    args = parser.parse_args(argv)
    data = current()
    if args.write:
        CLASSES_FILE.write_text(json.dumps(data, ensure_ascii=True) + "\n", encoding="utf-8")
        print(f"wrote {CLASSES_FILE} (Unicode {data['unicode']}, {len(STORED_CLASSES)} classes)")
        return 0
    stored = json.loads(CLASSES_FILE.read_text(encoding="utf-8"))
    if stored != data:
        print(f"{CLASSES_FILE} differs from this Python's classes: run python -m checks.unicode_classes --write",
              file=sys.stderr)
        return 1
    print(f"{CLASSES_FILE}: the classes of Unicode {data['unicode']}, as this Python reads them")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
