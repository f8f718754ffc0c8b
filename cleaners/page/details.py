"""The record's descriptive fields from the parsed page: last modification, section, tags, lead
image (with caption and credit), and the paywall flag.

Machine-readable sources first (JSON-LD article objects, then meta tags); the image's caption and
credit also come from the page's own <figure> of that image. Everything reads the one selectolax
tree, before pruning.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

from selectolax.lexbor import LexborHTMLParser, LexborNode

from cleaners.clean.normalize import one_line
from cleaners.describe.dates import parse_date
from cleaners.model import Image
from cleaners.page.jsonld import names
from cleaners.page.meta import Details

__all__ = ["Details", "join_url", "machine_date", "read_details"]

MAX_TAGS = 30
MAX_TAG_CHARS = 80
MAX_FIELD_CHARS = 2000
_FIGURES_MAX = 60  # <figcaption> elements looked at for the lead image's caption
_MODIFIED_META = ("article:modified_time", "og:updated_time", "dateModified", "last-modified", "dc.date.modified",
                  "dcterms.modified")
_SECTION_META = ("article:section", "section", "parsely-section", "category")
_TAG_META = ("news_keywords", "keywords", "parsely-tags", "sailthru.tags")
_IMAGE_META = ("og:image", "og:image:url", "og:image:secure_url", "twitter:image", "twitter:image:src")
_WORD_RE = re.compile(r"\w+")
_DESCRIPTION_RUN_WORDS = 5  # a keyword list that starts with this many words of the description is its summary
_CREDIT_RE = re.compile(r"\(\s*([^()]{2,120}?)\s*\)\s*$|(?:^|[\s/|])((?:foto|photo|dok|sumber|credit|kredit|"
                        r"copyright|©)\b[^()]{1,120})$", re.I)
_SCHEMES = {"https://": "http://", "http://": "https://"}  # a URL's scheme as written -> the other one
_CREDIT_HINT_RE = re.compile(r"/|\.com|\.id\b|foto|photo|dok\b|dok\.|getty|reuters|\bap\b|afp|antara|istimewa|"
                             r"shutterstock|pexels|unsplash|©", re.I)


def read_details(tree: LexborHTMLParser, metas: dict[str, str], ld: list[dict], url: str | None,
                 assume_offset: str | None, article_tags: list[str] | None = None,
                 captions: list[LexborNode] | None = None) -> Details:
    """The page's descriptive fields (see the module's doc); `article_tags` are the page's
    `article:tag` meta values, all of them, and `captions` its <figcaption> elements (None: found
    here)."""
    return Details(
        modified_at=_modified(metas, ld, assume_offset),
        section=_section(metas, ld),
        tags=_tags(article_tags or [], metas, ld, (metas.get("description"), metas.get("og:description"))),
        image=_image(tree.css("figcaption") if captions is None else captions, metas, ld, url),
        free_access=_free_access(ld),
    )


def join_url(base: str, url: str) -> str:
    """`urljoin(base, url)` (raising its ValueError), without its two parses where it gives `url`
    back as it is: an http(s) URL (its scheme written in lower case) and `base`, both ASCII without
    a bracket (an IPv6 host, which urljoin checks), under the other scheme (urljoin returns `url`
    then), or under the same one with a host (not a query right after the scheme), printable (no
    tab or line break, which urljoin drops), with no fragment or parameters and no empty query
    (which urljoin writes back otherwise)."""
    scheme = "https://" if url.startswith("https://") else "http://" if url.startswith("http://") else ""
    if (scheme and url.isascii() and base.isascii() and "[" not in url and "]" not in url
            and "[" not in base and "]" not in base):
        if base.startswith(_SCHEMES[scheme]):
            return url
        if (base.startswith(scheme) and url[len(scheme):len(scheme) + 1] not in ("", "/", "?") and url.isprintable()
                and "#" not in url and ";" not in url and not url.endswith("?")):
            return url
    return urljoin(base, url)


def _line(value: object, limit: int = MAX_FIELD_CHARS) -> str | None:
    if not isinstance(value, str):
        return None
    text = one_line(value)[:limit].strip()
    return text or None


def machine_date(ld: list[dict], ld_key: str, metas: dict[str, str], meta_keys: tuple[str, ...],
                 assume_offset: str | None, month_first: bool = False) -> str | None:
    """The first date a page gives for machines: JSON-LD `ld_key`, then the meta tags in order."""
    for obj in ld:
        value = obj.get(ld_key)
        found = parse_date(value if isinstance(value, str) else None, assume_offset, month_first)
        if found:
            return found
    for key in meta_keys:
        value = metas.get(key.lower())
        found = parse_date(value, assume_offset, month_first) if value else None  # no value: no date
        if found:
            return found
    return None


def _modified(metas: dict[str, str], ld: list[dict], assume_offset: str | None) -> str | None:
    return machine_date(ld, "dateModified", metas, _MODIFIED_META, assume_offset)


def _section(metas: dict[str, str], ld: list[dict]) -> str | None:
    for obj in ld:
        value = obj.get("articleSection")
        if isinstance(value, list):
            value = next((v for v in value if isinstance(v, str) and v.strip()), None)
        found = _line(value, MAX_TAG_CHARS)
        if found:
            return found
    for key in _SECTION_META:
        found = _line(metas.get(key), MAX_TAG_CHARS)
        if found:
            return found
    return None


def _tag_lines(value: str) -> list[str | None]:
    """`_line` of each comma-separated part of `value` (up to one character over MAX_TAG_CHARS). On
    a printable ASCII value each part's line is its words joined by one space: its only white
    space is the space, and `normalize_line` gives such a line back as it is."""
    if value.isascii() and value.isprintable():
        return [" ".join(part.split())[:MAX_TAG_CHARS + 1].strip() or None for part in value.split(",")]
    return [_line(part, MAX_TAG_CHARS + 1) for part in value.split(",")]


def _split_tags(values: list[object], descriptions: tuple[str | None, ...]) -> tuple[str, ...]:
    parts: list[str] = []
    for value in values:
        for tag in (_tag_lines(value) if isinstance(value, str) else
                    [_line(part, MAX_TAG_CHARS + 1) for part in names(value)] if isinstance(value, dict) else []):
            if tag and len(tag) <= MAX_TAG_CHARS:
                parts.append(tag)
    if not parts:
        return ()
    kept = min((_past_description(tuple(parts), d) for d in dict.fromkeys(descriptions)), key=len,
               default=tuple(parts))
    found: dict[str, str] = {}
    for tag in kept:
        found.setdefault(tag.casefold(), tag)
    return tuple(found.values())[:MAX_TAGS]


def _past_description(tags: tuple[str, ...], description: str | None) -> tuple[str, ...]:
    """`tags` without a leading run that is the description cut at its commas or spaces (some CMSs
    fill the keywords with the summary, word by word, before the real tags). A run starts with the
    description's first word: where the first tag's first word is another, the description's
    words are not read."""
    folded_description = description.casefold() if description else ""
    first = _WORD_RE.search(folded_description)
    opening = _WORD_RE.search(tags[0].casefold()) if tags else None
    if first is None or opening is None or opening.group() != first.group():
        return tags
    words = _WORD_RE.findall(folded_description)
    if len(words) < _DESCRIPTION_RUN_WORDS:
        return tags
    at, end = 0, len(tags)  # the description's words read; the first tag past the run
    for i, tag in enumerate(tags):
        folded = tag.casefold()
        if folded.isalnum():  # one \w run: its one word is folded, compared without a findall or a slice
            if at < len(words) and words[at] == folded:
                at += 1
                continue
        elif (tag_words := _WORD_RE.findall(folded)) and words[at:at + len(tag_words)] == tag_words:
            at += len(tag_words)
            continue
        end = i
        break
    return tags[end:] if at >= _DESCRIPTION_RUN_WORDS else tags


def _tags(article_tags: list[str], metas: dict[str, str], ld: list[dict],
          descriptions: tuple[str | None, ...]) -> tuple[str, ...]:
    """The first source that names tags: JSON-LD keywords, article:tag metas, keyword metas."""
    for obj in ld:
        value = obj.get("keywords")
        found = _split_tags(value[:100] if isinstance(value, list) else [value], descriptions)
        if found:
            return found
    found = _split_tags(list(article_tags[:100]), descriptions)
    if found:
        return found
    for key in _TAG_META:
        found = _split_tags([metas.get(key)], descriptions)
        if found:
            return found
    return ()


def _free_access(ld: list[dict]) -> bool | None:
    """JSON-LD isAccessibleForFree of the first article object that says (true/false, or the strings)."""
    for obj in ld:
        value = obj.get("isAccessibleForFree")
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.strip().lower() in ("true", "false"):
            return value.strip().lower() == "true"
    return None


def _ld_image(ld: list[dict]) -> tuple[str | None, str | None, str | None]:
    """(url, caption, credit) of the first JSON-LD article image."""
    for obj in ld:
        value = obj.get("image")
        if isinstance(value, list):
            value = value[0] if value else None
        if isinstance(value, str) and value.strip():
            return value.strip(), None, None
        if isinstance(value, dict):
            src = value.get("url") or value.get("contentUrl")
            if isinstance(src, str) and src.strip():
                credit = value.get("creditText") or _first_name(value.get("copyrightHolder")) or \
                    _first_name(value.get("author"))
                return src.strip(), _line(value.get("caption")), _line(credit, MAX_TAG_CHARS * 2)
    return None, None, None


def _first_name(value: object) -> str | None:
    found = names(value)
    return found[0] if found else None


def _image(captions: list[LexborNode], metas: dict[str, str], ld: list[dict], url: str | None) -> Image | None:
    src = next((metas[key] for key in _IMAGE_META if metas.get(key)), None)
    ld_src, caption, credit = _ld_image(ld)
    src = src or ld_src
    if not src:
        return None
    try:
        src = join_url(url, src) if url else src
    except ValueError:  # a URL no parser reads ("http://[x/a.jpg"): no image
        return None
    if not src.startswith(("http://", "https://")):
        return None
    if caption is None or credit is None:
        fig_caption, fig_credit = _figure_caption(captions, src, ld_src)
        caption = caption or fig_caption
        if credit is None and fig_credit is None and caption:
            caption, credit = _split_credit(caption)
        credit = credit or fig_credit
    return Image(src, caption, credit)


def _file_name(src: str) -> str:
    """The last part of the URL's path, lowered ("" for a URL no parser reads)."""
    return _path(src.strip()).rstrip("/").rsplit("/", 1)[-1].lower()


def _path(url: str) -> str:
    """urlsplit's path of `url` ("" where it raises ValueError). Of an http(s) URL (its scheme written
    in lower case), ASCII, printable (no tab or line break, which urlsplit drops) and without a
    bracket (an IPv6 host, which urlsplit checks), it is what follows the host (up to the first "/",
    "?" or "#") up to the query or fragment: read without urlsplit."""
    scheme = 8 if url.startswith("https://") else 7 if url.startswith("http://") else 0
    if scheme and url.isascii() and url.isprintable() and "[" not in url and "]" not in url:
        end = len(url)
        for mark in ("?", "#"):
            at = url.find(mark, scheme, end)
            end = at if at >= 0 else end
        start = url.find("/", scheme, end)
        return url[start:end] if start >= 0 else ""
    try:
        return urlsplit(url).path
    except ValueError:
        return ""


def _figure_caption(captions: list[LexborNode], *sources: str | None) -> tuple[str | None, str | None]:
    """The caption and credit of the page's <figure> that shows the image (its file name matches)."""
    if not captions:
        return None, None
    wanted = {name for name in (_file_name(s) for s in sources if s) if len(name) >= 5}
    if not wanted:
        return None, None
    for node in captions[:_FIGURES_MAX]:
        figure = _figure_of(node)
        if figure is None or not any(_names_one(src, wanted) for src in _image_sources(figure)):
            continue
        credit_node = node.css_first('[class*="credit"], [class*="copyright"], [class*="source"]')
        credit = _line(credit_node.text(deep=True, separator=" ")) if credit_node is not None else None
        if credit and credit.startswith("(") and credit.endswith(")"):
            credit = credit[1:-1].strip() or None
        caption = _line(node.text(deep=True, separator=" "))
        if caption and credit and caption != credit and caption.endswith(credit):
            caption = caption[: -len(credit)].strip() or caption
        return caption, credit
    return None, None


def _names_one(src: str, wanted: set[str]) -> bool:
    """Whether `_file_name(src)` is one of `wanted` (lower-case names): a name is a part of the URL
    as written, lowered, unless the URL holds a tab or a line break (which URL parsing drops)."""
    low = src.lower()
    if not any(name in low for name in wanted) and "\t" not in src and "\n" not in src and "\r" not in src:
        return False
    return _file_name(src) in wanted


def _figure_of(node: LexborNode) -> LexborNode | None:
    parent = node.parent
    for _ in range(8):
        if parent is None or parent.tag == "figure":
            return parent
        parent = parent.parent
    return None


def _image_sources(figure: LexborNode) -> list[str]:
    out: list[str] = []
    for img in figure.css("img, source")[:10]:
        attrs = img.attributes
        for key in ("src", "data-src", "data-original", "data-lazy-src", "srcset", "data-srcset"):
            value = attrs.get(key)
            if value:
                out.extend(part.strip().split(" ")[0] for part in value.split(",") if part.strip())
    return out


def _split_credit(caption: str) -> tuple[str, str | None]:
    """A caption and the credit at its end ("(Liputan6.com/Angga Yuniar)", "Foto: Antara", "/Photo by X"),
    apart; the caption as it is when it ends with no credit."""
    match = _CREDIT_RE.search(caption)
    if match is None:
        return caption, None
    credit = (match.group(1) or match.group(2) or "").strip(" /|")
    rest = caption[:match.start()].strip(" /|-–—")
    if not credit or not rest or not _CREDIT_HINT_RE.search(credit):
        return caption, None
    return rest, credit
