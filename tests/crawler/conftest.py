"""Shared fixtures of the crawler tests: a real HTTP server on 127.0.0.1 serving fixtures/site/."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from crawler.crawl.passes import CrawlConfig, run_pass
from crawler.localsite import SiteServer, render_profile


@pytest.fixture
def site():
    with SiteServer() as server:
        yield server


@pytest.fixture
def profile(site, tmp_path) -> Path:
    return render_profile(site.base, tmp_path / "profiles")


def config(out: Path, profile: Path, **changes) -> CrawlConfig:
    values = dict(out_dir=str(out), profile_files=[str(profile)], autothrottle=False, delay=0.0, retry_backoff=0.1)
    values.update(changes)
    return CrawlConfig(**values)


def crawl(out: Path, profile: Path, **changes):
    return run_pass(config(out, profile, **changes))


def records(out: Path, name: str = "articles.jsonl") -> list[dict]:
    path = out / name
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def article_paths(site: SiteServer) -> list[str]:
    return [r.path for r in site.requests() if r.path.startswith(("/news/", "/multi/", "/extra/", "/private/"))]
