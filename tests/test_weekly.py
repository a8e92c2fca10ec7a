"""The weekly issue's digest and post from hand-written daily posts (generator/weekly/digest.py, issue.py):
weeks, reading the posts back, ranking, threads, escaping, the gate, and the readers of the posts folder."""

from __future__ import annotations

import logging
import re
from dataclasses import replace
from datetime import date, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

import frontmatter
import lxml.html
import pytest
import yaml
from weekly_posts import ZONE, record, write_daily

from generator.config import Settings, parse_settings
from generator.errors import ConfigError, GateError
from generator.models import Post
from generator.post.render import LAYOUTS, Renderer
from generator.site.layout import SiteInfo, SiteLayout
from generator.site.publish import post_tag_lists, render_html
from generator.weekly.digest import (
    IsoWeek,
    build_weekly,
    latest_complete_week,
    read_daily,
    read_week,
)
from generator.weekly.issue import gate_weekly, render_weekly, weekly_front_matter

W47 = IsoWeek(2026, 47)
MON, TUE, WED, THU, FRI, SAT, SUN = W47.days
END = time(8)


# --- weeks ----------------------------------------------------------------------------------------------------


def test_iso_weeks_parse_name_and_span_years() -> None:
    assert IsoWeek.parse("2026-W47") == W47 and str(W47) == "2026-W47"
    assert (W47.monday, W47.sunday) == (date(2026, 11, 16), date(2026, 11, 22))
    last = IsoWeek.parse("2026-W53")  # 2026 has 53 ISO weeks; its last one ends in 2027
    assert (last.monday, last.sunday) == (date(2026, 12, 28), date(2027, 1, 3))
    assert IsoWeek.of(date(2027, 1, 3)) == last and IsoWeek.of(date(2027, 1, 4)) == IsoWeek(2027, 1)
    assert IsoWeek(2027, 1).previous() == last
    with pytest.raises(ValueError, match="has no week 53"):
        IsoWeek.parse("2025-W53")
    for bad in ("2026-47", "2026-W7", "W47", "2026-w47x"):
        with pytest.raises(ValueError, match="is not an ISO week like 2026-W47"):
            IsoWeek.parse(bad)


@pytest.mark.parametrize(
    ("now", "week"),
    [
        (datetime(2026, 11, 22, 8, 0, tzinfo=ZONE), W47),  # Sunday: the week's last window has just closed
        (datetime(2026, 11, 22, 7, 59, tzinfo=ZONE), IsoWeek(2026, 46)),  # Sunday, before the window closes
        (datetime(2026, 11, 23, 9, 0, tzinfo=ZONE), W47),  # Monday: last week
        (datetime(2026, 11, 25, 12, 0, tzinfo=ZONE), W47),  # Wednesday: last week
        (datetime(2026, 11, 22, 0, 30, tzinfo=ZONE).astimezone(ZoneInfo("UTC")), IsoWeek(2026, 46)),
    ],
)
def test_the_default_week_is_the_latest_whose_sunday_post_is_out(now: datetime, week: IsoWeek) -> None:
    assert latest_complete_week(now, END, ZONE) == week


def test_read_daily_checks_each_record(tmp_path: Path) -> None:
    good = record("a1", "模型甲发布", importance=5, sources=3)
    wrong = [
        {**record("b1", "x"), "importance": "high"},
        {**record("b2", "y"), "importance": 9},
        {"headline": "no id"},
        {**record("b3", "   "), "headline": "\u200b"},
        "not a mapping",
    ]
    unquoted = {**record("x", "数字编号"), "id": 12345678}  # YAML reads an all-digit id as a number
    path = write_daily(tmp_path, MON, [good, *wrong, unquoted], tags=["AI", "芯片"])
    post = read_daily(path, MON)
    # One reader for every consumer (generator.site.posts.story_record): an unreadable importance counts as 1,
    # one outside 1-5 is clamped, a record without an id or a visible headline is dropped.
    assert [(r.id, r.headline, r.importance, r.sources) for r in post.stories] == [
        ("a1", "模型甲发布", 5, 3),
        ("b1", "x", 1, 1),
        ("b2", "y", 5, 1),
        ("12345678", "数字编号", 3, 1),
    ]
    assert post.dropped == 3 and post.tags == ("AI", "芯片") and post.items_read == 30
    legacy = write_daily(tmp_path, TUE, [good, *wrong, unquoted], records_in_front_matter=True)
    assert read_daily(legacy, TUE).stories == tuple(replace(r, day=TUE) for r in post.stories)


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"---\ntitle: [unclosed\n---\n\n# t\n", "not valid YAML"),
        (b"---\n- a list\n---\n\n# t\n", "empty or not a mapping"),
        (b"# no front matter\n", "empty or not a mapping"),
        ("---\ntitle: 标题\n---\n".encode("gbk"), "not UTF-8"),
    ],
    ids=["yaml", "list", "none", "not-utf8"],
)
def test_an_unreadable_post_is_skipped_with_a_warning(
    tmp_path: Path, content: bytes, reason: str, caplog: pytest.LogCaptureFixture
) -> None:
    write_daily(tmp_path, MON, [record("a1", "周一要闻")])
    bad = write_daily(tmp_path, TUE, [record("b1", "周二要闻")])
    bad.write_bytes(content)
    write_daily(tmp_path, WED, [record("c1", "周三要闻")])
    with caplog.at_level(logging.WARNING, logger="generator.weekly.digest"):
        reading = read_week(SiteLayout(tmp_path), W47)
    assert [p.day for p in reading.posts] == [MON, WED]
    assert len(reading.notes) == 1 and reading.notes[0].startswith("2026-11-17.md skipped: ")
    assert reason in reading.notes[0] and "2026-11-17.md" in caplog.text


# --- the digest -----------------------------------------------------------------------------------------------


def thread_week(tmp_path: Path) -> Path:
    """A week with a story followed on three days, entries and one-liners, and posts outside the week."""
    write_daily(
        tmp_path,
        MON,
        [
            record("s1", "甲公司发布芯片", importance=4, sources=2, urls=["https://a.example/1"]),
            record("e1", "乙模型开源", importance=3, sources=1),
            record("b1", "丙公司融资（一句话）", importance=1, sources=6, kind="brief"),
        ],
        tags=["AI", "AI 日报", "芯片", "开源"],
    )
    write_daily(
        tmp_path,
        WED,
        [
            record("e2", "丁政策出台", importance=3, sources=3),
            record("s1", "甲芯片首批客户公布", importance=3, urls=["https://b.example/2"], kind="follow-up",
                   follows=(MON, "s1")),
            record("b2", "戊发布小工具", importance=1, sources=1, kind="brief"),
        ],
        tags=["AI", "AI 日报", "芯片", "政策"],
    )  # fmt: skip
    write_daily(
        tmp_path,
        FRI,
        [
            record("s1", "甲芯片开始出货", importance=2, urls=["https://a.example/1", "https://c.example/3"],
                   kind="follow-up", follows=(WED, "s1")),
            record("e3", "己模型登顶榜单", importance=3, sources=3),
        ],
        tags=["AI", "AI 日报", "芯片", "榜单"],
    )  # fmt: skip
    write_daily(tmp_path, date(2026, 11, 23), [record("n1", "下周的新闻", importance=5, sources=9)])
    return tmp_path


def test_thread_across_three_days_and_ranking(tmp_path: Path) -> None:
    reading = read_week(SiteLayout(thread_week(tmp_path)), W47)
    digest = build_weekly(W47, reading.posts, reading.earlier, top=4, skip_tags=("AI", "AI 日报"))
    assert [p.day for p in digest.posts] == [MON, WED, FRI]  # the next week's post is not read
    # importance first (s1: its best day, 4), then sources (e2, e3: 3 each), then days, then the earliest day
    assert [s.id for s in digest.top] == ["s1", "e2", "e3", "e1"]
    (thread,) = digest.threads
    assert thread.id == "s1" and thread.headline == "甲公司发布芯片"  # the most important day speaks for it
    assert [(a.day, a.record.headline) for a in thread.timeline] == [
        (MON, "甲公司发布芯片"),
        (WED, "甲芯片首批客户公布"),
        (FRI, "甲芯片开始出货"),
    ]
    assert (thread.importance, thread.sources, thread.week_days) == (4, 2, (MON, WED, FRI))
    assert thread.urls == ("https://a.example/1", "https://b.example/2", "https://c.example/3")
    assert len(digest.stories) == 6 and digest.items_read == 90
    assert digest.tags == ("芯片", "开源", "政策", "榜单")


def test_one_liners_rank_below_entries_whatever_their_sources(tmp_path: Path) -> None:
    reading = read_week(SiteLayout(thread_week(tmp_path)), W47)
    digest = build_weekly(W47, reading.posts, top=10)
    ranked = [s.id for s in digest.top]
    assert ranked[-2:] == ["b1", "b2"]  # b1 had six sources, but a one-liner's importance is 1
    assert {s.id: s.category for s in digest.stories}["b1"] == ""


def test_a_follow_up_with_an_id_of_its_own_joins_the_story_it_follows(tmp_path: Path) -> None:
    write_daily(tmp_path, MON, [record("s1", "首发", importance=4), record("x", "环 A", follows=(MON, "y"))])
    write_daily(tmp_path, TUE, [record("f2", "后续一", kind="follow-up", follows=(MON, "s1"))])
    write_daily(tmp_path, WED, [record("f3", "后续二", kind="follow-up", follows=(TUE, "f2"))])
    write_daily(tmp_path, THU, [record("y", "环 B", follows=(MON, "x"))])  # a loop of follows ends
    reading = read_week(SiteLayout(tmp_path), W47)
    digest = build_weekly(W47, reading.posts)
    assert [s.id for s in digest.threads] == ["s1", "x"]
    thread = digest.threads[0]
    assert [a.record.headline for a in thread.timeline] == ["首发", "后续一", "后续二"]
    assert len(digest.stories) == 2


def test_a_thread_that_began_the_week_before(tmp_path: Path) -> None:
    earlier = date(2026, 11, 12)
    write_daily(tmp_path, earlier, [record("x1", "上周：庚公司发布机器人", importance=4)])
    write_daily(tmp_path, date(2026, 11, 13), [record("zz", "上周的另一条")])
    write_daily(
        tmp_path,
        TUE,
        [record("x1", "庚机器人量产", kind="follow-up", follows=(earlier, "x1")), record("t1", "周二要闻")],
    )
    reading = read_week(SiteLayout(tmp_path), W47)
    assert [p.day for p in reading.earlier] == [earlier]  # only the day a follow-up points back to
    digest = build_weekly(W47, reading.posts, reading.earlier)
    (thread,) = digest.threads
    assert [(a.day, a.record.headline) for a in thread.timeline] == [
        (earlier, "上周：庚公司发布机器人"),
        (TUE, "庚机器人量产"),
    ]
    assert thread.importance == 3 and thread.week_days == (TUE,)  # the earlier post does not rank it


# --- the post -------------------------------------------------------------------------------------------------


def settings_for(docs: Path) -> Settings:
    return parse_settings(
        {"sources": [{"name": "A", "url": "https://a.example/feed"}], "paths": {"docs": str(docs)}}
    )


def weekly_post(docs: Path) -> tuple[Post, Settings, SiteLayout]:
    settings = settings_for(docs)
    layout = SiteLayout(docs)
    reading = read_week(layout, W47)
    digest = build_weekly(W47, reading.posts, reading.earlier)
    renderer = Renderer(settings.layout, settings.zone)
    return render_weekly(digest, settings, SiteInfo(), layout, renderer), settings, layout


HOSTILE = (
    "<script>alert(1)</script>[点我](javascript:alert(1)) ![x](https://evil.example/p.png) {: onclick=x }"
)


def test_every_text_is_escaped_and_every_link_is_ours(tmp_path: Path) -> None:
    authors = tmp_path / "blog" / ".authors.yml"
    authors.parent.mkdir(parents=True)
    authors.write_text("authors:\n  ainews:\n    name: AI 日报编辑部\n", encoding="utf-8")
    write_daily(
        tmp_path,
        MON,
        [
            record(
                "h1", HOSTILE, importance=5, urls=["javascript:alert(1)", "https://ok.example/a?x=1&y=<2>"]
            ),
            record("h2", "# 不是标题 | 表格 |", importance=4),
            record("h3", "普通新闻"),
            record("h4", "坏网址", importance=2, urls=["http://[::1"]),  # urlsplit refuses it: still shown
        ],
        title=f"AI 日报｜{HOSTILE}",
    )
    write_daily(tmp_path, TUE, [record("h1", "后续 <b>加粗</b>", kind="follow-up", follows=(MON, "h1"))])
    post, settings, layout = weekly_post(tmp_path)
    body = post.body
    assert len(re.findall(r"^# ", body, re.M)) == 1 and body.count("<!-- more -->") == 1
    html = lxml.html.fragment_fromstring(render_html(body, SiteInfo().markdown), create_parent="div")
    assert not html.xpath("//script|//b|//*[@onclick]") and HOSTILE in html.text_content()
    assert set(html.xpath("//img/@src")) == {"../../assets/covers/2026-W47.png"}
    links = set(html.xpath("//a/@href"))
    assert links == {
        "2026-11-16.md",
        "2026-11-17.md",
        "https://ok.example/a?x=1&y=%3C2%3E",
        "https://news.example/h1",  # the follow-up's article
        "https://news.example/h2",
        "https://news.example/h3",
        "http://%5B::1",
    }
    digest_links = set(post.front_matter["sources"])  # type: ignore[arg-type]
    assert digest_links == {
        "https://ok.example/a?x=1&y=%3C2%3E",
        "https://news.example/h1",  # the follow-up's article
        "https://news.example/h2",
        "https://news.example/h3",
        "http://%5B::1",
    }
    reading = read_week(layout, W47)
    digest = build_weekly(W47, reading.posts, reading.earlier)
    gate_weekly(
        post, digest, settings, SiteInfo(), layout
    )  # passes: links to our posts and the records' URLs
    for extra in ("[x](2026-11-18.md)", "[x](https://other.example/)", "[x](../../2026/11/16/)"):
        tampered = Post(post.day, post.front_matter, post.body + f"\n{extra}\n", post.markdown, b"")
        with pytest.raises(GateError, match="the weekly issue 2026-W47 failed the gate: the link"):
            gate_weekly(tampered, digest, settings, SiteInfo(), layout)


def test_front_matter_of_the_issue(tmp_path: Path) -> None:
    thread_week(tmp_path)
    settings = settings_for(tmp_path)
    layout = SiteLayout(tmp_path)
    reading = read_week(layout, W47)
    digest = build_weekly(W47, reading.posts, skip_tags=("AI", "AI 日报"))
    meta = weekly_front_matter(digest, settings, layout)
    assert meta["title"] == "每周回顾｜2026 年第 47 周（11.16–11.22）"
    assert meta["date"] == datetime(2026, 11, 22, 8, 1, tzinfo=ZONE)  # right after the week's last daily post
    assert meta["slug"] == "ai-weekly-2026-w47" and meta["categories"] == ["每周回顾"]
    assert meta["tags"] == ["AI", "每周回顾", "芯片", "开源", "政策", "榜单"]
    assert meta["image"] == "assets/covers/2026-W47.png" and meta["week"] == "2026-W47"
    assert meta["days"] == ["2026-11-16", "2026-11-18", "2026-11-20"]
    assert meta["stories_kept"] == 6 and meta["items_read"] == 90 and meta["editor"] == "offline"
    assert str(meta["description"]).startswith("2026 年第 47 周 AI 要闻回顾：甲公司发布芯片；")
    assert len(str(meta["description"])) <= 160
    # what dump_front_matter writes reads back as the same values (the date with its offset)
    post, _, _ = weekly_post(tmp_path)
    assert frontmatter.loads(post.markdown).metadata["date"] == meta["date"]


def test_the_weekly_template_is_not_a_layout() -> None:
    assert not [name for name in LAYOUTS if "weekly" in name]
    with pytest.raises(ConfigError, match="does not exist"):
        Renderer("_weekly", ZONE)


# --- settings and the other readers of the posts folder -------------------------------------------------------


@pytest.mark.parametrize(
    ("weekly", "message"),
    [
        ({"slug_prefix": "AI Weekly"}, "'weekly.slug_prefix': must be lowercase ASCII"),
        ({"top": 0}, "'weekly.top'"),
        ({"min_days": 0}, "'weekly.min_days'"),
        ({"colour": "red"}, "unknown key 'weekly.colour'"),
    ],
)
def test_weekly_settings_are_validated(weekly: dict[str, object], message: str) -> None:
    with pytest.raises(ConfigError, match=re.escape(message)):
        parse_settings({"sources": [{"name": "A", "url": "https://a.example/f"}], "weekly": weekly})


def test_the_shipped_config_has_the_weekly_defaults() -> None:
    data = yaml.safe_load(
        (Path(__file__).parents[1] / "generator" / "config.yml").read_text(encoding="utf-8")
    )
    shipped = parse_settings(data).weekly
    assert shipped == Settings.model_fields["weekly"].default


def test_post_day_and_tag_history_know_weekly_issues(tmp_path: Path) -> None:
    layout = SiteLayout(tmp_path)
    assert layout.post_day(Path("2026-11-16.md")) == MON
    assert layout.post_day(Path("2026-W47.md")) == SUN
    assert layout.post_day(Path("2025-W53.md")) is None and layout.post_day(Path("hello.md")) is None
    write_daily(tmp_path, SAT, [record("a", "周六")], tags=["周六"])
    write_daily(tmp_path, SUN, [record("b", "周日")], tags=["周日"])
    weekly = layout.weekly_file("2026-W47")
    weekly.write_text("---\ntitle: 周刊\ntags: [周刊]\n---\n\n# 周刊\n", encoding="utf-8")
    (layout.posts_folder() / "hello.md").write_text("---\ntags: [手写]\n---\n# hi\n", encoding="utf-8")
    assert post_tag_lists(layout, SUN) == [["周六"]]
    assert post_tag_lists(layout, date(2026, 11, 23)) == [["周六"], ["周日"], ["周刊"]]
