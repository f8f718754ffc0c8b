"""`clean --resume` of WARC input: records are known by their file and byte offset
(`path#N@OFFSET`), so an archive that grew resumes where the earlier run stopped, and an archive
that was rewritten or re-compressed is refused instead of being skipped by record number."""

from __future__ import annotations

import gzip
import json
import zlib
from pathlib import Path

from crawler.cli import main
from tests.crawler.commands.test_clean_resume import _outputs, _warc


def _sources(out: Path) -> list[str]:
    return [json.loads(line)["source"] for name in ("articles.jsonl", "rejects.jsonl")
            for line in (out / name).read_text(encoding="utf-8").splitlines()]


def _members(data: bytes) -> list[bytes]:
    """The uncompressed records of a gzipped WARC, one gzip member each."""
    members = []
    while data:
        inflater = zlib.decompressobj(31)
        members.append(inflater.decompress(data))
        data = inflater.unused_data
    return members


def _cut(out: Path, keep: int) -> None:
    """What a run killed after its first `keep` articles leaves (and its rejects up to there)."""
    lines = (out / "articles.jsonl").read_bytes().splitlines(keepends=True)
    (out / "articles.jsonl").write_bytes(b"".join(lines[:keep]))
    last = json.loads(lines[keep - 1])["source"]
    number = int(last.rsplit("#", 1)[1].split("@")[0])
    rejects = [line for line in (out / "rejects.jsonl").read_bytes().splitlines(keepends=True)
               if int(json.loads(line)["source"].rsplit("#", 1)[1].split("@")[0]) < number]
    (out / "rejects.jsonl").write_bytes(b"".join(rejects))


def test_warc_records_are_named_by_number_and_byte_offset(tmp_path):
    warc = _warc(tmp_path / "dump.warc.gz", 9)
    out = tmp_path / "out"
    assert main(["clean", str(warc), "-o", str(out), "--jobs", "1", "--no-progress"]) == 1
    sources = sorted(_sources(out), key=lambda s: int(s.rsplit("#", 1)[1].split("@")[0]))
    data = warc.read_bytes()
    members = _members(data)
    assert len(sources) == 9
    for n, source in enumerate(sources, 1):
        path, _, key = source.rpartition("#")
        number, _, offset = key.partition("@")
        assert path == str(warc) and int(number) == n
        # the offset is where the record's gzip member starts: it inflates to that record alone
        record = zlib.decompressobj(31).decompress(data[int(offset):])
        assert record.startswith(b"WARC/1.0") and b"WARC-Type: response" in record and record in members


def test_resume_of_an_archive_that_grew_takes_only_the_new_records(tmp_path, capsys):
    warc = _warc(tmp_path / "dump.warc.gz", 14)
    size = warc.stat().st_size
    out = tmp_path / "out"
    args = ["clean", str(warc), "-o", str(out), "--jobs", "1", "--no-progress"]
    assert main(args) == 1
    first = _outputs(out)
    more = _warc(tmp_path / "more.warc.gz", 17)  # three records more: the archive's writer went on
    with open(warc, "ab") as fh:
        fh.write(b"".join(gzip.compress(m) for m in _members(more.read_bytes())[14:]))
    assert main([*args, "--resume"]) == 1
    sources = _sources(out)
    assert len(sources) == len(set(sources)) == 17
    new = [s for s in sources if int(s.rsplit("@", 1)[1]) >= size]
    assert len(new) == 3 and all(_outputs(out)[name].startswith(first[name]) for name in first)
    assert "resumed: 14 inputs were already done" in capsys.readouterr().err


def test_resume_of_an_archive_re_compressed_or_rewritten_is_refused_not_skipped_by_number(tmp_path, capsys):
    warc = _warc(tmp_path / "dump.warc.gz", 12)
    out = tmp_path / "out"
    args = ["clean", str(warc), "-o", str(out), "--jobs", "1", "--no-progress"]
    assert main(args) == 1
    _cut(out, 4)
    killed = _outputs(out)
    members = _members(warc.read_bytes())
    # Re-compressed at another level: the same records at other offsets.
    warc.write_bytes(b"".join(gzip.compress(m, compresslevel=1) for m in members))
    capsys.readouterr()
    assert main([*args, "--resume"]) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and str(warc) in err and "--overwrite" in err and "re-compressed" in err
    assert _outputs(out) == killed  # nothing written
    # Rewritten with its second record gone: record numbers shift, offsets tell.
    warc.write_bytes(b"".join(gzip.compress(m, compresslevel=9) for m in members[:1] + members[2:]))
    assert main([*args, "--resume"]) == 2
    assert _outputs(out) == killed
    # --overwrite starts afresh: every record of the archive as it is now, once.
    assert main([*args, "--overwrite"]) == 1
    assert len(set(_sources(out))) == len(_sources(out)) == 11


def test_resume_reads_the_records_of_a_run_that_numbered_warc_records_only(tmp_path, capsys):
    """Output directories written before records carried their offset (`path#N`) resume by number."""
    warc = _warc(tmp_path / "dump.warc.gz", 10)
    out = tmp_path / "out"
    args = ["clean", str(warc), "-o", str(out), "--jobs", "1", "--no-progress"]
    assert main(args) == 1
    whole = _sources(out)
    _cut(out, 3)
    for name in ("articles.jsonl", "rejects.jsonl"):  # as the earlier version wrote them
        lines = [json.loads(line) for line in (out / name).read_text(encoding="utf-8").splitlines()]
        for record in lines:
            record["source"] = record["source"].rsplit("@", 1)[0]
        (out / name).write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in lines), encoding="utf-8")
    done = len(_sources(out))
    assert main([*args, "--resume"]) == 1
    numbers = [s.rsplit("#", 1)[1].split("@")[0] for s in _sources(out)]
    assert sorted(numbers, key=int) == [str(n) for n in range(1, 11)]  # every record once
    assert set(_sources(out)[done:]) <= set(whole)
