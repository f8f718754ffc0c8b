"""Lists inside a text dump: the titles under a related-links label, and the lines that read as text.

A list of other stories is a lone related label (`Baca Juga`, `Berita Lainnya`; a rule of kind
`related` with three words at most) and the titles under it. A title is headline-shaped: not a
sentence (no closing period), maybe a question, an exclamation or a quoted word at its end, maybe
with a photo or video label in front (`FOTO: ...`, a credit rule's hit). A line ending in `:`
introduces what follows and is never a title; a short title right under the list's titles and
right above a paragraph is the next section's subheading, not one more story.
"""

from __future__ import annotations

from cleaners.clean import lines as L
from cleaners.clean.head import Line

__all__ = ["is_title", "listed", "reads_as_text", "is_dialogue", "is_lead_in"]

_TITLE_MAX_WORDS = 20  # a sentence-shaped line longer than this is a paragraph, whatever its end
_LABELLED_TITLE_WORDS = 5  # `FOTO: <a headline of this many words>`
_LEAD_IN_WORDS = 8  # `Berikut lima negara dengan kasus tertinggi:` (a sentence introducing a list)


def is_title(line: Line) -> bool:
    """A headline-like line (see the module docstring)."""
    text = line.text
    if text.endswith(":"):
        return False
    if line.hit is not None:
        return line.hit.kind == "credit" and _labelled_title(text)
    if not line.prose:
        return True
    return len(line.tokens) <= _TITLE_MAX_WORDS and text.rstrip("\"”’'»")[-1:] not in ".…)"


def _labelled_title(text: str) -> bool:
    """`FOTO: Hong Kong Akhirnya Lockdown untuk Pertama Kali`: a label, then a headline (one colon,
    no `|`: not `Penulis: X | Editor: Y`)."""
    label, colon, rest = text.partition(":")
    return bool(colon) and ":" not in rest and "|" not in text and len(L.words(rest)) >= _LABELLED_TITLE_WORDS \
        and len(L.words(label)) <= 2


def _is_label(line: Line) -> bool:
    return line.hit is not None and line.hit.kind == "related" and len(line.tokens) <= 3


def _heads_text(lines: list[Line], j: int) -> bool:
    """A short line under a title and right above a paragraph: a subheading (lines.subheading_after)."""
    nxt = lines[j + 1] if j + 1 < len(lines) else None
    return (L.subheading_after(len(lines[j].tokens), len(lines[j - 1].tokens)) and nxt is not None and nxt.prose
            and nxt.hit is None and not nxt.caption)


def listed(lines: list[Line], window: int) -> list[bool]:
    """For each line, whether it is a title in the list under a lone related label: it and every line
    between it and the label are titles, at most `window` lines below the label (lists of other
    stories run shorter). One pass, linear in the dump."""
    out = [False] * len(lines)
    label: int | None = None
    for j, line in enumerate(lines):
        if label is not None and j - label <= window and is_title(line) \
                and not (j - 1 > label and out[j - 1] and _heads_text(lines, j)):
            out[j] = True
            continue
        label = j if _is_label(line) else None
    return out


def is_dialogue(line: Line) -> bool:
    """A dash-led line that is a sentence (a quote in dialogue style), not a link in a list."""
    return line.prose and line.text.rstrip("\"”’»")[-1:] in ".…"


def is_lead_in(line: Line) -> bool:
    """A sentence that introduces what follows (`... lima negara dengan kasus tertinggi adalah:`):
    as many words as a sentence, function words among them, a colon at its end."""
    return (line.hit is None and line.text.endswith(":") and len(line.tokens) >= _LEAD_IN_WORDS
            and L.stop_share(line.tokens) > 0)


def reads_as_text(line: Line) -> bool:
    """A paragraph, a short sentence (`"Kami sepakat," katanya.`) or a lead-in to a list, not a
    list of links."""
    text = line.text
    if L.is_table(text) or L.is_dash_item(text) and not is_dialogue(line):
        return False
    return (line.prose or (len(line.tokens) >= 3 and text.rstrip("\"”’'")[-1:] == "." and not line.caption)
            or is_lead_in(line))
