"""The stored members of the large Unicode classes (cleaners/data/vocab/unicode_classes.json).

    python -m checks.unicode_classes          # exit 1 when the file differs from this Python's `re`
    python -m checks.unicode_classes --write  # write it for this Python's Unicode version

The RE2 translation of a rule reads `\\w`, `\\d`, `\\s`... from Python's `re` over every code point so
that both engines agree on every character; the stored file spares each process that reading. A
Python with another Unicode version ignores the file and reads the classes itself."""

from __future__ import annotations

import unicodedata

from checks.stored import check_or_write
from cleaners.clean.uniclass import CLASSES_FILE, STORED_CLASSES, read_class_body


def current() -> dict[str, object]:
    return {"unicode": unicodedata.unidata_version,
            "classes": [[source, flags, read_class_body(source, flags)] for source, flags in STORED_CLASSES]}


def main(argv: list[str] | None = None) -> int:
    data = current()
    return check_or_write(argv, __doc__ or "", CLASSES_FILE, data, module="checks.unicode_classes",
                          what=f"the {len(STORED_CLASSES)} classes of Unicode {data['unicode']}",
                          against="this Python's classes")


if __name__ == "__main__":
    raise SystemExit(main())
