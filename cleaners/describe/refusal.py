"""The last check of a page: is what was extracted an article at all?

Two kinds of page are not, and are `no_article` rejections (counted, never written), when the
page itself holds little text (fewer words in its <p> paragraphs than `[article] page_max_words`
in data/settings.toml; a page with more is an article the extractors missed, written as found):
- too little text: fewer words or sentences than `[article]` asks (a 4-word page, a "Tentang
  kami." page);
- boilerplate only: every line is a copyright or reprint notice, which do not count as text.
"""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import islice

from cleaners.clean.draft import word_runs
from cleaners.errors import RejectedInput
from cleaners.knowledge.settings import ArticleSettings, default_settings
from cleaners.model import Article
from cleaners.scripts import may_be_unspaced, script_class

__all__ = ["article_refusal", "text_size", "word_count"]

# Scripts written without spaces between words: each character counts as half a word.
_NO_SPACE = (r"[\u0e00-\u0e7f\u0e80-\u0eff\u1000-\u109f\u1780-\u17ff\u3040-\u30ff\u3400-\u4dbf"
             r"\u4e00-\u9fff\uf900-\ufaff]")
_SENTENCE_END_RE = re.compile(r"[^\W_][\"'”’»)\]]*[.!?…]+(?![\d\w]*[a-z\d])|[。！？।॥۔؟။]")


@lru_cache(maxsize=1)
def _settings() -> tuple[ArticleSettings, re.Pattern[str]]:
    article = default_settings().article
    return article, re.compile(article.notice_pattern)


def text_size(text: str) -> tuple[float, int]:
    """(words, sentences) of `text`: a word is a run of letters or digits (a character of a
    script without spaces counts half), a sentence ends in . ! ? after a letter (not before a
    lower-case letter or digit: "e.g.", "3.5") or in 。！？।؟။."""
    return word_count(text), _sentence_ends(text, None)


def _sentence_ends(text: str, enough: int | None) -> int:
    """The sentence ends of `text` (as `text_size` counts them), counted up to `enough` (None: all)."""
    found = _SENTENCE_END_RE.finditer(text)
    return sum(1 for _ in (found if enough is None else islice(found, enough)))


def word_count(text: str) -> float:
    """The words of `text` as `text_size` counts them: its runs of letters and digits (`\\w` runs,
    draft.word_runs, once the characters of the scripts without spaces are spaces) plus half of
    those characters."""
    if not may_be_unspaced(text):
        return float(word_runs(text))
    pattern = script_class(_NO_SPACE)
    no_space = len(pattern.findall(text))
    if no_space:
        text = pattern.sub(" ", text)
    return word_runs(text) + no_space / 2


def article_refusal(article: Article, page_words: float) -> RejectedInput | None:
    """The `no_article` rejection of an extracted page that is not an article, else None;
    `page_words` are the words of the page's own paragraphs (PageMeta.paragraph_words)."""
    settings, notice = _settings()
    if page_words >= settings.page_max_words:
        return None
    lines = [b.text for b in article.blocks if b.text.strip()]
    kept = [line for line in lines if not (len(line.split()) <= settings.notice_max_words and notice.search(line))]
    if lines and not kept:
        return RejectedInput("no_article", "the page's only text is a copyright or reprint notice")
    text = "\n".join(kept)
    words = word_count(text)
    # enough words: all that is asked of the sentences is whether there are `min_sentences`
    sentences = _sentence_ends(text, None if words < settings.min_words else settings.min_sentences)
    if words < settings.min_words or sentences < settings.min_sentences:
        return RejectedInput("no_article", f"too little text for an article ({words:g} words, {sentences} sentences; "
                             f"an article has {settings.min_words} words and {settings.min_sentences} sentence(s))")
    return None
