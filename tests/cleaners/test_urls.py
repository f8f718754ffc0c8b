"""cleaners.urls: the one reading of hosts and schemes, on what pages and feeds really give."""

from cleaners.urls import absolute, host_in, host_of, hostname, is_http, origin


def test_host_of_drops_www_and_lowercases():
    assert host_of("https://WWW.Merdeka.com/jatim/x.html") == "merdeka.com"
    assert host_of("https://news.detik.com./berita/d-1") == "news.detik.com"


def test_malformed_urls_give_none_instead_of_raising():
    assert hostname("http://[::1") is None
    assert host_of("") is None and host_of(None) is None
    assert absolute("http://[::1", "/a") is None


def test_host_in_matches_subdomains_only():
    assert host_in("https://news.detik.com/x", ("detik.com",))
    assert not host_in("https://notdetik.com/x", ("detik.com",))
    assert not host_in("mailto:redaksi@detik.com", ("detik.com",))


def test_absolute_keeps_http_only_and_drops_fragments():
    assert absolute("https://a.example/x/", "../b#top") == "https://a.example/b"
    assert absolute("https://a.example/", "javascript:void(0)") is None
    assert is_http("HTTPS://a.example/") and not is_http("ftp://a.example/")
    assert origin("https://a.example:8443/x?y") == "https://a.example:8443"


def test_host_of_keeps_what_follows_a_percent_sign_as_given():
    # urlsplit reads "%..." in a host as an IPv6 zone and keeps its case; records have always kept it
    assert host_of("http://blog.example.fr%2Farticles%2FWhy/x") == "blog.example.fr%2Farticles%2FWhy"
