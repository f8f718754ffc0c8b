"""Article URLs: the guess for sites without a profile (its words are in cleaners/data/vocab/urls.toml),
and the one normal form of a discovered URL (`normalize_url`)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import unquote_plus, urlsplit, urlunsplit

from cleaners.knowledge.vocab import load_urls

__all__ = ["looks_like_article_url", "normalize_url", "is_tracking_parameter"]


@dataclass(frozen=True)
class _UrlVocab:
    not_article: re.Pattern[str]
    not_page: re.Pattern[str]
    slug: re.Pattern[str]
    number: re.Pattern[str]


@lru_cache(maxsize=1)
def _url_vocab() -> _UrlVocab:
    words = load_urls()
    segments = "|".join(map(re.escape, words.not_article_segments))
    extensions = "|".join(map(re.escape, words.not_article_extensions))
    return _UrlVocab(
        not_article=re.compile(rf"/({segments})(/|$|\?)", re.I),
        not_page=re.compile(rf"\.({extensions})$", re.I),
        slug=re.compile(rf"[a-z0-9]+(?:-[a-z0-9]+){{{words.slug_min_words - 1},}}", re.I),
        number=re.compile(rf"\d{{{words.id_min_digits},}}"),
    )


def looks_like_article_url(url: str) -> bool:
    """For sites without a profile: a URL whose path looks like one article's (a long slug, an id
    or a dated path), not a section, tag or service page."""
    vocab = _url_vocab()
    path = urlsplit(url).path
    if not path or path == "/" or vocab.not_article.search(path) or vocab.not_page.search(path):
        return False
    last = path.rstrip("/").rsplit("/", 1)[-1]
    return bool(vocab.slug.search(last) or vocab.number.search(path) or
                (last.endswith((".html", ".htm")) and last not in ("index.html", "index.htm")))


# Query parameters that only say where a reader came from (campaign, click and mail trackers): the
# same article listed as `URL?utm_source=rss`, `URL?fbclid=...` and `URL` is one URL. Parameters
# that select content (`?id=5`, `?page=2`) are kept. After courlan's TRACKERS_RE, without its
# broad word matches (it would drop `gallery=`, `refresh=`).
_TRACKING_PREFIXES = ("utm_", "pk_", "mtm_", "itm_", "ga_", "mc_", "oly_", "vero_", "hsa_")
_TRACKING_NAMES = frozenset({
    "fbclid", "gclid", "gclsrc", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "ysclid", "twclid",
    "ttclid", "igshid", "igsh", "li_fat_id", "mkt_tok", "_ga", "_gl", "_hsenc", "_hsmi", "__twitter_impression",
    "xtor", "ocid", "ncid", "cmpid", "s_cid", "at_medium", "at_campaign", "ref_src", "ref_url",
})
_DEFAULT_PORTS = {"http": ":80", "https": ":443"}


def is_tracking_parameter(name: str) -> bool:
    name = unquote_plus(name).strip().lower()
    return name in _TRACKING_NAMES or name.startswith(_TRACKING_PREFIXES)


def normalize_url(url: str) -> str:
    """The one form of a discovered article URL: no fragment, no tracking parameters, the scheme and
    host in lower case, no default port, `/` for an empty path. The other parameters keep their
    order and their bytes. A URL that is not http(s) comes back as it is."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return url
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS or not parts.netloc:
        return url
    netloc = parts.netloc.lower()
    if netloc.endswith(_DEFAULT_PORTS[scheme]):
        netloc = netloc[: -len(_DEFAULT_PORTS[scheme])]
    query = "&".join(p for p in parts.query.split("&") if p and not is_tracking_parameter(p.split("=", 1)[0]))
    return urlunsplit((scheme, netloc, parts.path or "/", query, ""))
