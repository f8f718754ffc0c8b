"""The one reader of newsbroom's TOML data: typed and validating, naming the file and key of every fault.

Every data file (junk rules, site profiles, vocabularies, settings) is read through a `Reader`: each
key is asked for with its type and allowed values, a table's unknown keys are refused, and a key
without a default is required. A fault raises the caller's `ConfigError` class as
"<path>: <key>: <message>"; nothing is silently filled in by code.
"""

from __future__ import annotations

import dataclasses
import re
import tomllib
import typing
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from cleaners.errors import ConfigError

__all__ = ["Reader", "read_file", "read_toml", "REQUIRED"]


class _Required:
    def __repr__(self) -> str:
        return "REQUIRED"


REQUIRED: Any = _Required()
"""The default of a key that must be present."""


def read_toml(path: Path, error: type[ConfigError] = ConfigError) -> dict[str, Any]:
    """A data file's tables; `error` (naming the file) when it cannot be read or parsed."""
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise error(str(path), "-", f"cannot be read: {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise error(str(path), "-", f"is not valid TOML: {exc}") from None


def read_file(path: Path, error: type[ConfigError] = ConfigError) -> Reader:
    """A `Reader` of the top table of the TOML file at `path`."""
    return Reader(read_toml(path, error), str(path), error=error)


class Reader:
    """Typed access to one table of a data file; every fault names the file and the key."""

    def __init__(self, data: dict[str, Any], path: str, prefix: str = "",
                 error: type[ConfigError] = ConfigError) -> None:
        self.data, self.path, self.prefix, self.error = data, path, prefix, error

    def __contains__(self, key: str) -> bool:
        return key in self.data

    def keys(self) -> list[str]:
        return list(self.data)

    def fail(self, key: str, message: str) -> ConfigError:
        return self.error(self.path, f"{self.prefix}{key}", message)

    def check_keys(self, allowed: Iterable[str]) -> None:
        allowed = set(allowed)
        unknown = set(self.data) - allowed
        if unknown:
            raise self.fail(sorted(unknown)[0], f"unknown key; expected one of {sorted(allowed)}")

    def value(self, key: str, default: Any, ok: Callable[[Any], bool], expected: str) -> Any:
        """The raw value of `key` when `ok` says it has the right shape (`expected` says which)."""
        if key not in self.data:
            if default is REQUIRED:
                raise self.fail(key, "is required")
            return default
        value = self.data[key]
        if not ok(value):
            raise self.fail(key, f"must be {expected}")
        return value

    def string(self, key: str, default: Any = REQUIRED, pattern: re.Pattern[str] | None = None,
            choices: tuple[str, ...] | None = None) -> Any:
        value = self.value(key, default, lambda v: isinstance(v, str) and bool(v.strip()), "a non-empty string")
        if value is default:
            return value
        if choices is not None and value not in choices:
            raise self.fail(key, f"must be one of {choices}")
        if pattern is not None and not pattern.fullmatch(value):
            raise self.fail(key, f"{value!r} is not of the form {pattern.pattern}")
        return value

    def flag(self, key: str, default: Any = REQUIRED) -> Any:
        return self.value(key, default, lambda v: isinstance(v, bool), "true or false")

    def strings(self, key: str, required: bool = False, default: Any = ()) -> tuple[str, ...]:
        value = self.value(key, default, _is_strings, "a list of non-empty strings")
        if required and not value:
            raise self.fail(key, "must list at least one entry")
        return tuple(value)

    def regex(self, key: str, default: Any = REQUIRED, flags: int = 0,
              groups: tuple[str, ...] | None = None) -> Any:
        """A compiled pattern; `groups` lists the named groups it may have."""
        raw = self.string(key, default)
        if raw is default:
            return raw
        pattern = self._compile(key, raw, flags)
        bad = set(pattern.groupindex) - set(groups) if groups is not None else set()
        if bad:
            raise self.fail(key, f"named group {sorted(bad)[0]!r}; only {groups} are known")
        return pattern

    def regexes(self, key: str, flags: int = 0) -> tuple[re.Pattern[str], ...]:
        return tuple(self._compile(f"{key}[{i}]", raw, flags) for i, raw in enumerate(self.strings(key)))

    def _compile(self, key: str, raw: str, flags: int) -> re.Pattern[str]:
        try:
            return re.compile(raw, flags)
        except re.error as exc:
            raise self.fail(key, f"is not a valid regular expression: {exc}") from None

    def number(self, key: str, default: Any, lo: float, hi: float, integer: bool = False) -> Any:
        value = self.data.get(key, default)
        if value is REQUIRED:
            raise self.fail(key, "is required")
        ok = isinstance(value, int) if integer else isinstance(value, (int, float))
        if isinstance(value, bool) or not ok or not lo <= value <= hi:
            kind = "a whole number" if integer else "a number"
            raise self.fail(key, f"must be {kind} from {lo} to {hi}")
        return value

    def table(self, key: str, default: Any = None) -> Reader:
        """The sub-table `key`; an empty one when it is missing, unless `default` is REQUIRED."""
        value = self.value(key, {} if default is None else default, lambda v: isinstance(v, dict), "a table")
        return Reader(value, self.path, f"{self.prefix}{key}.", self.error)

    def tables(self, keys: Iterable[str] | None = None) -> Iterator[tuple[str, Reader]]:
        """(name, reader) of the sub-tables `keys` (default: every key), in the file's order."""
        for key in self.keys() if keys is None else keys:
            yield key, self.table(key, REQUIRED)

    def array(self, key: str) -> list[Reader]:
        """An array of tables ([[key]]), one reader each, named `key[i]`."""
        items = self.value(key, [], lambda v: isinstance(v, list), "an array of tables")
        out = []
        for i, item in enumerate(items):
            if not isinstance(item, dict):
                raise self.fail(f"{key}[{i}]", "must be a table")
            out.append(Reader(item, self.path, f"{self.prefix}{key}[{i}].", self.error))
        return out

    def renamed(self, prefix: str) -> Reader:
        """This table under another name in messages (a rule is named by its `name` once known)."""
        return Reader(self.data, self.path, prefix, self.error)

    def fields(self, cls: type, partial: bool = False) -> dict[str, Any]:
        """The values of the dataclass `cls`'s fields from this table, each checked against its
        type (int, float, str, bool) and the `lo`/`hi` of its field metadata. Unknown keys are
        refused; every field is required unless `partial`."""
        hints = typing.get_type_hints(cls)
        names = [f.name for f in dataclasses.fields(cls)]
        self.check_keys(names)
        out: dict[str, Any] = {}
        for f in dataclasses.fields(cls):
            if partial and f.name not in self.data:
                continue
            out[f.name] = self._field(f.name, hints[f.name], f.metadata)
        return out

    def _field(self, key: str, kind: Any, meta: typing.Mapping[str, Any]) -> Any:
        if kind is int or kind is float:
            return self.number(key, REQUIRED, meta.get("lo", 0), meta.get("hi", float("inf")), kind is int)
        if kind is bool:
            return self.flag(key)
        if kind is str:
            return self.value(key, REQUIRED, lambda v: isinstance(v, str) and v != "", "a non-empty string")
        raise TypeError(f"{key}: no reader for {kind!r}")

    def record(self, cls: type) -> Any:
        """An instance of the dataclass `cls` from this table (see `fields`)."""
        return cls(**self.fields(cls))


def _is_strings(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) and v.strip() for v in value)
