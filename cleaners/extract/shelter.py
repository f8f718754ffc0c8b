"""Article text the prune plan's name tests would take, sheltered by where it sits.

The plan's guarded groups (`vocab/prune.toml`) remove blocks by their class or id (`comment`,
`sidebar`, `topic` ...), and keep one only when it holds much of the page's text or several long
paragraphs. Two places say a name is not what it seems, whatever the block's size:
- inside a code listing (`<pre>`, `<code>`), a name is a syntax highlighter's token kind
  (`<span class="hljs-comment"># stage all files</span>`): the listing's own text;
- in the page's main landmark (`<main>`, `role="main"`), a block holding `MAIN_SHARE` of the
  landmark's text is its content, however it is named (a layout flag such as `no-sidebars`, a
  course's `topics` list), not a box beside it; and so is a named block holding that share of
  such content (the course's `..._topic_content` in its `topics` list).

Such a block keeps its other names; the tokens of its class and id that a guarded selector
matches go, so that the plan passes it by. A block the plan keeps anyway (an `<article>`, a large
share of the page, several long paragraphs) is left named: it shields the matches inside it.
"""

from __future__ import annotations

from functools import lru_cache

from selectolax.lexbor import LexborHTMLParser, LexborNode

from cleaners.extract.prune import MOST_OF_THE_PAGE, PrunePlan, holds, outermost, prune, select, simple, within

__all__ = ["probe", "shelter", "shelter_and_prune", "tripping"]

MAIN_SHARE = 0.6
MAX_LEVELS = 3  # named blocks in named blocks: looked into this many levels down from the landmark
_CODE = "pre, code"
_MAIN = 'main, [role="main"]'


def _named(node: LexborNode) -> bool:
    attrs = node.attributes
    return bool(attrs.get("class") or attrs.get("id"))


def _tripping(plan: PrunePlan, attr: str, token: str, seen: dict[tuple[str, str], bool]) -> bool:
    key = (attr, token)
    if key not in seen:
        seen[key] = tripping(plan, attr, token)
    return seen[key]


def tripping(plan: PrunePlan, attr: str, token: str) -> bool:
    """Does a guarded selector of `plan` match a block whose `attr` is `token` alone? (One probe
    element.)"""
    node = probe()
    for name in ("class", "id"):
        node.attrs[name] = token if name == attr else ""
    return bool(select(node, plan.guarded))


@lru_cache(maxsize=1)
def probe() -> LexborNode:
    """One element to test selectors on a single name."""
    node = LexborHTMLParser("<div></div>").css_first("div")
    assert node is not None
    return node


def _defuse(node: LexborNode, plan: PrunePlan, seen: dict[tuple[str, str], bool]) -> bool:
    attrs = node.attrs
    changed = False
    for attr in ("class", "id"):
        value = attrs.get(attr)
        if not value:
            continue
        kept = [t for t in value.split() if not _tripping(plan, attr, t, seen)]
        if len(kept) < len(value.split()):
            attrs[attr] = " ".join(kept)
            changed = True
    return changed


def _kept(node: LexborNode, plan: PrunePlan, limit: float) -> bool:
    """The plan keeps `node` anyway (its own guard): an <article> or <main>, a large share of the
    page, several long paragraphs. Such a node shields the matches inside it; it is left named."""
    if node.tag in ("article", "main") or len(node.text(deep=True)) > limit:
        return True
    long = sum(len(p.text(deep=True)) >= plan.article_paragraph_chars for p in node.css("p"))
    return long >= plan.article_paragraphs


def shelter(root: LexborHTMLParser, plan: PrunePlan) -> int:
    """Defuse the guarded names of code listings' tokens and of the main landmark's content (see
    the module's doc); returns how many elements were changed."""
    return len(_shelter(root, plan, False)[0])


def shelter_and_prune(root: LexborHTMLParser, plan: PrunePlan) -> int:
    """`shelter`, then `prune` of the plan's guarded groups, which are matched once for both: a
    node's match is its own tag and attributes, so only the nodes sheltering changed are tested
    again. Returns how many nodes the plan removed."""
    changed, matched, page = _shelter(root, plan, True)
    if matched is not None and changed:
        again = {node.mem_id: holds(node, plan.guarded) for node in changed}
        before = {node.mem_id for node in matched}
        if any(verdict for mem_id, verdict in again.items() if mem_id not in before):
            matched = None  # a renamed node that matches now: its place among the matches is not known here
        else:
            matched = [node for node in matched if again.get(node.mem_id, True)]
    return prune(root, plan=plan, guarded_only=True, matched=matched, page_chars=page)


def _shelter(root: LexborHTMLParser, plan: PrunePlan,
             share: bool) -> tuple[list[LexborNode], list[LexborNode] | None, int | None]:
    """(the nodes changed, the plan's guarded matches of `root` before the change when they were
    looked for or `share` asks for them, the length of the body's text when it was measured)."""
    body = root.body
    if body is None or not plan.guarded:
        return [], None, None
    nodes = [node for code in outermost(body.css(_CODE)) for node in code.traverse() if _named(node)]
    containers = [(main, 0) for main in body.css(_MAIN)]
    limit = 0.0
    page = None
    # the guarded matches of the whole page, once: those below a container are its matches
    matched = select(root, plan.guarded) if simple(plan.guarded) and (containers or share) else None
    if containers:  # the page's size only matters for the content of a main landmark
        page = len(body.text(deep=True))
        limit = min(max(page * plan.max_share, plan.min_chars), page * MOST_OF_THE_PAGE)  # as the plan's guard
    while containers:  # the content's own content, a named block holding most of it, too
        container, level = containers.pop()
        total = len(container.text(deep=True))
        if not total or level >= MAX_LEVELS:
            continue
        if matched is not None:  # those inside the container (not itself)
            inner = [node for node, inside in zip(matched, within(matched, {container.mem_id}), strict=True) if inside]
        else:
            inner = [node for node in select(container, plan.guarded) if node.mem_id != container.mem_id]
        found = [node for node in outermost(inner) if len(node.text(deep=True)) >= MAIN_SHARE * total
                 and not _kept(node, plan, limit)]
        nodes += found
        containers += [(node, level + 1) for node in found]
    seen: dict[tuple[str, str], bool] = {}
    return [node for node in nodes if _named(node) and _defuse(node, plan, seen)], matched, page
