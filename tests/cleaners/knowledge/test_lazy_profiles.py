"""The bundled site profiles are read on the first look-up of one (Knowledge.load(lazy=True)): the same
profiles as an eager read, answering the same hosts, and a run of text dumps, which looks none up,
never reads them."""

from __future__ import annotations

import subprocess
import sys
import threading

from cleaners.knowledge import DATA_DIR
from cleaners.knowledge.bundle import Knowledge
from cleaners.knowledge.sites import load_profiles

FILES = sorted((DATA_DIR / "sites").glob("*.toml"))


def test_a_lazy_registry_holds_what_an_eager_one_holds() -> None:
    eager, lazy = load_profiles(FILES), load_profiles(FILES, lazy=True)
    assert lazy.for_host(None) is None and lazy._later is not None  # no host asked: nothing read
    for host in ("www.detik.com", "news.detik.com", "merdeka.com", "example.org", "kompas.com."):
        left, right = eager.for_host(host), lazy.for_host(host)
        assert (left and left.id) == (right and right.id)
    assert [p.id for p in lazy] == [p.id for p in eager] and len(lazy) == len(eager) > 20
    assert Knowledge.load(lazy=False).sites.profiles.keys() == Knowledge.load(lazy=True).sites.profiles.keys()


def test_threads_asking_at_once_read_the_profiles_once() -> None:
    lazy = load_profiles(FILES, lazy=True)
    found: list[str | None] = []
    threads = [threading.Thread(target=lambda: found.append(getattr(lazy.for_host("detik.com"), "id", None)))
               for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert found == ["detik"] * 8 and len(lazy) == len(FILES)


def test_cleaning_a_text_dump_reads_no_profile() -> None:
    code = ("from cleaners import clean_text; from cleaners.knowledge.bundle import Knowledge; "
            "clean_text('Jakarta - Presiden meresmikan jembatan baru di Kalimantan pada Senin pagi ini. ' * 3); "
            "print(Knowledge.default().sites._later is not None)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out == ["True"]


def test_a_lazy_registry_sent_to_a_worker_arrives_read() -> None:
    import pickle

    copy = pickle.loads(pickle.dumps(load_profiles(FILES, lazy=True)))
    assert copy._later is None and copy.for_host("www.merdeka.com").id == "merdeka"
