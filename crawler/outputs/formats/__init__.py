"""The output formats of `clean`, `fetch`, `crawl` and `merge`, and what each record looks like in them.

    txt      the seed format: the headline line, then the body (one file per article with -o)
    jsonl    the record, one JSON object a line (articles.jsonl)
    md       Markdown with a YAML front matter (one file per article with -o, beside its .txt)
    csv      the record's columns, one row per article (articles.csv)
    parquet  the record's columns, one row per article (articles.parquet; needs pyarrow)

`--format` takes one or several of them, comma-separated; `both` is `txt,jsonl`. Without an output
directory only one stream format can be asked for (it goes to stdout); parquet needs a file.
"""

from __future__ import annotations

import json
from typing import Any

from crawler.outputs.formats.markdown import markdown
from crawler.outputs.formats.tabular import CSV_LIST_SEPARATOR, csv_header, csv_line

__all__ = ["FORMAT_NAMES", "STREAM_FORMATS", "TABLE_FORMATS", "FormatError", "parse_formats", "stdout_format",
           "format_problem", "pyarrow_problem", "jsonl_line", "seed_text", "stream_header", "stream_chunk",
           "markdown", "CSV_LIST_SEPARATOR", "table_name", "PARQUET_MISSING", "output_files",
           "PER_ARTICLE_SUFFIXES", "TABLE_FILES", "with_jsonl"]

FORMAT_NAMES = ("txt", "jsonl", "md", "csv", "parquet")
STREAM_FORMATS = ("txt", "jsonl", "md", "csv")  # what can go to stdout
TABLE_FORMATS = ("csv", "parquet")  # one file for the whole run, finished (renamed into place) at its end
ALIASES = {"both": ("txt", "jsonl")}
PER_ARTICLE_SUFFIXES = (".txt", ".md")  # the files of one article with -o
TABLE_FILES = ("articles.csv", "articles.parquet")
PARQUET_MISSING = "--format parquet needs pyarrow, which is not installed: pip install 'newsbroom[parquet]'"


class FormatError(ValueError):
    """A --format value that cannot be used; the message says what to give instead."""


def parse_formats(spec: str) -> tuple[str, ...]:
    """The formats named by `spec` ("jsonl,md", "both"), each once, in the order given."""
    names: list[str] = []
    for part in spec.split(","):
        word = part.strip().lower()
        if not word:
            continue
        for name in ALIASES.get(word, (word,)):
            if name not in FORMAT_NAMES:
                raise FormatError(f"unknown format {word!r}: give txt, jsonl, md, csv or parquet (several "
                                  "comma-separated, e.g. jsonl,md), or both (txt and jsonl)")
            if name not in names:
                names.append(name)
    if not names:
        raise FormatError("--format is empty: give txt, jsonl, md, csv or parquet (several comma-separated)")
    return tuple(names)


def stdout_format(spec: str) -> str:
    """The one stream format `spec` asks for on stdout (no output directory). `both` means jsonl there,
    as it always has."""
    if spec.strip().lower() == "both":
        return "jsonl"
    names = parse_formats(spec)
    if "parquet" in names:
        raise FormatError("--format parquet writes a file: give -o")
    if len(names) > 1:
        raise FormatError(f"--format {spec}: stdout carries one format; give one of them, or -o to write "
                          "each to its own file")
    return names[0]


def pyarrow_problem() -> str | None:
    """The one-line message when pyarrow cannot be imported, else None."""
    try:
        import pyarrow  # noqa: F401
        import pyarrow.parquet  # noqa: F401
    except ImportError:
        return PARQUET_MISSING
    return None


def format_problem(spec: str, *, to_directory: bool, appends: bool = False) -> str | None:
    """Why `spec` cannot be used (to stdout when not `to_directory`; adding to a directory's earlier
    output when `appends`, as --resume does), or None."""
    try:
        names = parse_formats(spec) if to_directory else (stdout_format(spec),)
    except FormatError as exc:
        return str(exc)
    tables = [name for name in names if name in TABLE_FORMATS]
    if appends and tables and "jsonl" not in names:
        return (f"--format {spec} with --resume: the {' and '.join(tables)} table is rebuilt from articles.jsonl at "
                f"the end, so add jsonl (--format jsonl,{','.join(names)})")
    return pyarrow_problem() if "parquet" in names else None


def with_jsonl(spec: str) -> str:
    """`spec` with jsonl among its formats (a crawl's and fetch -o's journal), as a comma-separated list."""
    names = parse_formats(spec)
    return ",".join(names if "jsonl" in names else (*names, "jsonl"))


def output_files(spec: str) -> str:
    """What a run writes into its directory in the formats `spec` names, as a clean run lists them."""
    names = parse_formats(spec)
    files = ["articles.jsonl"] if "jsonl" in names else []
    files.append("rejects.jsonl")
    files += [f"<stem>.{name}" for name in ("txt", "md") if name in names]
    files += [f"articles.{name}" for name in TABLE_FORMATS if name in names]
    return ", ".join(files)


def table_name(jsonl_name: str, fmt: str) -> str:
    """articles.jsonl -> articles.csv / articles.parquet (articles-<worker>.jsonl alike)."""
    stem = jsonl_name[: -len(".jsonl")] if jsonl_name.endswith(".jsonl") else jsonl_name
    return f"{stem}.{fmt}"


def jsonl_line(record: dict[str, Any]) -> str:
    """The record's JSONL line, without its newline: as `Article.to_json()`."""
    return json.dumps(record, ensure_ascii=False, separators=(",", ":"))


def seed_text(record: dict[str, Any]) -> str:
    """The seed format from a record: the headline line (when there is one), then the body."""
    title, text = record.get("title"), record.get("text")
    lines = [title] if isinstance(title, str) and title else []
    if isinstance(text, str) and text:
        lines.append(text)
    return "\n".join(lines)


def stream_header(fmt: str) -> str:
    """What a stream of `fmt` starts with (the CSV header row), or ""."""
    return csv_header() if fmt == "csv" else ""


def stream_chunk(fmt: str, record: dict[str, Any]) -> str:
    """One record in a stream of `fmt`: a JSONL line, a CSV row, a Markdown document followed by a blank
    line, or the seed-format text followed by a blank line."""
    if fmt == "jsonl":
        return jsonl_line(record) + "\n"
    if fmt == "csv":
        return csv_line(record)
    if fmt == "md":
        return markdown(record) + "\n"
    if fmt == "txt":
        return seed_text(record) + "\n\n"
    raise FormatError(f"{fmt} is not a stream format")
