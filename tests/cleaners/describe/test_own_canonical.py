"""A page's canonical link counts only on the page's own site (cleaners.describe.article.own_canonical):
on real pages, what the record's canonical_url, canonical_ignored, id and site become."""

from __future__ import annotations

import hashlib

import pytest

from cleaners import Page, clean_page
from cleaners.describe.article import _site_key, own_canonical, same_site
from cleaners.knowledge.sites import default_registry
from tests.conftest import PAGES

# fixtures/pages/id-merdeka-001.html names this canonical URL (provenance in its .json)
MERDEKA = "https://www.merdeka.com/jatim/cuma-ada-di-pamekasan-begini-kelezatan-sate-lalat-pak-muhsin.html"


def _id(url: str) -> str:
    return hashlib.sha256(("url:" + url).encode()).hexdigest()[:16]


def _clean(url: str | None):
    body = (PAGES / "id-merdeka-001.html").read_bytes()
    return clean_page(Page(url=url, body=body, headers={"content-type": "text/html; charset=utf-8"}))


def test_a_canonical_on_another_site_is_ignored():
    url = "https://mirror.example.net/copy/sate-lalat.html"
    article = _clean(url)
    assert article.canonical_url is None and article.canonical_ignored == MERDEKA
    assert article.id == _id(url) and article.site == "mirror.example.net"
    record = article.to_dict()
    assert record["canonical_ignored"] == MERDEKA and record["canonical_url"] is None
    assert article.extractor.startswith("site:merdeka/")  # the publisher's markup is still read as such


@pytest.mark.parametrize("url", [MERDEKA, "https://m.merdeka.com/jatim/sate-lalat.html",
                                 "http://merdeka.com/amp/jatim/sate-lalat.html"])
def test_a_canonical_on_the_same_registered_domain_counts(url):
    article = _clean(url)
    assert article.canonical_url == MERDEKA and article.canonical_ignored is None
    assert article.id == _id(MERDEKA) and article.site == "merdeka.com"


def test_a_file_without_a_url_keeps_its_canonical():
    article = _clean(None)
    assert article.canonical_url == MERDEKA and article.canonical_ignored is None
    assert article.id == _id(MERDEKA)


def test_sites_compared():
    assert same_site("https://news.bbc.co.uk/a", "https://www.bbc.co.uk/b")
    assert not same_site("https://bbc.co.uk/a", "https://evil.co.uk/b")  # a public suffix is no site
    assert not same_site("https://one.blogspot.com/a", "https://two.blogspot.com/b")
    assert same_site("http://127.0.0.1:8080/a", "https://127.0.0.1:8080/b")
    assert not same_site("http://127.0.0.1:8080/a", "http://127.0.0.1:8081/b")  # another server
    assert not same_site("http://localhost:8080/a", "http://127.0.0.1:8080/b")
    assert same_site("https://www.bbc.co.uk/a", "https://www.bbc.co.uk/a")  # a page's own URL as its canonical
    assert not same_site("page.html", "page.html")  # the same name, but no site: without a host, no key
    assert own_canonical("https://www.merdeka.com/x", "https://evil.example/y") == (None, "https://www.merdeka.com/x")
    assert own_canonical(None, "https://evil.example/y") == (None, None)


def test_the_domains_of_the_page_s_own_profile_count():
    profile = default_registry().get("bolanet")  # one publisher on bola.net and otosia.com
    assert profile is not None and {"bola.net", "otosia.com"} <= set(profile.domains)
    assert not same_site("https://www.bola.net/a", "https://www.otosia.com/b")
    assert same_site("https://www.bola.net/a", "https://www.otosia.com/b", profile)
    assert not same_site("https://www.bola.net/a", "https://evil.example/b", profile)


def test_the_registered_domain_remembered_by_host_is_the_one_each_url_gives():
    urls = ["https://WWW.BBC.co.uk./a", "https://news.bbc.co.uk/b?x=1", "http://bbc.co.uk:8080/c",
            "https://one.blogspot.com/a", "https://two.blogspot.com/b", "http://127.0.0.1:8080/a",
            "http://127.0.0.1:8081/b", "http://localhost:8080/a"]
    first = [[same_site(a, b) for b in urls] for a in urls]
    again = [[same_site(a, b) for b in urls] for a in urls]  # now from the remembered domains
    assert first == again
    assert first[0][:3] == [True, True, True] and first[3][4] is False and first[5][6] is False
    assert _site_key(urls[0]) == "bbc.co.uk" and _site_key(urls[5]) == "127.0.0.1:8080"
