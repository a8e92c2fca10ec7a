"""One feed entry read right: its article link, its text, its lead image, its summary without boilerplate.

Each fixture under tests/data/feeds/ is paired with the values it must give; every value is read through
`parse_feed`, the way the pipeline reads it, and the fixtures are also served on loopback once.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from pytest_httpserver import HTTPServer

from generator.config import parse_settings
from generator.feeds.entry import BOILERPLATE_RUNS, BOILERPLATE_TRAILERS, detail_text, strip_boilerplate
from generator.feeds.parse import ParsedFeed, parse_feed
from generator.ingest import fetch_sources
from generator.models import FeedSource
from generator.net.fetch import Fetcher
from generator.text import xml_text

DATA = Path(__file__).parent / "data" / "feeds"
SHANGHAI = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 11, 16, 8, 20, tzinfo=SHANGHAI)


def parse_fixture(name: str, base_url: str | None = None) -> ParsedFeed:
    url = base_url or f"https://mirror.example/feeds/{name}"
    source = FeedSource(name=name, url=url)
    return parse_feed((DATA / name).read_bytes(), {}, source, SHANGHAI, NOW, base_url=url)


def by_title(parsed: ParsedFeed, field: str) -> dict[str, object]:
    return {item.title: getattr(item, field) for item in parsed.items}


# ---- links ------------------------------------------------------------------------------------------------------


def test_atom_link_is_the_alternate_never_the_id() -> None:
    parsed = parse_fixture("atom_links.xml")
    assert by_title(parsed, "url") == {
        "hash id, link without rel": "https://news.example/zh/daily/101",
        "self, enclosure, related, then the alternate": "https://links.example/posts/2",
        "a PDF alternate before the HTML alternate": "https://links.example/abs/3",
        "only a PDF alternate": "https://links.example/papers/4.pdf",
        "relative link, resolved against the feed URL": "https://mirror.example/posts/5",
        "relative link under xml:base": "https://base.example/blog/six",
    }
    # An http id with no alternate link, with only a related link, and a relative id: no article link.
    assert parsed.dropped == 3 and "3 without a usable link" in parsed.warning


def test_rss_link_wins_and_a_guid_is_a_link_only_as_a_permalink() -> None:
    parsed = parse_fixture("rss_guids.xml")
    assert by_title(parsed, "url") == {
        "guid isPermaLink=false on the same host, then the link": "https://guids.example/2026/11/article-one",
        "link, then guid isPermaLink=false on the same host": "https://guids.example/2026/11/article-two",
        "permalink guid before the link": "https://guids.example/2026/11/article-three",
        "link before an isPermaLink=true guid": "https://guids.example/2026/11/article-four",
        "guid only, isPermaLink absent": "https://guids.example/2026/11/article-five",
        "guid only, isPermaLink=true": "https://guids.example/2026/11/article-six",
        "relative link": "https://mirror.example/2026/11/article-nine",
    }
    assert parsed.dropped == 2  # isPermaLink="false" only; a relative guid (never resolved into a URL)


def test_the_same_atom_feed_served_elsewhere_keeps_its_links() -> None:
    """The id was resolved against the feed's folder before: the result must not depend on where the feed is."""
    first = parse_fixture("atom_links.xml", "https://a.example/x/feed.xml")
    second = parse_fixture("atom_links.xml", "https://b.example/y/z/feed.xml")
    absolute = {t: u for t, u in by_title(first, "url").items() if "relative link," not in t}
    assert absolute == {t: u for t, u in by_title(second, "url").items() if "relative link," not in t}


# ---- text ------------------------------------------------------------------------------------------------------


def test_atom_text_types() -> None:
    parsed = parse_fixture("text_atom.xml")
    assert by_title(parsed, "summary") == {
        "Browser drops support for the <marquee> element": (
            "Kernels now take std::vector<bfloat16> & friends; <b> stays literal."
        ),
        "Default type: Model <X> & the <blink> tag": "",
        "Bold launch & more": "First paragraph with <escaped> text. Second.",
        "XHTML title": "Only content, no summary.",
    }


def test_rss_titles_keep_text_and_read_escaped_markup() -> None:
    parsed = parse_fixture("text_rss.xml")
    assert by_title(parsed, "summary") == {
        "Firefox drops support for the <marquee> element": "Kernels take std::vector<bfloat16> now.",
        "Lab ships <Model-X> & <Model-Y> weights": "",
        "粗体 & 笔记应用上线": "第一段 第二段 换行",  # escaped <b>, <script> with end tags: HTML
        "AT&T & Q&A": "Encoded content only.",
    }


@pytest.mark.parametrize(
    ("value", "kind", "version", "expected"),
    [
        (
            "the &lt;b&gt; tag",
            "text/plain",
            "atom10",
            "the <b> tag",
        ),  # escaped twice: read once more (issue 18)
        ("std::vector<bfloat16> lands", "text/plain", "rss20", "std::vector<bfloat16> lands"),
        ("std::vector<bfloat16> <b>lands</b>", "text/html", "rss20", "std::vector<bfloat16> lands"),
        ("Use <br/> here<br>now", "text/plain", "rss20", "Use here now"),  # RSS: an empty element is markup
        # Atom type="text" says it is text, but a headline never shows markup (issue 18): an end tag or an empty
        # element is escaped markup in any text construct
        ("Use <br/> here", "text/plain", "atom10", "Use here"),
        ("<b>Bold</b> launch", "text/plain", "atom10", "Bold launch"),
        ("<p>a<o:p></o:p>b</p>", "text/html", "rss20", "ab"),  # Word's namespaced tags are markup
        ("<main>m</main> <search>s</search>", "text/html", "atom10", "m s"),  # HTML5 elements lxml lacks
        ("x <Model-X> y", "text/html", "atom10", "x <Model-X> y"),
    ],
)
def test_detail_text(value: str, kind: str, version: str, expected: str) -> None:
    assert detail_text({"value": value, "type": kind}, version) == expected


def test_controls_and_noncharacters_never_survive() -> None:
    feed = (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>c</title>'
        "<item><title>Bell\u0007 and \ufffe\uffff end</title><link>https://c.example/1</link>"
        "<description>Sum\u0007mary \uffff&#7; here</description></item>"
        "<item><title>refs &#xFFFE;&#xFFFF;&#7;&#x1F; done</title><link>https://c.example/2</link>"
        "<description>&amp;#xFFFF; x</description></item></channel></rss>"
    ).encode()
    parsed = parse_feed(feed, {}, FeedSource(name="c", url="https://c.example/f"), SHANGHAI, NOW)
    assert [(i.title, i.summary) for i in parsed.items] == [
        ("Bell and end", "Summary here"),
        ("refs done", "x"),
    ]
    for item in parsed.items:
        assert xml_text(item.title + item.summary) == item.title + item.summary


# ---- boilerplate -----------------------------------------------------------------------------------------------


def test_boilerplate_summaries() -> None:
    assert by_title(parse_fixture("boilerplate.xml"), "summary") == {
        "hnrss style": "",
        "hacker news best style": "",
        "hnrss on one line, after real text": "A new compiler for tensor programs.",
        "reddit link post": "",
        "reddit self post": "We trained a small model on synthetic data.",
        "wordpress": "The lab released its weights under an open licence…",
        "continue reading": "Chips shipped in record numbers this quarter.",
        "read more, inline": "Benchmarks improved by a third.",
        "中文：阅读全文": "国产大模型发布新版本。",
        "only a read-more link": "",
        "The summary repeats the title": "",
        "prose that mentions scores is kept": (
            "The model's score: 394 points on the benchmark, read more widely than last year's."
        ),
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Article URL: https://a.example/x\nComments URL: https://n.example/i?id=1\nPoints: 3\n# Comments: 0",
            "",
        ),
        ("Score: 394 Comments: 202 By: someone Discussion: https://n.example/item?id=2", ""),
        ("Comments URL: https://n.example/i?id=1 Points: 7", ""),  # an Ask HN item without Article URL
        ("Comments: 202", "Comments: 202"),  # one field alone is prose
        ("submitted by /u/someone to r/MachineLearning [link] [comments]", ""),
        ("Real text.\n[link] [comments]", "Real text."),
        ("Real text.\nThe post Title appeared first on Site.", "Real text."),
        ("Real text. The post Title first appeared on Site", "Real text."),
        (
            "The post office reopened. It appeared first on Monday.",
            "The post office reopened. It appeared first on Monday.",
        ),
        ("Real text. Continue reading…", "Real text."),
        ("Real text.\nRead the full story at Site", "Real text."),
        ("Real text. Read more", "Real text."),
        ("He will read more papers.", "He will read more papers."),
        ("正文。\n查看全文>>", "正文。"),
        ("An excerpt [...]", "An excerpt…"),
        ("Read more", ""),
        ("[…]", ""),
    ],
)
def test_strip_boilerplate(text: str, expected: str) -> None:
    assert strip_boilerplate(text) == expected


def test_every_boilerplate_pattern_is_exercised() -> None:
    """The documented list and the tests above stay in step: each named pattern removes something here."""
    samples = {
        "Hacker News": "Points: 1 # Comments: 2",
        "Reddit": "submitted by /u/a [link] [comments]",
        "WordPress": "The post A appeared first on B.",
        "read more": "Continue reading",
        "read more (zh)": "阅读全文",
    }
    for name, pattern in BOILERPLATE_RUNS + BOILERPLATE_TRAILERS:
        assert pattern.search(samples[name]), name


# ---- images ----------------------------------------------------------------------------------------------------


def test_only_images_become_the_lead_image() -> None:
    assert by_title(parse_fixture("images.xml"), "image") == {
        "video thumbnail, then a real image in the summary": "https://cdn.img.example/photos/1.jpg",
        "media:content video/mp4 and medium=video with a jpg name": "https://cdn.img.example/photos/2.webp",
        "the largest declared image wins": "https://cdn.img.example/photos/3-large.jpg",
        "audio enclosure, then an image enclosure": "https://cdn.img.example/photos/4.png",
        "lazy-loaded img: data-src over a blank.gif src": "https://cdn.img.example/photos/5.jpg",
        "data-original over a data: URL src": "https://mirror.example/photos/6.jpg",
        "tracking pixel and spacer only": None,
        "an extensionless thumbnail is an image; an extensionless content without type is not": (
            "https://cdn.img.example/thumbs/8b?w=640"
        ),
        "an image enclosure without a type, by its extension": "https://cdn.img.example/photos/9.JPG",
        "an image type with a video file name is not an image": None,
    }


@pytest.mark.parametrize(
    "img",
    [
        '<img src="https://i.example/a/blank.gif">',
        '<img src="https://i.example/lazyload.png">',
        '<img src="https://i.example/1x1.png">',
        '<img src="https://i.example/real.jpg" width="1" height="1">',
        '<img src="https://i.example/real.jpg" height="0">',
        '<img src="data:image/png;base64,iVBORw0KGgo=">',
        '<img src="https://feeds.feedburner.com/~r/x/~4/abc">',
        '<img src="https://i.example/clip.mp4">',
    ],
)
def test_placeholders_are_not_images(img: str) -> None:
    feed = (
        '<rss version="2.0"><channel><title>i</title><item><title>t</title><link>https://i.example/1</link>'
        f"<description><![CDATA[<p>x</p>{img}]]></description></item></channel></rss>"
    ).encode()
    (item,) = parse_feed(feed, {}, FeedSource(name="i", url="https://i.example/f"), SHANGHAI, NOW).items
    assert item.image is None


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        # an <img> is an image by its element, with or without an extension (CDN and WeChat URLs have none)
        (
            '<description><![CDATA[<img src="https://q.example/mmbiz_jpg/abc/640?wx_fmt=jpeg">]]></description>',
            "https://q.example/mmbiz_jpg/abc/640?wx_fmt=jpeg",
        ),
        ('<description><![CDATA[<img src="https://q.example/v/clip.webm">]]></description>', None),
        # a script that serves an image: its declared type decides, the extension alone does not
        (
            '<media:content url="https://q.example/thumb.php?id=3" type="image/jpeg"/>',
            "https://q.example/thumb.php?id=3",
        ),
        ('<media:content url="https://q.example/thumb.php?id=3"/>', None),
        # medium says image: no extension needed
        ('<media:content url="https://q.example/i/3" medium="image"/>', "https://q.example/i/3"),
        # a declared size in the img attributes counts: the bigger wins over an earlier small one
        (
            '<description><![CDATA[<img src="https://q.example/s.png" width="60" height="60">'
            '<img src="https://q.example/l.png" width="600" height="400">]]></description>',
            "https://q.example/l.png",
        ),
    ],
)
def test_image_rules(extra: str, expected: str | None) -> None:
    feed = (
        '<rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/"><channel><title>i</title><item>'
        f"<title>t</title><link>https://q.example/1</link>{extra}</item></channel></rss>"
    ).encode()
    (item,) = parse_feed(feed, {}, FeedSource(name="i", url="https://q.example/f"), SHANGHAI, NOW).items
    assert item.image == expected


# ---- served on loopback, through the pipeline's fetch_sources ----------------------------------------------------


def test_fixtures_served_on_loopback(httpserver: HTTPServer, tmp_path: Path) -> None:
    names = ["atom_links.xml", "rss_guids.xml", "text_rss.xml", "images.xml"]
    for name in names:
        httpserver.expect_request(f"/feeds/{name}").respond_with_data(
            (DATA / name).read_bytes(), content_type="application/xml"
        )
    surrogates = (
        b'<rss version="2.0"><channel><title>s</title><item><title>a&#xD800;b &#55357;&#56832;</title>'
        b"<link>https://s.example/1</link></item></channel></rss>"
    )
    httpserver.expect_request("/feeds/surrogates.xml").respond_with_data(surrogates, content_type="text/xml")
    html = b"<!doctype html><html><body><h1>502 Bad Gateway</h1></body></html>"
    httpserver.expect_request("/feeds/broken.xml").respond_with_data(html, content_type="application/rss+xml")
    names.append("surrogates.xml")
    settings = parse_settings(
        {
            "sources": [
                {"name": n, "url": httpserver.url_for(f"/feeds/{n}")} for n in [*names, "broken.xml"]
            ],
            "fetch": {"allow_private_hosts": ["127.0.0.0/8"], "retries": 1, "backoff_s": 0.01},
            "paths": {"cache": str(tmp_path / "cache"), "docs": str(tmp_path / "docs")},
        }
    )
    fetched = fetch_sources(settings, Fetcher(settings.fetch), NOW)
    items = fetched.items
    urls = {i.title: i.url for i in items}
    assert urls["hash id, link without rel"] == "https://news.example/zh/daily/101"
    assert urls["relative link, resolved against the feed URL"] == httpserver.url_for("/posts/5")
    assert (
        urls["guid isPermaLink=false on the same host, then the link"]
        == "https://guids.example/2026/11/article-one"
    )
    assert "Firefox drops support for the <marquee> element" in urls
    assert urls["ab \U0001f600"] == "https://s.example/1"  # a lone surrogate dropped, a pair joined
    assert {r.name: r.status for r in fetched.reports} == {
        **dict.fromkeys(names, "ok"),
        "broken.xml": "failed",
    }


# ---- markup escaped once too often (issue 18, kind 2) -------------------------------------------------------------

ESCAPED_RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Escaped</title><link>https://esc.example/</link>
<item><title>&lt;![CDATA[星衡发布星织3大模型]]&gt;</title><link>https://esc.example/1</link>
<description>&lt;![CDATA[&lt;p&gt;第一段：星织3开放下载。&lt;/p&gt;&lt;p&gt;第二段：&lt;b&gt;推理&lt;/b&gt;提速一倍。&lt;/p&gt;]]&gt;</description></item>
<item><title><![CDATA[<![CDATA[Lumen 发布 Orbit-2]]]]><![CDATA[>]]></title><link>https://esc.example/2</link>
<description><![CDATA[<![CDATA[<p>Orbit-2 weights are out.</p>]]]]><![CDATA[>]]></description></item>
<item><title>Quanta &amp;amp; Helix &amp;#8217;agents&amp;#8217;</title><link>https://esc.example/3</link>
<description>&amp;lt;p&amp;gt;Escaped twice: &amp;lt;i&amp;gt;agents&amp;lt;/i&amp;gt; ship.&amp;lt;/p&amp;gt;
</description></item>
</channel></rss>"""
ESCAPED_ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Escaped</title><id>urn:esc</id><updated>2026-11-15T10:00:00Z</updated>
<entry><title type="html">&lt;![CDATA[Cobalt &amp;amp; Pylon open a lab]]&gt;</title>
<link href="https://esc.example/4"/><id>urn:4</id><updated>2026-11-15T10:00:00Z</updated>
<summary type="html">&amp;lt;![CDATA[&amp;lt;p&amp;gt;The lab trains
&amp;lt;b&amp;gt;vision&amp;lt;/b&amp;gt; models.&amp;lt;/p&amp;gt;]]&amp;gt;</summary></entry>
<entry><title type="text">&lt;![CDATA[Vector 3 lands]]&gt;</title>
<link href="https://esc.example/5"/><id>urn:5</id><updated>2026-11-15T10:00:00Z</updated>
<content type="html">&lt;![CDATA[&lt;p&gt;Vector 3 is a speech model.&lt;/p&gt;]]&gt;</content></entry>
<entry><title type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">&lt;![CDATA[Zephyr &lt;b&gt;2&lt;/b&gt;]]&gt;</div>
</title>
<link href="https://esc.example/6"/><id>urn:6</id><updated>2026-11-15T10:00:00Z</updated>
<summary type="text">&lt;p&gt;Zephyr 2 &amp;amp; friends.&lt;/p&gt;</summary></entry>
</feed>"""


@pytest.mark.parametrize(
    ("feed", "expected"),
    [
        (
            ESCAPED_RSS,
            {
                "星衡发布星织3大模型": "第一段：星织3开放下载。 第二段：推理提速一倍。",
                "Lumen 发布 Orbit-2": "Orbit-2 weights are out.",
                "Quanta & Helix ’agents’": "Escaped twice: agents ship.",
            },
        ),
        (
            ESCAPED_ATOM,
            {
                "Cobalt & Pylon open a lab": "The lab trains vision models.",
                "Vector 3 lands": "Vector 3 is a speech model.",
                "Zephyr 2": "Zephyr 2 & friends.",
            },
        ),
    ],
)
def test_cdata_and_entities_escaped_once_too_often_are_read_as_the_text(feed: str, expected: dict) -> None:
    """Every text construct, RSS and Atom (text, html and xhtml): no CDATA marker, tag or entity is left, and an
    escaped summary is not an empty one."""
    source = FeedSource(name="e", url="https://esc.example/feed")
    parsed = parse_feed(feed.encode(), {}, source, SHANGHAI, NOW)
    assert {i.title: i.summary for i in parsed.items} == expected


# ---- links no reader could follow (issue 18, kind 3) ---------------------------------------------------------------

LOCAL_LINKS = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>L</title><id>urn:l</id><updated>2026-11-15T10:00:00Z</updated>
<entry><title>alternate on localhost, another public</title><link href="http://localhost:8080/a"/>
<link rel="alternate" type="text/html" href="https://pub.example/a"/><id>urn:a</id>
<updated>2026-11-15T10:00:00Z</updated></entry>
<entry><title>intranet link, public id</title><link href="http://cms.intranet/b"/><id>https://pub.example/b</id>
<updated>2026-11-15T10:00:00Z</updated></entry>
<entry><title>private link only</title><link href="http://192.168.3.4/c"/><id>urn:c</id>
<updated>2026-11-15T10:00:00Z</updated>
<link rel="enclosure" type="image/jpeg" href="http://169.254.169.254/lead.jpg"/></entry>
<entry><title>public link, public image</title><link href="https://pub.example/d"/><id>urn:d</id>
<updated>2026-11-15T10:00:00Z</updated><link rel="enclosure" type="image/jpeg" href="https://img.example/d.jpg"/>
<summary type="html">&lt;p&gt;Report at http://10.9.8.7/report and https://pub.example/r.&lt;/p&gt;</summary></entry>
</feed>"""
LOCAL_RSS = """<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>R</title>
<item><title>loopback link, guid not a permalink but public</title><link>http://127.0.0.1:9/e</link>
<guid isPermaLink="false">https://pub.example/e</guid></item>
<item><title>IPv6 link, no alternative</title><link>http://[fd00::5]/f</link><guid isPermaLink="false">f-1</guid>
</item></channel></rss>"""


def test_a_local_link_gives_way_to_the_items_public_url() -> None:
    source = FeedSource(name="l", url="https://feeds.example/l")
    atom = parse_feed(LOCAL_LINKS.encode(), {}, source, SHANGHAI, NOW)
    rss = parse_feed(LOCAL_RSS.encode(), {}, source, SHANGHAI, NOW)
    assert (
        {i.title: i.url for i in (*atom.items, *rss.items)}
        == {
            "alternate on localhost, another public": "https://pub.example/a",
            "intranet link, public id": "https://pub.example/b",
            "private link only": "http://192.168.3.4/c",  # kept: a page fetched from an allowed host may be published
            "public link, public image": "https://pub.example/d",
            "loopback link, guid not a permalink but public": "https://pub.example/e",
            "IPv6 link, no alternative": "http://[fd00::5]/f",
        }
    )
    images = {i.title: i.image for i in atom.items}
    assert images["private link only"] is None  # link-local: never
    assert images["public link, public image"] == "https://img.example/d.jpg"
    summary = {i.title: i.summary for i in atom.items}["public link, public image"]
    assert summary == "Report at and https://pub.example/r."
