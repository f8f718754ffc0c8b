"""-v/--verbose and -q/--quiet on every command: -q leaves only errors and rejections on stderr, -v adds a
line per item where the command has items (articles written, files read, pages scored). Real runs: a
fixture text dump cleaned, articles fetched from the local site on 127.0.0.1."""

from __future__ import annotations

import shutil

import pytest

from crawler.cli import _build, main
from tests.conftest import FIXTURES

DUMPS = FIXTURES / "textdumps"
DUMP = DUMPS / "dev-jpnn-002.raw.txt"
# each command with the fewest arguments it parses
ARGUMENTS = {"clean": ["x.txt"], "eval": ["DIR"], "sites": [], "crawl": [], "fetch": [], "merge": ["DIR"],
             "demo": [], "dedup": ["DIR"], "discover": []}


@pytest.mark.parametrize("command", sorted(ARGUMENTS))
def test_every_command_takes_v_or_q_but_not_both(command, capsys):
    argv = [command, *ARGUMENTS[command]]
    for flag, verbose, quiet in (("-v", True, False), ("--verbose", True, False), ("-q", False, True),
                                 ("--quiet", False, True), (None, False, False)):
        words = argv + ([flag] if flag else [])
        args = _build(words).parse_args(words)
        assert (args.verbose, args.quiet) == (verbose, quiet), words
    with pytest.raises(SystemExit) as stopped:
        _build(argv + ["-v", "-q"]).parse_args(argv + ["-v", "-q"])
    assert stopped.value.code == 2
    assert "not allowed with argument" in capsys.readouterr().err


def test_clean_q_leaves_only_the_rejections_and_v_names_each_article(tmp_path, capsys):
    inputs = tmp_path / "in"
    inputs.mkdir()
    shutil.copy(DUMP, inputs / DUMP.name)
    (inputs / "empty.txt").write_bytes(b"")  # rejected: its line is an error, -q or not
    runs = {}
    for name, flags in (("default", []), ("quiet", ["-q"]), ("verbose", ["-v"])):
        assert main(["clean", str(inputs), "-o", str(tmp_path / name), "--jobs", "1", *flags]) == 1
        runs[name] = capsys.readouterr().err.replace(str(tmp_path / name), "OUT").splitlines()
    rejection = [line for line in runs["default"] if line.startswith("newsbroom: rejected ")]
    assert len(rejection) == 1 and "empty.txt" in rejection[0] and "[empty]" in rejection[0]
    assert any(line.startswith("newsbroom: read 2; written 1; rejected 1") for line in runs["default"])
    assert any(line.startswith("newsbroom: output in OUT/") for line in runs["default"])
    assert runs["quiet"] == rejection
    written = [line for line in runs["verbose"] if line.startswith("newsbroom: written ")]
    assert len(written) == 1 and DUMP.name in written[0] and "[text]" in written[0]
    assert sorted(runs["verbose"]) == sorted(runs["default"] + written)
    # the records are the same whatever is said
    texts = {name: (tmp_path / name / "articles.jsonl").read_text(encoding="utf-8") for name in runs}
    assert texts["quiet"].count("\n") == 1
    assert {len(t) for t in texts.values()} == {len(texts["default"])}


def test_clean_q_on_stdout_says_nothing_on_stderr(capsys):
    assert main(["clean", str(DUMP), "--jobs", "1", "-q"]) == 0
    captured = capsys.readouterr()
    assert captured.err == ""
    assert '"text"' in captured.out


def test_fetch_q_and_v(site, profile, tmp_path, capsys):
    good = f"{site.base}/news/id-merdeka-001.html"
    bad = f"{site.base}/news/no-such-article.html"
    runs = {}
    for name, flags in (("default", []), ("quiet", ["-q"]), ("verbose", ["-v"])):
        code = main(["fetch", "--profile", str(profile), "-o", str(tmp_path / name), good, bad, *flags])
        assert code == 1  # the missing page is rejected
        runs[name] = capsys.readouterr().err.splitlines()
    rejection = [line for line in runs["default"] if line.startswith("newsbroom: rejected ")]
    assert len(rejection) == 1 and bad in rejection[0]
    assert "newsbroom: fetched 1, written 1, rejected 1" in runs["default"]
    assert runs["quiet"] == rejection
    assert runs["verbose"] == [f"newsbroom: written {good}", *rejection, "newsbroom: fetched 1, written 1, rejected 1"]
    assert f"newsbroom: written {good}" not in runs["default"]


def test_merge_and_dedup_q_and_v(tmp_path, capsys):
    assert main(["clean", str(DUMPS), "-o", str(tmp_path / "out"), "--jobs", "1", "-q"]) == 0
    capsys.readouterr()
    part = tmp_path / "out" / "articles.jsonl"
    for command in (["merge"], ["dedup"]):
        runs = {}
        for name, flags in (("default", []), ("quiet", ["-q"]), ("verbose", ["-v"])):
            target = tmp_path / f"{command[0]}-{name}.jsonl"
            assert main([*command, str(tmp_path / "out"), "-o", str(target), *flags]) == 0
            runs[name] = capsys.readouterr().err.splitlines()
        assert runs["default"] and runs["default"][-1].endswith(f"-> {tmp_path / (command[0] + '-default.jsonl')}")
        assert runs["quiet"] == []
        assert f"newsbroom: reading {part}" in runs["verbose"]
        assert f"newsbroom: reading {part}" not in runs["default"]


def test_a_torn_line_is_reported_even_with_q(tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["clean", str(DUMP), "-o", str(out), "--jobs", "1", "-q"]) == 0
    with (out / "articles.jsonl").open("a", encoding="utf-8") as fh:
        fh.write('{"id": "torn')  # a killed writer's last line
    capsys.readouterr()
    assert main(["merge", str(out), "-q"]) == 1
    err = capsys.readouterr().err
    assert "torn" in err


def test_sites_q_drops_the_summary(capsys):
    assert main(["sites"]) == 0
    default = capsys.readouterr()
    assert main(["sites", "-q"]) == 0
    quiet = capsys.readouterr()
    assert "profiles," in default.err and quiet.err == ""
    assert quiet.out == default.out and quiet.out


def test_discover_q_drops_the_summary(site, profile, capsys):
    assert main(["discover", "--profile", str(profile), "-q"]) == 0
    quiet = capsys.readouterr()
    assert main(["discover", "--profile", str(profile)]) == 0
    default = capsys.readouterr()
    assert quiet.err == "" and "article URLs from" in default.err
    assert sorted(quiet.out.splitlines()) == sorted(default.out.splitlines()) and quiet.out


def test_eval_v_scores_each_dump(capsys):
    assert main(["eval", str(DUMPS)]) == 0
    default = capsys.readouterr().out
    assert main(["eval", str(DUMPS), "-v"]) == 0
    verbose = capsys.readouterr().out
    assert "dev-jpnn-002" not in default and "dev-jpnn-002" in verbose
