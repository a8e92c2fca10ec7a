"""Prompts and schema written to the reference (issue 19 §1), against the fake Gemini through the real client:
themes with subtitles and their grounding, a thematic title, optional 影响, the style guide and the example entry,
triage's reader questions, importance scale and balance, and the follow-ups the write-up sees."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from fake_gemini import FakeGemini, answer, serve_fake_gemini
from gemini_day import (
    AURORA_EN,
    FUNDING,
    STARWEAVE,
    STORIES,
    TIDEWATER,
    TRIAGE,
    VOUCHER,
    WRITE,
    make_context,
    make_editor,
    make_story,
)

from generator.models import FollowUp, StoryRecord, Theme
from generator.post import Renderer

QUESTIONS = {"技术": "新做出了什么？", "行业": "规则是什么？", "产业": "谁在投钱？"}
THEMES = [
    {"name": "算力政策", "subtitle": "地方补贴加码", "ids": [VOUCHER.id, AURORA_EN.id]},
    {"name": "开源模型", "subtitle": "国产大模型开源", "ids": [STARWEAVE.id]},
]


@pytest.fixture
def gemini(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeGemini]:
    with serve_fake_gemini(monkeypatch) as fake:
        yield fake


def written(**changes: object) -> dict:
    payload = copy.deepcopy(WRITE)
    payload.update(copy.deepcopy(changes))
    return payload


def test_the_prompts_follow_the_reference(gemini: FakeGemini, tmp_path: Path) -> None:
    gemini.queue(answer(TRIAGE), answer(written(themes=THEMES)))
    make_editor(tmp_path).edit(STORIES, make_context(category_questions=QUESTIONS))
    triage, write = gemini.system(0), gemini.system(1)
    assert "- 技术: 新做出了什么？\n- 行业: 规则是什么？\n- 产业: 谁在投钱？\n" in triage
    assert "5: changes the field's map today" in triage and "1: a passing mention" in triage
    assert "Balance: keep both 国内 and 国际 stories" in triage
    assert "One rule for facts and context" in write and "Report only what the data says" not in write
    assert "themes: 2 to 4 sections" in write and "subtitle" in write
    assert "impacts (影响): 0 to 3 bullets" in write and "2 or 3 bullets of 1 or 2 sentences each" in write
    assert (
        "客观克制" in write and "万、亿" in write and "摘要的第一句不要重复标题" in write
    )  # the style guide
    assert "澄湖科技开源端侧语音模型“听潮S”" in write  # the example entry (fictional, our own)
    assert len(gemini.requests) == 2


def test_themes_become_the_posts_sections(gemini: FakeGemini, tmp_path: Path) -> None:
    gemini.queue(answer(TRIAGE), answer(written(themes=THEMES)))
    digest = make_editor(tmp_path).edit(STORIES, make_context())
    assert digest.themes == (
        Theme("算力政策", "地方补贴加码", (VOUCHER.id, AURORA_EN.id)),
        Theme("开源模型", "国产大模型开源", (STARWEAVE.id,)),
    )
    body = Renderer("insight", ZoneInfo("Asia/Shanghai")).render_body(digest, "c.png")
    headings = [line for line in body.splitlines() if line.startswith("## ")]
    assert headings[:2] == [
        "## 算力政策：地方补贴加码 { data-search-exclude }",
        "## 开源模型：国产大模型开源 { data-search-exclude }",
    ]
    assert body.index("### 海州发布AI算力券新政") < body.index("### 星衡开源千亿参数模型星织2")


def test_a_theme_names_stories_we_have(gemini: FakeGemini, tmp_path: Path) -> None:
    themes = [
        {"name": "算力政策", "subtitle": "地方补贴加码", "ids": [VOUCHER.id, "0badf00d"]},  # one invented id
        {"name": "点击加群领取福利", "subtitle": "", "ids": [STARWEAVE.id]},  # a call to action
        {"name": "开源模型", "subtitle": "详见 https://a.example", "ids": [STARWEAVE.id, AURORA_EN.id]},
        {"name": "无人认领", "subtitle": "", "ids": ["0badf00d"]},
    ]
    gemini.queue(answer(TRIAGE), answer(written(themes=themes)))
    editor = make_editor(tmp_path)
    digest = editor.edit(STORIES, make_context())
    assert digest.themes == (
        Theme("算力政策", "地方补贴加码", (VOUCHER.id,)),
        Theme("开源模型", "", (STARWEAVE.id, AURORA_EN.id)),  # its subtitle had a link: left out
    )
    assert editor.usage["unknown_ids"] == 2 and editor.usage["rejected_fields"] >= 2


def test_one_theme_is_no_grouping(gemini: FakeGemini, tmp_path: Path) -> None:
    one = [{"name": "今日要闻", "subtitle": "三条新闻", "ids": [VOUCHER.id, AURORA_EN.id, STARWEAVE.id]}]
    gemini.queue(answer(TRIAGE), answer(written(themes=one)))
    digest = make_editor(tmp_path).edit(STORIES, make_context())
    assert digest.themes == ()  # the categories stay the sections


@pytest.mark.parametrize(
    ("title", "kept"),
    [
        ("算力政策与开源模型齐头并进", True),  # sums up both themes
        ("今天的新闻真是热闹非凡", False),  # names no story and no theme
    ],
)
def test_a_thematic_title_is_grounded_in_the_themes(
    gemini: FakeGemini, tmp_path: Path, title: str, kept: bool
) -> None:
    gemini.queue(answer(TRIAGE), answer(written(themes=THEMES, title={"ids": [], "text": title})))
    digest = make_editor(tmp_path).edit(STORIES, make_context())
    assert (digest.title == f"AI 日报｜{title}") is kept
    assert digest.themes  # the themes stand either way


def test_impacts_are_optional_and_a_post_without_them_has_no_heading(
    gemini: FakeGemini, tmp_path: Path
) -> None:
    payload = written(themes=THEMES)
    for entry in payload["entries"]:
        entry["impacts"] = []
    payload["entries"][0]["insights"] = ["一[1]。", "二[1]。", "三[1]。", "四[1]。"]
    gemini.queue(answer(TRIAGE), answer(payload))
    digest = make_editor(tmp_path).edit(STORIES, make_context())
    assert all(e.impacts == () for e in digest.entries) and digest.entries[0].insights == (
        "一。",
        "二。",
        "三。",
    )
    body = Renderer("insight", ZoneInfo("Asia/Shanghai")).render_body(digest, "c.png")
    assert "**影响：**" not in body and "**深度解读 & 洞察：**" in body


def test_a_chinese_post_never_takes_a_line_the_model_left_in_english(
    gemini: FakeGemini, tmp_path: Path
) -> None:
    payload = written()
    payload["entries"][1]["headline"] = "Northwind unveils Aurora-3"
    payload["briefs"][0]["text"] = "Tidewater 7B tops the leaderboard"
    gemini.queue(answer(TRIAGE), answer(payload))
    editor = make_editor(tmp_path)
    digest = editor.edit(STORIES, make_context())
    assert digest.entries[1].headline == "Northwind发布Aurora-3推理芯片"  # the Chinese report's headline
    assert digest.briefs[0].text == f"Tidewater 7B登上榜单。原文标题：“{TIDEWATER.title}”"  # its frame
    assert editor.usage["rejected_fields"] == 2


SEEN = make_story("99990000", "星衡智能“星织2”下载量破50万", "星衡智能表示，星织2开源首日下载量破50万。")


def follow_up_context() -> tuple[FollowUp, object]:
    record = StoryRecord(
        day=date(2026, 11, 15),
        id="thread01",
        headline="星衡智能开源千亿参数大模型“星织2”",
        titles=("星衡智能开源千亿参数大模型“星织2”",),
        urls=("https://news.example/old",),
        importance=4,
        category="技术",
        anchor="s-thread01",
    )
    item = FollowUp(
        story=SEEN,
        headline=SEEN.title,
        thread="thread01",
        earlier=record.day,
        earlier_headline=record.headline,
        earlier_link="2026-11-15.md",
        since=record.day,
        new_figures=("50万",),
        importance=4,
        category="技术",
        earlier_anchor="s-thread01",
    )
    return item, make_context(follow_ups=(item,), recent=(record,))


@pytest.mark.parametrize(
    ("news", "kept"),
    [
        ("星织2开源首日下载量破50万，11月15日报道时尚无下载数据。", True),
        (
            "星织2开源首日下载量破80万，超过此前所有国产模型。",
            False,
        ),  # 80万 is in no report: an invented fact
    ],
)
def test_the_write_up_sees_a_follow_up_and_writes_what_is_new(
    gemini: FakeGemini, tmp_path: Path, news: str, kept: bool
) -> None:
    item, context = follow_up_context()
    gemini.queue(answer(TRIAGE), answer(written(follow_ups=[{"id": "thread01", "news": news}])))
    digest = make_editor(tmp_path).edit(STORIES, context)
    block = gemini.contents(1).split("<<<FOLLOWUP id=thread01>>>", 1)[1].split("<<<END>>>", 1)[0]
    assert "earlier reports of this story:\n  2026-11-15: 星衡智能开源千亿参数大模型“星织2”" in block
    (shown,) = digest.follow_ups
    assert shown.news == (news if kept else "") and shown.thread == "thread01"
    assert f"后续：{SEEN.title}" in digest.summary  # carried into 今日摘要
    assert len(gemini.requests) == 2  # still two calls: the follow-up rides with the write-up


def test_the_write_up_sees_what_recent_posts_told_of_a_related_story(
    gemini: FakeGemini, tmp_path: Path
) -> None:
    record = StoryRecord(
        day=date(2026, 11, 14),
        id="older01",
        headline="星衡智能开发者大会下周举行，或将发布智能体平台",
        titles=("星衡智能开发者大会下周举行，或将发布智能体平台",),
        urls=("https://news.example/older",),
    )
    gemini.queue(answer(TRIAGE), answer(written()))
    make_editor(tmp_path).edit(STORIES, make_context(recent=(record,)))
    starweave = gemini.contents(1).split(f"<<<ARTICLE id={STARWEAVE.id}>>>", 1)[1].split("<<<END>>>", 1)[0]
    assert (
        "earlier reports (related, not today's news):\n  2026-11-14: 星衡智能开发者大会下周举行" in starweave
    )
    funding = gemini.contents(1).split(f"<<<BRIEF id={FUNDING.id}>>>", 1)[1].split("<<<END>>>", 1)[0]
    assert "earlier reports" not in funding
