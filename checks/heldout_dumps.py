"""A held-out measurement of text-dump cleaning: text dumps rendered from the HTML pages of
../shared/eval/pages, cleaned as text, scored line by line against each page's gold.

    python -m checks.heldout_dumps                    # the Indonesian pages (id-*)
    python -m checks.heldout_dumps --all              # every page with gold, any language
    python -m checks.heldout_dumps --per-page         # one line a page, with its extra and missing lines
    python -m checks.heldout_dumps --write DIR        # also write <id>.raw.txt / <id>.clean.txt (as textdumps/)

The text-dump rules were tuned on ../shared/eval/textdumps. The misses of the Indonesian pages here
were read too, and fixed only by kind of line with cases from more than one outlet (so their
figure is no longer blind); the pages in other languages (--all) were not read for tuning.
Each page becomes the dump a scraper's plain-text export would give: the decoded HTML, scripts,
styles, <noscript>, <template> and <svg> dropped, then the visible text of the whole document with a
line break at every block element (p, div, h1-h6, li, tr, br, ...) and runs of white space inside a
line made one space (what a browser's innerText does). Two dumps are made of each page:

- excerpt (the headline figure): like the development dumps, the first 2,000 UTF-8 bytes of the
  rendering from three lines above the headline (the last line equal to the gold title above the
  line holding the first gold paragraph, else that line), without the line the 2,000 bytes cut (as the development dumps
  are). Its gold is the gold body lines found whole in the excerpt;
- whole page: the whole rendering, menus, footers and lists of other stories included, scored
  against the whole gold body.
Gold lines the rendering does not hold at all (a paragraph the page splits or joins otherwise)
cannot be produced by any cleaning: they are counted apart and left out of both golds.

Scored as textdumps/ is (../shared/eval/README.md): the cleaned body (`Article.text`, the headline
apart) against the gold body (`text` without its `dateline` prefix), lines as multisets; corpus P
and R the means over pages, F1 their harmonic mean; exact = pages with no extra and no missing
line. The headline is scored apart: the share of pages whose `Article.title` equals the gold title.

What it does not measure: the exporter behind the development dumps (its line breaks and what it
leaves out of a page are not known; a <br> inside a paragraph splits it here, and the excerpt's
start is placed with the gold title, which no cleaner knows); golds of one convention (the gold's
conventions differ by origin: Fundus golds keep a lead the publisher prints as a deck, hand golds
follow SEED_FORMAT.md). Outlets: the Indonesian pages come from 12 publishers, eight of them with
dumps in the development set (the rules were tuned on those dumps, not on these pages); four
(fimela, kapanlagi, bola.net/otosia, okezone) have none, and their figure is printed apart (five
pages: a small sample).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

from selectolax.lexbor import LexborHTMLParser, LexborNode

from cleaners import Options, RejectedInput, clean_text
from cleaners.decode import decode
from cleaners.score import LineCorpus, gold_body, line_scores

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_PAGES = ROOT.parent / "shared" / "eval" / "pages"
# Outlets of the Indonesian pages with no dump in the development set (by file name).
UNSEEN = ("id-fimela-", "id-kapanlagi-", "id-bolanet-", "id-okezone-")
_HIDDEN = "script, style, noscript, template, svg, head"
_BLOCKS = frozenset((
    "address", "article", "aside", "blockquote", "body", "br", "caption", "center", "dd", "details", "dialog", "dir",
    "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6",
    "header", "hgroup", "hr", "li", "main", "menu", "nav", "ol", "p", "pre", "section", "summary", "table", "tbody",
    "td", "tfoot", "th", "thead", "title", "tr", "ul", "option", "select", "button", "label"))
EXCERPT_BYTES = 2000  # the development dumps are the first ~2,000 bytes of a page's text
EXCERPT_ABOVE = 3  # lines kept above the headline (the development dumps hold 0-3 there, a few up to 14)
EXCERPT_HEAD_GAP = 30  # the headline is the last line equal to the gold title at most this many lines above the lead
_WHITE_RE = re.compile(r"\s+")
_SPACE_RE = re.compile(r"[ \t\r\f\v\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_OPTIONS = Options()


def render(html: str) -> str:
    """The visible text of a page, one line per block element (innerText-like)."""
    tree = LexborHTMLParser(html)
    for node in tree.css(_HIDDEN):
        node.decompose()
    root = tree.root
    if root is None:
        return ""
    parts: list[str] = []
    stack: list[tuple[LexborNode, bool]] = [(root, False)]
    while stack:
        node, leaving = stack.pop()
        tag = node.tag
        if leaving:
            parts.append("\n")
            continue
        if tag == "-text":
            parts.append(_WHITE_RE.sub(" ", node.text_content or ""))  # a line break in the source is a space
            continue
        if tag in _BLOCKS:
            parts.append("\n")
            stack.append((node, True))
        children = []
        child = node.child
        while child is not None:
            children.append(child)
            child = child.next
        stack.extend((c, False) for c in reversed(children))
    lines = (_SPACE_RE.sub(" ", line).strip() for line in "".join(parts).split("\n"))
    return "\n".join(line for line in lines if line)


def excerpt(dump: str, title: str, body: list[str]) -> str:
    """The excerpt of `dump` a development dump would hold (its last, cut line left out)."""
    lines = dump.split("\n")
    lead = next((i for i, line in enumerate(lines) if body and body[0][:60] in line), 0)
    heads = [i for i, line in enumerate(lines[:lead]) if line == title and lead - i <= EXCERPT_HEAD_GAP]
    start = heads[-1] if heads else lead
    raw = "\n".join(lines[max(0, start - EXCERPT_ABOVE):]).encode("utf-8")
    cut = raw[:EXCERPT_BYTES].decode("utf-8", errors="ignore")
    return cut if len(raw) <= EXCERPT_BYTES else cut.rpartition("\n")[0]


def _clean(dump: str) -> tuple[str, str | None]:
    try:
        article = clean_text(dump, options=_OPTIONS)
    except RejectedInput:
        return "", None
    return article.text, article.title


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m checks.heldout_dumps", description=__doc__.split("\n")[0])
    parser.add_argument("--pages", type=Path, default=DEFAULT_PAGES, help="pages/ of the eval data")
    parser.add_argument("--all", action="store_true", help="every page with gold, not only the Indonesian ones")
    parser.add_argument("--per-page", action="store_true", help="one line a page with its extra/missing lines")
    parser.add_argument("--write", type=Path, help="write the rendered dumps and their gold to this directory")
    args = parser.parse_args(argv)
    htmls = sorted(p for p in args.pages.glob("*.html") if p.with_suffix(".json").exists())
    if not args.all:
        htmls = [p for p in htmls if p.name.startswith("id-") or "-id-" in p.name]
    if not htmls:
        print(f"heldout_dumps: no pages with gold in {args.pages}; point --pages at shared/eval/pages",
              file=sys.stderr)
        return 2
    corpora = {name: LineCorpus.empty() for name in ("excerpt", "excerpt, unseen outlets", "whole page")}
    titles, unrendered = 0, 0
    for path in htmls:
        gold = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
        dump = render(decode(path.read_bytes())[0])
        title = (gold.get("title") or "").strip()
        body = [line.strip() for line in gold_body(gold).split("\n") if line.strip()]
        unrendered += sum(line not in dump for line in body)
        body = [line for line in body if line in dump]
        cut = excerpt(dump, title, body)
        want = "\n".join(line for line in body if line in cut)
        text, found_title = _clean(cut)
        titles += (found_title or "").strip() == title
        corpora["excerpt"].add(text, want)
        if path.name.startswith(UNSEEN):
            corpora["excerpt, unseen outlets"].add(text, want)
        corpora["whole page"].add(_clean(dump)[0], "\n".join(body))
        if args.write:
            args.write.mkdir(parents=True, exist_ok=True)
            (args.write / f"{path.stem}.raw.txt").write_text(cut, encoding="utf-8")
            (args.write / f"{path.stem}.clean.txt").write_text("\n".join(filter(None, [found_title and title, want])),
                                                             encoding="utf-8")
        if args.per_page:
            p, r, extra, missing = line_scores(text, want)
            print(f"{path.stem:<44} {p:.3f}  {r:.3f}")
            print("".join(f"    extra:   {line[:100]}\n" for line in extra) +
                  "".join(f"    missing: {line[:100]}\n" for line in missing), end="")
    print(f"{len(htmls)} pages from {args.pages} rendered as text dumps "
          f"({unrendered} gold lines not in any rendering, left out)")
    for name, corpus in corpora.items():
        if corpus.cases:
            print(f"{name:<24} P {corpus.precision:.4f}  R {corpus.recall:.4f}  F1 {corpus.f1:.4f}  "
                  f"exact {corpus.exact}/{corpus.cases}")
    print(f"headline exact (excerpt) {titles}/{len(htmls)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
