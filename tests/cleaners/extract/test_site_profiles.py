"""Site profiles at work: every bundled profile on its fixtures, the KLY pages-in-one-DOM case,
the drift alarm, the language shortcut, and pages of one article stitched by `clean`."""

from __future__ import annotations

import dataclasses
import io
import json
import shutil
from pathlib import Path

import pytest

from cleaners import Options, Page, clean_page
from cleaners.extract.prune import default_prune_plan
from cleaners.knowledge.sites import Registry, default_registry, reads_beside
from crawler.cli import main
from crawler.commands.sites import cases_for, check_profile

ROOT = Path(__file__).resolve().parents[3]
FIXTURES = ROOT / "fixtures"
PAGES = FIXTURES / "pages"
SITE_FIXTURES = FIXTURES / "sites"
REGISTRY = default_registry()


def _page(name: str) -> Page:
    gold = json.loads((PAGES / f"{name}.json").read_text(encoding="utf-8"))
    return Page(url=gold["url"], body=(PAGES / f"{name}.html").read_bytes(), source=name)


@pytest.mark.parametrize("profile", list(REGISTRY), ids=lambda p: p.id)
def test_every_profile_passes_its_check(profile):
    result = check_profile(profile, fixtures=FIXTURES)
    assert result.cases >= 1
    assert not result.problems, "\n".join(result.problems)


@pytest.mark.parametrize("profile", list(REGISTRY), ids=lambda p: p.id)
def test_verified_means_a_real_page_and_unverified_fixtures_say_synthetic(profile):
    cases = cases_for(profile, FIXTURES)
    if profile.verified:
        assert any(not c.synthetic and c.html.parent == PAGES for c in cases)
    for case in cases:
        if case.html.parent.parent == SITE_FIXTURES:
            meta = json.loads(case.html.with_suffix(".json").read_text(encoding="utf-8"))
            assert meta["synthetic"] is True and meta["provenance"].startswith("synthetic"), case.name


def test_kly_pages_hidden_in_one_dom_are_all_taken():
    article = clean_page(_page("id-liputan6-001"))
    assert article.extractor == "site:liputan6/v1"
    headings = [b.text for b in article.blocks if b.kind == "heading"]
    assert "Gandeng Rumah Sakit" in headings  # the second page's title, hidden by CSS
    assert not any("dari 3 halaman" in b.text or b.text == "Baca Juga" for b in article.blocks)
    merdeka = clean_page(_page("id-merdeka-001"))
    assert [b.text for b in merdeka.blocks if b.kind == "heading"] == ["Sate Lalat Pak Muhsin", "Wajib Dicicipi"]


def _with(profile_id: str, **extract_changes) -> Options:
    profile = REGISTRY.profiles[profile_id]
    changed = dataclasses.replace(profile, extract=dataclasses.replace(profile.extract, **extract_changes))
    return Options(sites=Registry([changed]))


def test_drift_alarm_when_the_body_selector_finds_nothing():
    page = _page("id-merdeka-004")
    good = clean_page(page)
    drifted = clean_page(page, _with("merdeka", body=("div.redesigned-body",)))
    assert drifted.extractor.startswith("generic/") is False
    assert drifted.extractor.startswith("generic; site:merdeka/v1 found nothing")
    assert len(drifted.text) > 0.8 * len(good.text)  # the generic result, not an empty article


def test_drift_alarm_when_the_profile_finds_far_less_than_the_generic_extractor():
    page = _page("id-liputan6-003")
    drifted = clean_page(page, _with("liputan6", body=(".article-raw-content > p:first-child",),
                                     strip=()))
    assert drifted.extractor.startswith("generic; site:liputan6/v1 found too little")
    assert len(drifted.text) > 3000


def test_no_sites_option_gives_the_generic_path():
    article = clean_page(_page("id-liputan6-001"), Options(use_sites=False))
    assert article.extractor.startswith("generic/trafilatura")


def test_language_prefix_when_profile_and_page_agree_and_disagreement_recorded():
    agreed = clean_page(_page("id-liputan6-001"))
    assert (agreed.language, agreed.language_source) == ("id", "declared+stopwords")
    merdeka = clean_page(_page("id-merdeka-001"))  # merdeka's pages say lang="en"
    assert merdeka.language == "id"
    assert merdeka.language_source == "profile+langdetect; page says en"  # too few function words in its sample
    # an English page on a profiled Indonesian site: the full detection decides, and says so
    bbc = (PAGES / "fundus-uk-BBC-2026-04-25.html").read_bytes()
    english = clean_page(Page(url="https://www.liputan6.com/global/read/1/x", body=bbc),
                         _with("liputan6", body=("article", "main", "body")))
    assert english.language == "en" and english.language_source.endswith("profile says id, page says en")


def test_clean_and_eval_summaries_count_drift_per_site(tmp_path, capsys, monkeypatch):
    pages = tmp_path / "pages"
    pages.mkdir()
    for name in ("id-liputan6-001", "id-fimela-002"):
        for ext in (".html", ".json"):
            shutil.copy(PAGES / f"{name}{ext}", pages / f"{name}{ext}")
    assert main(["eval", str(pages)]) == 0
    out = capsys.readouterr().out
    assert "site:fimela 1, site:liputan6 1" in out and "site profile fallbacks to generic 0" in out
    assert main(["eval", str(pages), "--no-sites"]) == 0
    assert "extractors: generic 2" in capsys.readouterr().out


def test_sites_command_lists_and_checks(capsys):
    assert main(["sites"]) == 0
    captured = capsys.readouterr()
    assert "liputan6" in captured.out and "verified" in captured.out and "unverified" in captured.err
    assert f"{len(REGISTRY)} profiles" in captured.err


def test_clean_stitches_pages_of_one_article_first_page_first(tmp_path, capsys):
    from cleaners.knowledge.sites import load_profiles

    profile = tmp_path / "contoh.toml"
    profile.write_text('id = "contoh"\ndomains = ["contoh.example"]\n[extract]\nbody = ["article"]\n'
                       '[pagination]\nmode = "next_link"\nnext = "a.page-next"\npage_pattern = \'-\\d+(?=\\.html$)\'\n',
                       encoding="utf-8")
    options = Options(sites=load_profiles([profile]))
    multi = ROOT / "fixtures" / "site" / "multi"
    src = tmp_path / "in"
    src.mkdir()
    for page, name in (("banjir-rob-pesisir-utara.html", "banjir.html"),
                       ("banjir-rob-pesisir-utara-2.html", "banjir-2.html")):
        html = (multi / page).read_text(encoding="utf-8")
        canonical = f"https://contoh.example/multi/{page}"
        (src / name).write_text(html.replace("</head>", f'<link rel="canonical" href="{canonical}"></head>', 1),
                                encoding="utf-8")
    from crawler.commands.clean import run_clean
    from crawler.outputs.writer import Writer

    out = tmp_path / "out"
    with Writer(out, "both") as writer:
        summary = run_clean([str(src)], writer, options=options, stderr=io.StringIO(), progress=False)
    # "banjir-2.html" sorts before "banjir.html": the page number, not the input order, decides
    assert (summary.read, summary.written, summary.stitched) == (2, 1, 1)
    text = (out / "banjir.txt").read_text(encoding="utf-8").splitlines()
    assert text[0] == "Banjir Rob Rendam Permukiman di Pesisir Utara"
    assert text.count(text[0]) == 1
    first = [b.text for b in clean_page(Page(url=None, body=(src / "banjir.html").read_bytes()), options).blocks]
    second = [b.text for b in clean_page(Page(url=None, body=(src / "banjir-2.html").read_bytes()), options).blocks]
    assert text[1:] == first + [line for line in second if line not in first]
    assert len(second) >= 2 and all(line in text for line in second)
    record = json.loads((out / "articles.jsonl").read_text(encoding="utf-8"))
    assert record["extractor"] == "site:contoh/v1"


def test_profile_sources_in_meta_tags_are_read_before_the_page_is_pruned():
    page = _page("id-liputan6-002")
    body = page.body.replace(b'<meta property="og:title" content="', b'<meta property="og:title" content="OG: ', 1)
    assert body != page.body
    options = _with("liputan6", title=("meta[property='og:title']",),
                    date=("meta[property='article:published_time']",))
    article = clean_page(dataclasses.replace(page, body=body), options)
    assert article.extractor == "site:liputan6/v1"
    assert article.title.startswith("OG: Update 23 Januari 2021")
    assert article.published_at == "2021-01-23T13:30:00+07:00"


def test_one_page_url_of_a_later_page_cuts_its_page_part_first():
    import re

    from cleaners.knowledge.sites import Pagination
    from crawler.fetch.pagination import first_url

    detik = Pagination(mode="single_url", single_url="{url}?single=1", page_pattern=re.compile(r"/\d{1,2}(?=$|[?#])"))
    assert first_url("https://travel.detik.com/x/d-7000001/festival/2", detik) == \
        "https://travel.detik.com/x/d-7000001/festival?single=1"
    tribun = Pagination(mode="single_url", single_url="{url}?page=all", page_pattern=re.compile(r"[?&]page=\d+"))
    assert first_url("https://www.tribunnews.com/r/2025/07/01/panen?page=2", tribun) == \
        "https://www.tribunnews.com/r/2025/07/01/panen?page=all"


@pytest.mark.parametrize("first", sorted(SITE_FIXTURES.glob("*/*-p1.html")), ids=lambda p: p.parent.name)
def test_clean_stitches_the_synthetic_two_page_articles(first, tmp_path):
    from crawler.commands.clean import run_clean
    from crawler.outputs.writer import Writer

    second = first.with_name(first.name.replace("-p1.html", "-p2.html"))
    src = tmp_path / "in"
    src.mkdir()
    # a saved page has no URL of its own; when its canonical URL does not name the page either
    # (page 2 pointing at page 1), the input order is the page order
    shutil.copy(first, src / "a.html")
    shutil.copy(second, src / "b.html")
    out = tmp_path / "out"
    with Writer(out, "both") as writer:
        summary = run_clean([str(src)], writer, stderr=io.StringIO(), progress=False)
    assert (summary.read, summary.written, summary.stitched) == (2, 1, 1)
    one = first.with_suffix(".txt").read_text(encoding="utf-8").splitlines()
    two = second.with_suffix(".txt").read_text(encoding="utf-8").splitlines()
    text = (out / "a.txt").read_text(encoding="utf-8").splitlines()
    assert text == one + [line for line in two[1:] if line not in one]


def test_a_body_selector_matching_the_heads_furniture_finds_the_body_after_it():
    # the head's <meta>s are furniture, gone before the profile reads the page: the next selector is used
    page = _page("id-merdeka-001")
    good = clean_page(page)
    assert good.extractor.startswith("site:merdeka/")
    odd = clean_page(page, _with("merdeka", body=("meta[property='og:title']", "div.mdk-body-paragraph")))
    assert odd.to_dict() == good.to_dict()
    assert REGISTRY.profiles["merdeka"].extract.body_selectors_local
    assert not _with("merdeka", body=("html:has(meta) div.x",)).sites.profiles["merdeka"].extract.body_selectors_local


# -- the <body>'s furniture a profile page keeps until the profile has read the page ------------------------------
def _merdeka_with(extra_before_body: str, extra_at_the_end: str = "") -> Page:
    page = _page("id-merdeka-001")
    html = page.body.decode("utf-8")
    at, end = html.index('<div class="mdk-body-paragraph'), html.index("</body>")
    html = html[:at] + extra_before_body + html[at:end] + extra_at_the_end + html[end:]
    return dataclasses.replace(page, body=html.encode("utf-8"))


def _record(article):
    return {key: value for key, value in article.to_dict().items() if key != "sha256"}  # the page's bytes differ


def test_paragraphs_in_furniture_do_not_weigh_against_the_profile():
    # A search form's long paragraph and a button's text inside a paragraph are furniture: the profile's
    # text is weighed against the page's paragraphs without them. Counted, the profile's text would be
    # too short, and the generic path would take the long list after the article instead.
    good = clean_page(_page("id-merdeka-001"))
    long = "kata " * 2000
    story = "<article><h2>Cerita</h2><ul>" + "".join(
        f"<li>Kalimat nomor {i} dari cerita lain yang panjang sekali, tentang pasar dan harga beras.</li>"
        for i in range(150)) + "</ul></article>"
    for furniture in (f'<form role="search"><p>{long}</p></form>', f"<p>Teks <button>{long}</button> biasa</p>"):
        found = clean_page(_merdeka_with(furniture, story))
        assert found.extractor == good.extractor and found.extractor.startswith("site:merdeka/")
        assert found.text == good.text


def test_a_body_match_inside_furniture_is_passed_over():
    good = clean_page(_page("id-merdeka-001"))
    decoy = '<button><div class="mdk-body-paragraph"><p>Umpan di dalam tombol.</p></div></button>'
    found = clean_page(_merdeka_with(decoy))
    assert _record(found) == _record(good)
    # a selector that reads an element's siblings is run on the page without the furniture
    sibling = _with("merdeka", body=("button + div.mdk-body-paragraph, div.mdk-body-paragraph",))
    assert not sibling.sites.profiles["merdeka"].extract.body_selectors_plain
    assert REGISTRY.profiles["merdeka"].extract.body_selectors_plain
    assert clean_page(_merdeka_with(decoy), sibling).text == good.text
    # a strip selector reads the body itself, and may read its siblings or its position
    for strip in ("button + div p.lead", "div:nth-child(3) > p", "div ~ p", "section:HAS(aside.share) p"):
        assert not _with("merdeka", strip=(strip,)).sites.profiles["merdeka"].extract.body_selectors_plain


def test_the_shipped_guarded_selectors_read_nothing_beside_their_match():
    """The profile path keeps the <body>'s furniture until a profile has read the page only while
    the guarded selectors, run on its bodies, read no sibling, position or :has() (reads_beside)."""
    assert not reads_beside((default_prune_plan().guarded,))
    assert reads_beside(("div.share + p",)) and reads_beside(("li:first-child",)) and reads_beside(("div:HAS(a) p",))
    assert reads_beside(("div ~ p",)) and not reads_beside(('[class~="ads"]', "div > p.lead"))
    # a :has() reads beside the body only on a compound above the match
    assert reads_beside(("section:has(aside.share) p",)) and reads_beside(("a, div:HAS(b) > p",))
    assert not reads_beside(("p:has(span.baca-juga)", "div p:has(a[class^='track- (x']), h2:has(> img)"))
