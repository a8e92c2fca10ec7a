"""The reader feeds and the per-day stories.json (issue 21 §3-4, generator.syndication), written from a
hand-made docs/ tree of three fictional days into a site folder, without a site build: every feed validates (RSS
2.0 rules, JSON Feed 1.1's schema), each carries what the 订阅 page says, a follow-up links its earlier story, a
correction keeps every guid and moves the update time, untrusted text stays text, and a second run changes
nothing. The built site, Chromium and a real correction round-trip: tests/test_reader_feeds_site.py."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

import pytest
import yaml
from feed_checks import check_json_feed, check_rss, check_stories, safe_html
from weekly_posts import ZONE, record, write_daily

from generator.post.front_matter import dump_front_matter
from generator.site import load_site, read_catalogue, render_subscribe_page
from generator.site.posts import split_front_matter
from generator.site.subscribe import build_catalogue, feed_slug
from generator.syndication import KUAIXUN_LINES, mail_html, write_reader_feeds

ROOT = Path(__file__).resolve().parents[1]
SITE_URL = "https://fictional-owner.example/daily/"
LOGO = SITE_URL + "assets/logo.png"
CATEGORIES = ("模型与研究", "算力与芯片", "资本与商业")
DAYS = (date(2031, 3, 4), date(2031, 3, 5), date(2031, 3, 6))
HOSTILE = 'Quillon发布<script>alert("x")</script>新模型'


def story(story_id: str, headline: str, **extra: object) -> dict[str, object]:
    """A record with what generate writes today: anchor, summary, tags, each URL's source."""
    data = record(
        story_id,
        headline,
        **{k: v for k, v in extra.items() if k in ("category", "importance", "kind", "follows")},
    )
    data.update(
        anchor=f"s-{story_id}",
        summary=f"{headline}。",
        tags=list(extra.get("tags", ["Zephyr Labs"])),
        url_sources=[str(extra.get("source", "晨星科技报"))],
    )
    return data


@pytest.fixture
def docs(tmp_path: Path) -> Path:
    docs = tmp_path / "docs"
    write_daily(
        docs,
        DAYS[0],
        [story("a1", "Zephyr Labs发布Tern-4模型", tags=["Zephyr Labs", "Tern-4"], importance=5)],
    )
    write_daily(
        docs,
        DAYS[1],
        [
            story(
                "b1", "星河智算投产新数据中心", category="算力与芯片", tags=["星河智算"], source="R&D 周刊"
            ),
            story("b2", HOSTILE, tags=["Quillon"], importance=2),
        ],
    )
    many = [
        story(f"c{n:02d}", f"第{n}条新闻", importance=1 + n % 5, category="资本与商业", tags=["zephyr labs"])
        for n in range(12)
    ]
    many.append(story("a1", "Tern-4开放下载", kind="follow-up", follows=(DAYS[0], "a1"), tags=["Tern-4"]))
    write_daily(docs, DAYS[2], many)
    page = render_subscribe_page("", CATEGORIES, ["Zephyr Labs", "星河智算"])
    (docs / "subscribe.md").write_text(page, encoding="utf-8")
    return docs


@pytest.fixture
def site_dir(docs: Path, tmp_path: Path) -> Path:
    """The built site as far as the feeds need it: the covers, and one post page (for the full-content feed)."""
    site = tmp_path / "site"
    for cover in (docs / "assets" / "covers").iterdir():
        (site / "assets" / "covers").mkdir(parents=True, exist_ok=True)
        (site / "assets" / "covers" / cover.name).write_bytes(cover.read_bytes())
    for day in DAYS[:2]:
        page = site / f"{day:%Y/%m/%d}" / f"ai-daily-{day.isoformat()}" / "index.html"
        page.parent.mkdir(parents=True)
        page.write_text(
            f'<html><body><article class="md-content__inner"><h1>{day}</h1></article></body></html>'
        )
    page = site / "2031" / "03" / "06" / "ai-daily-2031-03-06" / "index.html"
    page.parent.mkdir(parents=True)
    page.write_text(
        '<html><body><article class="md-content__inner md-typeset"><nav class="md-tags"><a href="../t/">AI</a></nav>'
        '<h1 id="t">今日<a class="headerlink" href="#t">¶</a></h1><p onclick="steal()">正文'
        '<a href="../../05/ai-daily-2031-03-05/#s-b1">前文</a><script>alert(1)</script></p>'
        '<img src="../../../../assets/covers/2031-03-06.png"><h3 id="s-c00">第0条<a class="report-link" '
        'href="https://github.com/x/y/issues/new">报错</a></h3></article></body></html>',
        encoding="utf-8",
    )
    return site


def site_info():
    return load_site(ROOT / "mkdocs.yml").model_copy(update={"url": SITE_URL})


def written(site_dir: Path, name: str) -> bytes:
    return (site_dir / name).read_bytes()


def run(docs: Path, site_dir: Path):
    return write_reader_feeds(docs, site_dir, site_info(), LOGO)


def test_every_feed_validates_and_carries_what_the_subscribe_page_says(docs: Path, site_dir: Path) -> None:
    report = run(docs, site_dir)
    assert report.warnings == ()
    catalogue = read_catalogue(split_front_matter((docs / "subscribe.md").read_text(encoding="utf-8"))[0])
    specs = {spec.kind + ":" + spec.name: spec for spec in catalogue.feeds()}
    assert set(specs) == {
        "kuaixun:",
        "full:",
        *(f"category:{c}" for c in CATEGORIES),
        "tag:Zephyr Labs",
        "tag:星河智算",
    }
    feeds = {}
    for key, spec in specs.items():
        rss = check_rss(written(site_dir, spec.path("xml")), SITE_URL + spec.path("xml"))
        json_items = check_json_feed(written(site_dir, spec.path("json")), SITE_URL + spec.path("json"))
        assert [(i.guid, i.title) for i in rss] == [(i.guid, i.title) for i in json_items], key
        feeds[key] = json_items
    post = f"{SITE_URL}2031/03/06/ai-daily-2031-03-06/"
    # a category: its stories only, newest first; a tag: whatever its case ("zephyr labs")
    assert [i.title for i in feeds["category:算力与芯片"]] == ["星河智算投产新数据中心"]
    assert feeds["category:资本与商业"][0].guid == f"{post}#s-c00"
    tagged = [i.guid.rsplit("#", 1)[1] for i in feeds["tag:Zephyr Labs"]]
    assert tagged == [f"s-c{n:02d}" for n in range(12)] + ["s-a1"]
    # 快讯: one entry a day, its most important headlines, KUAIXUN_LINES at most, each to the story's place
    (latest, *_) = feeds["kuaixun:"]
    assert latest.guid == post and latest.html.count("<li>") == KUAIXUN_LINES
    assert f'href="{post}#s-c04"' in latest.html  # importance 5 first
    # 全文: the whole page for mail: absolute links and images, no furniture, no script, no handler
    full = check_rss(written(site_dir, "feeds/full.xml"))[0].full
    assert f'href="{SITE_URL}2031/03/05/ai-daily-2031-03-05/#s-b1"' in full
    assert f'src="{SITE_URL}assets/covers/2031-03-06.png"' in full
    assert "headerlink" not in full and "报错" not in full and "md-tags" not in full and "alert" not in full
    assert 'style="max-width:100%;height:auto;"' in full


def test_stories_json_beside_each_post_follows_its_schema_and_threads(docs: Path, site_dir: Path) -> None:
    run(docs, site_dir)
    for day in DAYS:
        path = f"{day:%Y/%m/%d}/ai-daily-{day.isoformat()}/stories.json"
        data = check_stories(written(site_dir, path))
        assert data["url"] == f"{SITE_URL}{day:%Y/%m/%d}/ai-daily-{day.isoformat()}/"
        assert data["$schema"] == SITE_URL + "schemas/stories-1.schema.json"
    latest = check_stories(written(site_dir, "2031/03/06/ai-daily-2031-03-06/stories.json"))
    (follow_up,) = [s for s in latest["stories"] if s["kind"] == "follow-up"]
    assert follow_up["thread"]["follows"] == {
        "date": "2031-03-04",
        "id": "a1",
        "url": f"{SITE_URL}2031/03/04/ai-daily-2031-03-04/#s-a1",
    }
    middle = check_stories(written(site_dir, "2031/03/05/ai-daily-2031-03-05/stories.json"))
    assert middle["stories"][0]["sources"] == [{"name": "R&D 周刊", "url": "https://news.example/b1"}]
    # each JSON Feed item lists its day's file, with its real size
    for item in check_json_feed(written(site_dir, "feeds/kuaixun.json")):
        (attachment,) = item.attachments
        assert attachment == item.guid + "stories.json"


def test_a_second_run_changes_nothing(docs: Path, site_dir: Path) -> None:
    assert run(docs, site_dir).changed
    before = {p: p.read_bytes() for p in site_dir.rglob("*") if p.is_file()}
    again = run(docs, site_dir)
    assert again.changed == () and again.feeds == 2 * 7 and again.feed_bytes > 0
    assert {p: p.read_bytes() for p in site_dir.rglob("*") if p.is_file()} == before


def test_a_correction_keeps_every_guid_and_moves_the_update_time(docs: Path, site_dir: Path) -> None:
    run(docs, site_dir)
    names = [p.relative_to(site_dir).as_posix() for p in sorted((site_dir / "feeds").rglob("*.*"))]
    before = {n: _guids(site_dir, n) for n in names}
    post = docs / "blog" / "posts" / f"{DAYS[1].isoformat()}.md"
    meta, body = split_front_matter(post.read_text(encoding="utf-8"))
    corrected = datetime(2031, 3, 8, 9, 30, tzinfo=ZONE)
    meta["updated"] = corrected
    meta["corrections"] = [
        {
            "date": corrected,
            "story": "s-b1",
            "headline": "星河智算投产新数据中心",
            "text": "机房位于北岸，此前误写为南岸。",
        }
    ]
    post.write_text(dump_front_matter(meta) + body, encoding="utf-8")
    run(docs, site_dir)
    assert {n: _guids(site_dir, n) for n in names} == before
    (item,) = check_json_feed(written(site_dir, "feeds/category/suan-li-yu-xin-pian.json"))
    assert item.updated == corrected and item.published == datetime(2031, 3, 5, 8, tzinfo=ZONE)
    assert "更正 · 2031-03-08" in item.html and "此前误写为南岸" in item.html
    data = check_stories(written(site_dir, "2031/03/05/ai-daily-2031-03-05/stories.json"))
    assert data["updated"] == corrected.isoformat()
    assert data["stories"][0]["corrections"] == [
        {"date": corrected.isoformat(), "text": "机房位于北岸，此前误写为南岸。"}
    ]
    assert data["stories"][1]["corrections"] == []


def _guids(site_dir: Path, name: str) -> list[str]:
    data = written(site_dir, name)
    items = check_rss(data) if name.endswith(".xml") else check_json_feed(data)
    return [(i.guid, i.link) for i in items]


def test_untrusted_text_stays_text(docs: Path, site_dir: Path) -> None:
    run(docs, site_dir)
    raw = written(site_dir, "feeds/kuaixun.json").decode("utf-8")
    items = check_json_feed(raw.encode("utf-8"))
    day = next(i for i in items if i.guid.endswith("2031-03-05/"))
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in day.html and not safe_html(day.html)
    rss = check_rss(written(site_dir, "feeds/kuaixun.xml"))
    assert any("&lt;script&gt;" in i.html for i in rss)
    data = check_stories(written(site_dir, "2031/03/05/ai-daily-2031-03-05/stories.json"))
    assert data["stories"][1]["headline"] == HOSTILE  # JSON text, for tools: never HTML


def test_the_plugins_json_feeds_list_each_days_data(docs: Path, site_dir: Path) -> None:
    """mkdocs-rss-plugin's JSON feeds get the day's stories.json as an attachment of the post's item."""
    post = f"{SITE_URL}2031/03/06/ai-daily-2031-03-06/"
    feed = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": "AI 日报",
        "items": [
            {
                "id": post,
                "url": post,
                "title": "t",
                "content_html": "x",
                "date_published": "2031-03-06T08:00:00+08:00",
            }
        ],
    }
    (site_dir / "feed_json_created.json").write_text(json.dumps(feed), encoding="utf-8")
    run(docs, site_dir)
    (item,) = check_json_feed(written(site_dir, "feed_json_created.json"))
    assert item.attachments == (post + "stories.json",)


def test_without_a_site_url_or_a_subscribe_page_it_says_so(docs: Path, site_dir: Path) -> None:
    nothing = write_reader_feeds(docs, site_dir, site_info().model_copy(update={"url": ""}), LOGO)
    assert nothing.warnings == ("no site_url: the reader feeds and stories.json are not written",)
    assert not (site_dir / "feeds").exists()
    (docs / "subscribe.md").write_text("---\nfeeds: [unclosed\n---\n", encoding="utf-8")
    (warning,) = run(docs, site_dir).warnings
    assert warning.startswith("subscribe.md cannot be read (") and warning.endswith(
        "): no category or tag feeds"
    )
    (docs / "subscribe.md").unlink()
    report = run(docs, site_dir)
    assert report.warnings == (
        "subscribe.md is missing: no category or tag feeds (run generate to write it)",
    )
    assert sorted(p.name for p in (site_dir / "feeds").iterdir()) == [
        "full.json",
        "full.xml",
        "kuaixun.json",
        "kuaixun.xml",
    ]


def test_feed_addresses_never_change_and_tags_that_leave_the_top_keep_theirs() -> None:
    first = render_subscribe_page("", CATEGORIES, ["星织2", "Zephyr Labs"])
    second = render_subscribe_page(first, CATEGORIES, ["Nimbus", "星织2"])
    catalogue = read_catalogue(yaml.safe_load(second.split("---\n")[1]))
    assert [(s.name, s.slug) for s in catalogue.tags] == [("Nimbus", "nimbus"), ("星织2", "xing-zhi-2")]
    assert [(s.name, s.slug) for s in catalogue.earlier] == [("Zephyr Labs", "zephyr-labs")]
    assert "曾经的热门标签" in second and "../feeds/tag/zephyr-labs.xml" in second
    # back in the top list: the same address; a new name spelled like a listed one gets its own
    third = build_catalogue(catalogue, CATEGORIES, ["Zephyr Labs", "星知2"])
    assert ("Zephyr Labs", "zephyr-labs") in [(s.name, s.slug) for s in third.tags]
    assert [s.slug for s in third.tags if s.name == "星知2"] == [feed_slug("星知2", {"xing-zhi-2"})]
    assert feed_slug("星知2", {"xing-zhi-2"}).startswith("xing-zhi-2-")


def test_a_page_without_an_article_gives_no_mail_content(tmp_path: Path) -> None:
    page = tmp_path / "index.html"
    page.write_text("<html><body><p>no article</p></body></html>", encoding="utf-8")
    assert mail_html(page, SITE_URL) is None
