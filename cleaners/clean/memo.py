"""A memo keyed by texts, bounded by its number of texts AND their total length.

The clean step remembers verdicts on lines it reads again on the next round (and the lines one
site repeats on every page). A long-running crawl cleans millions of pages; a memo bounded only by
its number of entries would keep that many of the longest lines a hostile page sends alive. This
one forgets everything at once when either bound would be passed, and never keeps a text longer
than its whole budget.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Collection
from typing import Any, Generic, TypeVar

__all__ = ["TextMemo", "kept_on"]

V = TypeVar("V")
T = TypeVar("T")


_UNBUILT: Any = object()  # `kept_on`: nothing kept under the key yet (None is a value it keeps)


def kept_on(owner: object, key: str, build: Callable[[], T]) -> T:
    """What `build()` gives, kept in `owner`'s __dict__ under `key` (built there on first use): a
    value that depends on `owner` alone (a frozen rule set, its settings) lives as long as it does.
    None is kept like any other value (built once)."""
    found: T = owner.__dict__.get(key, _UNBUILT)
    if found is _UNBUILT:
        found = owner.__dict__[key] = build()
    return found


class TextMemo(dict[str, V], Generic[V]):
    """`dict` of text -> verdict, with `remember` as the only way in."""

    def __init__(self, max_entries: int, max_chars: int) -> None:
        super().__init__()
        self.max_entries = max_entries
        self.max_chars = max_chars
        self.chars = 0
        _LIVE[id(self)] = self

    @staticmethod
    def forget_all() -> None:
        """Empty every memo there is (wherever it is kept: a rule set, a compiled selector group, a
        module): the next text read is worked out again, as on a page never seen."""
        for memo in list(_LIVE.values()):
            memo.clear()

    @classmethod
    def on(cls, owner: object, key: str, max_entries: int, max_chars: int) -> TextMemo[Any]:
        """The memo kept in `owner`'s __dict__ under `key` (made there on first use): verdicts that
        depend on `owner` (a rule set, its settings) live as long as it does."""
        memo: TextMemo[Any] = kept_on(owner, key, lambda: cls(max_entries, max_chars))
        return memo

    def remember(self, text: str, value: V) -> V:
        size = len(text)
        if size > self.max_chars:
            return value  # longer than the whole budget: not kept
        if len(self) >= self.max_entries or self.chars + size > self.max_chars:
            self.clear()
        self[text] = value
        self.chars += size
        return value

    def remember_all(self, texts: Collection[str], value: V) -> None:
        """`remember(text, value)` for each of `texts` in one go (bounded the same way: the memo is
        emptied first when they would pass a bound, and not kept when they alone would)."""
        given = dict.fromkeys(texts, value)  # a text given twice, or already kept, is counted once
        if len(given) > self.max_entries or sum(map(len, given)) > self.max_chars:
            return
        new = [text for text in given if text not in self]
        size = sum(map(len, new))
        if len(self) + len(new) > self.max_entries or self.chars + size > self.max_chars:
            self.clear()
            size = sum(map(len, given))
        self.update(given)
        self.chars += size

    def clear(self) -> None:
        super().clear()
        self.chars = 0


# Every TextMemo alive, by id (`TextMemo.forget_all`): a memo's entry goes when the memo does (a memo is
# a dict, which a WeakSet cannot hold).
_LIVE: weakref.WeakValueDictionary[int, TextMemo[Any]] = weakref.WeakValueDictionary()
