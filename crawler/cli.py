"""The command line: parse arguments, call the library. stdout carries data only.

Exit codes: 0 all inputs fine, 1 some inputs rejected or failed, 2 usage or configuration error.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Sequence

from cleaners import ConfigError, Options, __version__
from cleaners.pipeline import DEFAULT_MAX_BYTES

__all__ = ["main"]


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


def _build() -> argparse.ArgumentParser:
    parser = _Parser(prog="newsbroom", description="Crawl news sites and clean article pages into the seed format.")
    parser.add_argument("--version", action="version", version=f"newsbroom {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    clean = sub.add_parser("clean", help="clean offline pages: HTML, .gz, WARC, .txt dumps, directories, - for stdin")
    clean.add_argument("paths", nargs="+", metavar="PATH")
    clean.add_argument("-o", "--output", metavar="DIR", help="write DIR/<stem>.txt and DIR/articles.jsonl "
                       "(default: JSONL on stdout)")
    clean.add_argument("--format", choices=("txt", "jsonl", "both"), default=None,
                       help="what to write (default: both with -o, jsonl on stdout)")
    clean.add_argument("--jobs", type=_jobs, default=os.cpu_count() or 1, metavar="N",
                       help="processes to use (default: all cores); output is the same for any N")
    clean.add_argument("--max-bytes", type=_size, default=DEFAULT_MAX_BYTES, metavar="SIZE",
                       help=f"reject inputs larger than this after decompression (default {DEFAULT_MAX_BYTES // 2**20}M)")
    clean.add_argument("--no-progress", action="store_true", help="no progress bar even on a terminal")

    ev = sub.add_parser("eval", help="score cleaning against gold pages (<id>.html beside <id>.json)")
    ev.add_argument("directory", metavar="DIR")
    ev.add_argument("--peer", choices=("trafilatura",), help="also score this extractor on the same pages")
    ev.add_argument("--per-page", action="store_true", help="one line per page")
    ev.add_argument("--prefix", help="only pages whose file name starts with this (e.g. id-)")

    demo = sub.add_parser("demo", help="run the pipeline offline on the bundled fixtures, into ./out")
    demo.add_argument("-o", "--output", default="out", metavar="DIR")
    return parser


def _cmd_clean(args: argparse.Namespace) -> int:
    from .batch import run_clean
    from .output import Writer

    fmt = args.format or ("both" if args.output else "jsonl")
    if args.output and Path(args.output).exists() and not Path(args.output).is_dir():
        print(f"newsbroom: error: -o {args.output} is a file; give a directory (it is created if missing)",
              file=sys.stderr)
        return 2
    if args.paths.count("-") > 1:
        print("newsbroom: error: '-' (standard input) can be given once", file=sys.stderr)
        return 2
    options = Options(max_bytes=args.max_bytes)
    with Writer(args.output, fmt) as writer:
        summary = run_clean(args.paths, writer, jobs=args.jobs, options=options,
                            progress=False if args.no_progress else None)
    print(f"newsbroom: {summary.line()}", file=sys.stderr)
    if args.output:
        print(f"newsbroom: output in {args.output}/ (articles.jsonl, rejects.jsonl"
              + (", <stem>.txt" if fmt in ("txt", "both") else "") + ")", file=sys.stderr)
    return 1 if summary.rejected_total else 0


def _cmd_eval(args: argparse.Namespace) -> int:
    from .evaluate import run_eval

    directory = Path(args.directory)
    if not directory.is_dir():
        print(f"newsbroom: error: {directory} is not a directory of <id>.html and <id>.json pages", file=sys.stderr)
        return 2
    try:
        run_eval(directory, peer=args.peer, per_page=args.per_page, prefix=args.prefix)
    except FileNotFoundError as exc:
        print(f"newsbroom: error: {exc}", file=sys.stderr)
        return 2
    return 0


def _cmd_demo(args: argparse.Namespace) -> int:
    from .demo import run_demo

    return run_demo(Path(args.output))


def main(argv: Sequence[str] | None = None) -> int:
    parser = _build()
    args = parser.parse_args(argv)
    if not args.command:
        parser.print_help(sys.stderr)
        return 2
    handlers = {"clean": _cmd_clean, "eval": _cmd_eval, "demo": _cmd_demo}
    try:
        return handlers[args.command](args)
    except ConfigError as exc:
        print(f"newsbroom: configuration error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("newsbroom: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader of stdout went away (| head): not an error of ours.
        try:
            sys.stdout = open(os.devnull, "w")
        except OSError:
            pass
        return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
