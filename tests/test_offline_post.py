"""What an offline post says about itself in every layout, and the briefing layout's sections for the shared
category vocabulary."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import builders
import lxml.html
import pytest

from generator.config import load_settings
from generator.models import Digest, Entry, Story
from generator.post.render import LAYOUTS, MORE, Renderer
from generator.site.publish import render_html

ZONE = ZoneInfo("Asia/Shanghai")
SETTINGS = load_settings()
NOTE = "本期由离线编辑整理：摘要摘录自各来源原文，未经大模型解读。"


def story(n: int, title: str) -> Story:
    return builders.story(
        builders.article(
            title,
            id=f"note{n:04d}",
            source=f"源{n}",
            url=f"https://example.com/{n}",
            text="正文。",
            extracted=False,
            published=datetime(2026, 11, 15, n, tzinfo=UTC),
        )
    )


ENTRIES = (
    Entry(story(1, "星织2开源"), "星衡智能开源千亿参数大模型“星织2”", "摘要一。", "模型与研究"),
    Entry(story(2, "屿算X2"), "芯屿科技发布新一代AI训练芯片“屿算X2”", "摘要二。", "算力与芯片"),
    Entry(story(3, "坐席"), "多家银行试点大模型智能坐席", "摘要三。", "产品与应用"),
    Entry(story(4, "算力券"), "海州市发布AI算力券新政", "摘要四。", "政策与安全"),
    Entry(story(5, "融资"), "Lumenary Robotics 完成3亿美元C轮融资", "摘要五。", "资本与商业"),
)


def digest(editor: str) -> Digest:
    return Digest(
        day=date(2026, 11, 16),
        title="AI 日报｜星衡智能开源千亿参数大模型“星织2”",
        summary=tuple(e.headline for e in ENTRIES),
        entries=ENTRIES,
        briefs=(),
        tags=("AI",),
        keywords=("AI",),
        description="d",
        editor=editor,
        items_read=10,
        categories=SETTINGS.editor.categories,
    )


def render(layout: str, editor: str) -> str:
    return Renderer(layout, ZONE).render_body(
        digest(editor),
        "../../assets/covers/2026-11-16.png",
        options=SETTINGS.layouts.of(layout),
        generated=None,
        site_name="AI 日报",
        extra={"leaderboard": None},
    )


@pytest.mark.parametrize("layout", LAYOUTS)
def test_an_offline_post_says_it_is_an_extractive_digest(layout: str) -> None:
    body = render(layout, "offline")
    assert body.count(NOTE) == 1
    # Near the top: in the excerpt on the home page and in the feeds.
    assert body.index(NOTE) < body.index(MORE)
    page = lxml.html.fragment_fromstring(render_html(body), create_parent="div")
    (paragraph,) = [p for p in page.iter("p") if NOTE in p.text_content()]
    assert paragraph.get("data-search-exclude") is not None  # the same every day: not in the search index


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("editor", ["gemini-3.8-flash", "gemini-3.8-flash+offline"])
def test_a_model_written_post_has_no_offline_note(layout: str, editor: str) -> None:
    body = render(layout, editor)
    assert NOTE not in body and "未经大模型解读" not in body
    # the closing line names who wrote it: the model, and the offline editor only when it wrote some of it
    assert ("离线编辑" in body) == editor.endswith("+offline")


def test_briefing_puts_several_categories_under_one_fixed_heading() -> None:
    body = render("briefing", "offline")
    headings = re.findall(r"^### (.+?)(?: \{ data-search-exclude \})?$", body, re.M)
    assert headings == ["技术底座", "行业动态", "产业商业"]
    items = re.findall(r"^#### (\d+)\. \*\*(.+)\*\* \{ #s-[0-9a-z]+ \}$", body, re.M)
    assert items == [
        ("1", "星衡智能开源千亿参数大模型“星织2”"),
        ("2", "芯屿科技发布新一代AI训练芯片“屿算X2”"),  # 算力与芯片, under 技术底座 too
        ("1", "多家银行试点大模型智能坐席"),
        ("2", "海州市发布AI算力券新政"),  # 政策与安全, under 行业动态 too
        ("1", "Lumenary Robotics 完成3亿美元C轮融资"),
    ]


def test_insight_sections_are_the_categories_in_their_order() -> None:
    body = render("insight", "offline")
    assert re.findall(r"^## (\S+) \{ data-search-exclude \}$", body, re.M) == list(SETTINGS.editor.categories)


def test_an_unmapped_category_is_its_own_briefing_heading() -> None:
    odd = replace(ENTRIES[0], category="其他")
    body = Renderer("briefing", ZONE).render_body(
        replace(digest("offline"), entries=(odd, *ENTRIES[1:])),
        "../../assets/covers/2026-11-16.png",
        options=SETTINGS.layouts.of("briefing"),
        generated=None,
        site_name="AI 日报",
    )
    assert re.findall(r"^### (\S+)", body, re.M) == ["技术底座", "行业动态", "产业商业", "其他"]
