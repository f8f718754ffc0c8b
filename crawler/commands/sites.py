"""`newsbroom sites [--check]`: the site profiles, and a check of each on its fixtures.

A profile's fixtures are `fixtures/sites/<site id>/<case>.html`, each with `<case>.json`
(`url`, `synthetic` true or false, `provenance`) and the frozen output `<case>.txt`. The check
cleans every case and wants the profile's own extractor (no drift alarm) and the frozen text.
Real pages in `fixtures/pages/` named by a profile's `sources` are checked the same way
against `fixtures/expected/<name>.txt`. The fixtures directory is `--fixtures DIR` (default
./fixtures: run from a source checkout).
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from cleaners import Options, Page, RejectedInput, clean_page
from cleaners.knowledge.sites import Registry, SiteProfile, default_registry
from crawler.commands import verbosity

__all__ = ["DEFAULT_FIXTURES", "Case", "cases_for", "check_profile", "run", "run_sites"]

DEFAULT_FIXTURES = Path("fixtures")


@dataclass
class Case:
    name: str
    html: Path
    expected: Path
    url: str | None
    synthetic: bool


@dataclass
class CheckResult:
    profile: SiteProfile
    cases: int = 0
    problems: list[str] = field(default_factory=list)


def _source_path(fixtures: Path, source: str) -> Path:
    """Where a profile's `sources` entry ("fixtures/pages/x.html", relative to a checkout) is under `fixtures`."""
    parts = Path(source).parts
    return fixtures.joinpath(*parts[1:]) if len(parts) > 1 and parts[0] == "fixtures" else fixtures.parent / source


def cases_for(profile: SiteProfile, fixtures: Path = DEFAULT_FIXTURES) -> list[Case]:
    """The cases of `profile` in the fixtures directory `fixtures` (sites/, pages/, expected/)."""
    out = []
    for html in sorted((fixtures / "sites" / profile.id).glob("*.html")):
        meta_path = html.with_suffix(".json")
        meta = json.loads(meta_path.read_text(encoding="utf-8")) if meta_path.exists() else {}
        out.append(Case(f"{profile.id}/{html.stem}", html, html.with_suffix(".txt"), meta.get("url"),
                        bool(meta.get("synthetic", True))))
    for source in profile.sources:
        html = _source_path(fixtures, source)
        if not html.exists():
            continue
        meta_path = html.with_suffix(".json")
        meta = json.loads(meta_path.read_text(encoding="utf-8")) if meta_path.exists() else {}
        out.append(Case(html.stem, html, fixtures / "expected" / f"{html.stem}.txt", meta.get("url"), False))
    return out


def check_profile(profile: SiteProfile, registry: Registry | None = None,
                  fixtures: Path = DEFAULT_FIXTURES) -> CheckResult:
    result = CheckResult(profile)
    options = Options(sites=registry)
    for case in cases_for(profile, fixtures):
        result.cases += 1
        try:
            article = clean_page(Page(url=case.url, body=case.html.read_bytes(), source=case.name), options)
        except RejectedInput as exc:
            result.problems.append(f"{case.name}: rejected ({exc.reason}: {exc.message})")
            continue
        if article.extractor != profile.tag:
            result.problems.append(f"{case.name}: extractor is {article.extractor!r}, not {profile.tag!r}")
        if not case.expected.exists():
            result.problems.append(f"{case.name}: no frozen output {case.expected.name} "
                                   "(write it with `pytest --update-golden` and read it)")
        elif case.expected.read_text(encoding="utf-8") != article.to_text():
            result.problems.append(f"{case.name}: output differs from {case.expected.name}")
    if result.cases == 0:
        result.problems.append("no fixture (fixtures/sites/<id>/*.html) and no real page in `sources`")
    return result


def _discovers(profile: SiteProfile) -> str:
    crawl = profile.crawl
    parts = []
    for label, items in (("feeds", crawl.feeds), ("sitemaps", crawl.sitemaps), ("news sitemaps", crawl.news_sitemaps),
                         ("index pages", crawl.index_pages)):
        if items:
            parts.append(f"{len(items)} {label}")
    return ", ".join(parts) or "nothing (no [crawl] entry points)"


def run(args: argparse.Namespace) -> int:
    """`newsbroom sites [--check] [--fixtures DIR]`: 2 when --check has no fixtures directory."""
    fixtures = Path(args.fixtures)
    if args.check and not fixtures.is_dir():
        print(f"newsbroom: error: no fixtures directory at {fixtures}; run from a source checkout or give "
              "--fixtures DIR", file=sys.stderr)
        return 2
    return run_sites(check=args.check, fixtures=fixtures, summary=verbosity(args) >= 0)


def run_sites(*, check: bool = False, fixtures: Path = DEFAULT_FIXTURES, out: TextIO | None = None,
              err: TextIO | None = None, registry: Registry | None = None, summary: bool = True) -> int:
    """The profiles on `out`; the count line on `err` unless `summary` is False (-q). 1 when a check failed."""
    out = out or sys.stdout
    err = err or sys.stderr
    registry = registry if registry is not None else default_registry()
    profiles = list(registry)
    verified = sum(p.verified for p in profiles)
    failed = 0
    for profile in profiles:
        mark = "verified" if profile.verified else "unverified"
        line = (f"{profile.id:<16} {profile.version:<4} {mark:<10} {', '.join(profile.domains)}\n"
                f"{'':<16} pagination {profile.pagination.mode}; discovers {_discovers(profile)}")
        if check:
            result = check_profile(profile, registry, fixtures)
            status = "ok" if not result.problems else "FAILED"
            line += f"\n{'':<16} check: {status} on {result.cases} fixture(s)"
            for problem in result.problems:
                line += f"\n{'':<18}- {problem}"
            failed += bool(result.problems)
        print(line, file=out)
    line = f"{len(profiles)} profiles, {verified} verified by real pages, {len(profiles) - verified} unverified"
    if check:
        line += f"; {len(profiles) - failed} pass their check, {failed} fail"
    if summary:
        print(line, file=err)
    return 1 if failed else 0
