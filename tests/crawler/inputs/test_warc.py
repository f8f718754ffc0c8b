"""WARC record reading: the HTTP block of a record, files that are not WARC."""

from __future__ import annotations

import gzip

from cleaners.model import Rejection
from crawler.inputs.warc import iter_warc, split_http


def test_split_http_block():
    block = b"HTTP/1.1 404 Not Found\r\nContent-Type: text/html\r\nX-A: 1\r\nx-a: 2\r\n\r\n<p>"
    status, headers, body = split_http(block)
    assert (status, headers, body) == (404, {"content-type": "text/html", "x-a": "2"}, b"<p>")
    assert split_http(b"HTTP/1.0 200 OK\n\nbody") == (200, {}, b"body")
    assert split_http(b"no header at all") is None
    assert split_http(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n<html>") is None
    assert split_http(b"garbage\r\n\r\n<html>") == (None, {}, b"<html>")


def test_a_file_that_is_not_warc_is_one_rejection(tmp_path):
    for name, data in (("a.warc", b"<html>"), ("b.warc.gz", gzip.compress(b"<html>")), ("c.warc.gz", b"\x1f\x8bjunk")):
        path = tmp_path / name
        path.write_bytes(data)
        [item] = list(iter_warc(path, name, 1 << 20))
        assert isinstance(item, Rejection)
        assert (item.source, item.reason) == (name, "broken_record")
