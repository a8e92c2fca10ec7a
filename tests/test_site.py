"""The built site as readers, crawlers and a fork's owner meet it (mkdocs.yml, docs/, overrides/).

Two built sites: the sample day's (tests/conftest.py `sample_site`, with a configured Telegram card), and a fork's
site as it ships (`fork_site`: no Telegram settings, posts written in three time zones other than Asia/Shanghai,
and a hand-written post with a plain date).
"""

from __future__ import annotations

import io
import json
import shutil
from collections.abc import Iterator
from contextlib import redirect_stderr
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

import builders
import frontmatter
import lxml.html
import material
import pytest
from conftest import SampleRun
from site_checks import cjk_line_breaks, json_items, rss_items, sitemap_lastmod

from generator.cli import main
from generator.config import Settings, parse_settings
from generator.errors import ConfigError
from generator.models import Brief, Digest, Entry, Story
from generator.pipeline import day_window, render_post
from generator.post.render import Renderer
from generator.samples.demo import build_site, copy_site, write_sample_config
from generator.site.layout import SiteInfo, SiteLayout, check_site, load_site
from generator.site.permalinks import post_path, post_url
from generator.site.posts import load_posts
from generator.site.publish import write_post

ROOT = Path(__file__).resolve().parents[1]
SITE_URL = "https://example.github.io/ai-news-daily/"
SITE_NAME = "AI 日报"


def html_page(site: Path, relative: str) -> lxml.html.HtmlElement:
    return lxml.html.fromstring((site / relative).read_bytes())


def post_file(site: Path, day: date) -> str:
    (page,) = site.glob(f"{day:%Y/%m/%d}/*/index.html")
    return page.relative_to(site).as_posix()


# --- the sample site ----------------------------------------------------------------------------------------------


def test_navigation_shows_its_own_labels(sample_site: SampleRun) -> None:
    """mkdocs.yml's nav names 最新 / 归档 / 标签 / 信源状态 / 勘误 / 订阅 / 关于; the blog plugin gave the home page
    its H1 (AI 日报) instead."""
    post = post_file(sample_site.site, date(2026, 11, 16))
    for relative in ("index.html", "about/index.html", "tags/index.html", post):
        nav = html_page(sample_site.site, relative).xpath('//nav[contains(@class, "md-nav--primary")]')[0]
        labels = [li.xpath("./a|./label")[0].text_content().strip() for li in nav.xpath("./ul/li")]
        assert labels == ["最新", "归档", "标签", "信源状态", "勘误", "订阅", "关于"], relative


def test_titles_name_the_site_once(sample_site: SampleRun) -> None:
    """<title> is "page - site name", unless the page names the site already (the home page, a post's title)."""
    site = sample_site.site
    meta = frontmatter.load(str(sample_site.post)).metadata
    assert meta["title"].startswith(f"{SITE_NAME}｜")
    expected = {  # page: (<title>, og:title)
        "index.html": (SITE_NAME, SITE_NAME),
        "about/index.html": (f"关于 - {SITE_NAME}", "关于"),
        "tags/index.html": (f"标签 - {SITE_NAME}", "标签"),
        post_file(site, date(2026, 11, 16)): (meta["title"], meta["title"]),
    }
    for relative, (title, og_title) in expected.items():
        page = html_page(site, relative)
        assert page.findtext(".//title") == title, relative
        assert page.xpath('//meta[@property="og:title"]/@content') == [og_title], relative
    for path in site.rglob("*.html"):
        title = lxml.html.fromstring(path.read_bytes()).findtext(".//title")
        assert title.count(SITE_NAME) == 1, f"{path}: {title}"


def test_one_language_tag_everywhere(sample_site: SampleRun) -> None:
    """theme.language is "zh", a language Material ships: <html lang>, JSON-LD, both feeds say the same."""
    site = sample_site.site
    assert (Path(material.__file__).parent / "templates" / "partials" / "languages" / "zh.html").is_file()
    for path in site.rglob("*.html"):
        page = lxml.html.fromstring(path.read_bytes())
        assert page.get("lang") == "zh", path
        assert page.xpath('//meta[@property="og:locale"]/@content') in ([], ["zh_CN"])  # OG's spelling of zh
        for script in page.xpath('//script[@type="application/ld+json"]/text()'):
            assert json.loads(script)["inLanguage"] == "zh"
    assert rss_items(site, "feed_rss_created.xml", SITE_URL, "zh")
    assert json_items(site, "feed_json_created.json", SITE_URL, "zh")
    assert "zh-CN" not in "".join(p.read_text(encoding="utf-8") for p in site.rglob("*.html"))


def test_no_space_from_a_line_break_between_chinese_characters(sample_site: SampleRun) -> None:
    site = sample_site.site
    pages = ["index.html", "about/index.html", "tags/index.html", post_file(site, date(2026, 11, 16))]
    pages += [p.relative_to(site).as_posix() for p in (site / "archive").rglob("index.html")]
    for relative in pages:
        assert cjk_line_breaks(html_page(site, relative)) == [], relative


def test_the_line_break_check_finds_a_wrapped_paragraph() -> None:
    html = "<p>政策与安全，\n一天一篇</p><p>AI\n日报</p><ul><li>甲\n  乙</li></ul>"
    html += "<ul><li>丙\n<ul><li>丁</li></ul></li></ul>"  # a list item's nested list: checked on its own
    page = lxml.html.fromstring(f'<div><div class="md-content">{html}</div><p>外\n面</p></div>')
    assert cjk_line_breaks(page) == [
        "政策与安全，\n一天一篇",
        "甲\n  乙",
    ]  # not "AI 日报", not between blocks


def test_robots_txt_points_at_the_sitemap(sample_site: SampleRun) -> None:
    text = (sample_site.site / "robots.txt").read_text(encoding="utf-8")
    assert text.splitlines() == ["User-agent: *", "Allow: /", f"Sitemap: {SITE_URL}sitemap.xml"]
    assert (sample_site.site / "sitemap.xml").is_file()


def test_sitemap_dates_are_the_posts_dates(sample_site: SampleRun) -> None:
    """A post's <lastmod> is its own date; a blog view's the newest post it lists; other pages have none
    (MkDocs' default, the build date, marked every page changed at every build). The blog's archive and category
    views are off (mkdocs.yml): the 归档 page is a plain page."""
    lastmod = sitemap_lastmod(sample_site.site)
    published = frontmatter.load(str(sample_site.post)).metadata["date"].isoformat()
    assert published == "2026-11-16T08:00:00+08:00"
    post_url = SITE_URL + post_file(sample_site.site, date(2026, 11, 16)).removesuffix("index.html")
    assert lastmod[post_url] == lastmod[SITE_URL] == published
    assert lastmod[SITE_URL + "about/"] is None and lastmod[SITE_URL + "tags/"] is None
    assert lastmod[SITE_URL + "archive/"] is None and not any("category/" in url for url in lastmod)
    assert set(lastmod.values()) == {published, None}


# --- a fork's site: no Telegram settings, other time zones, a plain-date post -------------------------------------

ZONES = {  # day → zone; Auckland's 08:00 is the previous day in UTC
    date(2026, 11, 16): "America/New_York",
    date(2026, 11, 17): "Europe/Berlin",
    date(2026, 11, 18): "Pacific/Auckland",
}
PLAIN_DAY = date(2026, 11, 14)


@dataclass(frozen=True)
class ForkSite:
    site: Path
    settings: dict[date, Settings]


def story(n: int, day: date) -> Story:
    return builders.story(
        builders.article(
            f"新闻{n}",
            id=f"i{n}",
            source=f"源{n}",
            url=f"https://news.example.com/{day}/{n}",
            extracted=False,
            published=datetime.combine(day, datetime.min.time(), UTC),
        )
    )


def digest(day: date) -> Digest:
    entries = tuple(Entry(story(n, day), f"标题{n}", f"摘要{n}。", "技术") for n in range(3))
    return Digest(
        day=day,
        title=f"AI 日报｜{day} 的新闻",
        summary=("第一条", "第二条"),
        entries=entries,
        briefs=(Brief(story(9, day), "一句话"),),
        tags=("AI", "AI 日报", "模型"),
        keywords=("AI", "模型"),
        description="第一条；第二条。",
        editor="offline",
        items_read=12,
        categories=("技术",),
    )


PLAIN_POST = f"""---
title: 手写的一篇
date: {PLAIN_DAY}
slug: hand-written
authors: [ainews]
categories: [AI 日报]
tags: [AI, 手写]
description: 一篇手写的文章，日期没有时间。
image: assets/covers/{PLAIN_DAY}.png
---

# 手写的一篇

正文。

<!-- more -->

更多。
"""


@pytest.fixture(scope="module")
def fork_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ForkSite]:
    root = tmp_path_factory.mktemp("fork")
    copy_site(root / "src", include_posts=False)
    docs = root / "src" / "docs"
    site_info = load_site(root / "src" / "mkdocs.yml")
    settings = {}
    for day, zone in ZONES.items():
        settings[day] = parse_settings(
            {"sources": [{"name": "s", "url": "https://example.com/f"}], "timezone": zone}
        )
        end = day_window(day, settings[day])[1]
        renderer = Renderer("insight", settings[day].zone)
        post = render_post(digest(day), settings[day], site_info, renderer, generated=end)
        write_post(post, SiteLayout(docs), force=False)
    (docs / "blog" / "posts" / f"{PLAIN_DAY}.md").write_text(PLAIN_POST, encoding="utf-8")
    shutil.copy(
        docs / "assets" / "covers" / "2026-11-16.png", docs / "assets" / "covers" / f"{PLAIN_DAY}.png"
    )
    with pytest.MonkeyPatch.context() as patch:
        for name in ("TELEGRAM_HANDLE", "TELEGRAM_GROUP", "TELEGRAM_QR", "SITE_URL"):
            patch.delenv(name, raising=False)
        build_site(root / "src", root / "site")
    yield ForkSite(root / "site", settings)


def test_a_fork_shows_no_telegram_card_and_names_no_foreign_group(fork_site: ForkSite, monkeypatch) -> None:
    for name in ("TELEGRAM_HANDLE", "TELEGRAM_GROUP", "TELEGRAM_QR"):
        monkeypatch.delenv(name, raising=False)
    assert not (load_site(ROOT / "mkdocs.yml").telegram.get("group"))
    pages = list(fork_site.site.rglob("*.html"))
    assert all(post_file(fork_site.site, day) for day in ZONES)
    for path in pages:
        assert not lxml.html.fromstring(path.read_bytes()).find_class("telegram-card"), path
    for path in fork_site.site.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            assert b"ai_news_daily" not in data and b"t.me/" not in data, path
    assert b"ai_news_daily" not in (ROOT / "mkdocs.yml").read_bytes()


def test_feed_dates_are_each_posts_window_end_in_any_zone(fork_site: ForkSite) -> None:
    """Posts carry their moment with its offset: with any zone, every item is dated when its window closed (the
    RSS plugin once read the date in Asia/Shanghai: the previous day, before the window had closed)."""
    site = fork_site.site
    ends = {
        SITE_URL + post_file(site, day).removesuffix("index.html"): day_window(day, s)[1]
        for day, s in fork_site.settings.items()
    }
    for feed, items in (
        ("feed_rss_created.xml", rss_items(site, "feed_rss_created.xml", SITE_URL, "zh")),
        ("feed_rss_updated.xml", rss_items(site, "feed_rss_updated.xml", SITE_URL, "zh")),
        ("feed_json_created.json", json_items(site, "feed_json_created.json", SITE_URL, "zh")),
    ):
        dated = {item.link: item.published for item in items}
        assert len(items) == len(ZONES) + 1, feed
        for link, end in ends.items():
            assert dated[link] >= end and dated[link] == end and dated[link].utcoffset() == end.utcoffset(), (
                feed
            )
    assert (
        ends[SITE_URL + "2026/11/18/ai-daily-2026-11-18/"].astimezone(UTC).day == 17
    )  # filed by its local day


def test_seo_dates_carry_time_and_zone(fork_site: ForkSite) -> None:
    site = fork_site.site
    lastmod = sitemap_lastmod(site)
    for day, settings in fork_site.settings.items():
        end = day_window(day, settings)[1].isoformat()
        relative = post_file(site, day)
        page = html_page(site, relative)
        (ld,) = [json.loads(s) for s in page.xpath('//script[@type="application/ld+json"]/text()')]
        assert ld["datePublished"] == ld["dateModified"] == end
        assert page.xpath('//meta[@property="article:published_time"]/@content') == [end]
        assert lastmod[SITE_URL + relative.removesuffix("index.html")] == end
    assert (
        lastmod[SITE_URL]
        == day_window(date(2026, 11, 18), fork_site.settings[date(2026, 11, 18)])[1].isoformat()
    )


def test_a_post_with_a_plain_date_still_builds(fork_site: ForkSite) -> None:
    """A hand-written post with `date: 2026-11-14`: the blog plugin and the feeds count it as 00:00 UTC."""
    site = fork_site.site
    midnight = datetime(2026, 11, 14, tzinfo=UTC)
    link = SITE_URL + "2026/11/14/hand-written/"
    (item,) = [i for i in rss_items(site, "feed_rss_created.xml", SITE_URL, "zh") if i.link == link]
    assert item.published == midnight and item.categories == ("AI", "手写")
    page = html_page(site, "2026/11/14/hand-written/index.html")
    (ld,) = [json.loads(s) for s in page.xpath('//script[@type="application/ld+json"]/text()')]
    assert ld["datePublished"] == midnight.isoformat() and sitemap_lastmod(site)[link] == midnight.isoformat()


# --- the start-up check: one time zone --------------------------------------------------------------------------


def test_load_site_reads_the_rss_plugins_zone(tmp_path: Path) -> None:
    assert load_site(ROOT / "mkdocs.yml").feed_timezone is None  # posts carry their offset: no zone there
    mkdocs = tmp_path / "mkdocs.yml"
    mkdocs.write_text(
        "site_name: x\nplugins:\n  - search\n  - rss:\n      date_from_meta: {default_timezone: Europe/Berlin}\n",
        encoding="utf-8",
    )
    site = load_site(mkdocs)
    assert site.feed_timezone == "Europe/Berlin"
    mapping = tmp_path / "mapping.yml"  # MkDocs also takes plugins as a mapping
    mapping.write_text(
        "plugins:\n  rss:\n    date_from_meta:\n      default_timezone: Asia/Tokyo\n", encoding="utf-8"
    )
    assert load_site(mapping).feed_timezone == "Asia/Tokyo"
    same = parse_settings({"sources": [{"name": "s", "url": "https://e.com/f"}], "timezone": "Europe/Berlin"})
    check_site(same, site, mkdocs)  # agreeing zones pass
    check_site(parse_settings({"sources": [{"name": "s", "url": "https://e.com/f"}]}), SiteInfo(), mkdocs)


def test_two_time_zones_stop_the_run_before_any_network(tmp_path: Path) -> None:
    copy_site(tmp_path / "src", include_posts=False)
    mkdocs = tmp_path / "src" / "mkdocs.yml"
    text = mkdocs.read_text(encoding="utf-8")
    text = text.replace(
        "        as_creation: date\n", "        as_creation: date\n        default_timezone: Europe/Berlin\n"
    )
    mkdocs.write_text(text, encoding="utf-8")
    config = write_sample_config(tmp_path / "src", "http://192.0.2.1:9", tmp_path / "cache")
    err = io.StringIO()
    with redirect_stderr(err):
        code = main(["generate", "--config", str(config), "--date", "2026-11-16"])
    assert code == 1
    message = err.getvalue()
    assert message.count("\n") == 1 and message.startswith("error: two time zones: timezone is Asia/Shanghai")
    assert "date_from_meta.default_timezone to Europe/Berlin" in message and str(mkdocs) in message
    with pytest.raises(ConfigError, match="two time zones"):
        check_site(
            parse_settings({"sources": [{"name": "s", "url": "https://e.com/f"}]}), load_site(mkdocs), mkdocs
        )
    assert not list((tmp_path / "src" / "docs").rglob("2026-*.md"))  # nothing written


def test_post_urls_are_the_blog_plugins_in_any_zone(
    fork_site: ForkSite, monkeypatch: pytest.MonkeyPatch
) -> None:
    """generator.site.permalinks (the channel post's link) gives each post the URL the blog plugin gave it and the feeds
    list: posts dated in four zones (Auckland's 08:00 is the day before in UTC) and one with a plain date."""
    monkeypatch.delenv("SITE_URL", raising=False)
    src = fork_site.site.parent / "src"
    site = load_site(src / "mkdocs.yml")
    records = load_posts(SiteLayout.of(src / "docs", site))
    assert [r.day for r in records] == [PLAIN_DAY, *ZONES]
    feed = {item.link for item in json_items(fork_site.site, "feed_json_created.json", SITE_URL, "zh")}
    assert {post_url(site, r.meta, r.path.stem) for r in records} == feed
    for record in records:
        assert (fork_site.site / post_path(site, record.meta, record.path.stem) / "index.html").is_file()
