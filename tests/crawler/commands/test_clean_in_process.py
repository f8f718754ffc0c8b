"""A short run of text dumps is cleaned in the run's own process, under the same time limit as a worker: a
dump over it is a counted `timeout` rejection (no stall, no crash), the rest of the run goes on (in
workers) in input order, and what is written is byte for byte what the workers write."""

from __future__ import annotations

import gc
import json
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from cleaners import Options, Page
from crawler.cli import main
from crawler.outputs.cleaning import IN_PROCESS_INPUTS, clean_items
from tests.conftest import FIXTURES, PAGES, ROOT, SEEDS

DUMPS = sorted((FIXTURES / "textdumps").glob("*.raw.txt")) + sorted(SEEDS.glob("*.txt"))[:1]
# The time limit's alarm raises where the cleaning is; in this process a library's garbage-collection
# callback (hypothesis's, once a test has imported it) may be running there: the raise is swallowed,
# reported as ignored, and a repeat of the alarm ends the cleaning (crawler.outputs.cleaning._alarm).
# The tests assert that outcome; the report of the swallowed raise is expected, not a failure.
pytestmark = pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")

# Runs main(argv) in a fresh process (the run as a user starts it) and prints the processes it still has
# (a fork server and its resource tracker live until the run's process ends) and the modules it loaded.
_PROBE = """
import glob, json, sys
from crawler.cli import main
code = main(sys.argv[1:])
children = [pid for name in glob.glob("/proc/self/task/*/children") for pid in open(name).read().split()]
print(json.dumps({"code": code, "children": len(children), "modules": sorted(sys.modules)}))
"""


def _lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()] if path.exists() else []


def _slow_dump(path: Path) -> Path:
    """120,000 numbered lines (730 kB, under the size cleaned in the run's own process): some seconds of
    cleaning, each line judged on its own (distinct, so none is answered from memory)."""
    path.write_text("\n".join(str(i) for i in range(120_000)), encoding="utf-8")
    return path


def _limit(path: Path, page_timeout: float) -> str:
    """The message of `path` over its time limit: `page_timeout` a MiB."""
    limit = page_timeout * (1 + path.stat().st_size / 2**20)
    return f"cleaning took longer than {limit:.1f} s (raise it with --page-timeout)"


def _start_probe(*argv: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", _PROBE, *argv], cwd=ROOT, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def _answer(probe: subprocess.Popen) -> tuple[dict, str]:
    out, err = probe.communicate(timeout=120)
    assert out.strip(), err
    return json.loads(out.strip().splitlines()[-1]), err


def _run_probe(*argv: str) -> tuple[dict, str]:
    return _answer(_start_probe(*argv))


def test_a_slow_dump_alone_is_a_timeout_in_the_run_s_own_process(tmp_path):
    slow = _slow_dump(tmp_path / "slow.txt")
    out = tmp_path / "out"
    started = time.monotonic()
    # its limit is 0.5 s a MiB (0.85 s here): far below its seconds of cleaning, also on an idle machine
    answer, err = _run_probe("clean", str(slow), "-o", str(out), "--page-timeout", "0.5")
    assert time.monotonic() - started < 20
    assert answer["code"] == 1
    assert answer["children"] == 0 and "multiprocessing" not in answer["modules"]  # no worker, no fork server
    [reject] = _lines(out / "rejects.jsonl")
    assert (Path(reject["source"]).name, reject["reason"]) == ("slow.txt", "timeout")
    assert reject["message"] == _limit(slow, 0.5)
    assert _lines(out / "articles.jsonl") == []
    assert f"rejected {slow}: cleaning took longer than" in err and "rejected 1 (timeout 1)" in err


def test_after_a_timeout_here_the_rest_of_the_run_goes_on_in_order(tmp_path, capsys):
    src = tmp_path / "in"
    src.mkdir()
    _slow_dump(src / "a-slow.txt")
    shutil.copy(DUMPS[0], src / "b-dump.txt")
    shutil.copy(DUMPS[1], src / "c-dump.txt")
    shutil.copy(DUMPS[2], src / "d-dump.txt")
    out = tmp_path / "out"
    # the dumps after it are cleaned in a worker in tens of milliseconds: 0.5 s leaves room on a busy machine
    assert main(["clean", str(src), "-o", str(out), "--jobs", "1", "--page-timeout", "0.5"]) == 1
    # the alarm was this run's only: its handler is gone and no alarm is left pending
    assert signal.getsignal(signal.SIGALRM) == signal.SIG_DFL
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    assert [(Path(r["source"]).name, r["reason"], r["message"]) for r in _lines(out / "rejects.jsonl")] == [
        ("a-slow.txt", "timeout", _limit(src / "a-slow.txt", 0.5))]
    assert [Path(r["source"]).name for r in _lines(out / "articles.jsonl")] == ["b-dump.txt", "c-dump.txt",
                                                                              "d-dump.txt"]
    assert "written 3; rejected 1 (timeout 1)" in capsys.readouterr().err
    # the dumps cleaned after the timeout (in a worker) are the same as cleaned alone, without limits
    alone = tmp_path / "alone"
    names = ("b-dump.txt", "c-dump.txt", "d-dump.txt")
    assert main(["clean", *(str(src / name) for name in names), "-o", str(alone), "--jobs", "1",
                 "--page-timeout", "0", "--page-memory", "0"]) == 0
    for name in names:
        assert (out / name).read_bytes() == (alone / name).read_bytes()


def test_the_deadline_is_not_raised_into_an_unraisable_exception_hook_written_in_python(tmp_path):
    # A raise swallowed in a garbage-collection callback goes to sys.unraisablehook; a test runner's is
    # Python code, still on the cleaning's stack. The alarm that repeats while it runs must leave it to
    # finish (a raise there broke the runner's report of the first one), and end the cleaning after.
    slow = _slow_dump(tmp_path / "slow.txt")
    slept: list[float] = []
    entered: list[str] = []
    reported: list[str] = []

    def asleep(phase: str, _info: dict) -> None:
        if phase == "start" and not slept and time.monotonic() - started > 0.3:
            slept.append(time.monotonic())
            time.sleep(3)  # the alarm's raise lands here and is swallowed

    def report(unraisable) -> None:
        entered.append(type(unraisable.exc_value).__name__)
        time.sleep(0.2)  # ten repeats of the alarm land while the hook runs
        reported.append(type(unraisable.exc_value).__name__)

    started = time.monotonic()
    previous = sys.unraisablehook
    gc.callbacks.append(asleep)
    sys.unraisablehook = report
    try:
        code = main(["clean", str(slow), "-o", str(tmp_path / "out"), "--page-timeout", "0.5"])
    finally:
        sys.unraisablehook = previous
        gc.callbacks.remove(asleep)
    assert slept and code == 1
    # The hook ran to its end each time it was called: once for the raise swallowed in the sleep; on a
    # loaded machine a later repeat can land in another collection callback and be swallowed too.
    assert reported and reported == entered and set(reported) == {"_Deadline"}
    assert [(r["reason"], r["message"]) for r in _lines(tmp_path / "out" / "rejects.jsonl")] == [
        ("timeout", _limit(slow, 0.5))]
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


def test_a_one_dump_run_writes_the_same_bytes_as_the_workers(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    dumps = []
    for i, dump in enumerate(DUMPS):
        dumps.append(src / f"{i}-{dump.name}")
        shutil.copy(dump, dumps[-1])
    dumps.append(src / "9-junk.txt")  # nothing left after cleaning: a rejection, with its message
    dumps[-1].write_text("Advertisement\n970x90px\n", encoding="utf-8")
    # an HTML page first: the run starts its workers, and every dump after it is cleaned there
    page = PAGES / "id-merdeka-001.html"
    workers = tmp_path / "workers"
    probes = {dump: _start_probe("clean", str(dump), "-o", str(tmp_path / f"one-{dump.name}")) for dump in dumps}
    answer, _ = _run_probe("clean", str(page), *map(str, dumps), "-o", str(workers))
    assert answer["code"] == 1 and answer["children"] > 0
    records = {r["source"]: r for r in _lines(workers / "articles.jsonl")}
    rejects = {r["source"]: r for r in _lines(workers / "rejects.jsonl")}
    assert len(records) == len(DUMPS) + 1 and list(rejects) == [str(dumps[-1])]
    for dump, probe in probes.items():  # each dump alone, in a fresh process as a user runs it: cleaned there
        one = tmp_path / f"one-{dump.name}"
        answer, _ = _answer(probe)
        assert answer["children"] == 0 and "multiprocessing" not in answer["modules"]
        if str(dump) in rejects:
            assert _lines(one / "rejects.jsonl") == [rejects[str(dump)]] and answer["code"] == 1
            continue
        assert answer["code"] == 0
        [record] = _lines(one / "articles.jsonl")
        assert record == records[str(dump)]
        name = dump.name.removesuffix(".txt") + ".txt"
        assert (one / name).read_bytes() == (workers / name).read_bytes()


def test_a_time_limit_no_clock_can_keep_is_refused_or_none(tmp_path, capsys):
    for value in ("inf", "nan", "1e400"):  # on the command line: a usage error that says what is expected
        code = None
        try:
            main(["clean", str(DUMPS[0]), "--page-timeout", value])
        except SystemExit as exc:
            code = exc.code
        assert code == 2
        assert f"argument --page-timeout: not a number of seconds (0 or more): {value!r}" in capsys.readouterr().err
    # a library caller's inf or nan is no limit, here and in a worker (an HTML page goes to one)
    page = Page(url=None, body=(PAGES / "id-merdeka-001.html").read_bytes(), source="page.html")
    dump = Page(url=None, body=DUMPS[0].read_bytes(), source="dump.txt")
    for limit in (float("inf"), float("nan"), 1e300):
        results = [result for _, result in clean_items([dump, page], Options(), 1, page_timeout=limit)]
        assert [type(result).__name__ for result in results] == ["Article", "Article"]


def test_a_run_longer_than_the_in_process_limit_is_the_workers_from_its_first_input(tmp_path):
    outputs = {}
    probes = {}
    for count in (IN_PROCESS_INPUTS, IN_PROCESS_INPUTS + 1):
        src = tmp_path / f"in{count}"
        src.mkdir()
        for i in range(count):
            shutil.copy(DUMPS[i % len(DUMPS)], src / f"{i:02}.txt")
        outputs[count] = tmp_path / f"out{count}"
        probes[count] = _start_probe("clean", str(src), "-o", str(outputs[count]), "--jobs", "2")
    answers = {count: _answer(probe)[0] for count, probe in probes.items()}
    assert answers[IN_PROCESS_INPUTS]["children"] == 0  # cleaned in the run's own process
    assert answers[IN_PROCESS_INPUTS + 1]["children"] > 0  # one more: in workers, the first one included
    assert {answer["code"] for answer in answers.values()} == {0}
    # the same bytes: the first 32 records of the longer run are the shorter run's
    short, long = ((outputs[count] / "articles.jsonl").read_text(encoding="utf-8").splitlines() for count in outputs)
    assert len(long) == len(short) + 1
    assert [json.loads(line)["text"] for line in long[:-1]] == [json.loads(line)["text"] for line in short]
    for i in range(IN_PROCESS_INPUTS):
        assert (outputs[IN_PROCESS_INPUTS] / f"{i:02}.txt").read_bytes() == \
            (outputs[IN_PROCESS_INPUTS + 1] / f"{i:02}.txt").read_bytes()


def test_a_deadline_swallowed_where_it_landed_is_raised_again(tmp_path):
    # the alarm can land in a garbage-collection callback (a library's) or a __del__, where an exception is
    # printed as ignored and goes no further: here a callback asleep when the limit comes (0.85 s into the
    # cleaning): the raise ends its sleep and is swallowed, the next one ends the dump's cleaning
    slow = _slow_dump(tmp_path / "slow.txt")
    slept: list[float] = []

    def asleep(phase: str, _info: dict) -> None:
        if phase == "start" and not slept and time.monotonic() - started > 0.3:
            slept.append(time.monotonic())
            time.sleep(3)

    started = time.monotonic()
    gc.callbacks.append(asleep)
    try:
        code = main(["clean", str(slow), "-o", str(tmp_path / "out"), "--page-timeout", "0.5"])
        elapsed = time.monotonic() - started
    finally:
        gc.callbacks.remove(asleep)
    assert slept and code == 1 and elapsed < 10
    assert [(r["reason"], r["message"]) for r in _lines(tmp_path / "out" / "rejects.jsonl")] == [
        ("timeout", _limit(slow, 0.5))]
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
