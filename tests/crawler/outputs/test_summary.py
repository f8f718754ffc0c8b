"""RunSummary: the lines of clean, a crawl pass and eval, and the JSON round trip of a pass."""

from __future__ import annotations

from collections import Counter

from crawler.outputs.summary import RunSummary


def test_clean_line():
    summary = RunSummary("clean", read=3, written=2, rejected=Counter(empty=1))
    assert summary.line() == "read 3; written 2; rejected 1 (empty 1); site profile fallbacks to generic 0"
    summary.extractors.update({"site:merdeka": 1, "generic": 1})
    summary.fallbacks["site:x/v1"] += 1
    summary.stitched = 1
    assert summary.line() == ("read 3; written 2; rejected 1 (empty 1); extractors: generic 1, site:merdeka 1; "
                              "pages stitched into articles 1; site profile fallbacks to generic 1 (site:x/v1 1)")


def test_crawl_line_is_the_default():
    summary = RunSummary(discovered=5, skipped_seen=1, fetched=4, written=3, updated=1, seconds=1.25)
    assert summary.line() == ("discovered 5; skipped 1 already seen; fetched 4; written 3 (1 updated); rejected 0; "
                              "feeds/sitemaps not modified 0; 1.2s")
    summary.skipped_old, summary.unchanged, summary.discovery_failed, summary.recovered = 2, 1, 1, 7
    summary.rejected["robots"] += 1
    summary.fallbacks["site:x/v1"] += 2
    assert summary.line() == ("discovered 5; skipped 1 already seen; skipped 2 older than --since; fetched 4; "
                              "written 3 (1 updated); rejected 1 (robots 1); unchanged 1; "
                              "site profile fallbacks to generic 2 (site:x/v1 2); feeds/sitemaps not modified 0; "
                              "feeds/sitemaps failed 1; recovered 7 records from an interrupted run; 1.2s")


def test_eval_line():
    summary = RunSummary("eval", extractors=Counter({"generic": 2, "site:merdeka": 1}))
    assert summary.line() == "extractors: generic 2, site:merdeka 1; site profile fallbacks to generic 0"


def test_a_pass_summary_survives_json():
    import json

    summary = RunSummary(written=2, rejected=Counter(robots=1), fallbacks=Counter({"site:x/v1": 1}), clean_cpu=0.5)
    again = RunSummary.from_dict(json.loads(json.dumps(summary.to_dict())))
    assert again == summary and again.rejected_total == 1 and again.line() == summary.line()


def test_a_duplicate_is_counted_apart_from_unchanged_and_survives_json():
    import json

    summary = RunSummary(discovered=2, fetched=2, written=1, unchanged=1, duplicate=1, seconds=1.0)
    assert summary.line() == ("discovered 2; skipped 0 already seen; fetched 2; written 1 (0 updated); rejected 0; "
                              "unchanged 1; duplicate 1 (another URL of an article already written); "
                              "feeds/sitemaps not modified 0; 1.0s")
    again = RunSummary.from_dict(json.loads(json.dumps(summary.to_dict())))
    assert again.duplicate == 1 and again.unchanged == 1
    assert "duplicate" not in RunSummary(written=1).line()
