"""Discovery: article URLs out of sitemaps, feeds, robots.txt and index pages.

Pure functions over bytes (no network), used by the crawl spider and tested on recorded files:
`sitemaps` (parse_xml: sitemaps, indexes, Google News, and feeds through `feeds`), `pages`
(HTML index pages, robots.txt), `urls` (the article-URL guess), `dates` (entry dates), `xml`
(the safe XML loading they share), `entries` (what they find).
"""

from crawler.discover.dates import parse_date
from crawler.discover.entries import MAX_XML_BYTES, BadDocument, Discovered, Entry, TooLarge
from crawler.discover.pages import parse_html, parse_robots
from crawler.discover.sitemaps import parse_xml
from crawler.discover.urls import looks_like_article_url
from crawler.discover.xml import inflate

__all__ = ["Entry", "Discovered", "MAX_XML_BYTES", "BadDocument", "TooLarge", "inflate", "parse_xml", "parse_html",
           "parse_robots", "parse_date", "looks_like_article_url"]
