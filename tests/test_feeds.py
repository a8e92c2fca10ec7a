from __future__ import annotations

import codecs
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from generator.errors import FeedError
from generator.feeds.parse import parse_feed, within_window
from generator.lang.dates import is_date_only, parse_date
from generator.models import FeedItem, FeedSource

SHANGHAI = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 11, 16, 8, 20, tzinfo=SHANGHAI)
SOURCE = FeedSource(name="测试源", url="https://example.com/feed.xml", language="zh", region="cn", weight=1.2)


def rss(items: str) -> bytes:
    return f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>T</title><link>https://example.com/</link>{items}</channel></rss>""".encode()


def item(title: str, link: str, date: str = "Sun, 15 Nov 2026 10:30:00 +0800", extra: str = "") -> str:
    pub = f"<pubDate>{date}</pubDate>" if date else ""
    return f"<item><title>{title}</title><link>{link}</link>{pub}{extra}</item>"


def parse(content: bytes, source: FeedSource = SOURCE):
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
    utc_source = replace(SOURCE, timezone="UTC")
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


def test_link_wins_over_a_permalink_guid() -> None:
    """RSS 2.0: a permalink guid is the link only when the item has no <link> (details: test_feed_entries)."""
    extra = '<guid isPermaLink="true">https://example.com/2026/canonical</guid>'
    parsed = parse(rss(item("标题", "https://example.com/r?id=1", extra=extra)))
    assert parsed.items[0].url == "https://example.com/r?id=1"
    same_host = '<guid isPermaLink="false">https://example.com/node/48213</guid>'
    assert parse(rss(item("标题", "https://example.com/post", extra=same_host))).items[0].url == (
        "https://example.com/post"
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


# ---- dates without a time of day ------------------------------------------------------------------------------

DATA = Path(__file__).parent / "data" / "feeds"


def parse_fixture(name: str) -> dict[str, tuple[datetime, bool, bool]]:
    source = FeedSource(name=name, url=f"https://mirror.example/feeds/{name}")
    parsed = parse_feed((DATA / name).read_bytes(), {}, source, SHANGHAI, NOW)
    return {i.title: (i.published, i.dated, i.date_only) for i in parsed.items}


def test_date_only_values_are_date_only() -> None:
    assert parse_fixture("dates.xml") == {
        "Atom updated, date only": (datetime(2026, 11, 15, tzinfo=SHANGHAI), True, True),
        "Atom published at midnight UTC": (datetime(2026, 11, 15, tzinfo=UTC), True, True),
        "Atom with a time": (datetime(2026, 11, 15, 9, 12, 30, tzinfo=UTC), True, False),
        "Atom with a fraction of a second after midnight": (
            datetime(2026, 11, 15, 0, 0, 0, 250000, tzinfo=UTC),
            True,
            False,
        ),
        "dc:date only, date only": (datetime(2026, 11, 14, tzinfo=SHANGHAI), True, True),
        "no date at all": (NOW, False, False),
    }
    assert parse_fixture("dates_rss.xml") == {
        "RFC 822 without a time": (datetime(2026, 11, 15, tzinfo=SHANGHAI), True, True),
        "RFC 822 without weekday or time": (datetime(2026, 11, 15, tzinfo=SHANGHAI), True, True),
        "RFC 822 midnight GMT": (datetime(2026, 11, 15, tzinfo=UTC), True, True),
        "RFC 822 with a time": (datetime(2026, 11, 15, 14, 5, tzinfo=SHANGHAI), True, False),
        "Chinese date only": (datetime(2026, 11, 15, tzinfo=SHANGHAI), True, True),
        "Chinese date with 时分": (datetime(2026, 11, 15, 20, 30, tzinfo=SHANGHAI), True, False),
    }


def test_date_only_published_is_the_day_on_the_feeds_clock() -> None:
    utc_source = replace(SOURCE, timezone="UTC")
    (only,) = parse(rss(item("仅日期", "https://example.com/a", "2026-11-15")), utc_source).items
    assert (only.published, only.date_only) == (datetime(2026, 11, 15, tzinfo=UTC), True)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Thu, 30 Apr 2026", datetime(2026, 4, 30, tzinfo=SHANGHAI)),
        ("30 April 2026", datetime(2026, 4, 30, tzinfo=SHANGHAI)),
        ("30 Apr 26", datetime(2026, 4, 30, tzinfo=SHANGHAI)),
        ("31 Apr 2026", None),
        ("2026年11月15日 20时30分", datetime(2026, 11, 15, 20, 30, tzinfo=SHANGHAI)),
        ("2026年11月15日20时5分3秒", datetime(2026, 11, 15, 20, 5, 3, tzinfo=SHANGHAI)),
    ],
)
def test_parse_date_without_time_and_chinese_hours(raw: str, expected: datetime | None) -> None:
    assert parse_date(raw, SHANGHAI) == expected


def test_is_date_only() -> None:
    assert is_date_only(datetime(2026, 4, 30, tzinfo=SHANGHAI))
    assert is_date_only(datetime(2026, 4, 30, tzinfo=UTC))
    assert not is_date_only(datetime(2026, 4, 30, 0, 0, 1, tzinfo=UTC))
    assert not is_date_only(datetime(2026, 4, 30, 8, tzinfo=SHANGHAI))  # midnight UTC, but written as 08:00


def dated_item(published: datetime, date_only: bool) -> FeedItem:
    return FeedItem(
        id="x", source="s", title="t", url="https://example.com/x", published=published, date_only=date_only
    )


@pytest.mark.parametrize(
    ("published", "windows"),
    [
        # a day in the window's own zone: the window ending that day 08:00 and the one ending the next day 08:00
        (datetime(2026, 4, 30, tzinfo=SHANGHAI), [date(2026, 4, 30), date(2026, 5, 1)]),
        # a day in UTC is 08:00 to 08:00 in Shanghai: exactly one window
        (datetime(2026, 4, 30, tzinfo=UTC), [date(2026, 5, 1)]),
        # a day in New York (UTC-4 in spring): 12:00 to 12:00 in Shanghai
        (datetime(2026, 4, 30, tzinfo=ZoneInfo("America/New_York")), [date(2026, 5, 1), date(2026, 5, 2)]),
    ],
)
def test_a_date_only_item_is_in_each_window_its_day_overlaps(
    published: datetime, windows: list[date]
) -> None:
    assert posts_with(dated_item(published, date_only=True)) == windows
    # The same value as a moment: one window, by its instant (the day's first moment, 00:00).
    assert len(posts_with(dated_item(published, date_only=False))) == 1


def posts_with(item_: FeedItem) -> list[date]:
    """The post days, 2026-04-29 to 05-03, whose window [D-1 08:00, D 08:00) Asia/Shanghai holds `item_`."""
    days = [date(2026, 4, 29) + timedelta(days=n) for n in range(5)]
    ends = {day: datetime.combine(day, time(8), tzinfo=SHANGHAI) for day in days}
    return [day for day in days if within_window([item_], ends[day] - timedelta(hours=24), ends[day])]


def test_a_future_date_only_item_is_clamped_like_a_timed_one() -> None:
    (only,) = parse(rss(item("明天", "https://example.com/a", "2026-11-17"))).items
    assert (only.published, only.dated, only.date_only) == (NOW, True, False)


# ---- one bad source never ends the day -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("a&#xD800;b", "ab"),
        ("a&#55296;b", "ab"),
        ("a&#xDFFF;&#xD800;b", "ab"),
        ("emoji &#55357;&#56832;", "emoji \U0001f600"),  # a surrogate pair written as two references
        ("emoji &#xD83D;&#xDE00;!", "emoji \U0001f600!"),
        ("big &#x110000;&#99999999999; end", "big end"),
    ],
)
def test_character_references_naming_no_character(title: str, expected: str) -> None:
    (only,) = parse(rss(item(title, "https://example.com/a"))).items
    assert only.title == expected


def test_any_parser_failure_is_a_feed_error(monkeypatch: pytest.MonkeyPatch) -> None:
    import feedparser

    def explode(*args: object, **kwargs: object) -> None:
        raise UnicodeEncodeError("utf-8", "\ud800", 0, 1, "surrogates not allowed")

    monkeypatch.setattr(feedparser, "parse", explode)
    with pytest.raises(
        FeedError, match=r"测试源: the feed could not be parsed \(UnicodeEncodeError: .*surrogates"
    ):
        parse(rss(item("x", "https://example.com/a")))


def test_an_entry_that_cannot_be_read_is_dropped_not_the_feed(monkeypatch: pytest.MonkeyPatch) -> None:
    import generator.feeds.parse

    real = generator.feeds.parse.entry_link

    def flaky(entry, version, base_url):  # noqa: ANN001, ANN202
        if "bad" in entry.get("title", ""):
            raise ValueError("odd entry")
        return real(entry, version, base_url)

    monkeypatch.setattr(generator.feeds.parse, "entry_link", flaky)
    parsed = parse(rss(item("good", "https://example.com/a") + item("bad", "https://example.com/b")))
    assert [i.title for i in parsed.items] == ["good"] and parsed.dropped == 1


def test_truncated_feed_keeps_what_came_before_the_cut() -> None:
    full = rss(item("一", "https://example.com/1") + item("二", "https://example.com/2"))
    cut = full[: full.index(b"<item><title>\xe4\xba\x8c") + 30]
    parsed = parse(cut)
    assert [i.title for i in parsed.items][:1] == ["一"] and parsed.warning


@pytest.mark.parametrize(
    ("body", "headers"),
    [
        # UTF-8 bytes declared ISO-8859-1 in the XML declaration, and in the HTTP header
        (rss(item("大模型 café", "https://example.com/a")).replace(b"utf-8", b"iso-8859-1"), {}),
        (
            rss(item("大模型 café", "https://example.com/a")),
            {"Content-Type": "text/xml; charset=windows-1252"},
        ),
        # a UTF-8 BOM, and a BOM followed by blank lines before the declaration
        (codecs.BOM_UTF8 + rss(item("大模型 café", "https://example.com/a")), {}),
        (codecs.BOM_UTF8 + b"\n\n" + rss(item("大模型 café", "https://example.com/a")).lstrip(), {}),
        # UTF-16 with its BOM
        (
            rss(item("大模型 café", "https://example.com/a"))
            .decode()
            .replace("utf-8", "utf-16")
            .encode("utf-16"),
            {},
        ),
    ],
)
def test_declared_encodings_and_boms(body: bytes, headers: dict[str, str]) -> None:
    parsed = parse_feed(body, headers, SOURCE, SHANGHAI, NOW)
    assert [i.title for i in parsed.items] == ["大模型 café"]


def test_mostly_utf8_with_stray_bytes_is_read_as_utf8() -> None:
    body = rss(item("国产大模型发布新版本 café", "https://example.com/a")).replace("é".encode(), b"\xe9")
    (only,) = parse(body).items
    assert only.title == "国产大模型发布新版本 caf\ufffd"  # not mojibake across the whole title


def test_latin1_feed_without_utf8_stays_latin1() -> None:
    body = rss(item("Café ouvert à Paris", "https://example.com/a")).replace(b"utf-8", b"iso-8859-1")
    (only,) = parse(body.decode().encode("latin-1")).items
    assert only.title == "Café ouvert à Paris"


def test_huge_title_and_summary_are_cut() -> None:
    huge = "Model " * 200_000
    (only,) = parse(
        rss(item(huge, "https://example.com/a", extra=f"<description>{huge}</description>"))
    ).items
    assert len(only.title) <= 200 and only.title.endswith("…")
    assert len(only.summary) <= 1200 and only.summary.endswith("…")


def test_html_page_served_as_a_feed() -> None:
    page = b"<!DOCTYPE html><html><head><title>Home</title></head><body><a href='/a'>a</a></body></html>"
    with pytest.raises(FeedError, match="not a usable feed"):
        parse(page)
