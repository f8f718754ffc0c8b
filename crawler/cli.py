"""The command line: the argparse tree, and main() handing the arguments to crawler.commands.<name>.run.
stdout carries data only.

Exit codes: 0 all inputs fine, 1 some inputs rejected or failed, 2 usage or configuration error.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import os
import sys
from collections.abc import Sequence

from cleaners import ConfigError, __version__
from cleaners.errors import NewsbroomError
from cleaners.options import DEFAULT_MAX_BYTES
from crawler.outputs.cleaning import DEFAULT_MEMORY_LIMIT, DEFAULT_PAGE_TIMEOUT
from crawler.outputs.writer import OutputUnusable

__all__ = ["main"]

SKIP_PAYWALLED_HELP = ("a page that declares its article not free to read (JSON-LD isAccessibleForFree: false) is a "
                       "'paywalled' rejection instead of a record flagged free_access: false")


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: error: {message}\nRun '{self.prog} --help' for the options.\n")


def _size(value: str) -> int:
    units = {"k": 1024, "m": 1024**2, "g": 1024**3}
    text = value.strip().lower().rstrip("b")
    try:
        if text and text[-1] in units:
            return int(float(text[:-1]) * units[text[-1]])
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a size: {value!r} (examples: 20000000, 20M, 512k)") from None


def _jobs(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of processes: {value!r}") from None
    if n < 1:
        raise argparse.ArgumentTypeError("--jobs must be 1 or more")
    return n


def _count(option: str):
    """An argparse type: a whole number of 1 or more, its errors naming `option`."""
    def parse(value: str) -> int:
        try:
            n = int(value)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not a whole number: {value!r}") from None
        if n < 1:
            raise argparse.ArgumentTypeError(f"{option} must be 1 or more")
        return n

    return parse


def _timeout(value: str) -> float:
    try:
        seconds = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {value!r}") from None
    if not 0 < seconds < float("inf"):
        raise argparse.ArgumentTypeError("--timeout must be more than 0 seconds")
    return seconds


def _proxy(value: str) -> str:
    from crawler.crawl.proxy import proxy_problem

    if (problem := proxy_problem(value)) is not None:
        raise argparse.ArgumentTypeError(problem)
    return value


def _setting(value: str) -> tuple[str, str]:
    """-s NAME=VALUE for scrapy; refused names are an error, unknown ones a warning."""
    from crawler.crawl.settings import user_setting

    try:
        name, text, warning = user_setting(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    if warning is not None:
        print(f"newsbroom: warning: {warning}", file=sys.stderr)
    return name, text


def _duration(value: str) -> float:
    """Seconds from 90, 90s, 15m, 2h, 2d."""
    units = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}
    text = value.strip().lower()
    try:
        seconds = float(text[:-1]) * units[text[-1]] if text and text[-1] in units else float(text)
    except (ValueError, KeyError):
        raise argparse.ArgumentTypeError(f"not a duration: {value!r} (examples: 90s, 15m, 2h, 2d)") from None
    if seconds <= 0:
        raise argparse.ArgumentTypeError("a duration must be more than 0")
    return seconds


def _formats(value: str) -> str:
    """A --format value: txt, jsonl, md, csv, parquet or both, several comma-separated."""
    from crawler.outputs.formats import FormatError, parse_formats

    try:
        parse_formats(value)
    except FormatError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    return value


FORMAT_HELP = ("txt, jsonl, md, csv, parquet, several comma-separated (jsonl,md,parquet); both = txt,jsonl. "
               "With -o each goes to its own file(s); without it one of txt, jsonl, md, csv goes to stdout")


def _seconds(value: str) -> float:
    try:
        seconds = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {value!r}") from None
    if seconds < 0:
        raise argparse.ArgumentTypeError("a number of seconds must be 0 or more")
    return seconds


def _add_clean(sub: argparse._SubParsersAction) -> None:
    clean = sub.add_parser("clean", help="clean offline pages: HTML, .gz, WARC, .txt dumps, directories, - for stdin")
    clean.add_argument("paths", nargs="+", metavar="PATH")
    clean.add_argument("-o", "--output", metavar="DIR", help="write DIR/<stem>.txt and DIR/articles.jsonl "
                       "(default: JSONL on stdout)")
    clean.add_argument("--format", type=_formats, default=None, metavar="FORMATS",
                       help=f"what to write: {FORMAT_HELP} (default: both with -o, jsonl on stdout)")
    clean.add_argument("--jobs", type=_jobs, default=os.cpu_count() or 1, metavar="N",
                       help="processes to use (default: all cores); output is the same for any N")
    clean.add_argument("--max-bytes", type=_size, default=DEFAULT_MAX_BYTES, metavar="SIZE",
                       help="reject inputs larger than this after decompression "
                       f"(default {DEFAULT_MAX_BYTES // 2**20}M)")
    clean.add_argument("--no-progress", action="store_true", help="no progress bar even on a terminal")
    clean.add_argument("--skip-paywalled", action="store_true", help=SKIP_PAYWALLED_HELP)
    clean.add_argument("--fail-on-reject", action=argparse.BooleanOptionalAction, default=True, help="exit 1 when "
                       "some input was rejected (the default); --no-fail-on-reject: 0 (skipped records never count)")
    clean.add_argument("--page-timeout", type=_seconds, default=DEFAULT_PAGE_TIMEOUT, metavar="SECONDS",
                       help="a page whose cleaning takes longer than this per MiB (1 MiB at least) is rejected as "
                       f"timeout (default {DEFAULT_PAGE_TIMEOUT:g}; 0: no limit)")
    clean.add_argument("--page-memory", type=_size, default=DEFAULT_MEMORY_LIMIT, metavar="SIZE",
                       help="address space of each cleaning process; a page needing more is rejected as too_large "
                       f"(default {DEFAULT_MEMORY_LIMIT // 2**30}G; 0: no limit)")
    again = clean.add_mutually_exclusive_group()
    again.add_argument("--resume", action="store_true", help="finish an interrupted run into the same -o DIR: "
                       "inputs already there are skipped")
    again.add_argument("--overwrite", action="store_true", help="replace the files an earlier clean run wrote in "
                       "-o DIR (nothing else there is touched)")


def _add_eval(sub: argparse._SubParsersAction) -> None:
    ev = sub.add_parser("eval", help="score cleaning against gold pages (<id>.html beside <id>.json)")
    ev.add_argument("directory", metavar="DIR")
    ev.add_argument("--peer", choices=("trafilatura",), help="also score this extractor on the same pages")
    ev.add_argument("--peer-mode", choices=("precision", "fast"), default="precision",
                    help="the peer's settings: precision (favor_precision, the default) or fast (no fallbacks)")
    ev.add_argument("--per-page", action="store_true", help="one line per page")
    ev.add_argument("--prefix", help="only pages whose file name starts with this (e.g. id-)")
    ev.add_argument("--no-sites", action="store_true", help="generic extraction only: no site profiles")


def _add_fixtures(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--fixtures", default="fixtures", metavar="DIR",
                        help="the fixtures directory of a source checkout (default: ./fixtures)")


def _add_sites(sub: argparse._SubParsersAction) -> None:
    sites = sub.add_parser("sites", help="list the site profiles; --check runs each on its fixtures")
    sites.add_argument("--check", action="store_true", help="validate every profile and run it on its fixtures")
    _add_fixtures(sites)


def _add_crawl(sub: argparse._SubParsersAction) -> None:
    crawl = sub.add_parser("crawl", help="crawl sites (feeds, sitemaps, index pages) incrementally into DIR")
    crawl.add_argument("sites", nargs="*", metavar="SITE", help="site profile ids (default: every profile with "
                       "a [crawl] table)")
    crawl.add_argument("--seed-url", action="append", default=[], metavar="URL",
                       help="crawl a site without a profile from this URL (repeatable)")
    crawl.add_argument("--profile", action="append", default=[], metavar="FILE",
                       help="also load this site profile file (repeatable)")
    crawl.add_argument("-o", "--output", default="out/crawl", metavar="DIR",
                       help="output directory (default: out/crawl)")
    crawl.add_argument("--format", type=_formats, default="both", metavar="FORMATS",
                       help="what to write into DIR: txt, jsonl, md, csv, parquet, several comma-separated; both = "
                       "txt,jsonl (the default); articles.jsonl is always written (the crawl recovers from it)")
    crawl.add_argument("--state", metavar="PATH", help="state store: a SQLite file (default: DIR/crawl.db), or "
                       "redis://HOST:PORT/DB to share the crawl between workers (see README)")
    crawl.add_argument("--reset-state", action="store_true", help="start from an empty state when the SQLite "
                       "state cannot be read (it is kept as FILE.broken-<time>)")
    crawl.add_argument("--worker", metavar="NAME", help="with --state redis://...: this worker's name, unique in "
                       "the crawl; it writes DIR/articles-NAME.jsonl (default: the host name)")
    crawl.add_argument("--every", type=_duration, metavar="INTERVAL",
                       help="keep running, one pass per interval (e.g. 15m, 1h, 90s) until SIGINT/SIGTERM")
    crawl.add_argument("--max-articles", type=_count("--max-articles"), metavar="N",
                       help="stop a pass after writing N articles")
    crawl.add_argument("--since", type=_duration, metavar="AGE",
                       help="skip articles whose sitemap/feed date is older than this (e.g. 2d, 12h)")
    crawl.add_argument("--user-agent", metavar="UA", help="the User-Agent (default: newsbroom/<version> (+url))")
    crawl.add_argument("--delay", type=float, metavar="SECONDS", help="delay between requests to a domain "
                       "(default: the profile's)")
    crawl.add_argument("--concurrency", type=_jobs, metavar="N", help="requests at once per domain "
                       "(default: the profile's)")
    crawl.add_argument("--no-autothrottle", action="store_true", help="turn AutoThrottle off (benchmarks)")
    crawl.add_argument("--max-bytes", type=_size, default=DEFAULT_MAX_BYTES, metavar="SIZE",
                       help="largest response accepted (default 20M)")
    crawl.add_argument("--fsync", action="store_true", help="fsync every record (slower; survives power loss)")
    crawl.add_argument("--warc", action="store_true", help="also keep the raw article responses, as received, in "
                       "DIR/warc/*.warc.gz (newsbroom clean reads them)")
    crawl.add_argument("--timeout", type=_timeout, default=30.0, metavar="SECONDS",
                       help="give up a response not received whole within this time (default 30)")
    crawl.add_argument("--proxy", type=_proxy, metavar="URL", help="send every request through this HTTP(S) proxy "
                       "(http://[user:password@]host:port)")
    crawl.add_argument("-s", "--set", dest="settings", type=_setting, action="append", default=[],
                       metavar="NAME=VALUE", help="a scrapy setting for the passes (repeatable); those newsbroom "
                       "relies on are refused")
    crawl.add_argument("--log-level", default="WARNING", choices=("DEBUG", "INFO", "WARNING", "ERROR"),
                       help="scrapy's own log (default WARNING)")
    crawl.add_argument("--log-every", type=_duration, default=60.0, metavar="INTERVAL", help="not on a terminal: "
                       "a progress line every INTERVAL (default 60s); on a terminal a live line instead")
    talk = crawl.add_mutually_exclusive_group()
    talk.add_argument("-v", "--verbose", action="store_true", help="also one line per article written, updated "
                      "or unchanged (rejections always have theirs)")
    talk.add_argument("-q", "--quiet", action="store_true", help="only errors and the pass summaries")
    crawl.add_argument("--skip-paywalled", action="store_true", help=SKIP_PAYWALLED_HELP)


def _add_fetch(sub: argparse._SubParsersAction) -> None:
    fetch = sub.add_parser("fetch", help="fetch article URLs and clean them (seed-format text on stdout)")
    fetch.add_argument("urls", nargs="*", metavar="URL")
    fetch.add_argument("-i", "--input", action="append", default=[], metavar="FILE",
                       help="also fetch the URLs listed in FILE, one a line (blank lines and # comments skipped); "
                       "- reads them from standard input")
    fetch.add_argument("-o", "--output", metavar="DIR", help="write DIR/<site>/<id>.txt and DIR/articles.jsonl")
    fetch.add_argument("--format", type=_formats, default=None, metavar="FORMATS",
                       help=f"what to write: {FORMAT_HELP} (default: txt on stdout; with -o both, and "
                       "articles.jsonl always)")
    fetch.add_argument("--profile", action="append", default=[], metavar="FILE",
                       help="also load this site profile file (repeatable)")
    fetch.add_argument("--user-agent", metavar="UA", help="the User-Agent (default: newsbroom/<version> (+url))")
    fetch.add_argument("--max-bytes", type=_size, default=DEFAULT_MAX_BYTES, metavar="SIZE",
                       help="largest response accepted (default 20M)")
    fetch.add_argument("--timeout", type=float, default=30.0, metavar="SECONDS")
    fetch.add_argument("--warc", action="store_true", help="with -o DIR: also keep the raw responses, as received, "
                       "in DIR/warc/*.warc.gz (newsbroom clean reads them)")
    fetch.add_argument("--proxy", type=_proxy, metavar="URL", help="send every request through this HTTP(S) proxy "
                       "(http://[user:password@]host:port)")
    fetch.add_argument("--skip-paywalled", action="store_true", help=SKIP_PAYWALLED_HELP)


def _add_merge(sub: argparse._SubParsersAction) -> None:
    merge = sub.add_parser("merge", help="join the parts of a crawl (articles.jsonl, articles-*.jsonl, or their "
                           ".parquet) into one file, one line per article version")
    merge.add_argument("paths", nargs="+", metavar="DIR", help="crawl output directories (or .jsonl/.parquet files)")
    merge.add_argument("-o", "--output", metavar="FILE", help="write here (default: stdout); its suffix (.jsonl, "
                       ".csv, .md, .txt, .parquet) picks the format unless --format says")
    merge.add_argument("--format", type=_formats, default=None, metavar="FORMAT",
                       help="jsonl (default), csv, md, txt or parquet (parquet needs -o)")


def _add_demo(sub: argparse._SubParsersAction) -> None:
    demo = sub.add_parser("demo", help="run the pipeline offline on the bundled fixtures, into ./out/demo")
    demo.add_argument("-o", "--output", default="out/demo", metavar="DIR",
                      help="output directory (default: out/demo); an earlier demo's files there are replaced")
    _add_fixtures(demo)


def _add_discover(sub: argparse._SubParsersAction) -> None:
    disc = sub.add_parser("discover", help="list the article URLs a crawl would find in the sites' feeds, sitemaps "
                          "and index pages (one JSON line each), fetching no article")
    disc.add_argument("sites", nargs="*", metavar="SITE", help="site profile ids (default: every profile with "
                      "a [crawl] table)")
    disc.add_argument("--seed-url", action="append", default=[], metavar="URL",
                      help="a site without a profile, from this URL (repeatable)")
    disc.add_argument("--profile", action="append", default=[], metavar="FILE",
                      help="also load this site profile file (repeatable)")
    disc.add_argument("--since", type=_duration, metavar="AGE", help="leave out entries whose date is older")
    disc.add_argument("--user-agent", metavar="UA", help="the User-Agent (default: newsbroom/<version> (+url))")
    disc.add_argument("--delay", type=_seconds, metavar="SECONDS", help="delay between two requests (default: the "
                      "profile's, or robots.txt's Crawl-delay when longer)")
    disc.add_argument("--timeout", type=_timeout, default=30.0, metavar="SECONDS",
                      help="give up a response not received whole within this time (default 30)")
    disc.add_argument("--proxy", type=_proxy, metavar="URL", help="send every request through this HTTP(S) proxy")


def _add_dedup(sub: argparse._SubParsersAction) -> None:
    from cleaners.describe.simhash import NEAR_COPY_BITS

    dedup = sub.add_parser("dedup", help="group records whose simhash is within N bits (near copies: syndicated "
                           "and cross-posted articles), one JSON line per group")
    dedup.add_argument("paths", nargs="+", metavar="PATH", help="output directories (their articles*.jsonl, or "
                       ".parquet where there is no JSONL) or .jsonl/.parquet files")
    dedup.add_argument("--distance", type=int, default=NEAR_COPY_BITS, metavar="N", help="most bits two "
                       f"simhashes may differ in (default {NEAR_COPY_BITS}, the near-copy distance)")
    dedup.add_argument("-o", "--output", metavar="FILE", help="write the groups here (default: stdout)")


# Each command is crawler.commands.<name>, whose run(args) returns the exit code.
_COMMANDS = (("clean", _add_clean), ("eval", _add_eval), ("sites", _add_sites), ("crawl", _add_crawl),
             ("fetch", _add_fetch), ("merge", _add_merge), ("demo", _add_demo), ("dedup", _add_dedup),
             ("discover", _add_discover))


def _build() -> argparse.ArgumentParser:
    parser = _Parser(prog="newsbroom", description="Crawl news sites and clean article pages into the seed format.")
    parser.add_argument("--version", action="version", version=f"newsbroom {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for _name, add in _COMMANDS:
        add(sub)
    return parser


def _run(args: argparse.Namespace) -> int:
    """The command's run(args); its module is imported only now, so `newsbroom clean` loads no crawler."""
    command = importlib.import_module(f"crawler.commands.{args.command}")
    return command.run(args)


def main(argv: Sequence[str] | None = None) -> int:
    parser = _build()
    args = parser.parse_args(argv)
    if not args.command:
        parser.print_help(sys.stderr)
        return 2
    try:
        return _run(args)
    except ConfigError as exc:
        print(f"newsbroom: configuration error: {exc}", file=sys.stderr)
        return 2
    except OutputUnusable as exc:  # -o that cannot be created
        print(f"newsbroom: error: {exc}", file=sys.stderr)
        return 2
    except NewsbroomError as exc:  # the output failed (a full disk): stop with one line
        print(f"newsbroom: error: {exc}", file=sys.stderr)
        return 1
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
