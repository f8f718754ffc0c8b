"""Kinds of publication date the chain reads, each with cases from more than one outlet. The pages
are minimal pages around the real markup and values of WCXB dev pages (../shared/eval/wcxb, the
Web Content Extraction Benchmark, CC-BY-4.0, (c) 2026 Murrough Foley; the page id is named at
each case) and of the Fundus test pages in ../shared/eval/pages."""

from __future__ import annotations

import json

import pytest
from selectolax.lexbor import LexborHTMLParser

from cleaners.describe.dates import dates_in, parse_date, url_day
from cleaners.knowledge.settings import default_settings
from cleaners.page.metadata import read_metadata
from cleaners.page.nearby import text_after, text_before
from cleaners.page.published import headline_dates, month_first


def _ld(**values: str) -> str:
    return f'<script type="application/ld+json">{json.dumps({"@type": "Article", **values})}</script>'


def _published(head: str, body: str, url: str = "https://example.com/story", lang: str = "en") -> str | None:
    page = f'<html lang="{lang}"><head><title>T</title>{head}</head><body>{body}</body></html>'
    return read_metadata(LexborHTMLParser(page), url).published_at


# --- A printed date labelled as an update is the modification date ------------------------------

@pytest.mark.parametrize(("head", "byline", "wanted"), [
    # healthline (wcxb-4578): article:published_time 2018, no dateModified; the byline's update
    ('<meta name="article:published_time" content="2018-06-12T07:00:00.000Z">',
     "Medically reviewed by Kim Rose-Francis RDN — Written by Jillian Kubala, MS, RD — Updated on March 7, 2025",
     "2018-06-12T07:00:00+00:00"),
    # cleverhiker (wcxb-4698): the update line's day is not the dateModified's either
    ('<meta property="article:published_time" content="2020-11-12T01:15:00+00:00">'
     '<meta property="article:modified_time" content="2025-10-02T20:38:20+00:00">',
     "Last Updated: September 26, 2024 By Heather Eldridge", "2020-11-12T01:15:00+00:00"),
    # movebuddha (wcxb-0057): JSON-LD datePublished and dateModified 2025-12-01, the page "Dec 17"
    (_ld(datePublished="2025-12-01", dateModified="2025-12-01"),
     "Ryan Carrigan Last Updated: Dec 17, 2025 • 5 min read", "2025-12-01"),
    # NASA SVS (wcxb-4027): a weekday between the label and the date, and no dateModified to compare
    ('<meta property="article:published_time" content="2022-03-02T13:00:00-05:00">',
     "This page was last updated on Sunday, January 5, 2025 at 12:13 AM EST.", "2022-03-02T13:00:00-05:00"),
])
def test_a_printed_update_does_not_overrule_the_machine_publication_date(head, byline, wanted):
    assert _published(head, f"<h1>The Best Things To Know</h1><p>{byline}</p>") == wanted


@pytest.mark.parametrize(("text", "published", "updated"), [
    # NPR (wcxb-4560): the update first, the first publication after it
    ("Updated November 11, 2022 8:23 PM ET Originally published November 9, 2022 11:01 AM ET By April Fulton",
     "2022-11-09T11:01:00", "2022-11-11T20:23:00"),
    # Morgunblaðið (fundus-isl-Morgunbladid): "Uppfært" (updated) after the publication
    ("Innlent | mbl | 11.2.2025 | 23:55 | Uppfært 12.2.2025 7:25", "2025-02-11T23:55:00", "2025-02-12T07:25:00"),
    # liputan6 (id-liputan6-001): the publication, then "Diperbarui" (updated)
    ("Liputan6.com pada 26 Jun 2020, 13:58 WIB Diperbarui 26 Jun 2020, 13:58 WIB",
     "2020-06-26T13:58:00+07:00", "2020-06-26T13:58:00+07:00"),
    # liputan6 2016 (textdump dev-liputan6-003): an update line alone is no publication date
    ("oleh Agustin Setyo Wardani diperbarui 23 Des 2016, 19:00 WIB", None, "2016-12-23T19:00:00+07:00"),
    # NASA SVS (wcxb-4027): the weekday between the label and the date is no other date
    ("This page was last updated on Sunday, January 5, 2025 at 12:13 AM EST.", None, "2025-01-05T00:13:00"),
    # liputan6's byline (id-liputan6-001) with the update first, a weekday before its date
    ("Diperbarui Senin, 29 Jun 2020, 09:15 WIB Liputan6.com pada 26 Jun 2020, 13:58 WIB",
     "2020-06-26T13:58:00+07:00", "2020-06-29T09:15:00+07:00"),
])
def test_the_byline_tells_the_publication_from_the_update(text, published, updated):
    tree = LexborHTMLParser(f"<html><body><h1>A Headline Here</h1><p>{text}</p></body></html>")
    printed = headline_dates(tree, None)
    assert (printed.published, printed.updated) == (published, updated)


# --- Dates printed above the headline (a kicker line in the header block) ------------------------

@pytest.mark.parametrize(("header", "wanted"), [
    # enphase (wcxb-4191)
    ('<div class="hero-text"><h5 class="hero-preheadline">January 23, 2025</h5>'
     '<h1 class="hero-headline">Solar installation in 4 steps: A guide for homeowners</h1></div>', "2025-01-23"),
    # oakywood (wcxb-4524)
    ('<div class="article__header"><div class="article__header__meta"><span class="article__header__meta__value">'
     "February 6, 2026</span></div><h1>Ergonomic desk step by step</h1></div>", "2026-02-06"),
    # educate-me (wcxb-0357): a "Published" label and the date in two elements
    ('<div class="category-header"><div>Published</div><div>October 14, 2025</div><div> in </div>'
     '<a href="/category/x">Corporate training</a></div><div><h1>Top 10 eLearning Companies</h1></div>',
     "2025-10-14"),
])
def test_a_date_printed_just_above_the_headline_is_the_publication_date(header, wanted):
    related = '<ul class="related"><li><span class="article-item__date">Mar 3, 2026</span></li></ul>'
    assert _published("", f"<main>{header}<p>{'Text of the article. ' * 12}</p></main>{related}") == wanted


_FAR = "<span>one two three four five</span>" * 4  # 100 characters of short texts: past _ABOVE_CHARS


@pytest.mark.parametrize(("after", "wanted"), [
    # an update's date and a date right under the headline: the dates above cannot count (not read)
    ("<p>May 5, 2025 Updated May 6, 2025</p>", ("2025-05-05", "2025-05-06", True)),
    # an update's date and a first publication's, far down: the same
    (f"<p>Updated May 6, 2025 {_FAR} Originally published May 1, 2025</p>", ("2025-05-01", "2025-05-06", True)),
    # the date under the headline is far down: the date above it is the publication's
    (f"<p>{_FAR} May 5, 2025 Updated May 6, 2025</p>", ("2024-01-02", "2025-05-06", True)),
    # no update's date under the headline: the one above it is the update's
    ("<p>May 5, 2025</p>", ("2025-05-05", "2024-03-03", True)),
    ("<p>Updated May 6, 2025</p>", ("2024-01-02", "2025-05-06", True)),
])
def test_the_dates_above_the_headline_count_only_where_the_text_after_it_leaves_them_a_part(after, wanted):
    page = (f"<html><body><main><div><div><p>Updated March 3, 2024</p><p>January 2, 2024</p>"
            f"<h1>A Headline Here</h1></div>{after}</div></main></body></html>")
    assert tuple(headline_dates(LexborHTMLParser(page), None)) == wanted


def test_the_sites_date_line_at_the_top_of_the_page_is_not_the_articles():
    # empower (wcxb-0146): "Friday, December 19, 2025" in the page's top bar, "12.12.2025" in the byline
    body = ('<header><nav>Menu</nav><div class="today">Friday , December 19, 2025</div><a>Glossary</a></header>'
            "<div><div><article><h1>Tax 101: Understanding the basics</h1>"
            "<p>By The Currency editors 12.12.2025</p></article></div></div>")
    assert _published("", body) == "2025-12-12"


# --- Numeric and English date forms ---------------------------------------------------------------

@pytest.mark.parametrize(("raw", "us", "wanted"), [
    ("8/1/2025", True, "2025-08-01"),  # greatdayimprovements (wcxb-0236), en-US
    ("03/01/2017", True, "2017-03-01"),  # casact (wcxb-0370), en
    ("3/4/2025", True, "2025-03-04"),  # reolink (wcxb-4142), en
    ("8/27/2025", False, "2025-08-27"),  # the 27 is no month, whatever the page
    ("04/07/2025 10:15", False, "2025-07-04T10:15:00"),  # Indonesian pages: day first
    ("13/11/2025 09:21:40", True, "2025-11-13T09:21:40"),  # bhf (wcxb-0096) JSON-LD
    ("12.12.2025", True, "2025-12-12"),  # empower (wcxb-0146): dotted, day first
    ("11.2.2025 | 23:55", False, "2025-02-11T23:55:00"),  # Morgunblaðið
    ("02-12-2025", True, "2025-12-02"),  # playfultones (wcxb-0429): dashed, day first
    ("February 9th, 2024", False, "2024-02-09"),  # facet (wcxb-4067)
    ("January 22nd, 2019", False, "2019-01-22"),  # jefftk (wcxb-0495)
    ("November 4th, 2025", False, "2025-11-04"),  # bokun (wcxb-1476)
    ("1st March 2025", False, "2025-03-01"),
    ("2019/1/22", False, "2019-01-22"),  # jefftk's citation_publication_date
    ("2023 Jan 7", False, "2023-01-07"),  # PubMed Central's (wcxb-4055)
    ("2024 Jun 30", False, "2024-06-30"),  # PubMed Central's (wcxb-4063)
    ("version 1.2.2025.3", False, None),  # a version number, not a date
    ("2024.03.31 19:59", False, "2024-03-31T19:59:00"),  # LRT (fundus-lt-LRT): year first, dotted
    ("2026.07.12 22:09", False, "2026-07-12T22:09:00"),  # Hankook Ilbo (fundus-kr-HankookIlbo)
    ("2025年1月13日 21時37分", False, "2025-01-13T21:37:00"),  # Asahi Shimbun (fundus-jp-AsahiShimbun)
    ("2024年04月24日23:52 | 来源：", False, "2024-04-24T23:52:00"),  # People's Daily (fundus-cn-People)
    ("2018年6月18日 10:01", False, "2018-06-18T10:01:00"),  # np4k-japanese-article2
    ("2025년 6월 4일", False, "2025-06-04"),  # Korean
    ("Friday, 22 Nov 2024 4:55 PM MYT", False, "2024-11-22T16:55:00"),  # Malay Mail: day first, 12-hour clock
    ("30 Sep 2022, 11:07am", False, "2022-09-30T11:07:00"),  # realestate.com.au (wcxb-4565)
    ("12 Dec 2025 12:30 a.m.", False, "2025-12-12T00:30:00"),  # midnight's half hour
    ("04/07/2025 3:05 pm", False, "2025-07-04T15:05:00"),
    ("3/4/2025 12:05 PM", True, "2025-03-04T12:05:00"),  # noon stays noon
    ("4 July 2025 10:15 amid the storm", False, "2025-07-04T10:15:00"),  # "am" only as a word of its own
    ("0001-01-01", False, None),  # a CMS's empty date (DateTime.MinValue, wcxb-0036's "0001-01-01T00:00:00Z")
    ("1970-01-01", False, None),  # the Unix epoch: a timestamp of 0
])
def test_date_forms(raw, us, wanted):
    assert parse_date(raw, None, us) == wanted


def test_dates_in_reads_every_date_once_in_order():
    text = "By Great Day Editorial Team Design Style 8/1/2025 8/27/2025 From flocked wallpaper"  # wcxb-0236
    assert [found for _at, _end, found in dates_in(text, None, True)] == ["2025-08-01", "2025-08-27"]


@pytest.mark.parametrize(("lang", "wanted"), [
    ("en-US", True), ("en", True), ("en-GB", False), ("en_AU", False), ("id", False), ("", False), (None, False),
])
def test_month_first_pages(lang, wanted):
    attr = f' lang="{lang}"' if lang is not None else ""
    assert month_first(LexborHTMLParser(f"<html{attr}><body><p>x</p></body></html>")) is wanted


@pytest.mark.parametrize(("lang", "url", "wanted"), [
    ("en-US", "https://mindesigns.com.au/blog/comparison-of-social-media-platforms/", False),  # wcxb-0262
    ("en", "https://www.bhf.org.uk/informationsupport/heart-matters-magazine", False),  # wcxb-0096
    ("en", "https://www.digit.in/features/general/llm-worse-than-babies.html", False),  # wcxb-0385
    ("en-US", "https://www.greatdayimprovements.com/blog/2025-renovation-trends", True),  # wcxb-0236
    ("en", "https://whatever.scalzi.com/2025/12/18/x", True),
    ("en", "http://[::1/broken", True),  # a URL with no host to read: the language alone decides
])
def test_a_site_under_a_day_first_countrys_domain_reads_day_first(lang, url, wanted):
    assert month_first(LexborHTMLParser(f'<html lang="{lang}"><body><p>x</p></body></html>'), url) is wanted


def test_an_ambiguous_numeric_date_on_an_australian_site_declaring_en_us_is_day_first():
    # mindesigns.com.au (wcxb-0262) declares en-US (a WordPress theme's default) and writes its own
    # dates day first ("Header New 22/08/2024"); the byline's date of that form, with a day under 13
    body = "<h1>Comparison of Social Media Platforms</h1><p>By Mindesigns 02/08/2024</p>"
    assert _published("", body, "https://mindesigns.com.au/blog/comparison-of-social-media-platforms/",
                      lang="en-US") == "2024-08-02"


def test_a_us_page_prints_month_first_and_overrules_no_machine_date_it_agrees_with():
    # greatdayimprovements (wcxb-0236): published 8/1/2025, updated 8/27/2025; JSON-LD agrees
    head = '<meta property="article:published_time" content="2025-08-01T15:01:58+00:00">'
    body = "<h1>2025 Renovation Trends</h1><p>By: Great Day Editorial Team Design Style 8/1/2025 8/27/2025</p>"
    assert _published(head, body, lang="en-US") == "2025-08-01T15:01:58+00:00"


@pytest.mark.parametrize(("metas", "wanted"), [
    ('<meta name="citation_publication_date" content="2019/1/22">', "2019-01-22"),  # jefftk (wcxb-0495)
    ('<meta name="citation_publication_date" content="2023 Jan 7">', "2023-01-07"),  # PMC (wcxb-4055)
])
def test_the_scholarly_citation_date_is_a_machine_date(metas, wanted):
    assert _published(metas, "<h3>Backup Strategy</h3><p>Some text.</p>") == wanted


@pytest.mark.parametrize(("url", "wanted"), [
    ("https://www.wsetglobal.com/knowledge-centre/blog/2023/october/03/how-many-wine-types/", "2023-10-03"),
    ("https://www.theguardian.com/world/2024/feb/24/death-toll-in-valencia-fire-rises", "2024-02-24"),
    ("https://example.com/2024/foo/24/x", None),
])
def test_a_url_naming_its_month(url, wanted):
    assert url_day(url) == wanted


# --- The local day versus UTC ---------------------------------------------------------------------

def test_a_utc_time_is_told_in_the_zone_the_page_names_when_its_day_is_the_printed_one():
    # scalzi (wcxb-0479): article:published_time 02:41 UTC on the 19th; URL and byline say the 18th;
    # the page's <time> elements are in -05:00
    head = '<meta property="article:published_time" content="2025-12-19T02:41:41+00:00">'
    body = ("<h1>The December Comfort Watches, Day Eighteen</h1><p>Posted on December 18, 2025 Posted by John "
            f"Scalzi 59 Comments</p><p>{'If you should ever want to wind up an old-school fan. ' * 3}</p>"
            '<footer>Comment at <time datetime="2025-12-18T21:46:01-05:00">9:46 pm</time></footer>')
    url = "https://whatever.scalzi.com/2025/12/18/the-december-comfort-watches-2025-day-eighteen"
    assert _published(head, body, url) == "2025-12-18T21:41:41-05:00"


def test_a_utc_time_takes_the_offset_of_the_pages_time_element():
    # spectrecollie (wcxb-0481): 03:05 UTC on the 19th, <time datetime="2025-12-18T19:05:00-08:00">
    head = '<meta property="article:published_time" content="2025-12-19T03:05:00+00:00">'
    body = ('<h1>Are AI Evangelists In Heat?</h1><p><time datetime="2025-12-18T19:05:00-08:00">December 18, 2025'
            "</time> Nonessential Thoughts</p>")
    assert _published(head, body, "https://spectrecollie.com/2025/12/18/are-ai-evangelists-in-heat") == (
        "2025-12-18T19:05:00-08:00")


def test_a_utc_time_no_zone_can_put_on_the_printed_day_stays():
    # corti (wcxb-0386): 22:02 UTC on the 19th cannot be the 18th anywhere: the machine date stays
    head = _ld(datePublished="2025-12-19T22:02:58.705Z")
    body = "<h1>GIM: A new standard for interpretability</h1><p>Dec 18, 2025 X min read</p>"
    assert _published(head, body) == "2025-12-19T22:02:58+00:00"


def test_a_printed_time_that_is_another_moment_does_not_move_the_utc_time():
    # Morgunblaðið (fundus-isl-Morgunbladid): 23:55 UTC, printed "11.2.2025 | 23:55", updated the 12th
    head = _ld(datePublished="2025-02-11T23:55:00+0000")
    body = ('<div><div><p>Innlent | mbl | 11.2.2025 | 23:55 | Uppfært 12.2.2025 7:25</p>'
            "<h1>Íslenskar konur styðja vitnin í Noregi</h1></div></div>")
    assert _published(head, body, "https://www.mbl.is/frettir/innlent/2025/02/11/islenskar_konur/") == (
        "2025-02-11T23:55:00+00:00")


# --- Which printed date may overrule a machine date -----------------------------------------------

@pytest.mark.parametrize(("machine", "byline", "wanted"), [
    # clevertap (wcxb-0277): a "Most Popular" list's date, 370 characters after the headline
    ("2025-01-16T00:00:27+00:00",
     "Written by: Shivkumar M Head Product Launches, Adoption, &amp; Evangelism. Expert in cross channel "
     "marketing strategies &amp; platforms. Table of Contents Categories Mobile Marketing Technology Share it "
     "now! WhatsApp Linkedin Twitter Facebook Click to Copy Link Most Popular Mobile Marketing Mobile App "
     "Marketing Push Notifications Growth Strategy Engagement Retention Analytics Roadmap July 15, 2025",
     "2025-01-16T00:00:27+00:00"),
    # karl-voit (wcxb-0482): the sidebar's recent articles
    ("2021-01-18T19:55+01:00",
     "Reading time about 6 minutes Show Sidebar Recent articles About this blog How to use this blog "
     "efficiently Subscribe to one of my feeds: links only feed (most reliable) article teaser feed full "
     "content feed TBD : Per Tag feeds are missing Archive of all articles Tags Topics Spatial Category "
     "Navigation Reading Tips Publications Software Projects Talks Workshops Contact 2021-08-09 Managing Tags",
     "2021-01-18T19:55:00+01:00"),
])
def test_a_date_far_below_the_headline_does_not_overrule_the_machine_date(machine, byline, wanted):
    head = f'<meta property="article:published_time" content="{machine}">'
    assert _published(head, f"<h1>How to Choose a Tool</h1><p>{byline.replace(' ', '</p><p>', 0)}</p>") == wanted


@pytest.mark.parametrize(("head", "body", "wanted"), [
    # uschamber (wcxb-0343): JSON-LD datePublished = dateModified = the last save; <time pubdate>
    (_ld(datePublished="2025-11-29T12:28:31-05:00", dateModified="2025-11-29T12:28:31-05:00"),
     '<h3>Free accounting tools</h3><p class="published">Published <time pubdate datetime="2025-08-13" '
     'title="August 13, 2025">August 13, 2025</time></p>', "2025-08-13"),
    # creativeboom (wcxb-0413): the pubdate agrees with the machine date, which keeps its time
    (_ld(datePublished="2025-12-15T07:15:00+00:00"),
     '<h3>The best new typefaces</h3><p><time itemprop="datePublished" datetime="2025-12-15T07:15:00+00:00" '
     "pubdate>15 December 2025</time></p>", "2025-12-15T07:15:00+00:00"),
])
def test_a_time_marked_pubdate_is_the_printed_publication_date(head, body, wanted):
    assert _published(head, body) == wanted


def test_a_headline_set_in_an_h2_that_the_title_names_has_the_byline_date():
    # kompas 2015 layout (id-kompas-101): no <h1>; the <h2> headline, "Rabu, 4 November 2015 | 21:04 WIB"
    page = ("<html><head><title>Polres Lhokseumawe Serahkan Anggota Di Minimi ke Kejaksaan - Kompas.com</title></head>"
            '<body><div class="msmall">Kamis, 5 November 2015</div><ul><li><h4>News</h4></li></ul>'
            "<h2>Polres Lhokseumawe Serahkan Anggota Di Minimi ke Kejaksaan</h2>"
            '<div class="msmall grey mb2">Rabu, 4 November 2015 | 21:04 WIB</div></body></html>')
    url = "http://regional.kompas.com/read/2015/11/04/21040031/Polres.Lhokseumawe.Serahkan"
    assert read_metadata(LexborHTMLParser(page), url).published_at == "2015-11-04T21:04:00+07:00"


@pytest.mark.parametrize("skipped", [
    "<nav>1 Januari 2020</nav>", "<script>var d = '1 Januari 2020';</script>",
    "<style>/* 1 Januari 2020 */</style>", "<noscript>1 Januari 2020</noscript>",
    "<template>1 Januari 2020</template>", "<svg><text>1 Januari 2020</text></svg>",
    "<!-- 1 Januari 2020 -->", "<NAV>1 Januari 2020</NAV>",
])
def test_the_text_after_and_above_the_headline_leaves_out_menus_scripts_and_comments(skipped):
    # a custom element (<by-line>, a tag Lexbor names for this page alone) is read as any other
    after = f"<h1>Judul berita hari ini</h1>{skipped}<by-line>Oleh Redaksi, 5 Maret 2024</by-line>"
    above = (f"<div><header>{skipped}<by-line>5 Maret 2024</by-line>{skipped}"
             "<h1>Judul berita hari ini</h1></header></div>")
    for body in (after, above):
        tree = LexborHTMLParser(f"<html><body>{body}<p>{'Isi berita. ' * 30}</p></body></html>")
        assert headline_dates(tree, None).published == "2024-03-05", body


@pytest.mark.parametrize("label", ["Originally published on", "FIRST POSTED:", "Pertama kali tayang pada",
                                   "Fİrst publİshed", "Orıgınally posted"])
def test_a_first_publication_label_in_any_case_or_script_makes_its_date_the_publications(label):
    # "Fİrst", "Orıgınally": letters Python's case-blind match takes for i, outside ASCII; the
    # labelled date is the publication's though an unlabelled one comes first
    body = (f"<h1>Judul berita hari ini</h1><p>March 5, 2025 (print). {label} March 7, 2025</p>"
            f"<p>{'Isi berita. ' * 30}</p>")
    printed = headline_dates(LexborHTMLParser(f"<html><body>{body}</body></html>"), None)
    assert (printed.published, printed.updated) == ("2025-03-07", None)


def test_the_walks_from_the_headline_count_every_node_they_pass_not_only_texts():
    """The date after (or above) the headline is read within its first `headline_date_nodes` nodes,
    the empty elements and the whitespace between them counted, a skipped menu as one node: after
    the headline, the date's text is the node after its <b>; above it, the <b>'s last node."""
    nodes = default_settings().dates.headline_date_nodes
    for filler, size in (("<span></span>", 1), ("<span></span> ", 2), ("<nav><a>x</a> y</nav>", 1)):
        for extra, found in ((0, "2024-03-05"), (1, None)):
            after = (nodes - 2) // size + extra  # fillers, <b>, its text
            above = (nodes - 1) // size + extra  # the <b>'s text, then fillers
            for body in (f"<h1>Judul berita hari ini</h1>{filler * after}<b>5 Maret 2024</b>",
                         f"<div><b>5 Maret 2024</b>{filler * above}<h1>Judul berita hari ini</h1></div>"):
                tree = LexborHTMLParser(f"<html><body>{body}</body></html>")
                assert headline_dates(tree, None).published == found, (filler, extra, body[:40])


@pytest.mark.parametrize("label", [
    "LAST UPDATED:", "Updated on", "Diperbarui", "MODİFIED on", "Revıſed", "Mis à jour le", "Päivitetty", "更新",
])
def test_an_update_label_in_any_case_or_script_makes_its_date_the_updates(label):
    # "MODİFIED", "Revıſed": letters Python's case-blind match takes for i and s, outside ASCII
    body = f"<h1>Judul berita hari ini</h1><p>Oleh Redaksi. {label} March 7, 2025</p><p>{'Isi berita. ' * 30}</p>"
    printed = headline_dates(LexborHTMLParser(f"<html><body>{body}</body></html>"), None)
    assert (printed.published, printed.updated) == (None, "2025-03-07")


def test_texts_of_white_space_alone_add_nothing_to_the_text_after_or_above_the_headline():
    """The layout between tags (ASCII white space, passed over without its text being read) and
    texts of other white space only (a no-break or ideographic space, read and found to hold no
    word) add nothing to the text gathered, and do not end it: the words around them are joined by
    one space, as without them."""
    spaces = "\n\t <span>\u00a0</span> \r\n<i>\u3000 \u00a0</i>\f"
    after = f"<h1>Judul berita hari ini</h1>{spaces}<b>Oleh</b>{spaces}<b>5 Maret 2024</b>{spaces}"
    above = f"<div><b>Kamis</b>{spaces}<b>5 Maret 2024</b>{spaces}<h1>Judul berita hari ini</h1></div>"
    cases = ((after, text_after, "Oleh 5 Maret 2024", "Oleh 5"),
             (above, lambda head, size: text_before(head, size, 3), "Kamis 5 Maret 2024", "t 2024"))
    for body, walk, whole, cut in cases:
        tree = LexborHTMLParser(f"<html><body>{body}</body></html>")
        head = tree.css_first("h1")
        assert head is not None
        assert walk(head, 600) == whole
        assert walk(head, 6) == cut  # the limit counts the words' characters alone
        assert headline_dates(tree, None).published == "2024-03-05"


@pytest.mark.parametrize("walk", [text_after, lambda head, size: text_before(head, size, 3)])
def test_a_text_of_as_many_words_as_the_stop_ends_the_text_by_the_headline_one_fewer_does_not(walk):
    # the article's first paragraph (stop words or more) ends the gathering; a shorter text is gathered
    stop = default_settings().dates.headline_date_stop_words
    short, long = " ".join(["kata"] * (stop - 1)), " ".join(["kata"] * stop)
    for text, gathered in ((short, short), (long, "")):
        body = f"<div><p>{text}</p><h1>Judul berita hari ini</h1><p>{text}</p></div>"
        head = LexborHTMLParser(f"<html><body>{body}</body></html>").css_first("h1")
        assert head is not None
        assert walk(head, 10_000) == gathered
