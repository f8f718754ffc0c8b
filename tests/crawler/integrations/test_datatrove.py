"""The datatrove step: datatrove's LocalPipelineExecutor runs its WarcReader, our NewsbroomExtractor
and its JsonlWriter over a WARC of real pages, and the texts are those `newsbroom clean` makes of the
same WARC; rejections are dropped and counted in datatrove's stats under our reason codes."""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path

import pytest

from crawler.cli import main
from tests.conftest import FIXTURES, PAGES

for _needed in ("datatrove", "warcio", "cchardet", "magic", "orjson"):
    pytest.importorskip(_needed, reason=f"the datatrove step needs {_needed}: pip install 'newsbroom[datatrove]'")

from warcio.statusandheaders import StatusAndHeaders  # noqa: E402
from warcio.warcwriter import WARCWriter  # noqa: E402

# Real pages (with their provenance beside them) and the URL each was served from.
ARTICLES = [PAGES / "id-merdeka-001.html", PAGES / "id-liputan6-002.html", PAGES / "fundus-uk-BBC-2026-04-25.html",
            PAGES / "fundus-jp-Nikkei-2025-01-27.html", FIXTURES / "warc" / "pages" / "id-antara-101.html",
            FIXTURES / "warc" / "pages" / "id-kompas-101.html"]
PAYWALLED = PAGES / "fundus-es-ElPais-2024-10-15.html"  # declares isAccessibleForFree: false


def _url(page: Path) -> str:
    return json.loads(page.with_suffix(".json").read_text(encoding="utf-8"))["url"]


def _warc(path: Path) -> list[str]:
    """A gzipped WARC of the pages as Common Crawl stores them (one response record each, with the
    WARC date and the identified payload type, which datatrove's reader goes by: without it libmagic
    guesses, and takes the merdeka and kompas pages for JavaScript), with an image record in between.
    Returns the pages' URLs in order."""
    urls = []
    with gzip.open(path, "wb") as fh:
        writer = WARCWriter(fh, gzip=False)
        for page in [*ARTICLES, PAYWALLED]:
            urls.append(_url(page))
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(
                urls[-1], "response", payload=io.BytesIO(page.read_bytes()), http_headers=headers,
                warc_headers_dict={"WARC-Date": "2026-11-30T08:00:00Z",
                                   "WARC-Identified-Payload-Type": "text/html"}))
            if len(urls) == 2:
                image = StatusAndHeaders("200 OK", [("Content-Type", "image/png")], protocol="HTTP/1.1")
                png = io.BytesIO(b"\x89PNG\r\n\x1a\n" + bytes(64))
                writer.write_record(writer.create_warc_record("https://www.merdeka.com/logo.png", "response",
                                                              payload=png, http_headers=image))
    return urls


def _run_datatrove(warc_dir: Path, out: Path, logs: Path) -> None:
    from datatrove.executor import LocalPipelineExecutor
    from datatrove.pipeline.readers import WarcReader
    from datatrove.pipeline.writers import JsonlWriter

    from crawler.integrations.datatrove import NewsbroomExtractor

    LocalPipelineExecutor(pipeline=[WarcReader(str(warc_dir)), NewsbroomExtractor(skip_paywalled=True),
                                    JsonlWriter(str(out), compression=None)],
                          tasks=1, workers=1, logging_dir=str(logs)).run()


def test_datatrove_pipeline_gives_the_texts_of_newsbroom_clean(tmp_path):
    warcs = tmp_path / "warcs"
    warcs.mkdir()
    urls = _warc(warcs / "crawl.warc.gz")
    _run_datatrove(warcs, tmp_path / "datatrove", tmp_path / "logs")
    docs = [json.loads(line) for path in sorted((tmp_path / "datatrove").glob("*.jsonl"))
            for line in path.read_text(encoding="utf-8").splitlines()]

    out = tmp_path / "clean"
    assert main(["clean", str(warcs / "crawl.warc.gz"), "-o", str(out), "--format", "jsonl", "--jobs", "1",
                 "--skip-paywalled", "--no-fail-on-reject"]) == 0
    records = [json.loads(line) for line in (out / "articles.jsonl").read_text(encoding="utf-8").splitlines()]
    [rejected] = [json.loads(line) for line in (out / "rejects.jsonl").read_text(encoding="utf-8").splitlines()]
    assert rejected["reason"] == "paywalled"

    # The same articles, in the same order, with the same texts and records.
    assert [d["metadata"]["url"] for d in docs] == [r["url"] for r in records] == urls[:len(ARTICLES)]
    for doc, record in zip(docs, records, strict=True):
        assert doc["text"] == record["text"] and doc["text"]
        metadata = doc["metadata"]
        for name in ("id", "version", "title", "published_at", "language", "simhash", "word_count", "blocks",
                     "fetched_at", "extractor", "sha256"):
            assert metadata[name] == record[name], name
        assert "text" not in metadata or metadata["text"] == record["text"]

    stats = json.loads((tmp_path / "logs" / "stats.json").read_text(encoding="utf-8"))
    ours = next(step for step in stats if "newsbroom" in step["name"])["stats"]
    assert ours["total"] == len(ARTICLES) + 1 and ours["forwarded"] == len(ARTICLES)
    assert ours["rejected_paywalled"] == 1 and ours["dropped"] == 1


def test_a_document_over_the_timeout_is_dropped_and_counted_and_the_next_one_cleaned():
    from datatrove.data import Document

    from crawler.integrations.datatrove import NewsbroomExtractor

    # 9 MB of distinct article paragraphs (a real article's, numbered): about 6 s of cleaning on an
    # idle machine, three times the 2 s limit (a third of it, once cleaning got faster, came in under
    # the limit on a quiet machine); the limit ends it, so the test takes no longer for its size.
    page = PAGES / "id-merdeka-001.html"
    gold = json.loads(page.with_suffix(".json").read_text(encoding="utf-8"))["text"].splitlines()
    slow = ("<html><body><article><h1>Sate lalat</h1>"
            + "".join(f"<p>Bagian {i}. {gold[i % len(gold)]}</p>" for i in range(45000)) + "</article></body></html>")
    step = NewsbroomExtractor(timeout=2)
    docs = [Document(text=slow, id="slow", metadata={"url": "https://www.merdeka.com/banjir.html"}),
            Document(text="<html><body><nav><a href='/'>Beranda</a></nav></body></html>", id="empty",
                     metadata={"url": "https://www.merdeka.com/"}),
            Document(text=page.read_text(encoding="utf-8"), id="ok", metadata={"url": _url(page)})]
    kept = list(step.run(iter(docs)))
    assert [doc.id for doc in kept] == ["ok"]
    assert kept[0].metadata["site"] == "merdeka.com" and kept[0].metadata["url"] == _url(page)
    stats = step.stats.to_dict()["stats"]
    assert (stats["timeout"], stats["rejected_no_article"], stats["dropped"], stats["forwarded"]) == (1, 1, 2, 1)
