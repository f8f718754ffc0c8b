"""The clean step's text memos stay bounded by their total length, not only their number of
entries: a crawl cleans millions of pages, and a hostile page's long lines must not stay alive."""

from __future__ import annotations

import gc

from cleaners import Page, clean_page, clean_text
from cleaners.clean.memo import _LIVE, TextMemo
from cleaners.describe import article
from cleaners.extract import prune
from cleaners.knowledge.rules import default_rules
from cleaners.options import Options
from tests.conftest import PAGES


def test_a_memo_forgets_everything_when_its_length_budget_would_pass():
    memo: TextMemo[bool] = TextMemo(max_entries=100, max_chars=50)
    memo.remember("a" * 30, True)
    memo.remember("b" * 10, False)
    assert memo.chars == 40 and len(memo) == 2
    memo.remember("c" * 20, True)  # 60 > 50: the older texts go at once
    assert list(memo) == ["c" * 20] and memo.chars == 20
    assert memo.remember("d" * 51, True) is True  # longer than the whole budget: answered, not kept
    assert "d" * 51 not in memo


def test_a_memo_forgets_everything_at_its_entry_bound():
    memo: TextMemo[int] = TextMemo(max_entries=3, max_chars=1000)
    for i in range(3):
        memo.remember(str(i), i)
    memo.remember("x", 9)
    assert dict(memo) == {"x": 9}


def test_cleaning_many_long_lines_keeps_the_rule_set_memos_within_their_budget():
    rules = default_rules()
    options = Options(rules=rules)
    line = "Kalimat panjang yang ditulis berulang kali oleh halaman yang tidak ramah. "
    for i in range(70):  # seventy dumps of distinct lines of ~75,000 characters: over 5 million characters
        clean_text("\n".join([f"{i} {line * 1000}", "Paragraf kedua yang biasa saja, cukup panjang untuk dibaca."]),
                   options=options)
    used = [rules.__dict__[name] for name in ("_line_hits", "_strip_misses", "_lines") if name in rules.__dict__]
    assert used and any(memo.chars for memo in used)  # the long lines went through them
    for memo in used:
        assert isinstance(memo, TextMemo)
        assert memo.chars <= memo.max_chars
    for name in ("_prose", "_normal"):
        memo = rules.settings.__dict__.get(name)
        assert memo is None or memo.chars <= memo.max_chars


def test_a_memo_kept_on_an_object_is_made_once_and_emptied_whole():
    class Owner:
        pass

    owner = Owner()
    memo: TextMemo[bool] = TextMemo.on(owner, "_seen", 100, 50)
    assert TextMemo.on(owner, "_seen", 100, 50) is memo and owner.__dict__["_seen"] is memo
    memo.remember("a" * 40, True)
    memo.clear()  # as a caller that empties the memos between runs does: its length goes too
    memo.remember("b" * 20, True)
    memo.remember("c" * 20, False)
    assert dict(memo) == {"b" * 20: True, "c" * 20: False} and memo.chars == 40


def test_a_memo_remembers_many_texts_within_the_same_bounds():
    memo: TextMemo[bool] = TextMemo(max_entries=4, max_chars=50)
    memo.remember_all(["a" * 10, "b" * 10], True)
    assert dict(memo) == {"a" * 10: True, "b" * 10: True} and memo.chars == 20
    memo.remember_all(["c" * 20, "d" * 20], True)  # 60 > 50: the older texts go first
    assert list(memo) == ["c" * 20, "d" * 20] and memo.chars == 40
    memo.remember_all(["e", "f", "g"], False)  # five entries > 4
    assert list(memo) == ["e", "f", "g"] and memo.chars == 3
    memo.remember_all(["x" * 30, "y" * 30], True)  # longer together than the whole budget: not kept
    assert list(memo) == ["e", "f", "g"]
    memo.remember_all(["1", "2", "3", "4", "5"], True)  # more than the entry bound: not kept
    assert list(memo) == ["e", "f", "g"]
    memo.remember_all(["e", "g", "g", "h"], True)  # kept or repeated texts count once: within 4 entries
    assert memo == {"e": True, "f": False, "g": True, "h": True} and memo.chars == 4


def test_a_value_kept_on_an_object_is_built_once_even_when_it_is_none():
    from cleaners.clean.memo import kept_on

    class Owner:
        pass

    owner, built = Owner(), []
    for _ in range(3):
        assert kept_on(owner, "_nothing", lambda: built.append(1)) is None
    assert built == [1] and "_nothing" in owner.__dict__
    assert kept_on(owner, "_empty", dict) == {} and kept_on(owner, "_empty", lambda: {"a": 1}) == {}


def test_forget_all_empties_every_memo_wherever_it_is_kept_and_lets_go_of_dead_ones():
    # the rule set's memos of lines, the compiled selector groups' memos of attribute values and a module's
    # memo of domains are all filled by cleaning a real page; forget_all empties each of them
    clean_page(Page(url="https://www.merdeka.com/a.html", body=(PAGES / "id-merdeka-001.html").read_bytes()))
    groups = [obj for obj in gc.get_objects() if isinstance(obj, prune._Matcher)]
    group_memos = [memo for group in groups for _pattern, memo in group.memos.values()]
    kept = [default_rules().__dict__["_line_hits"], article._DOMAINS, *group_memos]
    assert all(isinstance(memo, TextMemo) for memo in kept) and all(kept[:2]) and any(group_memos)
    own: TextMemo[bool] = TextMemo(10, 100)
    own.remember("a line", True)
    TextMemo.forget_all()
    assert not any(kept) and not own and own.chars == 0
    held = len(_LIVE)
    del own
    gc.collect()
    assert len(_LIVE) == held - 1  # a memo that is gone is no longer held
