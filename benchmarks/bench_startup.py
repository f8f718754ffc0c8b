"""Start-up benchmark: the CPU time of whole `newsbroom` processes against a bare `python -c pass`.

    python benchmarks/bench_startup.py [--repeat 5] [--dump FILE.raw.txt] [--page FILE.html] [--before DIR]

Each command runs --repeat times as a fresh process, in turns with the reference (the same venv's
`python -c pass`), so both see the same machine load. A run's CPU time is user + sys of the
process and of every process it started (the cleaning workers and their fork server among them):
this process makes itself the reaper of orphaned descendants (PR_SET_CHILD_SUBREAPER on Linux),
waits for all of them, and reads resource.getrusage(RUSAGE_CHILDREN) before and after. Reported,
the median of the runs of each, as "ours vs reference, ratio":

- `newsbroom --help`;
- `newsbroom clean DUMP -o DIR`: one text dump (the first of ../shared/eval/textdumps by default),
  cleaned in the newsbroom process under its time limit, no worker started;
- `newsbroom clean PAGE -o DIR`: one HTML page (the first of ../shared/eval/pages by default), cleaned
  in a worker started through the fork server;
- the dump again cleaned in the newsbroom process without limits (`--jobs 1 --page-timeout 0
  --page-memory 0`), which shows what the time limit costs there.

Beside "ours" (every process), "main" is the newsbroom process alone (os.wait4). With `--before DIR`
(a source tree, e.g. `git archive REV | tar -x -C DIR`), the same commands of that tree run too, as
`python -m crawler.cli`, in turns with ours and the reference: before and after in one run.

The goals are ratios (6x for --help, 10x for a dump): they hold on any machine, the seconds do not.
"""

from __future__ import annotations

import argparse
import contextlib
import ctypes
import os
import resource
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EVAL = ROOT.parent / "shared" / "eval"
_PR_SET_CHILD_SUBREAPER = 36


def become_subreaper() -> bool:
    """Orphaned descendants (a fork server outliving its parent) are re-parented to this process,
    so their CPU time is counted when reaped. False where the OS cannot do it."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(_PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_once(argv: list[str], tree: Path = ROOT) -> tuple[float, float]:
    """CPU seconds (user + sys) of `argv` and of every process it started; and of `argv`'s own
    process (with the children it waited for itself)."""
    before = _children_cpu()
    # as on an installed machine, modules load from their compiled bytecode (PYTHONDONTWRITEBYTECODE
    # would make every run compile the project's sources again); the warm-up run writes it
    env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    if tree != ROOT:
        env["PYTHONPATH"] = str(tree)
    proc = subprocess.Popen(argv, cwd=tree, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, env=env)
    assert proc.stderr is not None
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    proc.stderr.close()
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(argv)} failed ({proc.returncode}): {err.decode(errors='replace')}")
    with contextlib.suppress(ChildProcessError):
        while True:  # the orphans it left, re-parented to us: wait for each so that its time counts
            os.waitpid(-1, 0)
    return _children_cpu() - before, usage.ru_utime + usage.ru_stime


def newsbroom() -> list[str]:
    """The installed console script, or the module where the project is not installed."""
    script = Path(sys.executable).with_name("newsbroom")
    return [str(script)] if script.exists() else [sys.executable, "-m", "crawler.cli"]


def _first(directory: Path, pattern: str) -> Path:
    found = sorted(directory.glob(pattern))
    if not found:
        raise SystemExit(f"no {pattern} in {directory}: give the file to use")
    return found[0]


def _rows(cmd: list[str], dump: Path, page: Path, tmp: str) -> dict[str, Callable[[int], list[str]]]:
    """Each measured command line, by its row's name; `i` keeps the output directories apart."""
    here = ["--jobs", "1", "--page-timeout", "0", "--page-memory", "0"]
    return {"--help": lambda i: [*cmd, "--help"],
            "clean one dump -o DIR": lambda i: [*cmd, "clean", str(dump), "-o", f"{tmp}/dump{i}"],
            "clean one HTML page -o DIR": lambda i: [*cmd, "clean", str(page), "-o", f"{tmp}/page{i}"],
            "clean one dump, no worker (*)": lambda i: [*cmd, "clean", str(dump), "-o", f"{tmp}/here{i}", *here]}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=5, help="runs of each command (default 5)")
    parser.add_argument("--dump", type=Path, help="the text dump (default: the first of ../shared/eval/textdumps)")
    parser.add_argument("--page", type=Path, help="the HTML page (default: the first of ../shared/eval/pages)")
    parser.add_argument("--before", type=Path, metavar="DIR", help="also run the commands from this source tree "
                        "(an earlier checkout, e.g. from git archive), in turns with ours and the reference")
    args = parser.parse_args()
    dump = (args.dump or _first(EVAL / "textdumps", "*.raw.txt")).resolve()
    page = (args.page or _first(EVAL / "pages", "*.html")).resolve()
    whole = become_subreaper()
    reference = [sys.executable, "-c", "pass"]
    trees = {"": (ROOT, newsbroom())}
    if args.before is not None:
        trees = {"before: ": (args.before.resolve(), [sys.executable, "-m", "crawler.cli"]), "after:  ": trees[""]}
    with tempfile.TemporaryDirectory(prefix="bench-startup-") as tmp:
        rows = {(label, name): (tree, argv) for label, (tree, cmd) in trees.items()
                for name, argv in _rows(cmd, dump, page, f"{tmp}/{len(label)}{label[:1]}").items()}
        times: dict[tuple[str, str], list[tuple[float, float]]] = {key: [] for key in rows}
        ref: list[float] = []
        for tree, argv in rows.values():  # a warm-up run of each: bytecode written, files cached
            run_once(argv(-1), tree)
        for i in range(args.repeat):
            for key, (tree, argv) in rows.items():  # the reference beside each command, in turns
                ref.append(run_once(reference)[0])
                times[key].append(run_once(argv(i), tree))
    base = statistics.median(ref)
    counted = "every process the command started" if whole else "the processes it waited for"
    print(f"CPU seconds (user+sys), median of {args.repeat} runs, each command in turns with the reference "
          f"({' '.join(reference)}); 'ours' counts {counted}, 'main' the newsbroom process alone. "
          f"dump: {dump.name}; page: {page.name}; (*) --jobs 1 --page-timeout 0 --page-memory 0")
    print(f"{'newsbroom':<48} {'ours':>7}    {'reference':>9} {'ratio':>6}  {'main':>7} {'ratio':>6}")
    for (label, name), values in times.items():
        ours = statistics.median(v[0] for v in values)
        own = statistics.median(v[1] for v in values)
        print(f"{label + name:<48} {ours:7.3f} vs {base:9.3f}, {ours / base:5.1f}x  {own:7.3f} {own / base:5.1f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
