"""The command line: the argparse tree, and main() handing the arguments to crawler.commands.<name>.run.
stdout carries data only.

Exit codes: 0 all inputs fine, 1 some inputs rejected or failed, 2 usage or configuration error.
"""

from __future__ import annotations

import os
import signal
import sys


def _interrupted_at_start(signum: int, frame: object) -> None:
    """Ctrl-C while the command is still loading: one line and exit 130, no traceback."""
    os.write(2, b"newsbroom: interrupted\n")
    os._exit(130)


def _guard_start() -> object:
    """Install `_interrupted_at_start` for SIGINT (unless SIGINT is ignored, as for a background job);
    returns the handler to put back once the command is loaded."""
    previous = signal.getsignal(signal.SIGINT)
    if previous is not signal.SIG_IGN:
        signal.signal(signal.SIGINT, _interrupted_at_start)
    return previous if previous is not None else signal.SIG_DFL  # None: a handler set outside Python


def _is_entry_point() -> bool:
    """Whether this process is the `newsbroom` command (its console script or `python -m crawler.cli`),
    not a program that imports the module."""
    main_file = getattr(sys.modules.get("__main__"), "__file__", None) or ""
    return __name__ == "__main__" or os.path.basename(main_file) in ("newsbroom", "newsbroom.exe")


# First thing, before anything heavy is imported: the command's own SIGINT handling starts in main().
_START_HANDLER = _guard_start() if _is_entry_point() else None

import argparse  # noqa: E402
import contextlib  # noqa: E402
import importlib  # noqa: E402
from collections.abc import Sequence  # noqa: E402

from cleaners import ConfigError, __version__  # noqa: E402  (cleaners' names load on first use)
from cleaners.errors import NewsbroomError  # noqa: E402
from crawler.commands import argtypes  # noqa: E402

__all__ = ["main"]

_setting = argtypes.setting  # -s NAME=VALUE (the crawl's tests check its warning without a crawl)

SKIP_PAYWALLED_HELP = ("a page that declares its article not free to read (JSON-LD isAccessibleForFree: false) is a "
                       "'paywalled' rejection instead of a record flagged free_access: false")


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: error: {message}\nRun '{self.prog} --help' for the options.\n")


FORMAT_HELP = ("txt, jsonl, md, csv, parquet, several comma-separated (jsonl,md,parquet); both = txt,jsonl. "
               "With -o each goes to its own file(s); without it one of txt, jsonl, md, csv goes to stdout")


def _max_bytes() -> int:
    """The default of --max-bytes (data/settings.toml), read without loading the cleaning core."""
    from cleaners.knowledge.settings import default_settings

    return default_settings().input.max_bytes


def _add_clean(clean: argparse.ArgumentParser) -> None:
    from crawler.outputs.cleaning import DEFAULT_MEMORY_LIMIT, DEFAULT_PAGE_TIMEOUT

    max_bytes = _max_bytes()
    clean.add_argument("paths", nargs="+", metavar="PATH")
    clean.add_argument("-o", "--output", metavar="DIR", help="write DIR/<stem>.txt and DIR/articles.jsonl "
                       "(default: JSONL on stdout)")
    clean.add_argument("--format", type=argtypes.formats, default=None, metavar="FORMATS",
                       help=f"what to write: {FORMAT_HELP} (default: both with -o, jsonl on stdout)")
    clean.add_argument("--jobs", type=argtypes.jobs, default=os.cpu_count() or 1, metavar="N",
                       help="processes to use (default: all cores); output is the same for any N")
    clean.add_argument("--max-bytes", type=argtypes.size, default=max_bytes, metavar="SIZE",
                       help=f"reject inputs larger than this after decompression (default {max_bytes // 2**20}M)")
    clean.add_argument("--no-progress", action="store_true", help="no progress bar even on a terminal")
    clean.add_argument("--skip-paywalled", action="store_true", help=SKIP_PAYWALLED_HELP)
    clean.add_argument("--fail-on-reject", action=argparse.BooleanOptionalAction, default=True, help="exit 1 when "
                       "some input was rejected (the default); --no-fail-on-reject: 0 (skipped records never count)")
    clean.add_argument("--page-timeout", type=argtypes.seconds, default=DEFAULT_PAGE_TIMEOUT, metavar="SECONDS",
                       help="a page whose cleaning takes longer than this per MiB (1 MiB at least) is rejected as "
                       f"timeout (default {DEFAULT_PAGE_TIMEOUT:g}; 0: no limit)")
    clean.add_argument("--page-memory", type=argtypes.size, default=DEFAULT_MEMORY_LIMIT, metavar="SIZE",
                       help="address space of each cleaning process; a page needing more is rejected as too_large "
                       f"(default {DEFAULT_MEMORY_LIMIT // 2**30}G; 0: no limit)")
    again = clean.add_mutually_exclusive_group()
    again.add_argument("--resume", action="store_true", help="finish an interrupted run into the same -o DIR: "
                       "inputs already there are skipped")
    again.add_argument("--overwrite", action="store_true", help="replace the files an earlier clean run wrote in "
                       "-o DIR (nothing else there is touched)")
    _add_verbosity(clean, "also one line per article written", "only errors and rejections: no progress bar, no "
                   "summary")


def _add_eval(ev: argparse.ArgumentParser) -> None:
    ev.add_argument("directory", metavar="DIR")
    ev.add_argument("--peer", choices=("trafilatura",), help="also score this extractor on the same pages")
    ev.add_argument("--peer-mode", choices=("precision", "fast"), default="precision",
                    help="the peer's settings: precision (favor_precision, the default) or fast (no fallbacks)")
    ev.add_argument("--per-page", action="store_true", help="one line per page")
    ev.add_argument("--prefix", help="only pages whose file name starts with this (e.g. id-)")
    ev.add_argument("--no-sites", action="store_true", help="generic extraction only: no site profiles")
    _add_verbosity(ev, "one line per page, as --per-page", "nothing but errors on stderr (the report is on stdout "
                   "either way)")


def _add_verbosity(parser: argparse.ArgumentParser, verbose: str, quiet: str) -> None:
    """-v/--verbose and -q/--quiet (one or the other): what each adds or takes away for this command."""
    talk = parser.add_mutually_exclusive_group()
    talk.add_argument("-v", "--verbose", action="store_true", help=verbose)
    talk.add_argument("-q", "--quiet", action="store_true", help=quiet)


def _add_fixtures(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--fixtures", default="fixtures", metavar="DIR",
                        help="the fixtures directory of a source checkout (default: ./fixtures)")


def _add_sites(sites: argparse.ArgumentParser) -> None:
    sites.add_argument("--check", action="store_true", help="validate every profile and run it on its fixtures")
    _add_fixtures(sites)
    _add_verbosity(sites, "no more than the default: each profile is listed on stdout", "no summary line on stderr")


def _add_site_choice(parser: argparse.ArgumentParser, seed_url: str) -> None:
    """The sites a crawl or a discovery works on: profile ids, seed URLs, extra profile files."""
    parser.add_argument("sites", nargs="*", metavar="SITE", help="site profile ids (default: every profile with "
                        "a [crawl] table)")
    parser.add_argument("--seed-url", action="append", default=[], metavar="URL", help=seed_url)
    parser.add_argument("--profile", action="append", default=[], metavar="FILE",
                        help="also load this site profile file (repeatable)")


def _add_crawl(crawl: argparse.ArgumentParser) -> None:
    _add_site_choice(crawl, "crawl a site without a profile from this URL (repeatable)")
    crawl.add_argument("-o", "--output", default="out/crawl", metavar="DIR",
                       help="output directory (default: out/crawl)")
    crawl.add_argument("--format", type=argtypes.formats, default="both", metavar="FORMATS",
                       help="what to write into DIR: txt, jsonl, md, csv, parquet, several comma-separated; both = "
                       "txt,jsonl (the default); articles.jsonl is always written (the crawl recovers from it)")
    crawl.add_argument("--state", metavar="PATH", help="state store: a SQLite file (default: DIR/crawl.db), or "
                       "redis://HOST:PORT/DB to share the crawl between workers (see README)")
    crawl.add_argument("--reset-state", action="store_true", help="start from an empty state when the SQLite "
                       "state cannot be read (it is kept as FILE.broken-<time>)")
    crawl.add_argument("--worker", metavar="NAME", help="with --state redis://...: this worker's name, unique in "
                       "the crawl; it writes DIR/articles-NAME.jsonl (default: the host name)")
    crawl.add_argument("--every", type=argtypes.duration, metavar="INTERVAL",
                       help="keep running, one pass per interval (e.g. 15m, 1h, 90s) until SIGINT/SIGTERM")
    crawl.add_argument("--max-articles", type=argtypes.count("--max-articles"), metavar="N",
                       help="stop a pass after writing N articles")
    crawl.add_argument("--since", type=argtypes.duration, metavar="AGE",
                       help="skip articles whose sitemap/feed date is older than this (e.g. 2d, 12h)")
    crawl.add_argument("--user-agent", metavar="UA", help="the User-Agent (default: newsbroom/<version> (+url))")
    crawl.add_argument("--delay", type=float, metavar="SECONDS", help="delay between requests to a domain "
                       "(default: the profile's)")
    crawl.add_argument("--concurrency", type=argtypes.jobs, metavar="N", help="requests at once per domain "
                       "(default: the profile's)")
    crawl.add_argument("--no-autothrottle", action="store_true", help="turn AutoThrottle off (benchmarks)")
    crawl.add_argument("--max-bytes", type=argtypes.size, default=_max_bytes(), metavar="SIZE",
                       help="largest response accepted (default 20M)")
    crawl.add_argument("--fsync", action="store_true", help="fsync every record (slower; survives power loss)")
    crawl.add_argument("--warc", action="store_true", help="also keep the raw article responses, as received, in "
                       "DIR/warc/*.warc.gz (newsbroom clean reads them)")
    crawl.add_argument("--timeout", type=argtypes.timeout, default=30.0, metavar="SECONDS",
                       help="give up a response not received whole within this time (default 30)")
    _add_crawl_cleaning(crawl)
    crawl.add_argument("--proxy", type=argtypes.proxy, metavar="URL",
                       help="send every request through this HTTP(S) proxy (http://[user:password@]host:port)")
    crawl.add_argument("-s", "--set", dest="settings", type=argtypes.setting, action="append", default=[],
                       metavar="NAME=VALUE", help="a scrapy setting for the passes (repeatable); those newsbroom "
                       "relies on are refused")
    crawl.add_argument("--log-level", default="WARNING", choices=("DEBUG", "INFO", "WARNING", "ERROR"),
                       help="scrapy's own log (default WARNING)")
    crawl.add_argument("--log-every", type=argtypes.duration, default=60.0, metavar="INTERVAL",
                       help="not on a terminal: a progress line every INTERVAL (default 60s); on a terminal a live "
                       "line instead")
    _add_verbosity(crawl, "also one line per article written, updated, unchanged or duplicate (rejections always "
                   "have theirs)",
                   "only errors, rejections and the pass summaries")
    crawl.add_argument("--skip-paywalled", action="store_true", help=SKIP_PAYWALLED_HELP)


def _add_crawl_cleaning(crawl: argparse.ArgumentParser) -> None:
    from crawler.outputs.cleaning import DEFAULT_PAGE_TIMEOUT

    crawl.add_argument("--clean-jobs", type=argtypes.count("--clean-jobs", least=0), metavar="N",
                       help="cleaning processes beside the fetching (default 2; 0: one, and the pass waits for "
                       "each article)")
    crawl.add_argument("--page-timeout", type=argtypes.seconds, metavar="SECONDS",
                       help="an article whose cleaning takes longer than this per MiB (1 MiB at least) is rejected "
                       f"as timeout, asked again next pass (default {DEFAULT_PAGE_TIMEOUT:g}; 0: no limit)")


def _add_fetch(fetch: argparse.ArgumentParser) -> None:
    fetch.add_argument("urls", nargs="*", metavar="URL")
    fetch.add_argument("-i", "--input", action="append", default=[], metavar="FILE",
                       help="also fetch the URLs listed in FILE, one a line (blank lines and # comments skipped); "
                       "- reads them from standard input")
    fetch.add_argument("-o", "--output", metavar="DIR", help="write DIR/<site>/<id>.txt and DIR/articles.jsonl")
    fetch.add_argument("--format", type=argtypes.formats, default=None, metavar="FORMATS",
                       help=f"what to write: {FORMAT_HELP} (default: txt on stdout; with -o both, and "
                       "articles.jsonl always)")
    fetch.add_argument("--profile", action="append", default=[], metavar="FILE",
                       help="also load this site profile file (repeatable)")
    fetch.add_argument("--user-agent", metavar="UA", help="the User-Agent (default: newsbroom/<version> (+url))")
    fetch.add_argument("--max-bytes", type=argtypes.size, default=_max_bytes(), metavar="SIZE",
                       help="largest response accepted (default 20M)")
    fetch.add_argument("--timeout", type=float, default=30.0, metavar="SECONDS")
    fetch.add_argument("--warc", action="store_true", help="with -o DIR: also keep the raw responses, as received, "
                       "in DIR/warc/*.warc.gz (newsbroom clean reads them)")
    fetch.add_argument("--proxy", type=argtypes.proxy, metavar="URL",
                       help="send every request through this HTTP(S) proxy (http://[user:password@]host:port)")
    fetch.add_argument("--skip-paywalled", action="store_true", help=SKIP_PAYWALLED_HELP)
    _add_verbosity(fetch, "also one line per article written, updated or unchanged",
                   "only errors and rejections: no summary line")


def _add_merge(merge: argparse.ArgumentParser) -> None:
    merge.add_argument("paths", nargs="+", metavar="DIR", help="crawl output directories (or .jsonl/.parquet files)")
    merge.add_argument("-o", "--output", metavar="FILE", help="write here (default: stdout); its suffix (.jsonl, "
                       ".csv, .md, .txt, .parquet) picks the format unless --format says")
    merge.add_argument("--format", type=argtypes.formats, default=None, metavar="FORMAT",
                       help="jsonl (default), csv, md, txt or parquet (parquet needs -o)")
    _add_verbosity(merge, "also one line per file read", "only errors: no summary line")


def _add_demo(demo: argparse.ArgumentParser) -> None:
    demo.add_argument("-o", "--output", default="out/demo", metavar="DIR",
                      help="output directory (default: out/demo); an earlier demo's files there are replaced")
    _add_fixtures(demo)
    _add_verbosity(demo, "no more than the default: every article and rejection is listed on stdout",
                   "no narration on stderr: only the report on stdout and errors")


def _add_discover(disc: argparse.ArgumentParser) -> None:
    _add_site_choice(disc, "a site without a profile, from this URL (repeatable)")
    disc.add_argument("--since", type=argtypes.duration, metavar="AGE", help="leave out entries whose date is older")
    disc.add_argument("--user-agent", metavar="UA", help="the User-Agent (default: newsbroom/<version> (+url))")
    disc.add_argument("--delay", type=argtypes.seconds, metavar="SECONDS",
                      help="delay between two requests (default: the profile's, or robots.txt's Crawl-delay when "
                      "longer)")
    disc.add_argument("--timeout", type=argtypes.timeout, default=30.0, metavar="SECONDS",
                      help="give up a response not received whole within this time (default 30)")
    disc.add_argument("--proxy", type=argtypes.proxy, metavar="URL",
                      help="send every request through this HTTP(S) proxy")
    _add_verbosity(disc, "no more than the default: every URL found is already a line on stdout",
                   "no summary line: only the feeds, sitemaps and pages that could not be read")


def _add_dedup(dedup: argparse.ArgumentParser) -> None:
    from cleaners.describe.simhash import NEAR_COPY_BITS

    dedup.add_argument("paths", nargs="+", metavar="PATH", help="output directories (their articles*.jsonl, or "
                       ".parquet where there is no JSONL) or .jsonl/.parquet files")
    dedup.add_argument("--distance", type=int, default=NEAR_COPY_BITS, metavar="N", help="most bits two "
                       f"simhashes may differ in (default {NEAR_COPY_BITS}, the near-copy distance)")
    dedup.add_argument("-o", "--output", metavar="FILE", help="write the groups here (default: stdout)")
    _add_verbosity(dedup, "also one line per file read", "only errors: no progress or summary lines")


# Each command is crawler.commands.<name>, whose run(args) returns the exit code: its help, and what adds
# its options.
_COMMANDS = {
    "clean": ("clean offline pages: HTML, .gz, WARC, .txt dumps, directories, - for stdin", _add_clean),
    "eval": ("score cleaning against gold pages (<id>.html beside <id>.json)", _add_eval),
    "sites": ("list the site profiles; --check runs each on its fixtures", _add_sites),
    "crawl": ("crawl sites (feeds, sitemaps, index pages) incrementally into DIR", _add_crawl),
    "fetch": ("fetch article URLs and clean them (seed-format text on stdout)", _add_fetch),
    "merge": ("join the parts of a crawl (articles.jsonl, articles-*.jsonl, or their "
              ".parquet) into one file, one line per article version", _add_merge),
    "demo": ("run the pipeline offline on the bundled fixtures, into ./out/demo", _add_demo),
    "dedup": ("group records whose simhash is within N bits (near copies: syndicated "
              "and cross-posted articles), one JSON line per group", _add_dedup),
    "discover": ("list the article URLs a crawl would find in the sites' feeds, sitemaps "
                 "and index pages (one JSON line each), fetching no article", _add_discover),
}


def _command_in(argv: Sequence[str]) -> str | None:
    """The command `argv` names: its first word that is not an option (newsbroom's own options take no value)."""
    words = [w for w in argv if w != "--"]
    return next((w for w in words if not w.startswith("-")), None)


def _build(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The parser. Given `argv`, only the command it names gets its options: the others are listed with
    their help, so that `--help` and each command load only what their own options need."""
    wanted = _command_in(argv) if argv is not None else None
    parser = _Parser(prog="newsbroom", description="Crawl news sites and clean article pages into the seed format.")
    parser.add_argument("--version", action="version", version=f"newsbroom {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name, (help_text, add) in _COMMANDS.items():
        command = sub.add_parser(name, help=help_text)
        if argv is None or name == wanted:
            add(command)
    return parser


def _run(args: argparse.Namespace) -> int:
    """The command's run(args); its module is imported only now, so `newsbroom clean` loads no crawler.
    A Ctrl-C from here on is the command's to handle (KeyboardInterrupt, or its own handler)."""
    command = importlib.import_module(f"crawler.commands.{args.command}")
    if _START_HANDLER is not None and signal.getsignal(signal.SIGINT) is _interrupted_at_start:
        signal.signal(signal.SIGINT, _START_HANDLER)  # type: ignore[arg-type]
    return command.run(args)


def _usage_error(exc: NewsbroomError) -> bool:
    """An -o DIR that cannot be created or used: a usage error (2), not a failed run (1)."""
    from crawler.outputs.writer import OutputUnusable

    return isinstance(exc, OutputUnusable)


def main(argv: Sequence[str] | None = None) -> int:
    try:
        words = sys.argv[1:] if argv is None else list(argv)
        parser = _build(words)
        args = parser.parse_args(words)
    except KeyboardInterrupt:  # only when no start handler is installed (main() called as a library)
        print("newsbroom: interrupted", file=sys.stderr)
        return 130
    if not args.command:
        parser.print_help(sys.stderr)
        return 2
    try:
        return _run(args)
    except ConfigError as exc:
        print(f"newsbroom: configuration error: {exc}", file=sys.stderr)
        return 2
    except NewsbroomError as exc:  # -o unusable (2), or the output failed, e.g. a full disk (1): one line
        print(f"newsbroom: error: {exc}", file=sys.stderr)
        return 2 if _usage_error(exc) else 1
    except KeyboardInterrupt:
        print("newsbroom: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader of stdout went away (| head): not an error of ours. stdout stays open on
        # os.devnull so that the interpreter's own flush at exit finds nothing to complain about.
        with contextlib.suppress(OSError):
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115 (open until the process ends)
        return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
