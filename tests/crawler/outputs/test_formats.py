"""--format md, csv and parquet on real pages (fixtures/pages, fixtures/records): each reads back what
the JSONL has; file names with -o; stdout formats; the usage errors; --resume and --overwrite."""

from __future__ import annotations

import csv
import gzip
import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest
import yaml

from cleaners.model import RECORD_FIELDS
from crawler.cli import main
from crawler.outputs.formats import CSV_LIST_SEPARATOR, markdown
from crawler.outputs.formats.parquet import read_parquet
from tests.conftest import FIXTURES, PAGES, ROOT

# headings and list items; a data table; an Indonesian page on its site profile; a page that says it is not free
PAGE_IDS = ["fundus-us-APNews-2024-09-03", "id-merdeka-002", "fundus-es-ElPais-2024-10-15"]
ALL_FORMATS = "txt,jsonl,md,csv,parquet"


def _inputs(target: Path) -> Path:
    target.mkdir(parents=True, exist_ok=True)
    for page_id in PAGE_IDS:
        shutil.copy(PAGES / f"{page_id}.html", target / f"{page_id}.html")
    (target / "wcxb-0052.html").write_bytes(gzip.decompress((FIXTURES / "records" / "wcxb-0052.html.gz").read_bytes()))
    return target


def _jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


@pytest.fixture(scope="module")
def cleaned(tmp_path_factory) -> tuple[Path, Path]:
    """One clean run of the pages in every format: (inputs, output directory)."""
    root = tmp_path_factory.mktemp("formats")
    src = _inputs(root / "in")
    out = root / "out"
    assert main(["clean", str(src), "-o", str(out), "--jobs", "1", "--no-progress", "--format", ALL_FORMATS]) == 0
    return src, out


def test_each_format_has_its_own_files_beside_the_txt_files(cleaned):
    _, out = cleaned
    stems = sorted([*PAGE_IDS, "wcxb-0052"])
    names = {p.name for p in out.iterdir()}
    assert {f"{s}.txt" for s in stems} | {f"{s}.md" for s in stems} <= names
    assert {"articles.jsonl", "articles.csv", "articles.parquet", "rejects.jsonl"} <= names
    assert not [n for n in names if n.startswith(".tmp-")]  # the tables were renamed into place


def test_parquet_reads_back_every_column_the_jsonl_has(cleaned):
    _, out = cleaned
    records = _jsonl(out / "articles.jsonl")
    table = pq.read_table(out / "articles.parquet")
    assert table.column_names == list(RECORD_FIELDS)
    assert str(table.schema.field("blocks").type).startswith("list<element: struct<kind: string, text: string")
    back = list(read_parquet(out / "articles.parquet"))
    assert len(back) == len(records) == 4
    for name in RECORD_FIELDS:
        assert [r[name] for r in back] == [r[name] for r in records], name
    assert any(b["kind"] == "table" and len(b["rows"]) > 5 for r in back for b in r["blocks"])
    assert back == records  # the same dicts, key order included


def test_csv_reads_back_the_scalars_and_the_text(cleaned):
    _, out = cleaned
    records = _jsonl(out / "articles.jsonl")
    with open(out / "articles.csv", encoding="utf-8", newline="") as fh:
        assert fh.readline().endswith("\r\n")  # RFC 4180 line ends
        fh.seek(0)
        rows = list(csv.DictReader(fh))
    assert len(rows) == len(records)
    for row, record in zip(rows, records, strict=True):
        assert list(row) == list(RECORD_FIELDS)
        for name in ("id", "url", "title", "text", "published_at", "language", "fetched_at", "sha256", "source",
                     "version", "description", "modified_at", "section", "simhash", "extractor"):
            assert row[name] == (record[name] or ""), name
        assert int(row["word_count"]) == record["word_count"]
        assert row["free_access"] == {None: "", True: "true", False: "false"}[record["free_access"]]
        assert (row["authors"].split(CSV_LIST_SEPARATOR) if row["authors"] else []) == record["authors"]
        assert json.loads(row["blocks"]) == record["blocks"]
        assert json.loads(row["image"] or "null") == record["image"]
    assert "\n" in rows[0]["text"]  # multi-line text survives the quoting


def test_markdown_has_the_front_matter_title_headings_list_items_and_table(cleaned):
    _, out = cleaned
    records = {r["source"].rsplit("/", 1)[-1]: r for r in _jsonl(out / "articles.jsonl")}
    ap = records["fundus-us-APNews-2024-09-03.html"]
    doc = (out / "fundus-us-APNews-2024-09-03.md").read_text(encoding="utf-8")
    assert doc.startswith("---\n")
    front = yaml.safe_load(doc.split("---\n")[1])
    assert (front["url"], front["published_at"], front["authors"], front["title"]) == \
        (ap["url"], ap["published_at"], ap["authors"], ap["title"])
    lines = doc.splitlines()
    assert f"# {ap['title']}" in lines
    headings = [b["text"] for b in ap["blocks"] if b["kind"] == "heading"]
    items = [b["text"] for b in ap["blocks"] if b["kind"] == "list_item"]
    assert headings and items
    assert [line[3:] for line in lines if line.startswith("## ")] == headings
    assert [line[2:] for line in lines if line.startswith("- ")] == items
    table_doc = (out / "wcxb-0052.md").read_text(encoding="utf-8")
    assert "| Company | City | State | Number of Employees |\n| --- | --- | --- | --- |\n" in table_doc
    assert "| Whirlpool Corp. | Marion | OH | 2,500 |" in table_doc


def test_markdown_quotes_front_matter_and_escapes_table_cells():
    record = {"title": 'Kata "dia": ya\n--- bukan\x85 \x9b\u2028 akhir', "url": "https://x.test/a?b=1#c",
              "authors": ["A: B", "C'D"],
              "published_at": None, "blocks": [{"kind": "paragraph", "text": "# bukan judul"},
                                               {"kind": "quote", "text": "kutipan"},
                                               {"kind": "table", "text": "a | b", "rows": [["a|1", "b"], ["c"]]}]}
    doc = markdown(record)
    front = yaml.safe_load(doc.split("\n---\n")[0][4:])
    assert front["title"] == record["title"] and front["authors"] == record["authors"]
    assert front["published_at"] is None
    assert "\n\\# bukan judul\n" in doc and "\n> kutipan\n" in doc
    assert "| a\\|1 | b |\n| --- | --- |\n| c |  |\n" in doc


def test_stdout_formats_and_usage_errors(cleaned, capsys):
    src, _ = cleaned
    page = str(src / "id-merdeka-002.html")
    assert main(["clean", page, "--jobs", "1", "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out, newline="")))
    assert len(rows) == 1 and rows[0]["title"].startswith("Hedy Lamarr")
    assert main(["clean", page, "--jobs", "1", "--format", "md"]) == 0
    assert "\n# Hedy Lamarr" in capsys.readouterr().out
    assert main(["clean", page, "--jobs", "1", "--format", "parquet"]) == 2
    assert "give -o" in capsys.readouterr().err
    assert main(["clean", page, "--jobs", "1", "--format", "jsonl,md"]) == 2
    assert "stdout carries one format" in capsys.readouterr().err
    with pytest.raises(SystemExit) as info:
        main(["clean", page, "--format", "jsonl,docx"])
    assert info.value.code == 2 and "unknown format 'docx'" in capsys.readouterr().err


def test_without_format_clean_writes_what_it_always_wrote(cleaned, tmp_path):
    src, everything = cleaned
    out = tmp_path / "out"
    assert main(["clean", str(src), "-o", str(out), "--jobs", "1", "--no-progress"]) == 0
    names = {p.name for p in out.iterdir()} - {".newsbroom-run.json"}
    assert names == {"articles.jsonl", "rejects.jsonl"} | {p.name for p in everything.glob("*.txt")}
    assert (out / "articles.jsonl").read_bytes() == (everything / "articles.jsonl").read_bytes()


def test_a_missing_pyarrow_is_one_line_and_exit_2(tmp_path):
    code = ("import sys; sys.modules['pyarrow'] = None; from crawler.cli import main; "
            "sys.exit(main(sys.argv[1:]))")
    out = tmp_path / "out"
    result = subprocess.run([sys.executable, "-c", code, "clean", str(PAGES / "id-merdeka-001.html"), "-o", str(out),
                             "--format", "jsonl,parquet"], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "newsbroom: error: --format parquet needs pyarrow, which is not installed: pip install 'newsbroom[parquet]'"]
    assert not out.exists()  # refused before anything was written


def test_resume_refills_the_tables_from_the_jsonl_and_overwrite_removes_them(cleaned, tmp_path):
    src, everything = cleaned
    out = tmp_path / "out"
    shutil.copytree(everything, out)
    lines = (out / "articles.jsonl").read_bytes().splitlines(keepends=True)
    # what a run killed during its third page leaves: two records, a torn line, a half-written table
    (out / "articles.jsonl").write_bytes(b"".join(lines[:2]) + lines[2][:40])
    for name in ("articles.csv", "articles.parquet"):
        (out / name).unlink()
    (out / ".tmp-articles.parquet-x1y2").write_bytes(b"PAR1 half a table")
    assert main(["clean", str(src), "-o", str(out), "--jobs", "1", "--no-progress", "--resume",
                 "--format", "parquet"]) == 2  # the table is rebuilt from the JSONL: jsonl must be asked for
    assert main(["clean", str(src), "-o", str(out), "--jobs", "1", "--no-progress", "--resume",
                 "--format", ALL_FORMATS]) == 0
    assert (out / "articles.jsonl").read_bytes() == (everything / "articles.jsonl").read_bytes()
    assert list(read_parquet(out / "articles.parquet")) == _jsonl(out / "articles.jsonl")
    assert (out / "articles.csv").read_bytes() == (everything / "articles.csv").read_bytes()
    assert not list(out.glob(".tmp-*"))
    assert main(["clean", str(src / "id-merdeka-002.html"), "-o", str(out), "--jobs", "1", "--no-progress",
                 "--overwrite", "--format", "jsonl"]) == 0
    assert {p.name for p in out.iterdir()} == {"articles.jsonl", "rejects.jsonl", ".newsbroom-run.json"}


def test_merge_across_formats_keeps_one_record_per_version(cleaned, tmp_path):
    from crawler.commands.merge import run_merge
    from crawler.outputs.formats.parquet import ParquetFile
    from crawler.outputs.merge import record_version

    _, out = cleaned
    records = _jsonl(out / "articles.jsonl")
    edited = dict(records[1], text=records[1]["text"] + "\nUpdate: a later paragraph.",
                  fetched_at="2099-01-01T00:00:00+00:00")
    edited["version"] = record_version({k: v for k, v in edited.items() if k != "version"})
    other = tmp_path / "w2"
    other.mkdir()
    table = ParquetFile(other / "articles-w2.parquet", 0o644)
    for record in [*records, edited]:  # every version the JSONL has, again, and one new version
        table.write(record)
    table.close()
    err = io.StringIO()
    assert run_merge([str(out), str(other)], str(tmp_path / "all.jsonl"), err=err) == 0
    merged = _jsonl(tmp_path / "all.jsonl")
    assert sorted(r["version"] for r in merged) == sorted([r["version"] for r in records] + [edited["version"]])
    assert merged[-1] == edited and "dropped 4 duplicates" in err.getvalue()
    assert run_merge([str(out), str(other)], str(tmp_path / "all.md"), err=io.StringIO()) == 0
    assert (tmp_path / "all.md").read_text(encoding="utf-8").count("\n---\n\n# ") == 5
    assert run_merge([str(out), str(other)], str(tmp_path / "all.txt"), err=io.StringIO()) == 0
    assert (tmp_path / "all.txt").read_text(encoding="utf-8").endswith("Update: a later paragraph.\n\n")


def test_an_interrupted_run_still_finishes_its_tables(tmp_path):
    from cleaners import clean_html
    from crawler.outputs.writer import Writer

    article = clean_html((PAGES / "id-merdeka-002.html").read_bytes(), url="https://www.merdeka.com/x.html")
    with pytest.raises(KeyboardInterrupt), Writer(tmp_path, "jsonl,csv,parquet") as writer:
        writer.write(article, "x")
        assert not (tmp_path / "articles.parquet").exists()  # under a temporary name until the end
        raise KeyboardInterrupt
    assert list(read_parquet(tmp_path / "articles.parquet")) == _jsonl(tmp_path / "articles.jsonl")
    assert len((tmp_path / "articles.csv").read_text(encoding="utf-8").splitlines()) > 1
    assert not list(tmp_path.glob(".tmp-*"))
