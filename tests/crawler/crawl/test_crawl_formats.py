"""--format on crawl and fetch over real HTTP on 127.0.0.1, and merge across JSONL and Parquet parts:
one record per version."""

from __future__ import annotations

import csv
import io
import json
import time

from crawler.cli import main
from crawler.commands.merge import run_merge
from crawler.outputs.formats.parquet import read_parquet
from tests.crawler.conftest import crawl, records


def _update_merdeka(site) -> None:
    """A later version of one article: the sitemap's lastmod moves and its text changes."""
    sitemap = site.content("/sitemap-articles.xml")[0].replace(
        b"<lastmod>2025-07-03T08:00:00+07:00</lastmod></url>\n  <url><loc>" + site.base.encode() + b"/news/fundus",
        b"<lastmod>2025-07-05T08:00:00+07:00</lastmod></url>\n  <url><loc>" + site.base.encode() + b"/news/fundus")
    site.put("/sitemap-articles.xml", sitemap, "application/xml")
    page = site.content("/news/id-merdeka-002.html")[0]
    site.put("/news/id-merdeka-002.html", page.replace(b"Hedy Lamarr", b"Hedy Lamarr (1914-2000)"),
             "text/html; charset=utf-8")


def test_crawl_writes_each_format_and_keeps_the_tables_whole_across_passes(site, profile, tmp_path):
    out = tmp_path / "out"
    crawl(out, profile, formats="md,jsonl,parquet")
    first = records(out)
    assert len(first) == 8 and list(read_parquet(out / "articles.parquet")) == first
    for record in first:
        doc = (out / "contoh" / f"{record['id']}.md").read_text(encoding="utf-8")
        assert f"\n# {record['title']}\n" in doc
    assert not list((out / "contoh").glob("*.txt"))  # txt was not asked for
    _update_merdeka(site)
    time.sleep(1.1)  # a later fetched_at
    second = crawl(out, profile, formats="md,jsonl,parquet")
    assert second.written == 1
    assert list(read_parquet(out / "articles.parquet")) == records(out)  # the earlier pass's rows, then the new one
    assert len(records(out)) == 9
    assert not list(out.glob(".tmp-*"))

    # merge: the directory's JSONL and a copy of its Parquet table as another worker's part give each
    # version once, in every output format
    other = tmp_path / "other"
    other.mkdir()
    (other / "articles-w2.parquet").write_bytes((out / "articles.parquet").read_bytes())
    merged = tmp_path / "merged.jsonl"
    assert run_merge([str(out), str(other)], str(merged), err=io.StringIO()) == 0
    # the same lines, byte for byte (in fetched_at order, then id)
    assert sorted(merged.read_bytes().splitlines()) == sorted((out / "articles.jsonl").read_bytes().splitlines())
    versions = [r for r in records(tmp_path, "merged.jsonl") if r["url"].endswith("/news/id-merdeka-002.html")]
    assert len(versions) == 2 and versions[0]["version"] != versions[1]["version"]
    assert run_merge([str(other / "articles-w2.parquet")], str(tmp_path / "from-parquet.jsonl"),
                     err=io.StringIO()) == 0
    assert (tmp_path / "from-parquet.jsonl").read_bytes() == merged.read_bytes()  # Parquet rows give the same lines
    assert run_merge([str(out), str(other)], str(tmp_path / "merged.parquet"), err=io.StringIO()) == 0
    assert list(read_parquet(tmp_path / "merged.parquet")) == records(tmp_path, "merged.jsonl")
    assert run_merge([str(out), str(other)], str(tmp_path / "merged.csv"), err=io.StringIO()) == 0
    with open(tmp_path / "merged.csv", encoding="utf-8", newline="") as fh:
        versions = [row["version"] for row in csv.DictReader(fh)]
    assert versions == [r["version"] for r in records(tmp_path, "merged.jsonl")]
    err = io.StringIO()
    assert run_merge([str(out)], None, fmt="parquet", err=err) == 2
    assert "give -o" in err.getvalue()


def test_fetch_writes_the_formats_asked_for(site, profile, tmp_path, capsys):
    url = site.base + "/news/id-merdeka-001.html"
    out = tmp_path / "out"
    assert main(["fetch", "--profile", str(profile), "-o", str(out), "--format", "md,csv", url]) == 0
    record = json.loads((out / "articles.jsonl").read_text(encoding="utf-8"))  # -o: articles.jsonl always
    site_dir = next(p for p in out.iterdir() if p.is_dir())
    assert [p.name for p in site_dir.iterdir()] == [f"{record['id']}.md"]
    with open(out / "articles.csv", encoding="utf-8", newline="") as fh:
        assert [row["text"] for row in csv.DictReader(fh)] == [record["text"]]
    capsys.readouterr()
    assert main(["fetch", "--profile", str(profile), "--format", "csv", url]) == 0
    assert [row["id"] for row in csv.DictReader(io.StringIO(capsys.readouterr().out, newline=""))] == [record["id"]]
    assert main(["fetch", "--format", "parquet", url]) == 2
    assert "give -o" in capsys.readouterr().err
