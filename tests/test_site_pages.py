"""The pages `generate` writes beside the post (generator/site/pages.py, generator/site/tagpage.py): the sources' OPML
file, the 信源状态 page and the tags page's descriptions, as the sample day's run wrote them and `mkdocs build
--strict` built them; and each with hostile input.

OPML 2.0: opml.org/spec2.opml (`<opml version="2.0">`, `<head>`, `<body>`; a feed is an outline with
type="rss", text and xmlUrl).
"""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import lxml.html
import material
import pytest
from conftest import SampleRun
from lxml import etree
from site_checks import STRICT_XML

from generator.config import SourceSettings, parse_settings
from generator.feeds import parse_feed
from generator.lang import load_vocabulary
from generator.models import FeedSource
from generator.post import SOURCE_WARNING_FALLBACK
from generator.post.tags import tag_key
from generator.samples import sample_sources
from generator.site.layout import SiteLayout, load_site
from generator.site.pages import reason_words, render_archive_page, render_opml, render_status_page
from generator.site.posts import PostRecord, split_front_matter
from generator.site.publish import render_html
from generator.site.tagpage import (
    TagRecord,
    describe,
    frequent_tags,
    is_entity_tag,
    plain_tag_keys,
    tag_notes,
)

ROOT = Path(__file__).resolve().parents[1]
SHANGHAI = ZoneInfo("Asia/Shanghai")


def page(site: Path, relative: str) -> lxml.html.HtmlElement:
    return lxml.html.fromstring((site / relative).read_bytes())


def content(site: Path, relative: str) -> lxml.html.HtmlElement:
    (article,) = page(site, relative).xpath('//article[contains(@class, "md-content__inner")]')
    return article


# --- OPML --------------------------------------------------------------------------------------------------------


def test_the_opml_file_lists_the_sources_in_their_regions(sample_site: SampleRun) -> None:
    served = sample_site.site / "sources.opml"
    root = etree.fromstring(served.read_bytes(), STRICT_XML)
    assert served.read_bytes() == (sample_site.root / "src" / "docs" / "sources.opml").read_bytes()
    assert (
        root.tag == "opml" and root.get("version") == "2.0" and root.findtext("head/title") == "AI 日报的信源"
    )
    folders = {f.get("text"): f for f in root.find("body")}
    assert list(folders) == ["国内", "国际"]
    listed = {
        region: [(o.get("type"), o.get("text"), o.get("xmlUrl"), o.get("language")) for o in folder]
        for region, folder in folders.items()
    }
    expected = {"国内": [], "国际": []}
    (summary_file,) = (sample_site.root / "cache" / "runs").glob("2026-11-16-*.json")
    failed = {
        r["name"]
        for r in json.loads(summary_file.read_text(encoding="utf-8"))["sources"]
        if r["status"] == "failed"
    }
    assert len(failed) == 2  # the sample day's broken.xml and missing.xml
    for source in sample_sources(sample_site.base_url):
        if (
            source["name"] in failed
        ):  # on the loopback server and not read: no reader could subscribe (issue 18)
            continue
        region = "国内" if source["region"] == "cn" else "国际"
        expected[region].append(("rss", source["name"], source["url"], source["language"]))
    assert listed == expected


def test_opml_lists_a_local_feed_only_when_this_run_read_it_and_a_link_local_one_never() -> None:
    sources = [
        SourceSettings(name="public", url="https://a.example/feed.xml", region="global"),
        SourceSettings(name="read", url="http://127.0.0.1:8000/feed.xml", region="global"),
        SourceSettings(name="unread", url="http://localhost:8000/feed.xml", region="global"),
        SourceSettings(name="intranet", url="http://news.corp/feed.xml", region="global"),
        SourceSettings(name="metadata", url="http://169.254.169.254/feed.xml", region="global"),
    ]
    root = etree.fromstring(render_opml(sources, "站点", fetched={"read", "metadata"}), STRICT_XML)
    assert [o.get("text") for o in root.iter("outline") if o.get("type") == "rss"] == ["public", "read"]


def test_opml_leaves_out_disabled_sources_and_escapes_names() -> None:
    sources = [
        SourceSettings(
            name='A <b>&"c"', url="https://a.example/feed?x=1&y=2", region="global", language="en"
        ),
        SourceSettings(name="停用", url="https://b.example/feed", region="cn", enabled=False),
    ]
    root = etree.fromstring(render_opml(sources, "站\x00点"), STRICT_XML)
    assert root.findtext("head/title") == "站点的信源"
    (folder,) = root.find("body")
    (outline,) = folder
    assert folder.get("text") == "国际"  # no 国内 folder: its only source is disabled
    assert outline.get("text") == 'A <b>&"c"' and outline.get("xmlUrl") == "https://a.example/feed?x=1&y=2"


# --- the 信源状态 page ----------------------------------------------------------------------------------------------


def test_the_status_page_shows_every_source_of_the_run(sample_site: SampleRun) -> None:
    (summary_file,) = (sample_site.root / "cache" / "runs").glob("2026-11-16-*.json")
    summary = json.loads(summary_file.read_text(encoding="utf-8"))
    article = content(sample_site.site, "status/index.html")
    assert article.findtext("h1").strip() == "信源状态"
    (table,) = article.iter("table")
    header = [th.text_content().strip() for th in table.iter("th")]
    assert header == [
        "信源",
        "状态",
        "说明",
        "条目",
        "最新条目",
        "耗时",
    ]  # the reason beside the status (issue 19)
    rows = [[td.text_content().strip() for td in tr.iter("td")] for tr in table.iter("tr")][1:]
    by_name = {row[0]: row for row in rows}
    assert len(rows) == len(summary["sources"]) == 8
    for source in summary["sources"]:
        name, status, reason, items, newest, latency = by_name[source["name"]]
        # latencies differ from run to run (a later test may have run the day again): only their form is checked
        assert re.fullmatch(r"\d+\.\d\d 秒", latency)
        assert reason == (reason_words(source["error"]) if source["error"] else "")
        if source["status"] == "failed":
            assert (status, items, newest) == ("失败", "-", "-") and reason
        else:
            assert status == "正常" and items == str(source["items"])
            moment = datetime.fromisoformat(source["newest"]).astimezone(SHANGHAI)
            assert newest == f"{moment:%Y-%m-%d %H:%M}"
    assert [row[1] for row in rows[:2]] == ["失败", "失败"]  # failures first
    assert "8 个信源，6 个可用" in article.text_content()
    search = (sample_site.site / "search" / "search_index.json").read_text(encoding="utf-8")
    assert '"location":"status/' not in search.replace(" ", "")  # search: exclude


def test_the_about_page_links_the_status_page_the_opml_file_and_both_feeds(sample_site: SampleRun) -> None:
    site = sample_site.site
    hrefs = set(content(site, "about/index.html").xpath(".//a/@href"))
    targets = {"../status/", "../sources.opml", "../feed_rss_created.xml", "../feed_json_created.json"}
    assert targets <= hrefs
    for href in targets:
        assert (site / "about" / href / ("index.html" if href.endswith("/") else "")).resolve().is_file()


def test_status_cells_stay_text() -> None:
    """A feed's error text and name are inert: no link, no HTML, no extra table cell, one line each."""
    hostile = (
        "<script>alert(1)</script> | [x](http://evil.example) **b** `c` <http://evil.example>\nnext line"
    )
    summary = {
        "date": "2026-11-16",
        "started": "2026-11-16T08:20:00+08:00",
        "sources": [
            {"name": "ok [源](http://evil.example)", "status": "ok", "items": 3, "latency_s": 0.5,
             "newest": "2026-11-15T23:30:00+00:00", "error": ""},
            {"name": "坏|源", "status": "failed", "items": 0, "latency_s": 12.0, "newest": None, "error": hostile},
        ],
    }  # fmt: skip
    markdown = render_status_page(summary, SHANGHAI)
    _, body = split_front_matter(markdown)
    tree = lxml.html.fragment_fromstring(render_html(body, load_site(ROOT / "mkdocs.yml").markdown), "div")
    assert tree.xpath(".//table//a|.//script|.//strong|.//code") == []
    rows = [[td.text_content() for td in tr.iter("td")] for tr in tree.iter("tr")][1:]
    assert rows[0][0] == "坏|源" and rows[0][2] == f"抓取出错（{' '.join(hostile.split())}）"
    assert rows[1] == ["ok [源](http://evil.example)", "正常", "", "3", "2026-11-16 07:30", "0.50 秒"]
    assert [h for h in tree.xpath(".//a/@href") if not h.startswith("#")] == [
        "sources.opml"
    ]  # not the anchors


def test_a_site_without_a_run_says_so() -> None:
    meta, body = split_front_matter(render_status_page(None, UTC))
    assert meta["title"] == "信源状态" and meta["search"] == {"exclude": True}
    assert "还没有运行记录" in body


# --- the tags page ------------------------------------------------------------------------------------------------


def test_entity_tags_are_described_under_their_heading(sample_site: SampleRun) -> None:
    article = content(sample_site.site, "tags/index.html")
    post_href = "../2026/11/16/ai-daily-2026-11-16/"
    described = {}
    for heading in article.iter("h2"):
        following = heading.getnext()
        if following is not None and following.get("class") == "tag-description":
            described[heading.get("id")] = following.text_content()
            assert following.getnext().tag == "ul"
            assert following.getnext().xpath("./li/a/@href") == [post_href]
    post_tags = split_front_matter(sample_site.post.read_text(encoding="utf-8"))[0]["tags"]
    topics = load_vocabulary().topics
    entities = [t for t in post_tags if t not in ("AI", "AI 日报") and tag_key(t) not in topics]
    assert len(entities) >= 5  # the day's names (issue 19, item 3): the check below is not empty
    assert set(described) == {
        "tag:" + re.sub(r"\s+", "-", t.lower()) for t in entities
    }  # not AI, 芯片, 开源…
    assert described["tag:aurora-3"].startswith(
        "本站共有 1 篇日报涉及 Aurora-3，最近一篇发布于 2026年11月16日；常与 "
    )
    meta, _ = split_front_matter((sample_site.root / "src" / "docs" / "tags.md").read_text(encoding="utf-8"))
    assert meta["search"] == {"exclude": True} and len(meta["tag_descriptions"]) == len(entities)


def record(day: int, *tags: str) -> PostRecord:
    created = datetime(2026, 11, day, 8, tzinfo=SHANGHAI)
    return PostRecord(Path(f"2026-11-{day:02d}.md"), {"tags": list(tags)}, created)


def test_the_most_frequent_entity_tags_are_chosen() -> None:
    settings = parse_settings({"sources": [{"name": "s", "url": "https://e.com/f"}]})
    records = [
        record(1, "AI", "AI 日报", "OpenAI", "英伟达", "芯片"),
        record(2, "AI", "OpenAI", "推理", "模型与研究", "LLM"),
        record(3, "AI", "英伟达", "OpenAI", "GPU"),
        record(4, "AI", "Aurora-3", "英伟达"),
    ]
    ranked = frequent_tags(records, plain_tag_keys(settings), limit=3)
    assert ranked == [
        TagRecord("英伟达", 3, date(2026, 11, 4), ("OpenAI", "Aurora-3")),  # 3 posts, the latest on the 4th
        TagRecord("OpenAI", 3, date(2026, 11, 3), ("英伟达",)),
        TagRecord("Aurora-3", 1, date(2026, 11, 4), ("英伟达",)),
    ]
    text = describe(ranked[0], tag_notes().descriptions)
    assert text == (
        "美国芯片公司，数据中心 AI 加速器（GPU）的主要供应商。"
        "本站共有 3 篇日报涉及 英伟达，最近一篇发布于 2026年11月4日；常与 OpenAI、Aurora-3 一同出现。"
    )


def test_entities_are_names_not_topic_words() -> None:
    settings = parse_settings({"sources": [{"name": "s", "url": "https://e.com/f"}]})
    notes = tag_notes()
    plain = plain_tag_keys(settings) | notes.topics
    names = (
        "OpenAI Aurora-3 GPT-5 英伟达 谷歌 腾讯 华为 字节跳动 月之暗面 星衡智能 百度 苹果 豆包 海州市".split()
    )
    topics = "AI ai AI日报 模型与研究 芯片 推理 GPU LLM 开源 融资 补贴 政策 人工智能 多模态 算力券".split()
    topics += ["大模型", "生成式AI"]  # tag_descriptions.yml lists them as topics
    assert [t for t in names if not is_entity_tag(t, plain, notes.descriptions)] == []
    assert [t for t in topics if is_entity_tag(t, plain, notes.descriptions)] == []


def test_the_hand_written_descriptions_are_one_plain_sentence_each() -> None:
    known = tag_notes().descriptions
    assert known[tag_key("nvidia")] == known[tag_key("英伟达")] and len(known) >= 40
    for text in known.values():
        assert text.endswith("。") and not re.search(r"[<>\[\]()`*_#|]|https?:", text) and len(text) <= 60


def test_the_listing_fragment_is_materials_plus_the_description() -> None:
    """overrides/fragments/tags/default/listing.html is Material's fragment with one marked block added: when
    Material changes its fragment, this fails, and the copy must be made again from the new one."""
    ours = (ROOT / "overrides" / "fragments" / "tags" / "default" / "listing.html").read_text(
        encoding="utf-8"
    )
    theirs = Path(material.__file__).parent / "templates" / "fragments" / "tags" / "default" / "listing.html"
    without_block = re.sub(r"\s*\{#- ainews:.*?\{#- /ainews -#\}", "", ours, flags=re.S)
    strip_header = re.compile(r"\A\{#-.*?-#\}\n", re.S)
    assert strip_header.sub("", without_block) == strip_header.sub("", theirs.read_text(encoding="utf-8"))
    assert "tag_descriptions" in ours and "| e }}" in ours


def test_a_day_already_written_rewrites_no_page(sample_site: SampleRun, capsys) -> None:
    """`generate` for a day whose post exists changes nothing, the pages beside it included."""
    from generator.cli import main
    from generator.samples.demo import SAMPLE_NOW

    docs = sample_site.root / "src" / "docs"
    pages = [docs / "status.md", docs / "sources.opml", docs / "tags.md", docs / "subscribe.md"]
    before = [p.stat().st_mtime_ns for p in pages]
    code = main(
        ["generate", "--config", str(sample_site.config), "--date", "2026-11-16", "--now", SAMPLE_NOW]
    )
    assert code == 0 and "already exists" in capsys.readouterr().err
    assert [p.stat().st_mtime_ns for p in pages] == before


# --- the compact archive ------------------------------------------------------------------------------------------


def test_the_archive_lists_every_post_under_its_month(sample_site: SampleRun) -> None:
    """The 归档 page as `generate` wrote it and MkDocs built it: one line per post, linked to the post's URL; the
    blog plugin's own archive and category views are off (they would render every post once more)."""
    article = content(sample_site.site, "archive/index.html")
    assert article.findtext("h1").strip() == "归档"
    assert [h.text_content().strip(" ¶") for h in article.iter("h2")] == ["2026 年 11 月"]  # ¶: the permalink
    (item,) = article.iter("li")
    title = frontmatter_title(sample_site.post)
    assert item.text_content().strip() == f"11 月 16 日 · {title}"
    (link,) = item.iter("a")
    assert link.get("href") == "../2026/11/16/ai-daily-2026-11-16/"
    assert (
        not (sample_site.site / "archive" / "2026").exists() and not (sample_site.site / "category").exists()
    )
    search = (sample_site.site / "search" / "search_index.json").read_text(encoding="utf-8")
    assert '"location":"archive/' not in search.replace(" ", "")  # search: exclude


def frontmatter_title(post: Path) -> str:
    return split_front_matter(post.read_text(encoding="utf-8"))[0]["title"]


def test_archive_lines_are_newest_first_escaped_and_by_month(tmp_path: Path) -> None:
    layout = SiteLayout(tmp_path)
    zone = ZoneInfo("Asia/Shanghai")

    def post(name: str, when: datetime, title: str) -> PostRecord:
        return PostRecord(layout.posts_folder() / name, {"title": title}, when)

    posts = [
        post("2026-10-31.md", datetime(2026, 10, 31, 8, tzinfo=zone), "AI 日报｜十月末"),
        post("2026-11-01.md", datetime(2026, 11, 1, 8, tzinfo=zone), "AI 日报｜<b>[链接](javascript:x)</b>"),
        post("2026-W44.md", datetime(2026, 11, 1, 8, 1, tzinfo=zone), "每周回顾｜第 44 周"),
    ]
    text = render_archive_page(posts, layout)
    body = split_front_matter(text)[1]
    assert body.splitlines()[3:] == [
        "## 2026 年 11 月",
        "",
        "- 11 月 1 日 · [每周回顾｜第 44 周](blog/posts/2026-W44.md)",
        "- 11 月 1 日 · [AI 日报｜&lt;b&gt;\\[链接\\]\\(javascript:x\\)&lt;/b&gt;](blog/posts/2026-11-01.md)",
        "",
        "## 2026 年 10 月",
        "",
        "- 10 月 31 日 · [AI 日报｜十月末](blog/posts/2026-10-31.md)",
    ]
    html = render_html(body)
    assert "<b>" not in html and "javascript:" not in "".join(lxml.html.fromstring(html).xpath("//a/@href"))
    assert "还没有文章" in render_archive_page([], layout)


@pytest.mark.parametrize(
    ("reason", "words"),
    [
        ("http://feeds.example/x.xml: HTTP 404", "地址已失效（页面不存在）"),
        ("源: not a usable feed (<unknown>:9:2: mismatched tag)", "内容不是可用的 RSS/Atom 订阅源"),
        ("http://feeds.example/x.xml: HTTP 503", "对方服务器出错"),
        ("cannot resolve feeds.example (temporary failure)", "域名无法解析"),
        ("http://feeds.example/x: no connection within 5s (fetch.connect_timeout_s)", "无法连接"),
        ("http://feeds.example/x: redirect loop at http://feeds.example/y", "跳转次数过多（循环跳转）"),
        ("2 undated", "部分条目没有发布时间"),
    ],
)
def test_a_sources_reason_reads_in_chinese(reason: str, words: str) -> None:
    """The 信源状态 page's reasons (issue 19, item 9): a Chinese sentence first, the English reason in brackets."""
    assert reason_words(reason) == f"{words}（{reason}）"


def test_every_warning_the_feed_parser_writes_has_its_words() -> None:
    """A usable source's warnings were called 抓取出错 (a fetch error) on the 信源状态 page: each part the parser
    writes (feedparser's bozo text, then its counts of left-out entries) is named, each sentence once."""
    feed = b"""<?xml version="1.0" encoding="us-ascii"?><rss version="2.0"><channel><title>T</title>
    <item><title>A</title><link>https://a.example/1</link><pubDate>Sun, 15 Nov 2026 09:00:00 +0000</pubDate></item>
    <item><title>Again</title><link>https://a.example/1</link><pubDate>Sun, 15 Nov 2026 09:00:00 GMT</pubDate></item>
    <item><title>Later</title><link>https://a.example/2</link><pubDate>Tue, 15 Dec 2026 09:00:00 +0000</pubDate></item>
    <item><title>Undated</title><link>https://a.example/3</link></item>
    <item><title></title><link></link></item>
    <item><title>Bad &nbsp; entity</title><link>https://a.example/4</link></item>
    </channel></rss>"""
    source = FeedSource(
        name="虚构源", url="https://a.example/feed.xml", language="zh", region="cn", weight=1.0
    )
    now = datetime(2026, 11, 16, 8, 20, tzinfo=ZoneInfo("Asia/Shanghai"))
    parsed = parse_feed(feed, {}, source, ZoneInfo("Asia/Shanghai"), now)
    parts = parsed.warning.split("; ")
    assert len(parts) == 5, parsed.warning  # bozo, left out, duplicate, future, undated
    for part in parts:
        words = reason_words(part, failed=False)
        assert SOURCE_WARNING_FALLBACK not in words and not words.startswith("抓取出错"), part
    said = reason_words(parsed.warning, failed=False)
    assert said.startswith("订阅源格式不规范，已尽量读取；") and said.count("部分条目") == 4
    assert reason_words("something new", failed=False).startswith(SOURCE_WARNING_FALLBACK)
    assert reason_words("something new").startswith("抓取出错")
