"""The types of the command line's option values (argparse `type=` callables): each turns the text
given into the value, or raises argparse.ArgumentTypeError with a message that says what is expected."""

from __future__ import annotations

import argparse
import sys
from typing import TypeVar

__all__ = ["size", "jobs", "count", "timeout", "proxy", "setting", "duration", "formats", "seconds"]

_N = TypeVar("_N", int, float)


def size(value: str) -> int:
    units = {"k": 1024, "m": 1024**2, "g": 1024**3}
    text = value.strip().lower().rstrip("b")
    try:
        if text and text[-1] in units:
            return int(float(text[:-1]) * units[text[-1]])
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a size: {value!r} (examples: 20000000, 20M, 512k)") from None


def _number(value: str, kind: type[_N], what: str) -> _N:
    """`value` as a `kind`, or the error that it is not `what`."""
    try:
        return kind(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not {what}: {value!r}") from None


def jobs(value: str) -> int:
    n = _number(value, int, "a number of processes")
    if n < 1:
        raise argparse.ArgumentTypeError("--jobs must be 1 or more")
    return n


def count(option: str, least: int = 1):
    """An argparse type: a whole number of `least` (1) or more, its errors naming `option`."""
    def parse(value: str) -> int:
        n = _number(value, int, "a whole number")
        if n < least:
            raise argparse.ArgumentTypeError(f"{option} must be {least} or more")
        return n

    return parse


def timeout(value: str) -> float:
    seconds = _number(value, float, "a number of seconds")
    if not 0 < seconds < float("inf"):
        raise argparse.ArgumentTypeError("--timeout must be more than 0 seconds")
    return seconds


def proxy(value: str) -> str:
    from crawler.crawl.proxy import proxy_problem

    if (problem := proxy_problem(value)) is not None:
        raise argparse.ArgumentTypeError(problem)
    return value


def setting(value: str) -> tuple[str, str]:
    """-s NAME=VALUE for scrapy; refused names are an error, unknown ones a warning."""
    from crawler.crawl.settings import user_setting

    try:
        name, text, warning = user_setting(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    if warning is not None:
        print(f"newsbroom: warning: {warning}", file=sys.stderr)
    return name, text


def duration(value: str) -> float:
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


def formats(value: str) -> str:
    """A --format value: txt, jsonl, md, csv, parquet or both, several comma-separated."""
    from crawler.outputs.formats import FormatError, parse_formats

    try:
        parse_formats(value)
    except FormatError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    return value


def seconds(value: str) -> float:
    seconds = _number(value, float, "a number of seconds")
    if not 0 <= seconds < float("inf"):  # nan and inf too
        raise argparse.ArgumentTypeError(f"not a number of seconds (0 or more): {value!r}")
    return seconds
