"""Line features of a text dump: what KIND of line a line is by its shape, read without a phrase list.

Each test looks at one line: its length in words, how it ends (sentence punctuation), its
capitalisation, its share of function words (the stoplist in data/vocab/stopwords_id.txt), dates
and times in it, a photo credit at its end (`NAME/OUTLET`, `(Foto: ...)`), a position marker
(`(kiri)`), a name-and-role shape, table cells (`... |`), a bullet or number in front. The step in
cleaners/clean/dump.py combines them with the line's position and its neighbours.

A dateline is the publisher's prefix of the first paragraph: a place and/or an outlet name (one to
four capitalised words or a domain, an optional `(Agency)`, joined by `,` or `|`, twice at most)
before a dash, two or three dashes, a colon (one word) or a period (all capitals).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from cleaners.knowledge.vocab import word_list

__all__ = ["stopwords", "words", "tokens", "stop_share", "cap_share", "is_date_line", "photo_credit", "is_caption",
           "is_name_role", "is_table", "is_code", "is_credit", "is_list_item", "is_dash_item", "is_name",
           "split_dateline", "dateline_alone", "is_punctuation", "ends_sentence", "glued_credit", "unglued",
           "is_credit_pair", "is_photo_label", "subheading_after", "bare_dateline"]

_WORD_RE = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*")


@lru_cache(maxsize=1)
def _date_re() -> re.Pattern[str]:
    """A date or a time in a line; month names are the date vocabulary's (data/vocab/dates.toml)."""
    from cleaners.knowledge.bundle import Knowledge

    names = sorted(Knowledge.default().dates.months, key=len, reverse=True)
    months = "(?:" + "|".join(re.escape(name) for name in names) + ")"
    return re.compile(
        r"\b\d{1,2}/\d{1,2}/\d{2,4}\b|\b\d{1,2}\s+" + months + r"\.?\s+\d{4}\b|\b\d{1,2}[:.]\d{2}\s*(?:wib|wita|wit)\b"
        r"|\b\d{4}-\d{2}-\d{2}\b|\|\s*\d{1,2}[:.]\d{2}\b|\b\d{1,2}[:.]\d{2}$", re.IGNORECASE)


# A photo credit closing a line: `(Name/Outlet)`, `Outlet/Name`, `./AGENCY-Name`, `(Foto: ...)`, `(Dok. ...)`,
# `/©Outlet`, `© Name`.
_TIME_RE = re.compile(r"\b\d{1,2}[:.]\d{2}\b")
_DIGIT_RE = re.compile(r"\d")
# The labels that open a photo credit in parentheses: `(Foto: ...)`, `(Dok. ...)`, `(Istimewa)`.
_CREDIT_LABELS = ("foto", "dok", "dokumentasi", "sumber", "ist", "istimewa")
_CREDIT_END_RE = re.compile(
    r"(?:\(\s*(?i:" + "|".join(_CREDIT_LABELS) + r")\b[^()]{0,60}\)"
    r"|\(?[A-Z][\w.&'’ -]{0,40}\s?/\s?[A-Z][\w.&'’ -]{1,40}\)?"
    r"|(?<!\w)/\s?[A-Z][\w-]*(?: [A-Z][\w-]*){0,3}"
    r"|/?\s?©\s?[A-Z0-9][^©]{0,60})\s*\.?$")
# A desk code or end marker glued after a paragraph's last sentence: `(*)`, `***`, `[yan]`, `**(zi)`,
# `(san)`, `(Hadrian)`, `(gil/jpnn)`, `(MTVN/X-12)`; not a photo credit (`(ANTARA/Name Name)`: spaces,
# or a capitalised name after the slash).
_GLUED_CREDIT_RE = re.compile(
    r"([.!?\"”’])\s*(\(\*\)|\*{3}|\[[a-z]{2,5}\]|\*{1,3}\s?\([a-z]{1,5}\)|\([A-Za-z][a-z]{1,15}\)"
    r"|\([A-Za-z][\w.-]{0,15}(?:/(?:[a-z][\w-]{0,15}|[\w-]*\d[\w-]*)){1,3}\))$")
_CREDIT_ANY_RE = re.compile(r"\b[A-Z][\w-]*\.(?:com|co\.id|id)\s?/\s?[A-Z]|©\s?\d{4}")
_POSITION_RE = re.compile(r"\((?:[\w ]{0,20}\s)?(?:kiri|kanan|tengah|left|right|center)\b", re.IGNORECASE)
_CAPTION_START_RE = re.compile(r"[A-Z]{4,}\.\s|(?:foto|kolase foto|keterangan gambar|img)\b", re.IGNORECASE)
_TABLE_RE = re.compile(r"^\||\|$|\|\s*:\s*\|")
_LIST_RE = re.compile(r"(?:\d{1,2}[.)]|[a-z][.)]|[•·▪►●◦‣∙*])\s+\S")
_DASH_ITEM_RE = re.compile(r"[-–—]\s+\S")
_PUNCT_RE = re.compile(r"[\W_]*")
_CODE_RE = re.compile(r"\(\s*[A-Za-z]{2,8}\s*\)|\[\s*[A-Za-z]{2,8}\s*\]|\(\s*\*\s*\)")
# `Label : Name`, `Rep: Name/ Red: Name`, `Name - Outlet`, `- name`, `By Outlet`, `Written by Name`.
_CREDIT_RE = re.compile(
    r"(?:(?P<label>[A-Z][\w&/]*(?: [\w&/]+){0,2})\s*[:|]\s*(?P<names>[^.!?]{0,80})"
    r"|(?:[A-Z][\w.'’]*\s){1,4}-\s+[\w.]+"
    r"|[-–—]\s*[a-z][\w.'’]*(?:\s[a-z][\w.'’]*){0,3}"
    r"|(?:by|written by|oleh)\s.{1,60})", re.IGNORECASE)
# Two labelled credits on one line: `Reporter: X | Editor: Y`, `Rep: X/ Red: Y`, `Penulis: X | Editor: Y`.
_CREDIT_PAIR_RE = re.compile(r"[A-Z][\w ]{0,20}?\s*:\s*[^:|/]{2,60}?\s*[|/]\s*[A-Z][\w ]{0,20}?\s*:\s*[^:|/]{2,60}")
# A photo's credit label, alone or with a short credit: `Sumber :`, `Foto: Republika/Name`, `Dok. Humas`.
_PHOTO_LABEL_RE = re.compile(r"(?i:foto|sumber|sumber foto|dok|dokumentasi|kredit|kredit foto|photo|credit)\b"
                             r"(?:\s*[:.]\s*[^.!?]{0,60})?\s*:?")
_TERMINAL = ".!?…\"”’'»)"

# Datelines (see the module docstring).
_TOKEN = r"(?:[A-Z][\w.&'’]*(?:-[\w.]+)*|[a-z][\w-]*(?:\.[a-z]{2,4})+)"
_NAME = _TOKEN + r"(?: " + _TOKEN + r"){0,3}(?: \([A-Z][\w .]{1,30}\))?"
_GROUP = _NAME + r"(?:\s*[,|]\s*(?:" + _NAME + r"|[a-z][a-z]{2,20}))?"
_DASH = r"(?:\s+[-–—]{1,3}\s*|[-–—]{1,3}\s+)"
_DATELINE = r"(?P<dateline>" + _GROUP + r"(?:" + _DASH + _GROUP + r")?)"
_DATELINE_DASH_RE = re.compile(_DATELINE + _DASH + r"(?P<rest>[A-Z0-9\"“'‘(].*)")
_DATELINE_STOP_RE = re.compile(_DATELINE + r"(?P<sep>[.:])\s+(?P<rest>[A-Z0-9\"“'‘(].*)")
_DATELINE_ALONE_RE = re.compile(_DATELINE + r"(?P<sep>" + _DASH + r"|\s*:)?")
_DATELINE_MAX_CHARS = 60
_SUBHEADING_WORDS = 3
_SEPARATOR_RE = re.compile(r"[-–—.:]")  # what ends a dateline
_DATELINE_MAX_TOKENS = 7


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    return word_list("stopwords_id.txt")


@lru_cache(maxsize=16384)
def _words(text: str) -> tuple[str, ...]:
    return tuple(_WORD_RE.findall(text))


def tokens(text: str) -> tuple[str, ...]:
    """The words of a line, as a tuple (remembered)."""
    return _words(text)


def words(text: str) -> list[str]:
    """The words of a line (remembered: every round of the clean step reads its lines again)."""
    return list(_words(text))


def stop_share(tokens: Sequence[str]) -> float:
    """The share of function words among a line's words."""
    if not tokens:
        return 0.0
    stops = stopwords()
    return sum(t.lower() in stops for t in tokens) / len(tokens)


def cap_share(tokens: Sequence[str]) -> float:
    """The share of capitalised words (or numbers) among a line's words that are not function words."""
    stops = stopwords()
    content = [t for t in tokens if t.lower() not in stops]
    if not content:
        return 0.0
    return sum(t[0].isupper() or t[0].isdigit() for t in content) / len(content)


def ends_sentence(text: str) -> bool:
    return text[-1:] in _TERMINAL


def is_punctuation(text: str) -> bool:
    return _PUNCT_RE.fullmatch(text) is not None


def is_date_line(text: str, tokens: Sequence[str]) -> bool:
    """A date or time line (a byline with a date, a timestamp under a headline), not a sentence
    nor a headline that names a date."""
    if len(tokens) > 14 or ends_sentence(text.rstrip(")")) or _DIGIT_RE.search(text) is None \
            or _date_re().search(text) is None:  # every date and time holds a digit
        return False
    return len(tokens) <= 8 or "|" in text or _TIME_RE.search(text) is not None


@lru_cache(maxsize=16384)
def photo_credit(text: str) -> re.Match[str] | None:
    """The photo credit closing `text`, if any (its start is where the caption text ends)."""
    paren, slash, mark = text.rfind("("), text.rfind("/"), text.rfind("©")
    if paren < 0 and slash < 0 and mark < 0:
        return None
    # The match holds the line's last `(` (its first form), its last `/` with at most 43 characters
    # before it, or its last `©` with at most 2: no match starts earlier, so the search starts there.
    starts = [at for at, found in ((paren, paren), (slash - 43, slash), (mark - 2, mark)) if found >= 0]
    match = _CREDIT_END_RE.search(text, max(0, min(starts)))
    if match is None:
        return None
    credit = match.group(0).strip(" .()")
    if "©" in credit:
        return match  # `drama musikal/©KapanLagi`: a credit whatever the name
    if "/" in credit and not credit.lower().startswith(_CREDIT_LABELS):
        left, _, right = credit.rpartition("/")
        left, right = left.strip(), right.strip()
        if stop_share(words(right)) > 0:
            return None  # `Gedung MPR/DPR Jakarta yang mulai ricuh.`: a sentence, not a name after the slash
        agency = re.search(r"\b[A-Z]{2,}$", left) or re.match(r"[A-Z]{2,}\b", right)
        if not agency and not (len(words(left)) >= 2 and len(words(right)) >= 2) and ".com" not in left.lower():
            return None  # `Rp 130 Ribu/Kg`, `24/7`: not a credit
    return match


def glued_credit(text: str) -> re.Match[str] | None:
    """The desk code or end marker glued to a paragraph's end (group 2), after its last sentence (group 1)."""
    return _GLUED_CREDIT_RE.search(text) if text[-1:] in ")]*" else None


def unglued(text: str) -> str:
    """`text` without its glued end credit."""
    match = glued_credit(text)
    return text if match is None else text[:match.start()] + match.group(1)


@lru_cache(maxsize=16384)
def is_caption(text: str) -> bool:
    """A photo's text: it ends in (or carries) a photo credit, or marks a position in the picture."""
    return (photo_credit(text) is not None or ("/" in text or "©" in text) and _CREDIT_ANY_RE.search(text) is not None
            or "(" in text and _POSITION_RE.search(text) is not None or _CAPTION_START_RE.match(text) is not None)


def is_name(tokens: Sequence[str]) -> bool:
    """A person's name or a short label: one to three capitalised words and no function word."""
    return 1 <= len(tokens) <= 3 and stop_share(tokens) == 0 and all(t[0].isupper() for t in tokens)


def is_name_role(text: str, tokens: Sequence[str]) -> bool:
    """`Kapolda Malut, Brigjen (Pol) Achmat Juri`: a role and a name, every word capitalised, no verb."""
    return ("," in text and len(tokens) <= 8 and not ends_sentence(text) and stop_share(tokens) == 0
            and all(t[0].isupper() for t in tokens))


def is_code(text: str) -> bool:
    """A desk code or end marker alone: `(FRI)`, `[yan]`, `(*)`."""
    return _CODE_RE.fullmatch(text) is not None


@lru_cache(maxsize=16384)
def is_credit(text: str) -> bool:
    """A byline or credit shape: a label and names, a name and an outlet, `by ...`."""
    if len(text) > 120 or ends_sentence(text):
        return False
    parts = [p for p in re.split(r"\s[|/]\s|\s[|/]|[|/]\s", text) if p.strip()]
    if len(parts) >= 2 and all(len(words(p)) <= 4 and stop_share(words(p)) == 0 for p in parts):
        return True  # `Redaksi Solopos.com / Name | SOLOPOS.com`: names and outlets
    match = _CREDIT_RE.fullmatch(text)
    if match is None:
        return False
    names = match.group("names")
    if names is not None and not names.strip():
        return False  # `Berikut petanya:`, `Single:`: a lead-in to what follows
    if names is None or re.search(r"[|/:]", names):
        return True  # `Reporter: X | Editor: Y`, `Rep: X/ Red: Y`
    tokens = words(names)
    return len(tokens) <= 4 and stop_share(tokens) == 0  # `Editor : Name`, not `Klaster 1: Pesantren sebagai ...`


def is_credit_pair(text: str) -> bool:
    """Two labelled credits on one line (`Reporter: X | Editor: Y`): a byline, never a headline."""
    return _CREDIT_PAIR_RE.fullmatch(text) is not None


def is_photo_label(text: str) -> bool:
    """A photo's credit label (`Sumber :`, `Foto: Republika/Name`): the line above it is its caption."""
    return len(text) <= 80 and _PHOTO_LABEL_RE.fullmatch(text) is not None


def is_table(text: str) -> bool:
    """A table row or cell left by a page's layout (`Penulis | : | Name |`, `---|`)."""
    return "|" in text and _TABLE_RE.search(text) is not None


def is_list_item(text: str) -> bool:
    """A numbered or bulleted item (`1. ...`, `• ...`)."""
    return _LIST_RE.match(text) is not None


def subheading_after(words: int, title_words: int) -> bool:
    """A line of `words` right under a title of `title_words` in a list of other stories, and right
    above a paragraph, is the next section's subheading when it is short (three words at most) and
    at most half the title's length; a list's titles run alike (`Bulog Gelar Operasi Pasar` under
    `Harga Cabai Melonjak Jelang Lebaran` is one more)."""
    return 0 < words <= _SUBHEADING_WORDS and 2 * words <= title_words


def is_dash_item(text: str) -> bool:
    return _DASH_ITEM_RE.match(text) is not None


def _plausible_dateline(dateline: str, stop: str = "") -> bool:
    tokens = words(dateline)
    if len(dateline) > _DATELINE_MAX_CHARS or len(tokens) > _DATELINE_MAX_TOKENS:
        return False
    if len(tokens) == 1 and dateline[1:].islower():
        return False  # one plain word (`Putin - Trump talks`): a place only the city rules know
    if stop == "." and dateline.upper() != dateline:
        return False  # `JAKARTA. ` and `KONTAN.CO.ID - JAKARTA. `: capitals only before a period
    if stop == ":" and len(words(dateline)) > 1 and dateline.upper() != dateline:
        return False  # `Jakarta: `, one word; `Presiden Joko Widodo: ...` is a quote
    stops = stopwords()
    return not any(t in stops for t in words(dateline) if t.islower())


def _could_open_dateline(text: str) -> bool:
    """A quick no for most lines: a dateline opens with an ASCII letter, and its separator (`.`, `:`
    or a dash, maybe after spaces) comes within its first 60 characters."""
    if not text[:1].isascii() or not text[:1].isalpha():
        return False
    sep = _SEPARATOR_RE.search(text)
    return sep is not None and (sep.start() <= _DATELINE_MAX_CHARS or text[_DATELINE_MAX_CHARS:sep.start()].isspace())


@lru_cache(maxsize=16384)
def split_dateline(text: str, *, colon: bool = False) -> tuple[str, str] | None:
    """(dateline, rest) when `text` starts with a dateline, else None. The `CITY: ` form only with
    `colon=True`: on pages in other languages it is as often a label (`TLDR: `, `UPDATE: `)."""
    if not _could_open_dateline(text):
        return None
    for regex in (_DATELINE_STOP_RE, _DATELINE_DASH_RE):
        match = regex.match(text)
        if match is None:
            continue
        dateline = match.group("dateline")
        stop = match.groupdict().get("sep") or ""
        if stop == ":" and not colon:
            continue
        rest = match.group("rest")
        if _plausible_dateline(dateline, stop) and len(words(rest)) >= 8:
            return dateline.strip(), rest
    return None


_CAPITALISED_RE = re.compile(r"[A-Z][a-z]+")


def bare_dateline(text: str) -> tuple[str, str] | None:
    """(place, rest) when `text` opens with a place and no separator, the sentence's first word
    right after it (`Jakarta Setelah rapat ...`): one or two capitalised words that are not function
    words, then a capitalised function word (capitalised, it can only start the sentence)."""
    parts = text.split(" ", 3)
    for size in (1, 2):
        if len(parts) <= size:
            break
        place, first = parts[:size], parts[size]
        if not all(_CAPITALISED_RE.fullmatch(p) and p.lower() not in stopwords() for p in place):
            break
        if _CAPITALISED_RE.fullmatch(first) and first.lower() in stopwords():
            rest = text[len(" ".join(place)) + 1:]
            return (" ".join(place), rest) if len(words(rest)) >= 8 else None
    return None


@lru_cache(maxsize=16384)
def dateline_alone(text: str) -> str | None:
    """The dateline when `text` is nothing else (`Jakarta -`, `Jakarta, Koranpelita.com`)."""
    match = _DATELINE_ALONE_RE.fullmatch(text)
    if match is None or not _plausible_dateline(match.group("dateline")):
        return None
    if not match.group("sep") and not ("," in text and "." in text):
        return None  # a bare word is a label; a dateline on its own line has its dash or its outlet
    return match.group("dateline").strip()
