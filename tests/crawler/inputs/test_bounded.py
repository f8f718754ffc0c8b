"""The one bounded read: plain and gzip input, never past the limit, cut-off and corrupt gzip told apart."""

from __future__ import annotations

import gzip
import io

import pytest

from crawler.inputs.bounded import Corrupt, TooLarge, Truncated, gunzip_head, read_bytes, read_chunks, read_stream


def test_plain_input_up_to_the_limit():
    assert read_stream(io.BytesIO(b"x" * 100), 100) == b"x" * 100
    with pytest.raises(TooLarge) as exc:
        read_stream(io.BytesIO(b"x" * 101), 100)
    assert not exc.value.compressed
    assert read_chunks([b"ab", b"", b"cd"], 4) == b"abcd"


def test_plain_bytes_over_the_limit_give_their_size():
    with pytest.raises(TooLarge) as exc:
        read_bytes(b"<urlset>" + b" " * 100, 50)
    assert exc.value.size == 108 and not exc.value.compressed
    assert read_bytes(b"<urlset/>", 50) == b"<urlset/>"


def test_gzip_bomb_stops_at_the_limit():
    bomb = gzip.compress(b" " * (32 * 1024 * 1024))
    with pytest.raises(TooLarge) as exc:
        read_stream(io.BytesIO(bomb), 1024 * 1024, gzipped=True)
    assert exc.value.compressed
    with pytest.raises(TooLarge):
        read_bytes(bomb, 1024 * 1024)


def test_gzip_read_whole_across_members_and_padding():
    assert read_bytes(gzip.compress(b"<html>") + gzip.compress(b"</html>"), 100) == b"<html></html>"
    assert read_bytes(gzip.compress(b"<html>") + b"\x00" * 30, 100) == b"<html>"
    # a member that ends exactly at a chunk boundary, the next one in the following chunk
    first, second = gzip.compress(b"one "), gzip.compress(b"two")
    assert read_chunks([first, second], 100, gzipped=True) == b"one two"


def test_cut_off_gzip_is_truncated():
    whole = gzip.compress(b"<urlset>" + b"<url><loc>http://a.example/x</loc></url>" * 200 + b"</urlset>")
    with pytest.raises(Truncated):
        read_bytes(whole[: len(whole) // 2], 1 << 20)


def test_corrupt_gzip_names_the_fault():
    with pytest.raises(Corrupt) as exc:
        read_bytes(gzip.compress(b"<urlset></urlset>")[:10] + b"\xff" * 40, 1 << 20)
    assert exc.value.detail
    with pytest.raises(Corrupt):  # something after the last member that is not another member
        read_bytes(gzip.compress(b"<urlset></urlset>") + b"trailing junk", 1 << 20)


def test_gunzip_head_sniffs_a_prefix():
    assert gunzip_head(gzip.compress(b"WARC/1.0\r\n" + b"x" * 10_000)[:200], 8) == b"WARC/1.0"
    with pytest.raises(Corrupt):
        gunzip_head(b"\x1f\x8bnot deflate at all", 8)


def test_read_encoded_undoes_the_codings_under_the_limit_and_reads_a_head():
    import zlib

    from crawler.inputs.bounded import read_encoded

    body = b"<p>isi berita</p>" * 1000
    coded = gzip.compress(body)
    chunks = [coded[i:i + 100] for i in range(0, len(coded), 100)]
    assert read_encoded(chunks, ["gzip"], len(body)) == body
    assert read_encoded([zlib.compress(body)], ["deflate"], len(body)) == body
    assert read_encoded([body], ["identity", "utf-8"], len(body)) == body  # not codings we undo: left as they are
    with pytest.raises(TooLarge) as info:
        read_encoded(chunks, ["gzip"], len(body) - 1)
    assert info.value.compressed
    with pytest.raises(TooLarge) as info:
        read_encoded([body], [], len(body) - 1)
    assert not info.value.compressed
    with pytest.raises(Truncated):
        read_encoded(chunks[:-1], ["gzip"], len(body))
    # a head: the first bytes decoded, no error past them nor at an early end of the coded data
    assert read_encoded(chunks, ["gzip"], 10, head=50) == body[:50]
    import random

    noise = random.Random(1).randbytes(20_000)  # does not compress: a cut coded stream gives only its start
    cut = gzip.compress(noise)[:5_000]
    partial = read_encoded([cut], ["gzip"], 10, head=len(noise))
    assert 0 < len(partial) < len(noise) and noise.startswith(partial)
    assert read_encoded([body], [], 10, head=50) == body[:50]
