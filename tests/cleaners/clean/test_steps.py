"""The clean step's shape: named pure steps over a frozen Draft, and a fixed point at the end."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cleaners.clean.steps import DUMP_STEPS, PAGE_STEPS, TEXT_STEPS, Draft, clean_blocks, run_steps
from cleaners.knowledge.rules import default_rules
from cleaners.model import Block

RULES = default_rules()
_PROSE = "Harga beras naik lagi di pasar tradisional pekan ini, kata para pedagang di Jakarta."


def test_the_steps_are_named_in_order():
    assert [s.__name__ for s in PAGE_STEPS] == ["normalize", "junk_rules", "last_block_rules", "closing_run",
                                                "lead_furniture", "repeat_headline", "lead_rules", "lead_dateline",
                                                "repeats"]
    assert [s.__name__ for s in TEXT_STEPS] == ["normalize", "junk_rules", "last_block_rules", "preamble",
                                                "repeat_headline", "lead_rules", "repeats"]
    assert [s.__name__ for s in DUMP_STEPS] == ["normalize", "dump_lines", "junk_rules", "last_block_rules",
                                                "preamble", "repeat_headline", "lead_rules", "repeats"]


@pytest.mark.parametrize("steps", [PAGE_STEPS, TEXT_STEPS, DUMP_STEPS])
def test_a_step_leaves_its_input_alone(steps):
    draft = Draft((Block("paragraph", "Advertisement"), Block("paragraph", _PROSE), Block("paragraph", _PROSE)),
                  "Judul")
    before = dataclasses.replace(draft)
    after = run_steps(draft, steps, RULES)
    assert draft == before
    assert [b.text for b in after.blocks] == [_PROSE]
    # the first of two equal paragraphs is a deck the second repeats
    assert [r.rule for r in after.removals] == ["ad:label", "repeat:lead"]


def test_the_result_is_a_fixed_point_of_its_own_lines():
    blocks = [Block("paragraph", "JAKARTA, KOMPAS.com - " + _PROSE), Block("paragraph", "Advertisement"),
              Block("paragraph", _PROSE + " Dua."), Block("paragraph", "Baca juga: Harga Cabai Melonjak")]
    cleaned = clean_blocks(blocks, "Harga Beras Naik", RULES, find_headline=False)
    lines = [cleaned.title or ""] + [b.text for b in cleaned.blocks]
    again = clean_blocks([Block("paragraph", line) for line in lines], None, RULES, find_headline=True)
    assert [again.title] + [b.text for b in again.blocks] == lines


@given(st.text(alphabet=st.sampled_from(["a", "B", "1", "-", "'", "’", "_", " ", "é", "中", "—", ".", "\u0301", "²"])))
def test_prose_read_from_a_lines_words_is_prose_read_from_its_text(text):
    # a text dump's lines are judged prose from their words (read once); the count must be the \w+ one
    from cleaners.clean.draft import _WORD_RE, _runs
    from cleaners.clean.lines import words

    assert _runs(text, words(text)) == len(_WORD_RE.findall(text))


def test_lines_read_again_keep_their_known_blocks_only_where_the_kind_is_the_same():
    from cleaners.clean.draft import blocks_from_lines

    paragraph, heading = Block("paragraph", _PROSE), Block("paragraph", "Harga Beras")  # a short line reads a heading
    known = {b.text: b for b in (paragraph, heading)}
    read = blocks_from_lines([_PROSE, "Harga Beras", "• Poin"], RULES.settings, known=known)
    assert read == [paragraph, Block("heading", "Harga Beras"), Block("list_item", "• Poin")]
    assert read[0] is paragraph and read[1] is not heading
    assert read == blocks_from_lines([_PROSE, "Harga Beras", "• Poin"], RULES.settings)


_OTHERS = ["Menteri menyebut kenaikan itu perlu untuk menjaga anggaran negara tetap sehat tahun depan.",
           "Sejumlah warga mengaku keberatan karena harga kebutuhan pokok juga ikut naik minggu ini."]
_COPY = "Harga cabai merah di pasar tradisional naik dua kali lipat menjelang hari raya tahun ini."


def test_a_list_item_of_the_page_read_again_as_a_paragraph_is_a_copy_there():
    # A page's list item is never a copy; read again as a text dump's line it is a paragraph, and the
    # later copy of an earlier paragraph goes. The check of the lines that skips a further round must
    # not read the page's kind (a list item) for that line.
    blocks = [Block("paragraph", _PROSE), *(Block("paragraph", t) for t in _OTHERS), Block("paragraph", _COPY),
              Block("paragraph", "Pedagang berharap pemerintah segera turun tangan menstabilkan harga."),
              Block("list_item", _COPY)]
    cleaned = clean_blocks(blocks, "Harga Beras Naik", RULES, find_headline=False)
    assert [b.text for b in cleaned.blocks].count(_COPY) == 1
    assert [(r.rule, r.text) for r in cleaned.removed] == [("repeat:duplicate", _COPY)]


def test_rough_blocks_tell_apart_the_kinds_the_text_steps_read():
    from cleaners.clean.draft import blocks_from_lines, rough_blocks

    listed = Block("list_item", _COPY)  # a page's list item whose line reads a paragraph
    lines = ["Harga Beras", _PROSE, "• Poin", "Harga Cabai", _COPY]
    rough, normal = rough_blocks(lines, RULES.settings, {_COPY: listed, _PROSE: Block("heading", _PROSE)})
    exact = blocks_from_lines(lines, RULES.settings)
    assert [b.text for b in rough] == lines and normal
    assert rough[0] == exact[0] == Block("heading", "Harga Beras")  # the first block's kind is read
    assert [b.kind == "list_item" for b in rough] == [b.kind == "list_item" for b in exact] == \
        [False, False, True, False, False]
    assert rough[1] == Block("heading", _PROSE)  # a known block that is no list item is taken as it is


def test_rough_blocks_read_lines_known_normal_as_any_other():
    # the lines the normalize step found normal (remembered), read again: the same kinds and blocks
    from cleaners.clean.draft import normal_memo, rough_blocks

    listed, known = Block("list_item", _COPY), Block("paragraph", _PROSE)
    lines = ["Harga Beras", _PROSE, "• Poin", "Harga Cabai", _COPY, "9 hal"]
    normal_memo(RULES.settings).remember_all(lines, True)
    rough, normal = rough_blocks(lines, RULES.settings, {_COPY: listed, _PROSE: known})
    assert normal and [b.text for b in rough] == lines
    assert [b.kind for b in rough] == ["heading", "paragraph", "list_item", "heading", "heading", "heading"]
    assert rough[1] is known  # a known block that is no list item is taken as it is; a list item is not


def test_lines_read_again_are_normalized_as_the_normalize_step_would():
    from cleaners.clean.draft import blocks_from_lines, rough_blocks
    from cleaners.clean.normalize import normal_line

    lines = ["Harga  Beras", "Kata\u00a0dia.\nLalu pergi.", "Café ", "Jalan"]
    rough, normal = rough_blocks(lines, RULES.settings, {})
    assert [b.text for b in rough] == [b.text for b in blocks_from_lines(lines, RULES.settings)] == \
        ["Harga Beras", "Kata dia.", "Lalu pergi.", "Café", "Jalan"]
    assert normal  # each line it made is one the normalize step keeps
    assert all(normal_line(b.text) for b in rough)
    assert not any(normal_line(text) for text in ("Harga  Beras", "Kata dia.\nLalu", "Café ", " Jalan", "a\u200bb"))


def test_a_copy_that_kept_its_dateline_is_a_copy():
    dated = "JAKARTA - " + _COPY
    blocks = [Block("paragraph", _PROSE), *(Block("paragraph", t) for t in _OTHERS), Block("paragraph", _COPY),
              Block("paragraph", "Pedagang berharap pemerintah segera turun tangan menstabilkan harga."),
              Block("paragraph", dated)]
    cleaned = clean_blocks(blocks, "Harga Beras Naik", RULES, find_headline=False)
    assert [(r.rule, r.text) for r in cleaned.removed] == [("repeat:duplicate", dated)]


def test_only_blocks_whose_folds_end_alike_are_read_for_copies():
    # two copies (one kept its dateline) among blocks that share their fold's end but are no copies,
    # a list item and a short line: only the copies go, whatever order the others come in
    from cleaners.clean.structure import repeats

    alike = ["Warga Bandung menunggu bantuan beras dari pemerintah kota minggu ini juga.",
             "Pedagang di Bogor mengeluh sepinya pembeli dari pemerintah kota minggu ini juga."]
    others = [Block("paragraph", _PROSE), *(Block("paragraph", t) for t in _OTHERS + alike),
              Block("list_item", _COPY), Block("paragraph", "Naik.")]
    copies = [Block("paragraph", _COPY), Block("paragraph", "BANDUNG - " + _COPY), Block("paragraph", _COPY)]
    for blocks in ([*others[:3], copies[0], *others[3:], copies[1], copies[2]], [copies[0], *others, *copies[1:]]):
        cut = repeats(Draft(tuple(blocks)), RULES)
        assert [(r.rule, r.text) for r in cut.removals] == [("repeat:duplicate", b.text) for b in copies[1:]]
        assert list(cut.blocks) == [b for b in blocks if b not in copies[1:] or b is copies[0]]


def test_the_key_after_a_dateline_ends_the_lines_fold():
    # `repeats` tells a page with no copies from the last characters of its lines' folds, which holds
    # because the key after a dateline is a suffix of the fold
    from pathlib import Path

    from cleaners.clean.draft import fold
    from cleaners.clean.lines import split_dateline

    fixtures = Path(__file__).resolve().parents[3] / "fixtures"
    lines = [line.strip() for path in sorted(fixtures.glob("textdumps/*.txt"))
             for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    made = ["JAKARTA - " + _COPY, "JAKARTA, KOMPAS.com - " + _PROSE, "Kyiv (Reuters) - “İstanbul’da” " + _PROSE,
            "BANDUNG. Straße ﬁnal—" + _COPY, "Surabaya -- “Kata»” " + _PROSE, "TEMPO.CO, Jakarta - (ẞ) ﬂ " + _COPY]
    cut = [(line, found[1]) for line in lines + made if (found := split_dateline(line)) is not None]
    assert len(cut) >= 6
    for line, rest in cut:
        assert fold(line).endswith(fold(rest)), line


def test_a_first_list_item_of_a_page_without_a_title_read_again_as_a_paragraph_is_a_copy_there():
    # no title: the first line is the first block, read again as a paragraph (prose); its copy goes
    # in the further round, which must run
    line = "Aku makan nasi di rumah."  # prose, under the deck test's 30 characters
    for title in (None, ""):
        blocks = [Block("list_item", line), Block("paragraph", line)]
        cleaned = clean_blocks(blocks, title, RULES, find_headline=False)
        assert [b.text for b in cleaned.blocks] == [line]
        assert [(r.rule, r.text) for r in cleaned.removed] == [("repeat:duplicate", line)]


def test_a_second_deck_goes_in_a_third_round():
    # round 2 (the headline read from the lines) drops one deck, round 3 the next
    title = "Harga beras naik lagi di pasar tradisional pekan ini menurut pedagang"  # no label, no prose
    deck = "Pedagang berharap pemerintah segera turun tangan"
    more = deck + " menstabilkan harga"
    blocks = [Block("heading", title),
              Block("paragraph", "Menteri menyebut kenaikan itu perlu untuk menjaga anggaran."),
              Block("paragraph", "Sejumlah warga mengaku keberatan karena harga ikut naik minggu ini."),
              Block("paragraph", deck), Block("paragraph", more),
              Block("paragraph", more + " beras dan cabai di pasar.")]
    cleaned = clean_blocks(blocks, None, RULES, find_headline=False)
    assert [(r.rule, r.text) for r in cleaned.removed] == [("repeat:lead", deck), ("repeat:lead", more)]
