"""Ingestion end to end over a local httpserver: fetch_sources and extract_articles with real Settings.

Every bad input is one source among good ones: the run goes on, and the health table (the SourceReport
list in RunStats.sources) says what happened to each.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from loopback import public_session
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from generator.config import Settings, parse_settings
from generator.feeds import parse as feeds
from generator.ingest import Sources, extract_articles, fetch_sources
from generator.models import FeedItem, SourceReport
from generator.net.fetch import Fetcher, HttpCache
from generator.run_summary import RunStats
from generator.samples.broken import TRICKLED_FEED, serve_broken_sources

SHANGHAI = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 11, 16, 8, 20, tzinfo=SHANGHAI)
BODY_ZH = "".join(
    f"<p>第{n}段：星衡智能今天发布了新一代开源大模型，参数规模达到千亿级别，推理速度显著提升。</p>"
    for n in range(6)
)


def rss(items: str, encoding: str = "utf-8") -> str:
    return (
        f'<?xml version="1.0" encoding="{encoding}"?>\n<rss version="2.0"><channel><title>T</title>'
        f"<link>https://example.com/</link>{items}</channel></rss>"
    )


def item(title: str, link: str, date: str = "Sun, 15 Nov 2026 20:30:00 +0800", extra: str = "") -> str:
    pub = f"<pubDate>{date}</pubDate>" if date else ""
    return f"<item><title>{title}</title><link>{link}</link>{pub}{extra}</item>"


def settings_for(sources: dict[str, str], tmp_path: Path, **fetch: object) -> Settings:
    """Real settings, parsed like the config file: loopback allowed, nothing else private."""
    return parse_settings(
        {
            "sources": [
                {"name": name, "url": url, "language": "zh", "region": "cn"} for name, url in sources.items()
            ],
            "fetch": {
                "allow_private_hosts": ["127.0.0.0/8"],
                "connect_timeout_s": 0.5,
                "read_timeout_s": 0.5,
                "retries": 1,
                "backoff_s": 0.01,
                "deadline_s": 10,
                "max_bytes": 50_000,
                **fetch,
            },
            "paths": {"cache": str(tmp_path / "cache"), "docs": str(tmp_path / "docs")},
        }
    )


def run(
    settings: Settings, cache: HttpCache | None = None
) -> tuple[list[FeedItem], dict[str, SourceReport], Sources]:
    fetched = fetch_sources(settings, Fetcher(settings.fetch, cache), NOW)
    return list(fetched.items), {report.name: report for report in fetched.reports}, fetched


def _wait_for(condition: Callable[[], bool], seconds: float = 5.0) -> bool:
    """Poll until `condition` holds (the server notices a hang-up only at its next write)."""
    until = time.monotonic() + seconds
    while not condition() and time.monotonic() < until:
        time.sleep(0.02)
    return condition()


def test_one_bad_source_never_fails_the_run(httpserver: HTTPServer, tmp_path: Path) -> None:
    """Ten broken sources among good ones: each fails with its own reason, and the limit named in that reason
    is what ended it (the trickle and the endless body were cut off, the 500 was retried, nothing else)."""
    good = rss(item("好消息", "https://example.com/good"))
    httpserver.expect_request("/good").respond_with_data(good, content_type="application/rss+xml")
    httpserver.expect_request("/empty").respond_with_data(rss(""), content_type="application/rss+xml")
    with serve_broken_sources(gap_s=0.05) as (server, broken):
        sources = {"good": httpserver.url_for("/good"), **broken, "empty": httpserver.url_for("/empty")}
        settings = settings_for(sources, tmp_path, read_timeout_s=0.3, response_timeout_s=0.6)
        items, reports, stats = run(settings)
        assert _wait_for(lambda: {"/trickle", "/endless"} <= server.hung_up.keys())
        requests = dict(server.requests)

    assert [i.title for i in items] == ["好消息"]
    assert [r.name for r in stats.reports] == list(sources)  # every source has a row, in config order
    assert (reports["good"].status, reports["good"].items, reports["good"].error) == ("ok", 1, "")
    assert reports["good"].newest == datetime(2026, 11, 15, 20, 30, tzinfo=SHANGHAI)
    assert (reports["empty"].status, reports["empty"].items) == ("ok", 0)
    assert "no entries" in reports["empty"].error
    expected_errors = {
        "malformed": "not a usable feed",
        "html-page": "not a usable feed",
        "error-500": f"{broken['error-500']}: HTTP 500 (after 2 tries)",
        "missing-404": f"{broken['missing-404']}: HTTP 404",
        "redirect-loop": "redirect loop",
        "metadata-redirect": "redirected, then refused 'http://169.254.169.254/latest/meta-data/'",
        "intranet-redirect": "redirected, then refused 'http://10.0.0.8/feed.xml'",
        "endless": "body over the 50000-byte cap (fetch.max_bytes)",
        "trickle": "no complete response within 0.6s (fetch.response_timeout_s)",
        "silent": f"{broken['silent']}: no answer for 0.3s (fetch.read_timeout_s)",
    }
    for name, reason in expected_errors.items():
        assert reports[name].status == "failed", name
        assert reason in reports[name].error, (name, reports[name].error)
    assert server.hung_up["/trickle"] < len(TRICKLED_FEED)  # cut off: the feed was never complete
    assert reports["trickle"].latency_s >= 0.6 and reports["silent"].latency_s >= 0.3  # not before the limit
    assert server.hung_up["/endless"] > 50_000  # read up to the cap, then hung up on
    assert requests["/error"] == 2  # a 500 is retried once (retries: 1) …
    assert requests["/trickle"] == requests["/silent"] == 1  # … a try that ran out of time is not
    assert "/latest/meta-data/" not in requests and not any(
        r[0].path == "/latest/meta-data/" for r in httpserver.log
    )


def test_a_source_whose_parser_raises_an_unexpected_exception_is_skipped(
    httpserver: HTTPServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = feeds.parse_feed

    def parse_feed(content: bytes, *args: Any, **kwargs: Any) -> feeds.ParsedFeed:
        if b"<title>boom</title>" in content:
            raise RecursionError("maximum recursion depth exceeded")  # as a deep document makes lxml do
        return real(content, *args, **kwargs)

    monkeypatch.setattr(feeds, "parse_feed", parse_feed)
    httpserver.expect_request("/boom").respond_with_data(
        rss(item("boom", "https://example.com/boom")), content_type="application/rss+xml"
    )
    httpserver.expect_request("/fine").respond_with_data(
        rss(item("照常", "https://example.com/fine")), content_type="application/rss+xml"
    )
    sources = {"炸": httpserver.url_for("/boom"), "好": httpserver.url_for("/fine")}
    items, reports, _ = run(settings_for(sources, tmp_path))
    assert [i.title for i in items] == ["照常"] and reports["好"].status == "ok"
    assert reports["炸"].status == "failed"
    assert reports["炸"].error == "unexpected RecursionError: maximum recursion depth exceeded"


def test_a_character_reference_to_a_lone_surrogate_fails_one_source_only(
    httpserver: HTTPServer, tmp_path: Path
) -> None:
    """feedparser raises UnicodeEncodeError on `&#xD800;` (a lone surrogate): that source's failure only."""
    bad = rss(item("坏字符 &#xD800; 标题", "https://example.com/surrogate"))
    httpserver.expect_request("/surrogate").respond_with_data(bad, content_type="application/rss+xml")
    httpserver.expect_request("/fine").respond_with_data(
        rss(item("照常", "https://example.com/fine")), content_type="application/rss+xml"
    )
    sources = {"代理对": httpserver.url_for("/surrogate"), "好": httpserver.url_for("/fine")}
    items, reports, _ = run(settings_for(sources, tmp_path))
    assert "照常" in [i.title for i in items] and reports["好"].status == "ok"
    for entry in items:  # whatever the parser makes of the bad one, no surrogate gets through
        entry.title.encode("utf-8")
    assert reports["代理对"].status == "failed" or reports["代理对"].items == 1, reports["代理对"]


def test_malformed_xml_keeps_its_entries_with_a_warning(httpserver: HTTPServer, tmp_path: Path) -> None:
    broken = rss(item("能读的条目", "https://example.com/a") + item("第二条", "https://example.com/b"))
    broken = broken.replace("</channel></rss>", "<item><title>没有闭合 & 坏实体")
    httpserver.expect_request("/feed").respond_with_data(broken, content_type="application/rss+xml")
    items, reports, _ = run(settings_for({"坏XML": httpserver.url_for("/feed")}, tmp_path))
    assert [i.title for i in items] == ["能读的条目", "第二条"]
    assert reports["坏XML"].status == "ok" and reports["坏XML"].items == 2 and reports["坏XML"].error


def test_gbk_feed_and_undated_duplicate_and_unsafe_entries(httpserver: HTTPServer, tmp_path: Path) -> None:
    entries = (
        item("国产芯片𠮷出货", "https://example.com/chip?utm_source=rss&id=7#top", extra="<guid>g-1</guid>")
        + item("同一个GUID再次出现", "https://example.com/chip-again", extra="<guid>g-1</guid>")
        + item("同一链接再次出现", "https://example.com/chip?id=7&spm=a.b")
        + item("没有日期的条目", "https://example.com/undated", date="")
        + item("脚本链接", "javascript:alert(1)")
        + item("数据链接", "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==")
        + item("相对链接", "/relative/post")
    )
    httpserver.expect_request("/gbk").respond_with_data(
        rss(entries, "gb18030").encode("gb18030"), content_type="application/rss+xml"
    )
    items, reports, stats = run(settings_for({"国内源": httpserver.url_for("/gbk")}, tmp_path))
    by_title = {i.title: i for i in items}
    assert list(by_title) == ["国产芯片𠮷出货", "没有日期的条目", "相对链接"]
    assert by_title["国产芯片𠮷出货"].url == "https://example.com/chip?id=7"
    assert by_title["相对链接"].url == httpserver.url_for("/relative/post")
    undated = by_title["没有日期的条目"]
    assert not undated.dated and undated.published == NOW
    assert stats.counts == {"dropped_links": 2, "undated": 1, "future": 0, "duplicate_entries": 2}
    report = reports["国内源"]
    assert report.status == "ok" and report.items == 3
    assert (
        "2 without a usable link" in report.error
        and "2 duplicate" in report.error
        and "1 undated" in report.error
    )


def test_feed_dates_chinese_formats_and_future(httpserver: HTTPServer, tmp_path: Path) -> None:
    entries = (
        item("北京时间", "https://example.com/1", "2026年11月15日 20:30")
        + item("带时区", "https://example.com/2", "2026-11-15 12:30 GMT+8")
        + item("CST", "https://example.com/3", "Sun, 15 Nov 2026 20:30:00 CST")
        + item("稍后", "https://example.com/4", "Mon, 16 Nov 2026 12:00:00 +0800")
        + item("明年", "https://example.com/5", "Mon, 16 Nov 2027 12:00:00 +0800")
    )
    httpserver.expect_request("/dates").respond_with_data(rss(entries), content_type="application/rss+xml")
    items, reports, stats = run(settings_for({"日期": httpserver.url_for("/dates")}, tmp_path))
    published = {i.title: i.published for i in items}
    assert published["北京时间"] == datetime(2026, 11, 15, 20, 30, tzinfo=SHANGHAI)
    assert published["带时区"] == datetime(2026, 11, 15, 12, 30, tzinfo=SHANGHAI)
    assert published["CST"] == datetime(2026, 11, 15, 20, 30, tzinfo=SHANGHAI)
    assert published["稍后"] == NOW and "明年" not in published
    assert stats.counts["future"] == 2 and reports["日期"].items == 4


def test_conditional_get_reuses_cached_items(httpserver: HTTPServer, tmp_path: Path) -> None:
    feed = rss(item("缓存的条目", "https://example.com/cached"))
    httpserver.expect_ordered_request("/feed").respond_with_data(
        feed,
        content_type="application/rss+xml",
        headers={"ETag": '"v1"', "Last-Modified": "Sun, 15 Nov 2026 12:00:00 GMT"},
    )
    httpserver.expect_ordered_request(
        "/feed", headers={"If-None-Match": '"v1"', "If-Modified-Since": "Sun, 15 Nov 2026 12:00:00 GMT"}
    ).respond_with_data("", status=304)
    settings = settings_for({"缓存": httpserver.url_for("/feed")}, tmp_path)
    cache = HttpCache(settings.paths.cache / "http")
    first, reports_1, _ = run(settings, cache)
    second, reports_2, _ = run(settings, cache)
    assert reports_1["缓存"].status == "ok" and reports_2["缓存"].status == "not-modified"
    assert [i.title for i in second] == [i.title for i in first] == ["缓存的条目"]
    assert list((tmp_path / "cache" / "http").glob("*.json"))


def test_retry_after_is_honoured_within_the_run(httpserver: HTTPServer, tmp_path: Path) -> None:
    httpserver.expect_ordered_request("/busy").respond_with_data("", status=429, headers={"Retry-After": "0"})
    httpserver.expect_ordered_request("/busy").respond_with_data(
        rss(item("终于", "https://example.com/x")), content_type="application/rss+xml"
    )
    items, reports, _ = run(settings_for({"忙": httpserver.url_for("/busy")}, tmp_path))
    assert reports["忙"].status == "ok" and [i.title for i in items] == ["终于"]


def test_stage_deadline_reports_the_late_source(httpserver: HTTPServer, tmp_path: Path) -> None:
    def late(_: Request) -> Response:
        time.sleep(1.2)
        return Response(rss(item("太迟", "https://example.com/late")))

    httpserver.expect_request("/late").respond_with_handler(late)
    httpserver.expect_request("/quick").respond_with_data(rss(item("及时", "https://example.com/q")))
    settings = settings_for(
        {"慢": httpserver.url_for("/late"), "快": httpserver.url_for("/quick")},
        tmp_path,
        read_timeout_s=5,
        deadline_s=0.6,
    )
    started = time.monotonic()
    items, reports, _ = run(settings)
    assert time.monotonic() - started < 1.1
    assert [i.title for i in items] == ["及时"]
    assert reports["慢"].status == "failed" and "deadline" in reports["慢"].error


def page(charset_meta: str, body: str = BODY_ZH, head: str = "") -> str:
    meta = f"<meta charset='{charset_meta}'>" if charset_meta else ""
    return (
        f"<html><head>{meta}<title>T</title>{head}</head><body><nav>首页 | 关于</nav>"
        f"<article><h1>标题</h1>{body}</article><footer>版权所有</footer></body></html>"
    )


def feed_item(url: str, title: str = "标题", summary: str = "摘要：来自订阅源") -> FeedItem:
    return FeedItem(id="x", source="S", title=title, url=url, published=NOW, summary=summary, dated=False)


def test_extract_articles_decodes_pages_and_keeps_summaries_of_bad_ones(
    httpserver: HTTPServer, tmp_path: Path
) -> None:
    lead = (
        '<meta property="og:image" content="/img/lead.png">'
        '<meta property="article:published_time" content="2026-11-15T21:30:00+08:00">'
    )
    httpserver.expect_request("/utf8").respond_with_data(
        page("utf-8", head=lead), content_type="text/html; charset=utf-8"
    )
    httpserver.expect_request("/gbk-meta").respond_with_data(
        page("gbk").encode("gbk"), content_type="text/html"
    )
    httpserver.expect_request("/gbk-latin1-header").respond_with_data(
        page("gb2312").encode("gb18030"), content_type="text/html; charset=ISO-8859-1"
    )
    httpserver.expect_request("/gb18030-undeclared").respond_with_data(
        page("", BODY_ZH + "<p>生僻字𠮷与镕</p>").encode("gb18030"), content_type="text/html"
    )
    httpserver.expect_request("/pdf").respond_with_data(b"%PDF-1.7 binary", content_type="application/pdf")
    httpserver.expect_request("/short").respond_with_data(
        "<html><body><p>太短</p></body></html>", content_type="text/html"
    )
    httpserver.expect_request("/private").respond_with_data(
        "", status=302, headers={"Location": "http://10.1.2.3/x"}
    )
    names = [
        "utf8",
        "gbk-meta",
        "gbk-latin1-header",
        "gb18030-undeclared",
        "pdf",
        "short",
        "private",
    ]
    settings = settings_for({"S": httpserver.url_for("/feed")}, tmp_path)
    items = [feed_item(httpserver.url_for(f"/{name}")) for name in names]

    extraction = extract_articles(items, settings, Fetcher(settings.fetch))
    articles = {a.item.url.rsplit("/", 1)[1]: a for a in extraction.articles}

    for name in ("utf8", "gbk-meta", "gbk-latin1-header", "gb18030-undeclared"):
        assert articles[name].extracted, name
        assert "星衡智能今天发布" in articles[name].text and "版权所有" not in articles[name].text, name
    assert "生僻字𠮷与镕" in articles["gb18030-undeclared"].text
    assert articles["utf8"].image == httpserver.url_for("/img/lead.png")
    assert articles["utf8"].item.dated and articles["utf8"].item.published == datetime(
        2026, 11, 15, 21, 30, tzinfo=SHANGHAI
    )
    for name in ("pdf", "short"):
        assert not articles[name].extracted and articles[name].text == "摘要：来自订阅源", name
    assert extraction.not_article == {"document": 1}  # the PDF: fetched, not the article, its summary kept
    # The redirect to a private address was refused: the item's own loopback link was never fetched, so no
    # reader could follow it either (urls.publishable_url) and it is left out.
    assert "private" not in articles and extraction.private == (httpserver.url_for("/private"),)
    assert (extraction.failed, extraction.dead) == (1, ())
    assert not any(r[0].path == "/x" for r in httpserver.log)


def test_full_text_false_sources_are_not_fetched(httpserver: HTTPServer, tmp_path: Path) -> None:
    settings = settings_for({"S": httpserver.url_for("/feed")}, tmp_path)
    summary_only = FeedItem(
        id="y",
        source="arXiv",
        title="Paper",
        url=httpserver.url_for("/abs/1"),
        published=NOW,
        summary="Abstract.",
        full_text=False,
    )
    public = replace(summary_only, id="z", url="https://papers.example/abs/1")
    extraction = extract_articles([summary_only, public], settings, Fetcher(settings.fetch))
    (article,) = extraction.articles
    assert article.item.url == public.url and article.text == "Abstract." and not article.extracted
    assert not any(r[0].path == "/abs/1" for r in httpserver.log)
    # Never fetched, the loopback link is one no reader could follow: left out (issue 18, kind 3).
    assert extraction.private == (summary_only.url,)


def test_one_page_shared_by_two_items_is_fetched_once(httpserver: HTTPServer, tmp_path: Path) -> None:
    httpserver.expect_request("/shared").respond_with_data(
        page("utf-8"), content_type="text/html; charset=utf-8"
    )
    settings = settings_for({"S": httpserver.url_for("/feed")}, tmp_path)
    first = feed_item(httpserver.url_for("/shared"), title="来源一")
    second = FeedItem(id="x", source="T", title="来源二", url=first.url, published=NOW, summary="另一个摘要")
    articles = extract_articles([first, second], settings, Fetcher(settings.fetch)).articles
    assert [(a.item.source, a.item.title, a.extracted) for a in articles] == [
        ("S", "来源一", True),
        ("T", "来源二", True),
    ]
    assert sum(1 for r in httpserver.log if r[0].path == "/shared") == 1


def test_dead_pages_drop_their_items_and_other_failures_keep_the_summary(
    httpserver: HTTPServer, tmp_path: Path
) -> None:
    """404 and 410 (RFC 9110: the page is gone), and a redirect from an article to the site's home page (a
    soft 404) drop the item; a paywall (401, 403), a legal block (451) or a 5xx after retries do not say the
    article is gone, so the feed's summary stays; a redirect to another article page is followed."""
    live = page("utf-8")
    httpserver.expect_request("/live").respond_with_data(live, content_type="text/html; charset=utf-8")
    httpserver.expect_request("/").respond_with_data(live, content_type="text/html; charset=utf-8")
    httpserver.expect_request("/moved").respond_with_data("", status=301, headers={"Location": "/live?v=2"})
    httpserver.expect_request("/removed").respond_with_data("", status=302, headers={"Location": "/"})
    for status in (404, 410, 401, 403, 451, 503):
        httpserver.expect_request(f"/s{status}").respond_with_data("no", status=status)
    names = ["live", "moved", "removed", "s404", "s410", "s401", "s403", "s451", "s503"]
    site = "https://news.example"  # a public name, served by the loopback server (tests/loopback.py)
    items = [feed_item(f"{site}/{name}", title=name) for name in names]
    items.append(feed_item(f"{site}/s404", title="same dead page, another feed"))
    settings = settings_for({"S": httpserver.url_for("/feed")}, tmp_path, allow_private_hosts=True)

    session = public_session(httpserver.url_for("/"))
    extraction = extract_articles(items, settings, Fetcher(settings.fetch, session=session))

    assert extraction.dead == tuple(sorted(f"{site}/{n}" for n in ("removed", "s404", "s410")))
    assert [a.item.title for a in extraction.articles] == ["live", "moved", "s401", "s403", "s451", "s503"]
    by_title = {a.item.title: a for a in extraction.articles}
    assert by_title["live"].extracted and by_title["moved"].extracted
    for name in ("s401", "s403", "s451", "s503"):
        assert not by_title[name].extracted and by_title[name].text == "摘要：来自订阅源", name
    assert extraction.failed == 4 and extraction.private == ()
    assert sum(1 for r in httpserver.log if r[0].path == "/s503") == 2  # retried once, then summary kept


def test_a_failed_page_on_a_local_address_leaves_its_item_out(httpserver: HTTPServer, tmp_path: Path) -> None:
    """The same failures on the loopback server itself: no reader could follow those links, and the run did not
    fetch the pages (the exception for a server the config allows is only for pages it fetched), so the items are
    left out and counted; the page that answered stays."""
    httpserver.expect_request("/live").respond_with_data(
        page("utf-8"), content_type="text/html; charset=utf-8"
    )
    for status in (401, 503):
        httpserver.expect_request(f"/s{status}").respond_with_data("no", status=status)
    items = [feed_item(httpserver.url_for(f"/{name}"), title=name) for name in ("live", "s401", "s503")]
    settings = settings_for({"S": httpserver.url_for("/feed")}, tmp_path)
    extraction = extract_articles(items, settings, Fetcher(settings.fetch))
    assert [a.item.title for a in extraction.articles] == ["live"]
    assert extraction.private == tuple(sorted(httpserver.url_for(f"/s{s}") for s in (401, 503)))
    assert extraction.failed == 2


def test_a_page_whose_extraction_raises_an_unexpected_exception_keeps_its_summary(
    httpserver: HTTPServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from generator import ingest

    real = ingest.extract_article

    def extract_article(item: FeedItem, *args: Any, **kwargs: Any) -> Any:
        if item.url.endswith("/bad"):
            raise IndexError("list index out of range")  # as a bug in an extractor would
        return real(item, *args, **kwargs)

    monkeypatch.setattr(ingest, "extract_article", extract_article)
    for name in ("good", "bad"):
        httpserver.expect_request(f"/{name}").respond_with_data(
            page("utf-8"), content_type="text/html; charset=utf-8"
        )
    settings = settings_for({"S": httpserver.url_for("/feed")}, tmp_path)
    items = [feed_item(httpserver.url_for("/good"), "好"), feed_item(httpserver.url_for("/bad"), "坏")]
    extraction = extract_articles(items, settings, Fetcher(settings.fetch))
    good, bad = extraction.articles
    assert good.extracted and "星衡智能今天发布" in good.text
    assert not bad.extracted and bad.text == "摘要：来自订阅源"
    assert (extraction.failed, extraction.dead) == (1, ())


def test_the_summary_table_keeps_a_reason_with_a_bar_in_its_cell() -> None:
    stats = RunStats(day=date(2026, 11, 16), started=NOW)
    stats.sources.append(SourceReport("S", "https://example.com/feed", "failed", error="unexpected X: a | b"))
    assert "| S | failed (unexpected X: a \\| b) | 0 | 0.00s |" in stats.as_markdown().splitlines()
