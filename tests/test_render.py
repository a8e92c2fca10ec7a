from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import builders
import lxml.html
import pytest
import yaml

from generator.config import parse_settings
from generator.errors import ConfigError
from generator.models import Article, Brief, Digest, Entry, FeedItem, FigureChange, FollowUp, Story, Theme
from generator.post.front_matter import build_front_matter, dump_front_matter, story_records
from generator.post.render import Renderer, emphasize, escape_md, paragraphs
from generator.post.sections import sections
from generator.post.threads import follow_up_sentence
from generator.site.publish import render_html
from generator.urls import safe_url

HOSTILE = [
    "<img src=x onerror=alert(1)>",
    "[x](javascript:alert(1))",
    "![p](https://evil.example/p.png)",
    "<script>alert(1)</script>",
    "<https://evil.example/auto>",
    '{: onclick="alert(1)" }',
    "`code` *bold* _it_ # h | t |",
]


def story(title: str, url: str, source: str = "源") -> Story:
    return builders.story(builders.article(title, id=url[-8:], source=source, url=url, extracted=False))


def digest(texts: list[str]) -> Digest:
    entries = tuple(
        Entry(
            story=story(t, f"https://example.com/{n}", source=t),
            headline=t,
            summary=t,
            category=t,
            insights=(t,),
            impacts=(t,),
        )
        for n, t in enumerate(texts)
    )
    briefs = (Brief(story(texts[0], "https://example.com/brief", source=texts[0]), texts[0]),)
    return Digest(
        day=date(2026, 11, 16),
        title=texts[0],
        summary=tuple(texts),
        entries=entries,
        briefs=briefs,
        tags=("AI",),
        keywords=("AI",),
        description="d",
        editor="offline",
        items_read=9,
    )


def built(body: str) -> lxml.html.HtmlElement:
    return lxml.html.fragment_fromstring(render_html(body), create_parent="div")


def test_hostile_text_never_becomes_html_or_links() -> None:
    body = Renderer("insight", ZoneInfo("Asia/Shanghai")).render_body(
        digest(HOSTILE), cover="../../assets/covers/x.png"
    )
    tree = built(body)
    assert not tree.xpath("//script") and not tree.xpath("//*[@onerror or @onclick]")
    hrefs = set(tree.xpath("//a/@href"))
    assert hrefs == {
        "https://example.com/0",
        "https://example.com/1",
        "https://example.com/2",
        "https://example.com/3",
        "https://example.com/4",
        "https://example.com/5",
        "https://example.com/6",
        "https://example.com/brief",
    }
    assert tree.xpath("//img/@src") == ["../../assets/covers/x.png"]
    text = tree.text_content()
    for hostile in HOSTILE:  # every hostile string survives as visible text
        assert hostile.strip() in text


@pytest.mark.parametrize("text", HOSTILE)
def test_escape_md_round_trips_as_text(text: str) -> None:
    tree = built(f"para {escape_md(text)} end")
    assert tree.text_content().strip() == f"para {text} end"
    assert not tree.xpath("//a|//img|//script|//code|//em|//strong")


def test_safe_url() -> None:
    assert safe_url("javascript:alert(1)") is None
    assert safe_url("data:text/html,x") is None
    assert safe_url("https://example.com/a b)c") == "https://example.com/a%20b%29c"
    # what Markdown would keep as a character reference (its ENTITY_RE): "&amp;", "&#9;", and "&0;" too
    assert safe_url("https://example.com/?a=1&amp;b=2") == "https://example.com/?a=1%26amp;b=2"
    assert safe_url("https://example.com/0/&0;") == "https://example.com/0/%260;"
    assert safe_url("https://example.com/?a=1&b=2") == "https://example.com/?a=1&b=2"


def test_unknown_layout_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="layout 'nope' does not exist"):
        Renderer("nope", UTC)


def test_front_matter_order_and_types() -> None:
    meta = build_front_matter(
        digest(["标题"]),
        published=datetime(2026, 11, 16, 8, tzinfo=ZoneInfo("America/New_York")),
        slug="ai-daily-2026-11-16",
        author="ainews",
        category="AI 日报",
        layout="insight",
        cover="assets/covers/2026-11-16.png",
    )
    text = dump_front_matter(meta)
    assert text.startswith("---\ntitle: 标题\ndate: 2026-11-16 08:00:00-05:00\nslug: ai-daily-2026-11-16\n")
    assert yaml.safe_load(text.split("---")[1])["date"] == datetime(2026, 11, 16, 13, tzinfo=UTC)
    assert "sources:\n- https://example.com/0\n- https://example.com/brief\n" in text
    assert meta["stories_kept"] == 2 and meta["items_read"] == 9


def test_front_matter_records_follow_ups_and_old_news() -> None:
    """A follow-up's record keeps the story's identity and says which post it follows and since when (read back
    by generator.site.publish.recent_story_records); `skipped_old` counts the old stories left out."""
    base = digest(["标题"])
    follow_up = FollowUp(
        story=Story(
            story("星织2下载量突破100万次", "https://example.com/f1", "源甲").articles
            + story("StarWeave-2 tops 1 million downloads", "https://example.com/f2", "Source B").articles
        ),
        headline="星织2下载量突破100万次",
        thread="thread01",
        earlier=date(2026, 11, 15),
        earlier_headline="前文",
        earlier_link="2026-11-15.md",
        since=date(2026, 11, 14),
        importance=5,
        category="模型与研究",
    )
    meta = build_front_matter(
        replace(base, follow_ups=(follow_up,), skipped_old=2),
        published=datetime(2026, 11, 16, 8, tzinfo=UTC),
        slug="s",
        author="a",
        category="AI 日报",
        layout="insight",
        cover="c.png",
    )
    text = dump_front_matter(meta)
    assert "&id" not in text and "*id" not in text  # one date twice is written twice, never as an alias
    loaded = yaml.safe_load(text.split("---")[1])
    assert loaded["skipped_old"] == 2 and loaded["stories_kept"] == 2  # follow-ups are not "kept" stories
    assert loaded["sources"][-2:] == [
        "https://example.com/f1",
        "https://example.com/f2",
    ]  # the memory has them
    assert "stories" not in loaded  # the records are written beside the post (Post.records)
    entry, _brief, record = story_records(replace(base, follow_ups=(follow_up,), skipped_old=2))
    assert entry["kind"] == "entry" and entry["source_names"] == ["标题"] and entry["sources"] == 1
    assert record == {
        "id": "thread01",
        "headline": "星织2下载量突破100万次",
        "titles": ["星织2下载量突破100万次", "StarWeave-2 tops 1 million downloads"],
        "urls": ["https://example.com/f1", "https://example.com/f2"],
        "sources": 2,
        "source_names": ["源甲", "Source B"],
        "importance": 5,
        "category": "模型与研究",
        "kind": "follow-up",
        "anchor": "s-thread01",
        "follows": {"date": date(2026, 11, 15), "id": "thread01"},
        "since": date(2026, 11, 14),
        "url_sources": ["源甲", "Source B"],  # the source of each URL: the weekly issue labels links with it
        "tags": [],  # none in this digest (post.tag_digest fills Digest.story_tags)
        "names": [],
    }


def test_front_matter_tags_and_keywords_carry_no_markup() -> None:
    base = digest(["标题"])
    meta = build_front_matter(
        replace(base, tags=("AI", "<b>x</b>", "AT&T", "AI"), keywords=("'k'", "")),
        published=datetime(2026, 11, 16, tzinfo=UTC),
        slug="s",
        author="a",
        category="AI 日报",
        layout="insight",
        cover="c.png",
    )
    # the category is one of the tags: the feeds list the tags as categories
    assert meta["tags"] == ["AI", "＜b＞x＜/b＞", "AT＆T", "AI 日报"] and meta["keywords"] == ["＇k＇"]


def test_emphasize_bolds_key_terms_and_escapes_the_rest() -> None:
    text = emphasize(
        "Aurora-3 与 [x](javascript:alert(1)) 和 算力券 AI", ["算力券", "Aurora-3", "AI", "模型"], skip=["AI"]
    )
    assert text.startswith("**Aurora\\-3** 与 \\[x\\]") and "**算力券** AI" in text
    tree = built(text)
    assert [b.text for b in tree.xpath("//strong")] == ["Aurora-3", "算力券"] and not tree.xpath("//a")
    assert tree.text_content() == "Aurora-3 与 [x](javascript:alert(1)) 和 算力券 AI"


def test_paragraphs_spread_lines_as_sentences() -> None:
    assert paragraphs(["一", "二。", "three", "四"], 3) == ["一。二。", "three。四。"]
    assert paragraphs([], 3) == [] and paragraphs(["a"], 3) == ["a。"]


def test_insight_briefs_show_source_and_time() -> None:
    body = Renderer("insight", ZoneInfo("Asia/Shanghai")).render_body(digest(["简讯"]), cover="c.png")
    # the sources and time in an element the search index leaves out: the headline is found, not its sources
    line = "- 简讯<span data-search-exclude>（[简讯](https://example.com/brief) · 11\\-15 20:00）</span>"
    assert line in body


# --- times: as precisely as the feeds said ---------------------------------------------------------------------

SHANGHAI = ZoneInfo("Asia/Shanghai")


def dated_story(*items: tuple[datetime, str]) -> Story:
    """One article per (published, kind): kind "time" (a full timestamp), "date" (date only), "none" (undated)."""
    return Story(
        tuple(
            Article(
                FeedItem(
                    id=f"t{k}",
                    source=f"源{k}",
                    title="t",
                    url=f"https://example.com/t{k}",
                    published=published,
                    dated=kind != "none",
                    date_only=kind == "date",
                ),
                "正文",
            )
            for k, (published, kind) in enumerate(items)
        )
    )


T = datetime(2026, 11, 15, 2, 30, tzinfo=UTC)  # 10:30 in Shanghai
DAY_ONLY = datetime(2026, 11, 14, tzinfo=UTC)  # a feed's "2026-11-14"


@pytest.mark.parametrize(
    ("items", "expected"),
    [
        ([(T, "time")], datetime(2026, 11, 15, 10, 30, tzinfo=SHANGHAI)),
        ([(DAY_ONLY, "date")], date(2026, 11, 14)),  # never "11-14 08:00"
        (
            [(datetime(2026, 4, 30, tzinfo=ZoneInfo("Asia/Tokyo")), "date")],
            date(2026, 4, 30),
        ),  # the feed's day
        ([(T, "none")], None),  # when it was first seen is no publication time
        (
            [(DAY_ONLY, "none"), (T, "time")],
            datetime(2026, 11, 15, 10, 30, tzinfo=SHANGHAI),
        ),  # undated: ignored
        ([(T, "time"), (DAY_ONLY, "date")], date(2026, 11, 14)),  # a day before the timed article: earlier
        (
            [(T, "time"), (datetime(2026, 11, 15, tzinfo=UTC), "date")],
            datetime(2026, 11, 15, 10, 30, tzinfo=SHANGHAI),
        ),
        ([(T, "none"), (DAY_ONLY, "date")], date(2026, 11, 14)),
    ],
)
def test_story_time_keeps_the_feeds_precision(items: list, expected: object) -> None:
    shown = dated_story(*items).time_shown(SHANGHAI)
    assert shown == expected and type(shown) is type(expected)


@pytest.mark.parametrize(
    ("items", "short", "long"),
    [
        ([(T, "time")], " · 11\\-15 10:30）", "**时间**：2026\\-11\\-15 10:30"),
        ([(DAY_ONLY, "date")], " · 11\\-14）", "**时间**：2026\\-11\\-14\n"),
        ([(T, "none")], "）", None),
    ],
)
def test_every_layout_shows_times_only_as_known(items: list, short: str, long: str | None) -> None:
    base = digest(["甲", "乙"])
    dated = dated_story(*items)
    entry = replace(base.entries[0], story=dated)
    one = replace(base, entries=(entry,), briefs=(Brief(dated, "简讯"),))
    for layout in ("insight", "briefing", "dispatch", "tracker"):
        options = parse_settings({"sources": [{"name": "s", "url": "https://e.example/f"}]}).layouts.of(
            layout
        )
        body = Renderer(layout, SHANGHAI).render_body(one, cover="c.png", options=options)
        assert f"[源0](https://example.com/t0){short}" in body, layout  # the brief's sources line
        assert "08:00" not in body and "00:00" not in body
        if layout == "tracker":
            assert (long in body) if long else ("**时间**" not in body)


# --- follow-ups a reader notices (issue 19 §4) ---------------------------------------------------------------


def follow_up(**changes: object) -> FollowUp:
    values: dict[str, object] = {
        "story": story("星织2下载量突破100万次", "https://example.com/f1"),
        "headline": "星织2下载量突破100万次",
        "thread": "thread01",
        "earlier": date(2026, 11, 17),
        "earlier_headline": "星织2开源首日下载量破50万",
        "earlier_link": "2026-11-17.md",
        "since": date(2026, 11, 16),
        **changes,
    }
    return FollowUp(**values)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("changes", "sentence"),
    [
        (
            {
                "changes": (FigureChange("100万", "下载量", "50万", date(2026, 11, 17), rise=True),),
                "new_sources": ("源甲", "Source B"),
            },
            "11月17日报道以来的新进展：下载量由50万升至100万，源甲、Source B跟进报道。",
        ),
        (  # the earlier figure is from an older post than the one continued: its day is said
            {"changes": (FigureChange("30万", "下载量", "50万", date(2026, 11, 16), rise=False),)},
            "11月17日报道以来的新进展：下载量由11月16日报道的50万降至30万。",
        ),
        (
            {"changes": (FigureChange("50万", "下载量"),), "new_names": ("星枢",)},
            "11月17日报道以来的新进展：新披露下载量50万，首次提及星枢。",
        ),
        (  # a measure in another language is not shown
            {"changes": (FigureChange("500,000", "downloads"),)},
            "11月17日报道以来的新进展：新披露数字500,000。",
        ),
        ({"news": "模型写的一句话。"}, "模型写的一句话。"),
    ],
)
def test_follow_up_sentence(changes: dict[str, object], sentence: str) -> None:
    assert follow_up_sentence(follow_up(**changes)) == sentence


def test_follow_ups_are_placed_among_the_entries_by_importance() -> None:
    entries = (
        Entry(story("甲", "https://example.com/a"), "甲", "摘要。", "模型与研究", importance=5),
        Entry(story("乙", "https://example.com/b"), "乙", "摘要。", "模型与研究", importance=2),
        Entry(story("丙", "https://example.com/c"), "丙", "摘要。", "资本与商业", importance=4),
    )
    later = follow_up(importance=4, category="模型与研究")
    orphan = follow_up(thread="thread02", importance=1, category="")
    base = replace(digest(["x"]), briefs=())
    day = replace(base, entries=entries, follow_ups=(later, orphan), categories=("模型与研究", "资本与商业"))
    placed = [(s.heading, [getattr(i, "headline", "") for i in s.items]) for s in sections(day)]
    assert placed == [
        ("模型与研究", ["甲", "星织2下载量突破100万次", "乙"]),
        ("资本与商业", ["丙"]),
        ("后续跟踪", ["星织2下载量突破100万次"]),  # a follow-up without a category: its own section, last
    ]
    themed = replace(day, themes=(Theme("开源生态", "下载破百万", ("thread01", entries[2].story.id)),))
    assert [(s.heading, s.subtitle, len(s.items)) for s in sections(themed)][0] == (
        "开源生态",
        "下载破百万",
        2,
    )
