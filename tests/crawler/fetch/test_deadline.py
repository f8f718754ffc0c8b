"""`fetch` has a total deadline per response: a server dripping a byte at a time does not hold it."""

from __future__ import annotations

import socket
import threading
import time

import pytest

from cleaners import RejectedInput
from crawler.fetch.client import Fetcher


def _dripping_server(stop: threading.Event) -> int:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(4)
    sock.settimeout(0.2)

    def serve() -> None:
        while not stop.is_set():
            try:
                conn, _ = sock.accept()
            except TimeoutError:
                continue
            with conn:
                conn.recv(65536)
                conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 100000\r\n\r\n")
                while not stop.is_set():
                    try:
                        conn.sendall(b"<")
                    except OSError:
                        break
                    time.sleep(0.2)
        sock.close()

    threading.Thread(target=serve, daemon=True).start()
    return sock.getsockname()[1]


def test_a_dripping_server_is_given_up_after_the_timeout():
    stop = threading.Event()
    port = _dripping_server(stop)
    fetcher = Fetcher(user_agent="newsbroom-test", timeout=1.0)
    started = time.monotonic()
    try:
        with pytest.raises(RejectedInput, match="took over 1s") as info:
            fetcher._bounded(f"http://127.0.0.1:{port}/article.html")
    finally:
        fetcher.close()
        stop.set()
    assert info.value.reason == "fetch_failed"
    assert time.monotonic() - started < 3
