"""Corrections (issue 21 §2, generator.site.corrections): `python -m generator correct DATE STORY "text"` adds a dated
更正 note under the story and nothing else, records it and the post's `updated` time in the front matter, lists it on
the 勘误 page; a missing post or story, an empty text, a bad anchor are clear errors that write nothing. And the
issue form the 报错 link opens: a valid GitHub issue form whose field ids are the link's parameters. Fictional."""

from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

import lxml.html
import pytest
import yaml

from generator.cli import main
from generator.errors import CorrectionError
from generator.finish import issue_url, with_report_links
from generator.finish.report import FORM
from generator.post.front_matter import dump_front_matter
from generator.site import SiteLayout, correct_post, load_site, render_corrections_page
from generator.site.corrections import anchor_of
from generator.site.posts import load_posts, split_front_matter
from generator.site.publish import render_html

ROOT = Path(__file__).resolve().parents[1]
SPEC = load_site(ROOT / "mkdocs.yml").markdown  # the site's Markdown extensions (admonition among them)
ZONE = ZoneInfo("Asia/Shanghai")
DAY = date(2026, 11, 16)
WHEN = datetime(2026, 11, 18, 10, 30, tzinfo=ZONE)
LINK = "https://news.example/a"
BODY = f"""# AI 日报｜澄湖科技发布Lumen\\-4

**今日摘要**

- 澄湖科技发布Lumen\\-4

<!-- more -->

## 算力与芯片 {{ data-search-exclude }}

### 澄湖科技发布Lumen\\-4推理芯片 {{ #s-1a2b3c4d }}

澄湖科技发布了Lumen\\-4推理芯片，售价约七百亿元。
{{ data-search-exclude }}

来源：[机器之芯]({LINK}) · 11\\-15 10:00
{{ data-search-exclude }}

### 青澜机器人完成融资 {{ #s-2b3c4d5e }}

青澜机器人完成新一轮融资。

来源：[机器之芯]({LINK})

## 更多动态 {{ data-search-exclude }}

- 鹿鸣科技发布语音模型（[机器之芯]({LINK})）
  {{ #s-3c4d5e6f }}
- 白泽科技开源数据集（[机器之芯]({LINK})）
  {{ #s-4d5e6f70 }}

---

本期共阅读 9 条资讯，精选 4 条；编辑：offline。
"""
META = {
    "title": "AI 日报｜澄湖科技发布Lumen-4",
    "date": datetime(2026, 11, 16, 8, tzinfo=ZONE),
    "slug": "ai-daily-2026-11-16",
    "authors": ["ainews"],
    "description": "澄湖科技发布Lumen-4",
    "sources": [LINK],
    "editor": "offline",
}


@pytest.fixture
def layout(tmp_path: Path) -> SiteLayout:
    layout = SiteLayout(tmp_path / "docs")
    layout.posts_folder().mkdir(parents=True)
    layout.post_file(DAY).write_text(dump_front_matter(META) + BODY, encoding="utf-8")
    return layout


def read(layout: SiteLayout) -> tuple[dict, str]:
    return split_front_matter(layout.post_file(DAY).read_text(encoding="utf-8"))


def test_a_note_goes_under_a_heading_story_and_nothing_else_changes(layout: SiteLayout) -> None:
    done = correct_post(layout, DAY, "s-1a2b3c4d", "售价应为七十亿元，此前误写为七百亿元。", WHEN)
    assert done.added and done.anchor == "s-1a2b3c4d" and done.path == layout.post_file(DAY)
    meta, body = read(layout)
    note = '!!! note "更正 · 2026-11-18"\n\n    售价应为七十亿元，此前误写为七百亿元。\n\n'
    before, after = BODY.split("### 青澜机器人完成融资")
    assert body.lstrip("\n") == before + note + "### 青澜机器人完成融资" + after  # at the end of the story
    assert meta["updated"] == WHEN and list(meta)[:3] == ["title", "date", "updated"]
    assert meta["corrections"] == [
        {
            "date": WHEN,
            "story": "s-1a2b3c4d",
            "headline": "澄湖科技发布Lumen-4推理芯片",
            "text": "售价应为七十亿元，此前误写为七百亿元。",
        }
    ]
    assert {k: v for k, v in meta.items() if k not in ("updated", "corrections")} == META  # same date, slug …
    html = render_html(body, SPEC)
    assert '<div class="admonition note">' in html and "更正 · 2026-11-18" in html


def test_notes_go_under_a_list_item_in_their_order(layout: SiteLayout) -> None:
    correct_post(layout, DAY, "s-3c4d5e6f", "鹿鸣科技发布的是语音识别模型。", WHEN)
    later = datetime(2026, 11, 19, 9, tzinfo=ZONE)
    correct_post(layout, DAY, "#s-3c4d5e6f", "模型名称也已更正。", later)
    meta, body = read(layout)
    item = "- 鹿鸣科技发布语音模型（[机器之芯](https://news.example/a)）\n  { #s-3c4d5e6f }\n\n"
    first = '!!! note "更正 · 2026-11-18"\n\n    鹿鸣科技发布的是语音识别模型。\n\n'
    second = '!!! note "更正 · 2026-11-19"\n\n    模型名称也已更正。\n\n'
    assert item + first + second + "- 白泽科技开源数据集" in body
    assert meta["updated"] == later and [c["text"] for c in meta["corrections"]] == [
        "鹿鸣科技发布的是语音识别模型。",
        "模型名称也已更正。",
    ]
    html = render_html(body, SPEC)
    assert 'id="s-3c4d5e6f"' in html and 'id="s-4d5e6f70"' in html  # both stories keep their anchors


def test_the_same_correction_twice_changes_nothing(layout: SiteLayout) -> None:
    correct_post(layout, DAY, "s-2b3c4d5e", "融资轮次为B轮。", WHEN)
    text = layout.post_file(DAY).read_bytes()
    again = correct_post(layout, DAY, "2b3c4d5e", "融资轮次为B轮。", datetime(2026, 11, 20, tzinfo=ZONE))
    assert not again.added and layout.post_file(DAY).read_bytes() == text


def test_a_correction_is_inert_text(layout: SiteLayout) -> None:
    hostile = "详见 [官网](https://evil.example/x) <script>alert(1)</script> **粗体** {: onclick=x }"
    correct_post(layout, DAY, "s-1a2b3c4d", hostile, WHEN)
    meta, body = read(layout)
    html = render_html(body, SPEC)
    assert {h for h in re.findall(r'href="([^"]+)"', html) if not h.startswith("#")} == {LINK}  # its own only
    (note,) = lxml.html.fragment_fromstring(html, create_parent="div").cssselect("div.admonition")
    assert not note.xpath(".//script|.//@onclick|.//strong|.//a")
    assert "<script>alert(1)</script>" in note.text_content()
    assert meta["corrections"][0]["text"] == hostile  # recorded as given, shown escaped


@pytest.mark.parametrize(
    ("day", "story", "text", "when", "words"),
    [
        (date(2026, 11, 17), "s-1a2b3c4d", "x", WHEN, "there is no post for 2026-11-17"),
        (
            DAY,
            "s-deadbeef",
            "x",
            WHEN,
            "the post tells no story s-deadbeef \\(its stories: s-1a2b3c4d, s-2b3c4d5e",
        ),
        (DAY, "第一条", "x", WHEN, "is not a story's anchor"),
        (DAY, "s-1a2b3c4d", "  \u200b ", WHEN, "the correction's text is empty"),
        (DAY, "s-1a2b3c4d", "x", datetime(2026, 11, 18, 10), "has no UTC offset"),
    ],
)
def test_a_correction_that_cannot_be_made_is_a_clear_error(
    layout: SiteLayout, day: date, story: str, text: str, when: datetime, words: str
) -> None:
    before = layout.post_file(DAY).read_bytes()
    with pytest.raises(CorrectionError, match=words):
        correct_post(layout, day, story, text, when)
    assert layout.post_file(DAY).read_bytes() == before


@pytest.mark.parametrize(
    ("given", "anchor"),
    [
        ("s-1a2b3c4d", "s-1a2b3c4d"),
        ("1A2B3C4D", "s-1a2b3c4d"),
        ("https://owner.github.io/site/2026/11/16/ai-daily-2026-11-16/#s-1a2b3c4d", "s-1a2b3c4d"),
    ],
)
def test_a_story_is_named_as_the_link_gives_it(given: str, anchor: str) -> None:
    assert anchor_of(given) == anchor


def test_the_corrections_page_lists_every_correction_newest_first(layout: SiteLayout) -> None:
    assert "还没有更正。" in render_corrections_page(load_posts(layout), layout)
    correct_post(layout, DAY, "s-1a2b3c4d", "售价应为七十亿元。", WHEN)
    correct_post(
        layout, DAY, "s-3c4d5e6f", "模型名称 [已更正](https://evil.example/)。", WHEN.replace(day=19)
    )
    meta, body = split_front_matter(render_corrections_page(load_posts(layout), layout))
    assert meta["title"] == "勘误" and meta["search"] == {"exclude": True}
    lines = [line for line in body.splitlines() if line.startswith("- ")]
    assert lines == [
        "- 2026-11-19 · [鹿鸣科技发布语音模型](blog/posts/2026-11-16.md#s-3c4d5e6f)（2026-11-16）："
        "模型名称 \\[已更正\\]\\(https://evil\\.example/\\)。",
        "- 2026-11-18 · [澄湖科技发布Lumen\\-4推理芯片](blog/posts/2026-11-16.md#s-1a2b3c4d)（2026-11-16）："
        "售价应为七十亿元。",
    ]


def test_the_command_corrects_and_rewrites_the_corrections_page(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from generator.samples.demo import copy_site, write_sample_config

    copy_site(tmp_path / "src", include_posts=False)
    config = write_sample_config(tmp_path / "src", "http://192.0.2.1:9", tmp_path / "cache")
    posts = tmp_path / "src" / "docs" / "blog" / "posts"
    posts.mkdir(parents=True, exist_ok=True)
    (posts / "2026-11-16.md").write_text(dump_front_matter(META) + BODY, encoding="utf-8")
    args = ["correct", "--config", str(config), "2026-11-16", "s-2b3c4d5e", "融资轮次为B轮。"]
    assert main([*args, "--now", "2026-11-18T10:30:00+08:00"]) == 0
    out = capsys.readouterr().out
    assert "2026-11-16.md: 更正 added under s-2b3c4d5e (2026-11-18 10:30 +0800)" in out
    page = (tmp_path / "src" / "docs" / "corrections.md").read_text(encoding="utf-8")
    assert "(blog/posts/2026-11-16.md#s-2b3c4d5e)（2026-11-16）：融资轮次为B轮。" in page
    assert main([*args, "--now", "2026-11-18T11:00:00+08:00"]) == 0
    assert "already has this correction; nothing changed" in capsys.readouterr().out
    assert main(["correct", "--config", str(config), "2026-11-20", "s-2b3c4d5e", "x"]) == 1
    assert "error: there is no post for 2026-11-20" in capsys.readouterr().err
    with pytest.raises(SystemExit) as raised:
        main(["correct", "--config", str(config), "16.11.2026", "s-2b3c4d5e", "x"])
    assert raised.value.code == 2


FORM_KEYS = {"name", "description", "title", "labels", "assignees", "projects", "type", "body"}
FIELD_TYPES = {"markdown", "input", "textarea", "dropdown", "checkboxes"}


def test_the_issue_form_is_a_github_issue_form_with_the_links_fields() -> None:
    """GitHub Docs, "Syntax for issue forms": top-level keys, body elements with a type, unique ids, a label."""
    form = yaml.safe_load(
        (ROOT / ".github" / "ISSUE_TEMPLATE" / "correction.yml").read_text(encoding="utf-8")
    )
    assert set(form) <= FORM_KEYS and form["name"] and form["description"] and form["body"]
    ids = []
    for element in form["body"]:
        assert element["type"] in FIELD_TYPES and set(element) <= {"type", "id", "attributes", "validations"}
        if element["type"] == "markdown":
            assert element["attributes"]["value"].strip()
            continue
        assert re.fullmatch(r"[A-Za-z0-9_-]+", element["id"]) and element["attributes"]["label"]
        ids.append(element["id"])
    assert len(ids) == len(set(ids))
    url = issue_url(
        "https://github.com/owner/site", "2026-11-16", "s-1a2b3c4d", "https://x.example/#s-1a2b3c4d", "标题"
    )
    query = parse_qs(urlsplit(url).query)
    assert query.pop("template") == [FORM] == ["correction.yml"] and query.pop("title") == [
        "更正：2026-11-16 标题"
    ]
    assert set(query) | {"sentence"} <= set(ids)  # every prefilled value names a field of the form
    required = {e["id"] for e in form["body"] if e.get("validations", {}).get("required")}
    assert required - set(query) == {"correction"}  # what only the reader can say


PAGE = (
    '<head><link rel="canonical" href="https://o.example/s/2026/11/16/p/">'
    '<meta property="article:published_time" content="2026-11-16T08:00:00+08:00"></head>'
    '<article><h3 id="s-1a2b3c4d">澄湖科技发布Lumen-4<a class="headerlink" href="#s-1a2b3c4d">¶</a></h3>'
    '<p>正文<a class="cite" href="https://news.example/a">[1]</a></p>'
    '<ul><li id="s-3c4d5e6f">鹿鸣科技发布语音模型（<a href="https://news.example/b">机器之芯</a>）</li></ul></article>'
)


def test_the_report_links_are_added_once_and_only_with_a_repository() -> None:
    linked = with_report_links(PAGE, "https://github.com/owner/site/")
    links = lxml.html.fromstring(linked).cssselect("a.report-link")
    assert [(a.getparent().get("id"), a.text_content(), a.get("data-story")) for a in links] == [
        ("s-1a2b3c4d", "报错", "s-1a2b3c4d"),
        ("s-3c4d5e6f", "报错", "s-3c4d5e6f"),
    ]
    query = parse_qs(urlsplit(links[0].get("href")).query)
    assert urlsplit(links[0].get("href")).path == "/owner/site/issues/new"
    assert query == {
        "template": ["correction.yml"],
        "title": ["更正：2026-11-16 澄湖科技发布Lumen-4"],
        "day": ["2026-11-16"],
        "story": ["s-1a2b3c4d"],
        "post": ["https://o.example/s/2026/11/16/p/#s-1a2b3c4d"],
    }
    assert with_report_links(linked, "https://github.com/owner/site") == linked  # idempotent
    assert with_report_links(PAGE, "") == PAGE  # no repository: no link
    not_a_post = PAGE.replace("article:published_time", "og:x")
    assert with_report_links(not_a_post, "https://github.com/o/s") == not_a_post
