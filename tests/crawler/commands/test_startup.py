"""What `newsbroom` loads before it works: `--help` and argument parsing load no cleaning core, no
extractor, no crawler; cleaning a text dump loads no HTML parser or extractor, scrapy or httpx;
`from cleaners import ...` keeps working with its names loaded on first use; a Ctrl-C while the
command is loading is one line and exit code 130. Each case runs in a fresh process (what a module
import leaves behind is per process)."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

from tests.conftest import FIXTURES, PAGES, ROOT

DUMP = FIXTURES / "textdumps" / "dev-jpnn-002.raw.txt"
COMMANDS = ("clean", "eval", "sites", "crawl", "fetch", "merge", "demo", "dedup", "discover")
# what none of --help, argument parsing or a text dump's cleaning may load
EXTRACTOR = ("trafilatura", "lxml", "justext", "htmldate", "courlan", "cleaners.extract.generic")
CRAWLER = ("scrapy", "twisted", "httpx", "redis", "fastwarc")
# what a text dump's cleaning may not load either: the HTML parser and the HTML flow's readers
HTML = ("selectolax", "cleaners.html_flow", "cleaners.page.metadata", "cleaners.extract")
CORE = ("cleaners.pipeline", "cleaners.clean.steps", "cleaners.describe.language", "langdetect", "ftfy", "re2",
        "selectolax", "charset_normalizer")

# Runs main(argv) in a fresh process and prints the modules it loaded (as JSON, on the last line).
_PROBE = """
import json, sys
from crawler.cli import main
try:
    code = main(sys.argv[1:])
except SystemExit as exc:  # --help
    code = exc.code
clean = sys.modules.get("crawler.commands.clean")
profiles = clean._bundled_profiles.cache_info().currsize if clean else 0  # site profiles read for look-ups
language = sys.modules.get("cleaners.describe.language")
detectors = language._factory.cache_info().currsize if language else 0  # langdetect's 55 profiles read
print(json.dumps({"code": code, "modules": sorted(sys.modules), "profiles": profiles, "detectors": detectors}))
"""


def _run_probe(*argv: str, cwd: Path = ROOT) -> dict:
    done = subprocess.run([sys.executable, "-c", _PROBE, *argv], cwd=cwd, capture_output=True, text=True,
                          timeout=120, check=False)
    assert done.stdout.strip(), done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def _loaded(*argv: str) -> tuple[int, set[str]]:
    answer = _run_probe(*argv)
    return answer["code"], set(answer["modules"])


def _loaded_packages(modules: set[str], names: tuple[str, ...]) -> set[str]:
    return {m for m in modules for name in names if m == name or m.startswith(name + ".")}


def test_help_loads_no_cleaning_core_and_no_crawler():
    code, modules = _loaded("--help")
    assert code == 0
    assert not _loaded_packages(modules, EXTRACTOR + CRAWLER + CORE)


_EVERY_HELP = """
import contextlib, io, json, sys
from crawler.cli import main
codes = {}
for command in sys.argv[1:]:
    with contextlib.redirect_stdout(io.StringIO()) as out:
        try:
            main([command, "--help"])
        except SystemExit as exc:
            codes[command] = [exc.code, "-q, --quiet" in out.getvalue() and "-v, --verbose" in out.getvalue()]
print(json.dumps({"codes": codes, "modules": sorted(sys.modules)}))
"""


def test_every_command_help_loads_no_extractor_and_no_crawler():
    # one process shows every command's help in turn: what any of them loads stays loaded
    done = subprocess.run([sys.executable, "-c", _EVERY_HELP, *COMMANDS], cwd=ROOT, capture_output=True, text=True,
                          timeout=120, check=True)
    answer = json.loads(done.stdout)
    assert answer["codes"] == {command: [0, True] for command in COMMANDS}  # -v and -q everywhere
    assert not _loaded_packages(set(answer["modules"]), EXTRACTOR + CRAWLER + ("cleaners.pipeline",))


def test_a_usage_error_is_found_without_loading_the_command():
    code, modules = _loaded("clean", "--jobs", "0", "x.txt")
    assert code == 2
    assert "crawler.commands.clean" not in modules
    assert not _loaded_packages(modules, EXTRACTOR + CRAWLER + CORE)


def test_cleaning_a_text_dump_loads_no_extractor_and_no_crawler(tmp_path):
    # the run as a user starts it: a text dump is cleaned in this process (under its time limit), no worker
    # process is started for it (multiprocessing is not even loaded)
    answer = _run_probe("clean", str(DUMP), "-o", str(tmp_path / "out"))
    assert answer["code"] == 0
    modules = set(answer["modules"])
    assert "cleaners.pipeline" in modules
    assert not _loaded_packages(modules, EXTRACTOR + CRAWLER + HTML + ("multiprocessing",))
    assert answer["profiles"] == 0  # a dump names no URL: no site profile is looked up
    # an Indonesian dump declares nothing and its function words name its language: langdetect's
    # profiles (a third of a second to read) are not loaded, nor langdetect itself
    assert answer["detectors"] == 0 and not _loaded_packages(modules, ("langdetect", "cleaners.describe.detector"))
    # ... and cleaned in this process without limits (one job): the text path itself
    code, modules = _loaded("clean", str(DUMP), "-o", str(tmp_path / "here"), "--jobs", "1", "--page-timeout", "0",
                            "--page-memory", "0")
    assert code == 0
    assert "cleaners.pipeline" in modules  # it did clean here
    assert not _loaded_packages(modules, EXTRACTOR + CRAWLER + HTML)
    same = [(tmp_path / d / "articles.jsonl").read_text(encoding="utf-8") for d in ("out", "here")]
    assert same[0] == same[1] and '"text"' in same[0]


def test_cleaning_html_pages_looks_profiles_up_without_loading_the_junk_rules_here(tmp_path):
    # the records' split keys need the site profiles in this process; the rules are the workers' business
    page = FIXTURES / "pages" / "id-merdeka-001.html"
    answer = _run_probe("clean", str(page), "-o", str(tmp_path / "out"))
    assert answer["code"] == 0 and answer["profiles"] == 1
    modules = set(answer["modules"])
    assert not _loaded_packages(modules, ("re2", "cleaners.knowledge.rules", "cleaners.pipeline") + EXTRACTOR)


_LIBRARY = """
import json, sys
import cleaners
before = sorted(m for m in sys.modules if m.startswith("cleaners."))
from cleaners import Article, Options, clean_text
article = clean_text(open(sys.argv[1], encoding="utf-8").read(), options=Options())
assert isinstance(article, Article)
names = {name: getattr(cleaners, name).__name__ for name in cleaners.__all__}
try:
    cleaners.no_such_name
except AttributeError as exc:
    missing = str(exc)
print(json.dumps({"before": before, "names": names, "missing": missing, "title": article.title,
                  "extractor": "trafilatura" in sys.modules}))
"""


def test_library_names_load_on_first_use():
    done = subprocess.run([sys.executable, "-c", _LIBRARY, str(DUMP)], cwd=ROOT, capture_output=True, text=True,
                          timeout=120, check=True)
    answer = json.loads(done.stdout)
    assert answer["before"] == ["cleaners.errors"]  # `import cleaners` alone
    assert answer["names"]["clean_page"] == "clean_page" and answer["names"]["Article"] == "Article"
    assert set(answer["names"]) == {"Article", "Block", "ConfigError", "NewsbroomError", "Options", "Page",
                                    "ProfileError", "Provenance", "RejectedInput", "Removal", "RuleError",
                                    "clean_html", "clean_page", "clean_text"}
    assert "no_such_name" in answer["missing"]
    assert answer["title"]
    assert answer["extractor"] is False


def test_an_html_page_loads_the_extractor_when_it_needs_it():
    probe = ("import sys; from cleaners import clean_html; "
             "a = clean_html(open(sys.argv[1], 'rb').read()); "
             "print(a.provenance.kind, 'trafilatura' in sys.modules)")
    page = FIXTURES / "pages" / "fundus-uk-BBC-2026-04-25.html"
    done = subprocess.run([sys.executable, "-c", probe, str(page)], cwd=ROOT, capture_output=True, text=True,
                          timeout=120, check=True)
    kind, loaded = done.stdout.split()
    assert kind == "generic" and loaded == "True"


def test_the_workers_fork_server_loads_the_language_models_for_every_worker():
    """The fork server loads langdetect's profiles itself, whatever its Indonesian warm-up page needs
    (one its function words confirm needs none), so that no worker loads its own copy inside a page's
    time limit."""
    probe = ("import sys; import crawler.outputs.warmed; from cleaners.describe import language; "
             "print(language._factory.cache_info().currsize, 'langdetect' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, timeout=120,
                          check=True)
    assert done.stdout.split() == ["1", "True"]


# Runs the rest of its arguments as a program with SIGINT at its default, as a terminal's foreground job
# has it: a test run started with SIGINT ignored (a background job's `(pytest &)`) hands that on to its
# children, which keep ignoring it (test_an_ignored_sigint_stays_ignored). The exec keeps the process: a
# signal sent to it reaches the program.
_FOREGROUND = [sys.executable, "-c", "import os, signal, sys; signal.signal(signal.SIGINT, signal.SIG_DFL); "
               "os.execv(sys.argv[1], sys.argv[1:])"]


def _as_entry_point(tmp_path: Path, body: str) -> Path:
    """A script named `newsbroom` (as the installed console script is) running `body` after the import."""
    script = tmp_path / "newsbroom"
    script.write_text(f"import os, signal, sys\nsys.path.insert(0, {str(ROOT)!r})\nfrom crawler.cli import main\n"
                      f"{body}\n", encoding="utf-8")
    return script


def test_ctrl_c_while_loading_is_one_line_and_130(tmp_path):
    # the Ctrl-C lands while the command is still importing (here: right after crawler.cli, before the
    # cleaning core): no traceback, one line
    script = _as_entry_point(tmp_path, "os.kill(os.getpid(), signal.SIGINT)\nimport cleaners.pipeline\n"
                                       "print('still running')\nsys.exit(main())")
    done = subprocess.run([*_FOREGROUND, sys.executable, str(script), "clean", str(DUMP)], capture_output=True,
                          text=True, timeout=60, check=False)
    assert done.returncode == 130
    assert done.stderr == "newsbroom: interrupted\n"
    assert done.stdout == ""


def test_ctrl_c_once_the_command_runs_is_still_the_command_s(tmp_path):
    # after loading, a Ctrl-C is the command's again: clean stops with one line and 130
    inputs = tmp_path / "dumps"
    inputs.mkdir()
    for i in range(60):
        (inputs / f"dump-{i:02}.txt").write_bytes(DUMP.read_bytes())
    run = subprocess.Popen([*_FOREGROUND, sys.executable, "-m", "crawler.cli", "clean", str(inputs), "-o",
                            str(tmp_path / "out"), "--jobs", "1", "-v"], cwd=ROOT, stdout=subprocess.DEVNULL,
                           stderr=subprocess.PIPE, text=True)
    assert run.stderr is not None
    first = run.stderr.readline()  # the first article written: the run is under way
    assert first.startswith("newsbroom: written "), first
    run.send_signal(signal.SIGINT)
    rest = run.stderr.read()
    assert run.wait(timeout=60) == 130
    assert "Traceback" not in rest
    assert rest.splitlines()[-1] == "newsbroom: interrupted"


def test_an_ignored_sigint_stays_ignored(tmp_path):
    # a background job started with SIGINT ignored keeps ignoring it: the start-up guard does not take it over
    script = _as_entry_point(tmp_path, "print(signal.getsignal(signal.SIGINT) is signal.SIG_IGN)")
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=60, check=True,
                          preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_IGN))
    assert done.stdout.strip() == "True"


def test_a_program_importing_the_cli_keeps_its_own_sigint_handling():
    probe = "import signal, crawler.cli; print(signal.getsignal(signal.SIGINT) is signal.default_int_handler)"
    done = subprocess.run([*_FOREGROUND, sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True,
                          timeout=60, check=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert done.stdout.strip() == "True"


def test_ctrl_c_at_a_terminal_reaches_the_workers_without_a_traceback(tmp_path):
    # a terminal's Ctrl-C signals the whole process group: the cleaning workers leave the stop to the run
    # (no KeyboardInterrupt traceback of theirs, no page rejected because its worker was interrupted)
    inputs = tmp_path / "dumps"
    inputs.mkdir()
    pages = sorted(PAGES.glob("*.html"))[:30]
    for i in range(90):  # pages, not dumps: each worker is busy with one when the signal comes
        shutil.copy(pages[i % len(pages)], inputs / f"page-{i:02}.html")
    out = tmp_path / "out"
    run = subprocess.Popen([*_FOREGROUND, sys.executable, "-m", "crawler.cli", "clean", str(inputs), "-o", str(out),
                            "--jobs", "2", "-v"], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                           text=True, start_new_session=True)
    assert run.stderr is not None
    first = run.stderr.readline()
    assert first.startswith("newsbroom: written "), first
    os.killpg(run.pid, signal.SIGINT)
    rest = run.stderr.read()
    assert run.wait(timeout=60) == 130
    assert "Traceback" not in rest and "KeyboardInterrupt" not in rest, rest
    rejects = out / "rejects.jsonl"
    assert "KeyboardInterrupt" not in (rejects.read_text(encoding="utf-8") if rejects.exists() else "")
