"""A record as Markdown: a YAML front matter, the headline as `# title`, then its blocks.

    ---
    title: "Banjir rob di pesisir utara"
    url: "https://contoh.test/news/banjir.html"
    published_at: "2025-07-04T09:30:00+07:00"
    authors: ["Ahmad Romadoni", "Siti"]
    ...
    ---

    # Banjir rob di pesisir utara

    A paragraph.

    ## A subheading

    - a list item
    - the next one

    > a quote

    | cell | cell |
    | --- | --- |
    | a \\| b | c |

Front-matter values are YAML double-quoted scalars (JSON strings with what YAML may not carry
escaped), `null`, or flow lists of those, so no title or name can break out of the front matter.
A block whose text starts with what Markdown would read as a heading, list, quote or table is
escaped with a backslash. A table's first row is its header row; `|` in a cell is `\\|`.
"""

from __future__ import annotations

import json
import re
from typing import Any

from cleaners.model import TABLE_CELL_SEPARATOR

__all__ = ["markdown", "yaml_scalar", "FRONT_MATTER_FIELDS"]

FRONT_MATTER_FIELDS = ("title", "url", "canonical_url", "site", "published_at", "modified_at", "authors", "language",
                       "section", "tags", "id", "version")
# What YAML does not allow in a stream (YAML 1.2, 5.1): C0 controls but tab and newlines (JSON escapes those),
# DEL, C1 controls, surrogates, U+FFFE/U+FFFF; and the line breaks a quoted scalar would fold (NEL, U+2028/9).
_NOT_YAML_RE = re.compile("[\x7f-\x9f\u2028\u2029\ud800-\udfff\ufffe\uffff]")
_MARKDOWN_START_RE = re.compile(r"^(?:#{1,6}(?:\s|$)|[-+*](?:\s|$)|>|\d{1,9}[.)](?:\s|$)|\||={3,}\s*$|-{3,}\s*$"
                                r"|```|~~~)")


def yaml_scalar(value: object) -> str:
    """`value` (a string, number, bool, None, or a list of those) as a YAML flow value."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return json.dumps(value)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(yaml_scalar(v) for v in value) + "]"
    quoted = json.dumps(str(value), ensure_ascii=False)
    return _NOT_YAML_RE.sub(lambda m: f"\\u{ord(m.group()):04x}", quoted)


def _front_matter(record: dict[str, Any]) -> list[str]:
    lines = ["---"]
    lines += [f"{key}: {yaml_scalar(record.get(key))}" for key in FRONT_MATTER_FIELDS if key in record]
    lines.append("---")
    return lines


def _escape_start(text: str) -> str:
    return "\\" + text if _MARKDOWN_START_RE.match(text) else text


def _cell(text: object) -> str:
    return str(text).replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ").strip()


def _table(block: dict[str, Any]) -> str:
    rows = block.get("rows")
    if not isinstance(rows, list) or not rows:
        rows = [line.split(TABLE_CELL_SEPARATOR) for line in str(block.get("text") or "").splitlines()]
    rows = [[_cell(c) for c in row] if isinstance(row, list) else [_cell(row)] for row in rows] or [[""]]
    width = max(len(row) for row in rows)
    rows = [row + [""] * (width - len(row)) for row in rows]
    lines = ["| " + " | ".join(rows[0]) + " |", "| " + " | ".join(["---"] * width) + " |"]
    lines += ["| " + " | ".join(row) + " |" for row in rows[1:]]
    return "\n".join(lines)


def _block(block: dict[str, Any]) -> str:
    kind, text = block.get("kind"), str(block.get("text") or "")
    if kind == "table":
        return _table(block)
    if kind == "heading":
        return "## " + text
    if kind == "list_item":
        return "- " + text
    if kind == "quote":
        return "> " + text
    return _escape_start(text)


def _body(record: dict[str, Any]) -> list[str]:
    """The blocks as Markdown paragraphs; a run of list items is one list (no blank lines inside)."""
    blocks = record.get("blocks")
    if not isinstance(blocks, list):  # a record without blocks (an older schema): one paragraph a line
        text = record.get("text")
        blocks = [{"kind": "paragraph", "text": line} for line in (text.splitlines() if isinstance(text, str) else ())]
    parts: list[str] = []
    previous = None
    for block in blocks:
        if not isinstance(block, dict):
            continue
        rendered = _block(block)
        if previous == "list_item" and block.get("kind") == "list_item":
            parts[-1] += "\n" + rendered
        else:
            parts.append(rendered)
        previous = block.get("kind")
    return parts


def markdown(record: dict[str, Any]) -> str:
    """The record as one Markdown document, ending with a newline."""
    title = record.get("title")
    parts = ["\n".join(_front_matter(record))]
    if isinstance(title, str) and title:
        parts.append("# " + title)
    parts += _body(record)
    return "\n\n".join(parts) + "\n"
