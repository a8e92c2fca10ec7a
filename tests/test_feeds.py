from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from generator.config import SourceSettings
from generator.errors import FeedError
from generator.feeds import parse_date, parse_feed, within_window

SHANGHAI = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 11, 16, 8, 20, tzinfo=SHANGHAI)
SOURCE = SourceSettings(
    name="测试源", url="https://example.com/feed.xml", language="zh", region="cn", weight=1.2
)


def rss(items: str) -> bytes:
    return f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>T</title><link>https://example.com/</link>{items}</channel></rss>""".encode()


def item(title: str, link: str, date: str = "Sun, 15 Nov 2026 10:30:00 +0800", extra: str = "") -> str:
    pub = f"<pubDate>{date}</pubDate>" if date else ""
    return f"<item><title>{title}</title><link>{link}</link>{pub}{extra}</item>"


def parse(content: bytes, source: SourceSettings = SOURCE):
    return parse_feed(content, {"Content-Type": "application/rss+xml"}, source, SHANGHAI, NOW)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2026年11月16日 08:30", datetime(2026, 11, 16, 8, 30, tzinfo=SHANGHAI)),
        ("2026年11月16日", datetime(2026, 11, 16, tzinfo=SHANGHAI)),
        ("2026-11-16 08:30 GMT+8", datetime(2026, 11, 16, 0, 30, tzinfo=UTC)),
        ("2026/11/16 08:30:15 北京时间", datetime(2026, 11, 16, 8, 30, 15, tzinfo=SHANGHAI)),
        ("Mon, 16 Nov 2026 00:30:00 GMT", datetime(2026, 11, 16, 0, 30, tzinfo=UTC)),
        ("Mon, 16 Nov 2026 08:30:00 +0800", datetime(2026, 11, 16, 0, 30, tzinfo=UTC)),
        ("2026-11-16T00:30:00Z", datetime(2026, 11, 16, 0, 30, tzinfo=UTC)),
        ("2026-11-16T08:30:00", datetime(2026, 11, 16, 8, 30, tzinfo=SHANGHAI)),
    ],
)
def test_parse_date(raw: str, expected: datetime) -> None:
    assert parse_date(raw, SHANGHAI) == expected


def test_parse_date_garbage() -> None:
    assert parse_date("yesterday-ish", SHANGHAI) is None
    assert parse_date("", SHANGHAI) is None


def test_rss_items_are_cleaned() -> None:
    parsed = parse(
        rss(
            item(
                "&lt;b&gt;粗体&lt;/b&gt; 大模型 &amp; 芯片",
                "https://example.com/a?utm_source=rss#x",
                extra="<description>&lt;p&gt;第一段&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src='https://example.com/i.png'&gt;&lt;/p&gt;</description>",
            )
        )
    )
    (only,) = parsed.items
    assert only.title == "粗体 大模型 & 芯片"
    assert only.url == "https://example.com/a"
    assert only.summary == "第一段"
    assert only.image == "https://example.com/i.png"
    assert (only.source, only.language, only.region, only.weight) == ("测试源", "zh", "cn", 1.2)
    assert only.published == datetime(2026, 11, 15, 10, 30, tzinfo=SHANGHAI)


def test_chinese_dates_in_feed_use_source_zone() -> None:
    parsed = parse(rss(item("一条新闻", "https://example.com/a", "2026年11月15日 20:30")))
    assert parsed.items[0].published == datetime(2026, 11, 15, 20, 30, tzinfo=SHANGHAI)
    utc_source = SOURCE.model_copy(update={"timezone": "UTC"})
    assert parse(rss(item("一条新闻", "https://example.com/a", "2026年11月15日 20:30")), utc_source).items[
        0
    ].published == datetime(2026, 11, 15, 20, 30, tzinfo=UTC)


def test_undated_and_future_items() -> None:
    parsed = parse(
        rss(
            item("无日期", "https://example.com/a", "")
            + item("稍后", "https://example.com/b", "Mon, 16 Nov 2026 20:00:00 +0800")
            + item("远未来", "https://example.com/c", "Sat, 21 Nov 2026 10:00:00 +0800")
        )
    )
    assert (parsed.undated, parsed.future) == (1, 2)
    assert [i.title for i in parsed.items] == ["无日期", "稍后"]  # far in the future: dropped
    assert not parsed.items[0].dated and parsed.items[0].published == NOW
    assert parsed.items[1].dated and parsed.items[1].published == NOW  # a few hours ahead: clamped


@pytest.mark.parametrize(
    "link", ["javascript:alert(1)", "data:text/html;base64,PHNjcmlwdD4=", "ftp://example.com/x", ""]
)
def test_unsafe_links_are_dropped(link: str) -> None:
    parsed = parse(rss(item("坏链接", link) + item("好链接", "https://example.com/ok")))
    assert [i.title for i in parsed.items] == ["好链接"] and parsed.dropped == 1


def test_guid_permalink_preferred() -> None:
    extra = '<guid isPermaLink="true">https://example.com/2026/canonical</guid>'
    parsed = parse(rss(item("标题", "https://example.com/r?id=1", extra=extra)))
    assert parsed.items[0].url == "https://example.com/2026/canonical"
    other_host = "<guid>https://cdn.example.net/x</guid>"
    assert (
        parse(rss(item("标题", "https://example.com/r?id=1", extra=other_host))).items[0].url
        == "https://example.com/r?id=1"
    )
    query_guid = '<guid isPermaLink="false">https://example.com/?p=123</guid>'
    assert (
        parse(rss(item("标题", "https://example.com/post", extra=query_guid))).items[0].url
        == "https://example.com/post"
    )


def test_atom_feed() -> None:
    atom = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>A</title><id>urn:x</id><updated>2026-11-15T10:00:00Z</updated>
<entry><title>Model release</title><id>urn:1</id><link href="https://example.com/post"/>
<updated>2026-11-15T10:00:00Z</updated><summary type="html">&lt;p&gt;Short.&lt;/p&gt;</summary></entry></feed>"""
    (only,) = parse(atom).items
    assert (only.title, only.url, only.summary) == ("Model release", "https://example.com/post", "Short.")


def test_malformed_xml_with_entries_is_kept() -> None:
    broken = rss(item("能读的条目", "https://example.com/a")).replace(
        b"</channel></rss>", b"<item><title>unclosed"
    )
    parsed = parse(broken)
    assert [i.title for i in parsed.items][:1] == ["能读的条目"] and parsed.warning


@pytest.mark.parametrize(
    "content", [b"<html><body><h1>Not a feed</h1></body></html>", b"", b"{}", b"\x00\xff" * 50]
)
def test_not_a_feed(content: bytes) -> None:
    with pytest.raises(FeedError, match="not a usable feed"):
        parse(content)


def test_valid_feed_without_entries_is_empty_not_failed() -> None:
    parsed = parse(rss(""))
    assert parsed.items == () and "no entries" in parsed.warning


def test_within_window() -> None:
    items = parse(
        rss(
            "".join(
                item(f"n{h}", f"https://example.com/{h}", f"Sun, 15 Nov 2026 {h:02d}:00:00 +0800")
                for h in (7, 8, 23)
            )
        )
    ).items
    start = datetime(2026, 11, 15, 8, tzinfo=SHANGHAI)
    assert [i.title for i in within_window(items, start, start + timedelta(hours=15))] == ["n8"]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Sun, 15 Nov 2026 20:30:00 GMT+0800", datetime(2026, 11, 15, 12, 30, tzinfo=UTC)),
        ("Sun, 15 Nov 2026 20:30:00 GMT+8", datetime(2026, 11, 15, 12, 30, tzinfo=UTC)),
        (
            "Sun, 15 Nov 2026 20:30:00 CST",
            datetime(2026, 11, 15, 12, 30, tzinfo=UTC),
        ),  # China Standard Time here
        ("2026-11-15 20:30:00", datetime(2026, 11, 15, 20, 30, tzinfo=SHANGHAI)),
        ("2026-11-15T20:30:00.250+08:00", datetime(2026, 11, 15, 12, 30, 0, 250000, tzinfo=UTC)),
    ],
)
def test_parse_date_offsets_and_cst(raw: str, expected: datetime) -> None:
    assert parse_date(raw, SHANGHAI) == expected


def test_cst_outside_china_stays_us_central() -> None:
    assert parse_date("Sun, 15 Nov 2026 20:30:00 CST", ZoneInfo("America/Chicago")) == datetime(
        2026, 11, 16, 2, 30, tzinfo=UTC
    )


def test_published_then_updated_then_fetch_time() -> None:
    atom = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>A</title><id>urn:x</id><updated>2026-11-15T10:00:00Z</updated>
<entry><title>both</title><id>urn:1</id><link href="https://example.com/1"/>
<published>2026-11-15T01:00:00Z</published><updated>2026-11-15T09:00:00Z</updated></entry>
<entry><title>updated only</title><id>urn:2</id><link href="https://example.com/2"/><updated>2026-11-15T09:00:00Z</updated></entry>
<entry><title>neither</title><id>urn:3</id><link href="https://example.com/3"/></entry></feed>"""
    published = {i.title: (i.published, i.dated) for i in parse(atom).items}
    assert published == {
        "both": (datetime(2026, 11, 15, 1, tzinfo=UTC), True),
        "updated only": (datetime(2026, 11, 15, 9, tzinfo=UTC), True),
        "neither": (NOW, False),
    }


def test_relative_links_resolve_against_the_feed_url() -> None:
    content = rss(item("相对", "/2026/11/post") + item("同级", "post-2"))
    parsed = parse_feed(content, {}, SOURCE, SHANGHAI, NOW, base_url="https://news.example.org/feeds/ai.xml")
    assert [i.url for i in parsed.items] == [
        "https://news.example.org/2026/11/post",
        "https://news.example.org/feeds/post-2",
    ]
    assert parse(content).items[0].url == "https://example.com/2026/11/post"  # the source's URL by default


def test_duplicate_guids_and_urls_are_counted_once() -> None:
    parsed = parse(
        rss(
            item("一", "https://example.com/a", extra="<guid isPermaLink='false'>id-1</guid>")
            + item(
                "一（更新）", "https://example.com/a-updated", extra="<guid isPermaLink='false'>id-1</guid>"
            )
            + item("二", "https://example.com/b?utm_medium=rss")
            + item("二again", "https://example.com/b")
        )
    )
    assert [i.title for i in parsed.items] == ["一", "二"] and parsed.duplicates == 2
    assert "2 duplicate" in parsed.warning


def test_bytes_that_look_like_a_local_path_are_not_opened(tmp_path) -> None:
    local = tmp_path / "secret.xml"
    local.write_bytes(rss(item("local file", "https://example.com/local")))
    with pytest.raises(FeedError):
        parse(str(local).encode())


def test_chinese_date_handler_is_registered_with_feedparser() -> None:
    import feedparser

    parsed = feedparser.parse(rss(item("x", "https://example.com/x", "2026年11月15日 20:30")))
    assert parsed.entries[0].published_parsed[:5] == (2026, 11, 15, 12, 30)  # UTC
