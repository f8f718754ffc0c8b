"""The headline: the page's <h1> when the machine-readable titles back it, else the first of
those (JSON-LD headline, og:title, twitter:title, <title>) that is not the site's own name,
without the site's name at its end.

The site's name is what the page declares (og:site_name, the JSON-LD publisher, the
application-name meta) and its host; names compare case- and punctuation-insensitively.
Titles are read with their HTML entities decoded (JSON-LD and meta values often carry them
escaped once more: `&#8216;`, `&amp;`).
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from functools import lru_cache

from selectolax.lexbor import LexborHTMLParser, LexborNode

from cleaners.clean.normalize import one_line
from cleaners.page.nodes import PageNodes

__all__ = ["pick_title", "strip_site_suffix", "node_text", "unescape", "name_key", "site_keys",
           "is_site_name"]

_TITLE_SEPARATORS = re.compile(r"(\s+(?:\||-|–|—|::|·|•|»)\s+)")
_COLON_SEPARATOR = re.compile(r"\s*:\s+")  # a site name after a colon (`... : Okezone Economy`)
_ENTITY_RE = re.compile(r"&(?:#\d{1,7}|#x[0-9a-fA-F]{1,6}|[A-Za-z]{2,8});")
_NOT_NAME_RE = re.compile(r"[\W_]+")
_NOT_NAME_ASCII = bytes(c for c in range(128) if not chr(c).isalnum())  # the ASCII [\W_]
_DOMAIN_RE = re.compile(r"[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
_SECOND_LEVEL = frozenset({"co", "com", "or", "ac", "go", "net", "org", "gov", "web", "my", "sch", "ne"})
_SHORT_LABEL_WORDS = 3  # a trailing part this short is a label (a section, the site's short name)
_SITE_NAME_MAX_WORDS = 6  # a longer "site name" is a CMS filling og:site_name with the headline
_SITE_PART_WORDS = 4  # a title part that starts with the site's name and is this short is the site's name


def node_text(node: LexborNode | None) -> str:
    """A node's text on one normalised line."""
    if node is None:
        return ""
    return one_line(node.text(separator=" ") or "")


def unescape(text: str) -> str:
    """`text` with its HTML entities decoded (twice at most: a value escaped twice)."""
    for _ in range(2):
        if not _ENTITY_RE.search(text):
            break
        text = html.unescape(text)
    return text


def name_key(name: str) -> str:
    """A name folded for comparison: lower case, letters and digits only ("Kompas.com" -> "kompascom").
    An ASCII name's fold is its lower case and its letters and digits are [a-z0-9] (what `_NOT_NAME_RE`
    leaves of it), taken out by one bytes.translate."""
    if name.isascii():
        return name.lower().encode("ascii").translate(None, _NOT_NAME_ASCII).decode("ascii")
    return _NOT_NAME_RE.sub("", name.casefold())


def site_keys(site_names: str | Iterable[str] | None, host: str | None) -> frozenset[str]:
    """The folded names a page's site goes by: its declared names (of six words at most), and its host's registrable
    domain with and without its suffix ("bola.kompas.com" -> "kompascom", "kompas")."""
    return _site_keys((site_names,) if isinstance(site_names, str) else tuple(site_names or ()), host)


@lru_cache(maxsize=4096)  # asked several times a page (title, bylines, the profile's names) with the same names
def _site_keys(names: tuple[str, ...], host: str | None) -> frozenset[str]:
    keys = {name_key(unescape(n)) for n in names if n and len(n.split()) <= _SITE_NAME_MAX_WORDS}
    hosts = [host] + [n for n in names if n and _DOMAIN_RE.fullmatch(n.strip())]  # "Kompas.com" names a host
    for name in hosts:
        labels = [p for p in (name or "").strip().lower().split(".") if p]
        if len(labels) >= 2:
            size = 3 if len(labels) >= 3 and labels[-2] in _SECOND_LEVEL else 2
            domain = labels[-size:]
            keys.add(name_key(".".join(domain)))
            keys.add(name_key(domain[0]))
    return frozenset(k for k in keys if len(k) >= 3)


def is_site_name(name: str, keys: frozenset[str]) -> bool:
    """Whether a byline `name` is the site's (or its publisher's) own: it folds to one of the
    site's `keys`, its first words do ("Kompas Cyber Media" on kompas.com), one of its words is
    the site's domain ("PT. VIVA MEDIA BARU - VIVA.co.id"), or, written without spaces, it starts
    with a key ("paperium.net", "日本経済新聞社")."""
    key = name_key(name)
    if not key or not keys:
        return False
    raw = name.split()
    if len(raw) == 1:
        return any(key.startswith(k) for k in keys if len(k) >= 4) or key in keys
    if any(key.startswith(k) for k in keys):  # the first words' keys make a start of the name's key
        prefix = ""
        for word in raw:
            prefix += name_key(word)
            if prefix in keys:
                return True
    return any("." in word and name_key(word) in keys for word in raw)


def _is_site(text: str, keys: frozenset[str]) -> bool:
    """Whether `text` is the site's name, or a part of it (`Houstonia` of `Houstonia Magazine`)."""
    key = name_key(text)
    return bool(key) and any(key == k or (len(key) >= 4 and k.startswith(key)) for k in keys)


def _names_site(part: str, keys: frozenset[str]) -> bool:
    """Whether a title part is the site's name, the site's name with a section (`Okezone
    Economy`, `BBC News`), or a short name with the site's name as a word (`The Go Programming
    Language` on go.dev)."""
    if _is_site(part, keys):
        return True
    words = part.split()
    if len(words) > _SITE_PART_WORDS:
        return False
    key = name_key(part)
    return any(key.startswith(k) for k in keys) or any(name_key(w) in keys for w in words)


def strip_site_suffix(title: str, site_names: str | Iterable[str] | None, host: str | None) -> str:
    """`title` without its trailing parts that name the site or are short labels, and without a
    leading part that names the site; cut at ` | `, ` - `, ` – `, ` :: `, ... or at a colon
    before the site's name (`... : Okezone Economy`)."""
    keys = site_keys(site_names, host)
    pieces = _TITLE_SEPARATORS.split(title)  # parts, with the separators between them kept
    parts, seps = pieces[::2], pieces[1::2]
    if len(parts) < 2:
        parts = _COLON_SEPARATOR.split(title)
        if len(parts) == 2 and _names_site(parts[1], keys):
            return parts[0]
        return title
    first, last = 0, len(parts)
    while last - first > 1 and _names_site(parts[first], keys):
        first += 1  # `Site | Title`
    named = [i for i in range(first + 1, last) if _names_site(parts[i], keys)]
    if named:
        last = named[0]  # the site's name and its tagline after it
    while last - first > 1 and len(parts[last - 1].split()) <= _SHORT_LABEL_WORDS:
        last -= 1  # a short label (a section, the site's short name)
    kept = [parts[first]]
    for i in range(first + 1, last):
        kept += [seps[i - 1], parts[i]]
    return "".join(kept)


def _h1(nodes: PageNodes, keys: frozenset[str], seen: dict[str, bool]) -> str:
    """The headline's <h1>: the first of two words or more that is not the site's name (a logo heading)."""
    for node in nodes.h1[:10]:
        text = unescape(node_text(node))
        if len(text.split()) >= 2 and not _is_site_once(text, keys, seen):
            return text
    return ""


def _is_site_once(text: str, keys: frozenset[str], seen: dict[str, bool]) -> bool:
    """`_is_site`, asked once for each text (`seen`: the answers so far; a page's headline is
    often its <h1>, its JSON-LD headline, its og:title and its twitter:title alike)."""
    found = seen.get(text)
    if found is None:
        found = seen[text] = _is_site(text, keys)
    return found


def _candidates(nodes: PageNodes, metas: dict[str, str], ld: list[dict]) -> list[str]:
    candidates = [obj["headline"] for obj in ld if isinstance(obj.get("headline"), str)]
    candidates.extend(metas[key] for key in ("og:title", "twitter:title", "title") if metas.get(key))
    title_text = node_text(nodes.title_node)
    if title_text:
        candidates.append(title_text)
    lined = {c: one_line(unescape(c)) for c in dict.fromkeys(candidates) if c and c.strip()}  # each value once
    return [lined[c] for c in candidates if c in lined]


def pick_title(tree: LexborHTMLParser, metas: dict[str, str], ld: list[dict],
               site_names: str | Iterable[str] | None, host: str | None, nodes: PageNodes | None = None) -> str | None:
    """The headline (see the module's doc); `nodes`: the page's, when already found."""
    keys = site_keys(site_names, host)
    nodes = nodes if nodes is not None else PageNodes(tree)
    seen: dict[str, bool] = {}
    h1 = _h1(nodes, keys, seen)
    candidates = [c for c in _candidates(nodes, metas, ld) if c and not _is_site_once(c, keys, seen)]
    if h1:
        key = h1.casefold()
        if not candidates or any(key in c.casefold() or c.casefold() in key for c in candidates):
            return h1
    for cand in candidates:
        cleaned = strip_site_suffix(cand, site_names, host)
        if cleaned:
            return cleaned
    return h1 or None
