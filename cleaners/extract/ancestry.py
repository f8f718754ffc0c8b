"""Where nodes stand in the tree: whether an ancestor is among some marked elements (`within`),
the outermost of a list (`outermost`), and any value folded from the root down (`climbed`). Each
remembers the elements it climbed through: a deep nest is climbed once for all its nodes."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from selectolax.lexbor import LexborNode

__all__ = ["climbed", "outermost", "within"]

T = TypeVar("T")


def within(nodes: list[LexborNode], marked: set[int], top: LexborNode | None = None) -> list[bool]:
    """For each of `nodes`, whether one of its ancestors is in `marked` (mem_ids). Each climbs to
    an element climbed through already: a deep nest is climbed once for all its nodes. With `top`
    (an element all of `nodes` are in, or are), the climbs of the nodes inside it stop there: a
    marked ancestor of `top` is not seen from them (`top` itself, among `nodes`, still climbs)."""
    covered: dict[int, bool] = dict.fromkeys(marked, True)  # an element climbed through: it or an ancestor marked
    if top is not None:
        covered.setdefault(top.mem_id, False)
    return [climbed(node.parent, covered, _or_inside, False) for node in nodes]


def _or_inside(above: bool, _element: LexborNode) -> bool:
    return above


def climbed(node: LexborNode | None, known: dict[int, T], step: Callable[[T, LexborNode], T], root: T) -> T:
    """The value of `node` in a fold from the root down: `step(the parent's value, element)`, the
    root's parent's being `root`. The values of the elements it climbs through are kept in `known`
    (mem_id -> value), where the climb of a later node stops: a deep nest is climbed once for all
    its nodes. An element put in `known` beforehand has that value (and its ancestors are not read)."""
    chain: list[tuple[int, LexborNode]] = []
    value = root
    while node is not None:
        mem_id = node.mem_id
        if mem_id in known:
            value = known[mem_id]
            break
        chain.append((mem_id, node))
        node = node.parent
    for mem_id, element in reversed(chain):
        value = step(value, element)
        known[mem_id] = value
    return value


def outermost(nodes: list[LexborNode], marked: set[int] | None = None, top: LexborNode | None = None
              ) -> list[LexborNode]:
    """The nodes no other of `nodes` contains, in document order. A node inside another goes
    with it, and must not be touched once its ancestor is destroyed. With `marked` (mem_ids): the
    nodes with no ancestor among those instead. With `top` (an element all of `nodes` are in, or
    are: the root they were found from), the climbs of the nodes inside it stop there."""
    if marked is None:
        if len(nodes) < 2:
            return list(nodes)  # no other node to be inside of: nothing to climb
        marked = {n.mem_id for n in nodes}
    return [node for node, inside in zip(nodes, within(nodes, marked, top), strict=True) if not inside]
