"""A full disk during a crawl pass or a fetch: one line `no space left on DIR`, exit code 1, no torn
line, nothing marked seen that was not written; once there is space again, a re-run writes every
article exactly once. The disk is made full for real without root: the file the pass appends to is a
link to /dev/full, where every write fails with ENOSPC."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from crawler.cli import main
from tests.crawler.conftest import crawl, generated_profile, records
from tests.server import SiteServer, generated_site

pytestmark = pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full here")


def _missing_some(generator, missing: set[int]):
    """The generated site with the articles numbered in `missing` answering 404 (rejections of the crawl)."""
    def serve(path: str, base: str):
        parts = path.split("/")
        if path.startswith("/berita/") and len(parts) > 2 and parts[2].isdigit() and int(parts[2]) in missing:
            return None
        return generator(path, base)

    return serve


def _article_requests(site: SiteServer) -> list[str]:
    return [r.path for r in site.requests() if r.path.startswith("/berita/")]


def _crawl_command(out: Path, profile: Path, capfd) -> tuple[int, str]:
    """`newsbroom crawl` (its pass is a child process): the exit code and everything on stderr."""
    capfd.readouterr()
    code = main(["crawl", "--profile", str(profile), "-o", str(out), "--delay", "0", "--no-autothrottle"])
    return code, capfd.readouterr().err


def _whole_lines(path: Path) -> list[dict]:
    data = path.read_bytes()
    assert data == b"" or data.endswith(b"\n"), "a torn last line"
    return [json.loads(line) for line in data.splitlines()]


def _assert_one_line_no_space(done: tuple[int, str], out: Path, *, state_too: bool = False) -> None:
    """Exit code 1 and one line, the last; with `state_too` the state (on the same disk) may be the
    write that failed first."""
    code, err = done
    assert code == 1, err
    lines = err.strip().splitlines()
    where = f"{out.resolve()} (the crawl state)" if state_too and "(the crawl state)" in lines[-1] else out.resolve()
    assert lines[-1] == f"newsbroom: pass 1 failed: no space left on {where}; free some space and run again"
    assert "Traceback" not in err and "no space left" not in "".join(lines[:-1])


def test_a_full_disk_under_articles_jsonl_stops_the_pass_then_a_rerun_writes_every_article_once(tmp_path, capfd):
    n = 24
    out = tmp_path / "out"
    out.mkdir()
    (out / "articles.jsonl").symlink_to("/dev/full")
    with SiteServer(tmp_path / "none", generator=generated_site(n)) as site:
        profile = generated_profile(site, tmp_path / "gen.toml")
        done = _crawl_command(out, profile, capfd)
        _assert_one_line_no_space(done, out)
        # The pass stopped at the first article: its text file was written before its JSONL line failed,
        # no other (a writer that went on would "write" every article to nowhere and mark it seen).
        assert len(list((out / "gen").glob("*.txt"))) == 1
        assert not list(out.glob(".crawl-queue-*")) and not list(out.glob("gen/.tmp-*"))

        (out / "articles.jsonl").unlink()  # space again
        summary = crawl(out, profile)
        urls = [r["url"] for r in _whole_lines(out / "articles.jsonl")]
        assert len(urls) == len(set(urls)) == n == summary.written
        assert len(list((out / "gen").glob("*.txt"))) == n


def test_a_full_disk_mid_pass_keeps_what_was_written_and_the_rerun_completes(tmp_path, capfd):
    """rejects.jsonl on the full device: the pass writes articles until its first rejection, then stops;
    the articles written are seen, the rest (the rejection too) come with the next pass."""
    n, missing = 30, {12}
    out = tmp_path / "out"
    out.mkdir()
    (out / "rejects.jsonl").symlink_to("/dev/full")
    with SiteServer(tmp_path / "none", generator=_missing_some(generated_site(n), missing)) as site:
        profile = generated_profile(site, tmp_path / "gen.toml")
        done = _crawl_command(out, profile, capfd)
        _assert_one_line_no_space(done, out)
        first = [r["url"] for r in _whole_lines(out / "articles.jsonl")]
        assert 0 < len(first) < n - len(missing)
        assert len(list((out / "gen").glob("*.txt"))) == len(first)

        (out / "rejects.jsonl").unlink()
        summary = crawl(out, profile)
        assert summary.written == n - len(missing) - len(first)  # the articles already written are not fetched again
        urls = [r["url"] for r in _whole_lines(out / "articles.jsonl")]
        assert len(urls) == len(set(urls)) == n - len(missing)
        rejects = records(out, "rejects.jsonl")
        assert [(r["reason"], r["source"].split("/")[4]) for r in rejects] == [("http_error", "12")]
        assert len(list((out / "gen").glob("*.txt"))) == n - len(missing)


def test_fetch_o_on_a_full_disk_is_one_line_and_exit_1(tmp_path, capsys):
    out = tmp_path / "out"
    out.mkdir()
    (out / "articles.jsonl").symlink_to("/dev/full")
    with SiteServer(tmp_path / "none", generator=generated_site(3)) as site:
        profile = generated_profile(site, tmp_path / "gen.toml")
        urls = [f"{site.base}/berita/{i}/berita-nomor-{i}" for i in range(2)]
        fetch = ["fetch", *urls, "--profile", str(profile), "-o", str(out)]
        assert main(fetch) == 1
        assert capsys.readouterr().err.strip().splitlines() == [
            f"newsbroom: error: no space left on {out.resolve()}; free some space and run again"]
        assert len(_article_requests(site)) == 1  # it stopped at the first write that failed
        (out / "articles.jsonl").unlink()
        assert main(fetch) == 0
        assert [r["url"] for r in _whole_lines(out / "articles.jsonl")] == urls


@pytest.fixture
def tiny_disk(tmp_path):
    """A 256 KiB tmpfs (root only; skipped where mounting is not allowed); `grow()` gives it room again."""
    import subprocess

    mount = tmp_path / "disk"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(mount)], capture_output=True)
    if done.returncode != 0:
        pytest.skip("cannot mount a tmpfs here: " + done.stderr.decode(errors="replace").strip())

    def grow() -> None:
        subprocess.run(["mount", "-o", "remount,size=16m", str(mount)], check=True)

    try:
        yield mount, grow
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def test_a_crawl_that_fills_its_disk_stops_with_one_line_and_completes_once_there_is_room(tmp_path, tiny_disk, capfd):
    """A real full disk: the text files, the JSONL, the state and scrapy's own queues all on it."""
    disk, grow = tiny_disk
    n = 30
    out = disk / "out"
    with SiteServer(tmp_path / "none", generator=generated_site(n)) as site:
        profile = generated_profile(site, tmp_path / "gen.toml")
        _assert_one_line_no_space(_crawl_command(out, profile, capfd), out, state_too=True)
        first = [r["url"] for r in _whole_lines(out / "articles.jsonl")]
        assert len(first) < n
        grow()
        assert _crawl_command(out, profile, capfd)[0] == 0
        urls = [r["url"] for r in _whole_lines(out / "articles.jsonl")]
        assert len(urls) == len(set(urls)) == n and urls[:len(first)] == first
        assert len(list((out / "gen").glob("*.txt"))) == n
        assert not list((out / "gen").glob(".tmp-*")) and not list(out.glob(".crawl-queue-*"))
