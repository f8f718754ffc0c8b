"""The stored clues of ftfy's badness pattern (cleaners/data/vocab/mojibake_clues.json).

    python -m checks.mojibake_clues          # exit 1 when the file differs from the installed ftfy's pattern
    python -m checks.mojibake_clues --write  # write it from the installed ftfy

`fix_mojibake` hands ftfy only the texts its badness pattern can match, judged by the character sets
each alternative of the pattern needs (cleaners.clean.normalize). The stored file names the ftfy it was
read from by the hash of its badness module's source, so that a process need not import ftfy to know;
with another ftfy installed the file is ignored and the pattern is read at first use."""

from __future__ import annotations

from checks.stored import check_or_write
from cleaners.clean.normalize import CLUES_FILE, badness_source_hash, read_clues


def current() -> dict[str, object]:
    needs = [["".join(sorted(chars)) for chars in sets] for sets in read_clues()]
    return {"badness_sha256": badness_source_hash(), "needs": needs}


def main(argv: list[str] | None = None) -> int:
    data = current()
    return check_or_write(argv, __doc__ or "", CLUES_FILE, data, module="checks.mojibake_clues",
                          what=f"the clues of {len(data['needs'])} alternatives",  # type: ignore[arg-type]
                          against="the installed ftfy's badness pattern")


if __name__ == "__main__":
    raise SystemExit(main())
