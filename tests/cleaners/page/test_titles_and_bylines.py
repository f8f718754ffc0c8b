"""Titles (entities decoded, the headline preferred over the site's name, the site's name cut from
the end) and bylines (never the publisher's own name), on real values: each case is a page's
own title tags, headline and byline as served (the page named beside it, from ../shared/eval),
in a minimal page around them."""

from __future__ import annotations

import json

import pytest
from selectolax.lexbor import LexborHTMLParser

from cleaners import Page, clean_page
from cleaners.page.metadata import clean_authors, read_metadata
from cleaners.page.title import name_key, strip_site_suffix, unescape
from tests.conftest import FIXTURES


def _page(*, title: str = "", og: str = "", site: str = "", h1: str = "", ld: dict | None = None,
          author: str = "", lang: str = "en") -> str:
    head = f"<title>{title}</title>" if title else ""
    head += f'<meta property="og:title" content="{og}">' if og else ""
    head += f'<meta property="og:site_name" content="{site}">' if site else ""
    head += f'<meta name="author" content="{author}">' if author else ""
    if ld:
        head += f'<script type="application/ld+json">{json.dumps(ld)}</script>'
    body = f"<h1>{h1}</h1>" if h1 else ""
    return f'<html lang="{lang}"><head>{head}</head><body>{body}<p>Text.</p></body></html>'


def _meta(html: str, url: str):
    return read_metadata(LexborHTMLParser(html), url)


@pytest.mark.parametrize(("page", "url", "wanted"), [
    # mexiconewsdaily.com: JSON-LD headline with &#8216;/&#8217; escaped once more in the JSON
    (_page(ld={"@type": "NewsArticle", "headline": "Mexico to fight &#8216;illogical&#8217; steel tariffs, "
                                                   "citing trade surplus in US&#8217;s favor"}),
     "https://mexiconewsdaily.com/news/bad-idea-mexico-pushes-back-trump-universal-steel-tariffs/",
     "Mexico to fight ‘illogical’ steel tariffs, citing trade surplus in US’s favor"),
    # greatdayimprovements.com: &amp; and &#8217; in the JSON-LD headline
    (_page(ld={"@type": "BlogPosting", "headline": "2025 Renovation Trends &amp; Why They&#8217;re Smart"}),
     "https://www.greatdayimprovements.com/home-advice/blogs/2025-renovation-trends-why-theyre-smart/",
     "2025 Renovation Trends & Why They’re Smart"),
    # appinventiv.com: &#8211; (en dash) in the headline
    (_page(ld={"@type": "BlogPosting", "headline": "How Machine Learning is Shaping eCommerce &#8211; 10 Benefits, "
                                                   "Use Cases, Best Practices"}, site="Appinventiv"),
     "https://appinventiv.com/blog/machine-learning-in-ecommerce/",
     "How Machine Learning is Shaping eCommerce – 10 Benefits, Use Cases, Best Practices"),
])
def test_titles_are_read_with_their_entities_decoded(page: str, url: str, wanted: str):
    assert _meta(page, url).title == wanted


@pytest.mark.parametrize(("page", "url", "wanted"), [
    # online.stanford.edu: the first <h1> is the site's logo, "Stanford Online" (= og:site_name)
    (_page(title="Certificate vs Certification | Stanford Online", og="Certificate vs Certification",
           site="Stanford Online", h1="Stanford Online"),
     "https://online.stanford.edu/certificate-vs-certification", "Certificate vs Certification"),
    # houstoniamag.com: og:title is the site's name
    (_page(title="Houston's Hottest New Restaurants to Visit This Month, December 2025 | Houstonia",
           og="Houstonia Magazine", site="Houstonia Magazine"),
     "https://www.houstoniamag.com/eat-and-drink/best-new-restaurants-houston",
     "Houston's Hottest New Restaurants to Visit This Month, December 2025"),
])
def test_the_headline_wins_over_the_sites_name(page: str, url: str, wanted: str):
    assert _meta(page, url).title == wanted


@pytest.mark.parametrize(("title", "site_names", "host", "wanted"), [
    ("Sering Depresi Berat, Hati-Hati Diabetes! - Health :: Okezone Lifestyle", ["lifestyle.okezone.com"],
     "lifestyle.okezone.com", "Sering Depresi Berat, Hati-Hati Diabetes!"),  # id-okezone-101
    ("Harga Minyak Dunia Naik : Okezone Economy", [], "economy.okezone.com", "Harga Minyak Dunia Naik"),
    ("Samsul Arif Tak Beban Lawan Arema - Kompas.com", [], "bola.kompas.com",
     "Samsul Arif Tak Beban Lawan Arema"),  # id-kompas-102
    ("Polres Lhokseumawe Serahkan Anggota Di Minimi ke Kejaksaan | Kompas.com", ["KOMPAS.com"],
     "regional.kompas.com", "Polres Lhokseumawe Serahkan Anggota Di Minimi ke Kejaksaan"),
    ("What is Nato and which countries are in it? - BBC News", [], "www.bbc.com",
     "What is Nato and which countries are in it?"),
    # urgefitness.com: the site's name, then its tagline
    ("The Beginner's Guide to Gym Equipment: Everything You Need to Know - Urge Fitness | Affordable 24/7 "
     "Gyms Near Me in PA and NJ", [], "www.urgefitness.com",
     "The Beginner's Guide to Gym Equipment: Everything You Need to Know"),
    # soundstagexperience.com: the site's name first, twice
    ("SoundStage! Xperience | SoundStageXperience.com - The Five Best Noise-Canceling Headphones and Earphones "
     "(According to Me)", [], "www.soundstagexperience.com",
     "The Five Best Noise-Canceling Headphones and Earphones (According to Me)"),
    # a colon that does not name the site stays
    ("Kasus Aktif Covid-19: Pemkot Bandung Batasi Kegiatan Masyarakat", ["Merdeka.com"], "www.merdeka.com",
     "Kasus Aktif Covid-19: Pemkot Bandung Batasi Kegiatan Masyarakat"),
])
def test_the_sites_name_is_cut_from_a_title(title, site_names, host, wanted):
    assert strip_site_suffix(title, site_names, host) == wanted


def test_a_site_name_that_is_the_headline_is_not_taken_for_the_sites():
    # clay.global fills og:site_name with the page's headline
    page = _page(title="How to Design a Website: a Complete Guide for 2026 | Clay",
                 site="How to Design a Website: a Complete Guide for 2026 | Clay")
    assert _meta(page, "https://clay.global/blog/web-design-guide/how-to-design-a-website").title == \
        "How to Design a Website: a Complete Guide for 2026"


def test_unescape_decodes_at_most_twice():
    assert unescape("Full &amp;#038; Part Time") == "Full & Part Time"
    assert unescape("A &amp;amp;amp; B") == "A &amp; B"


@pytest.mark.parametrize(("names", "site_names", "host", "wanted"), [
    (["Kompas Cyber Media"], [], "bola.kompas.com", ()),  # id-kompas-102's meta author: the publisher
    (["Kompas Cyber Media"], ["KOMPAS.com"], None, ()),  # its declared name is a host: kompas
    (["PT. VIVA MEDIA BARU - VIVA.co.id"], [], "log.viva.co.id", ()),  # id-viva-101
    (["Accruent"], [], "www.accruent.com", ()),  # wcxb-0047: JSON-LD author, typed Person
    (["GitHub"], ["GitHub Resources"], "resources.github.com", ()),  # wcxb-0410
    (["日本経済新聞社"], ["日本経済新聞"], "www.nikkei.com", ()),  # fundus-jp-Nikkei
    (["Masriadi"], ["KOMPAS.com"], "regional.kompas.com", ("Masriadi",)),
    (["Ben Nadel"], [], "www.bennadel.com", ("Ben Nadel",)),  # a person's own site (wcxb-0476)
    (["Derek Seaman"], ["Derek Seaman's Tech Blog"], "www.derekseaman.com", ("Derek Seaman",)),
    (["Kompasiana Writer"], [], "www.kompas.com", ("Kompasiana Writer",)),  # starts like the host's name, no word is it
])
def test_a_byline_is_never_the_publishers_own_name(names, site_names, host, wanted):
    assert clean_authors(names, site_names, host) == wanted


@pytest.mark.parametrize(("name", "author", "publisher"), [
    ("id-kompas-101", "Kompas Cyber Media", "regional.kompas.com"),
    ("id-viva-101", "PT. VIVA MEDIA BARU - VIVA.co.id", "life.viva.co.id"),
])
def test_pages_that_name_their_publisher_as_author_get_no_such_author(name: str, author: str, publisher: str):
    path = FIXTURES / "metadata" / f"{name}.html"
    gold = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
    tree = LexborHTMLParser(path.read_text(encoding="utf-8", errors="replace"))
    assert tree.css_first('meta[name="author"]').attributes["content"].split() == author.split()  # as served
    assert publisher in gold["url"]
    article = clean_page(Page(url=gold["url"], body=path.read_bytes(), source=name))
    assert author not in article.authors
    assert all("kompas" not in a.lower() and "viva" not in a.lower() for a in article.authors)


def test_name_key_keeps_letters_and_digits_folded():
    """The ASCII shortcut of name_key folds as the pattern does: every ASCII character, and names
    beside non-ASCII ones (which casefold and the \\w class read: "ß" folds to "ss", "İ" to "i" and a
    dot above that is no letter, "٣" is a digit, "_" goes)."""
    every_ascii = "".join(chr(code) for code in range(128))
    assert name_key(every_ascii) == "0123456789" + "abcdefghijklmnopqrstuvwxyz" * 2  # A-Z, then a-z
    assert name_key("Kompas.com") == "kompascom"
    assert name_key("PT. VIVA MEDIA_BARU - VIVA.co.id") == "ptvivamediabaruvivacoid"
    assert name_key("Süddeutsche Straße") == "süddeutschestrasse"
    assert name_key("İstanbul Haber") == "istanbulhaber" and name_key("قناة ٣") == "قناة٣"
    assert name_key("日本経済新聞社") == "日本経済新聞社"
