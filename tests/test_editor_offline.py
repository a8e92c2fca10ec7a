"""The offline editor: deterministic ranking, keyword categories, extractive summaries."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from generator.editor import EditContext
from generator.editor.offline import (
    SUMMARY_CHARS,
    OfflineEditor,
    inverse_document_frequency,
    summarize,
    tokenize,
)
from generator.editor.ranking import categorize
from generator.models import Article, FeedItem, Story
from generator.text import split_sentences

ZONE = ZoneInfo("Asia/Shanghai")
END = datetime(2026, 11, 16, 8, tzinfo=ZONE)
CATEGORIES = ("技术", "行业", "产业")
RULES = {
    "技术": ("模型", "芯片", "开源", "model", "chip"),
    "行业": ("政策", "新政", "监管", "policy"),
    "产业": ("融资", "投资", "收购", "funding"),
}

VOUCHER_TEXT = (
    "海州市发布AI算力券新政\n\n"
    "海州市经济和信息化局今天发布算力券新政，面向本地人工智能企业发放算力补贴。"
    "单家企业每年最高可获得500万元补贴，用于购买智能算力和模型训练服务。"
    "新政将于明年一月起实施，首批额度共计两亿元。"
    "业内人士认为，这一政策将降低中小企业使用大模型的门槛。"
    "此前已有多个城市推出类似政策，但补贴上限普遍低于海州。"
    "海州市还计划建设两个公共算力中心，总规模达到五千卡。"
)
ENGLISH_TEXT = (
    "Northwind Labs unveiled Aurora-3, an inference chip built for large language models. "
    "The company says the chip doubles throughput per watt compared with Aurora-2. "
    "Shipments to cloud customers start next quarter, with volume production later in the year. "
    "Analysts expect the chip to compete with established accelerators in the inference market. "
    "Northwind did not disclose pricing for the new part."
)


def make_story(
    story_id: str,
    title: str,
    text: str,
    *,
    sources: tuple[str, ...] = ("机器之心",),
    hours_ago: float = 2,
    language: str = "zh",
    region: str = "cn",
    weight: float = 1.0,
) -> Story:
    articles = tuple(
        Article(
            item=FeedItem(
                id=f"{story_id[:7]}{i}",
                source=source,
                title=title,
                url=f"https://news.example/{story_id}/{i}",
                published=END - timedelta(hours=hours_ago),
                language=language,
                region=region,
                weight=weight,
            ),
            text=text,
            extracted=True,
        )
        for i, source in enumerate(sources)
    )
    return Story(articles=articles)


VOUCHER = make_story("aaaa0000", "海州市发布AI算力券新政", VOUCHER_TEXT, sources=("机器之心", "硅基观察"))
AURORA = make_story(
    "bbbb0000",
    "Northwind Labs unveils Aurora-3 inference chip",
    ENGLISH_TEXT,
    sources=("Northwind",),
    language="en",
    region="global",
)
FUNDING = make_story(
    "cccc0000",
    "步行者机器人完成两亿元A轮融资",
    "步行者机器人完成两亿元A轮融资，由多家机构投资。资金将用于量产。",
    hours_ago=20,
)
COURSES = make_story(
    "dddd0000",
    "多所高校开设大模型课程",
    "多所高校本学期开设大模型相关课程。课程覆盖原理与应用。",
    hours_ago=30,
)
STORIES = [VOUCHER, AURORA, FUNDING, COURSES]


def make_context(max_entries: int = 3, max_briefs: int = 5) -> EditContext:
    return EditContext(
        day=date(2026, 11, 16),
        window_end=END,
        language="zh",
        categories=CATEGORIES,
        category_keywords=RULES,
        topic_keywords=("AI", "大模型", "芯片"),
        max_entries=max_entries,
        max_briefs=max_briefs,
        items_read=30,
        title_prefix="AI 日报",
        base_tags=("AI", "AI 日报"),
        notes=("sample",),
    )


def test_same_input_same_digest() -> None:
    editor = OfflineEditor()
    first = editor.edit(STORIES, make_context())
    assert editor.edit(STORIES, make_context()) == first
    assert OfflineEditor().edit(list(reversed(STORIES)), make_context()) == first


def test_digest_fields() -> None:
    digest = OfflineEditor().edit(STORIES, make_context(max_entries=2, max_briefs=1))
    assert digest.editor == "offline"
    assert len(digest.entries) == 2 and len(digest.briefs) == 1
    assert (digest.items_read, digest.categories, digest.notes) == (30, CATEGORIES, ("sample",))
    assert digest.tags[:2] == ("AI", "AI 日报") and digest.keywords[:2] == ("AI", "AI 日报")
    assert len(digest.description) <= 160
    brief = digest.briefs[0]
    assert brief.text == brief.story.title


def test_ranking_prefers_more_sources_and_recent_stories() -> None:
    digest = OfflineEditor().edit(STORIES, make_context(max_entries=4))
    assert digest.entries[0].story is VOUCHER  # two sources, recent, topic keywords
    fresh = make_story("eeee0001", "某公司完成融资", "某公司完成融资。", hours_ago=1)
    stale = make_story("eeee0002", "另一公司完成融资", "另一公司完成融资。", hours_ago=40)
    digest = OfflineEditor().edit([stale, fresh], make_context())
    assert [e.story for e in digest.entries] == [fresh, stale]


def test_title_from_the_top_stories() -> None:
    digest = OfflineEditor().edit(STORIES, make_context())
    assert [e.story for e in digest.entries[:2]] == [VOUCHER, AURORA]
    assert (
        digest.title == "AI 日报｜海州市发布AI算力券新政、Northwind Labs unveils Aurora-3…"
    )  # short heads of the top two
    assert digest.summary[:2] == (VOUCHER.title, AURORA.title)


def test_title_keeps_short_heads_of_long_headlines() -> None:
    long = make_story(
        "eeee0000",
        "星衡智能开源千亿参数大模型“星织2”，支持128K上下文并提供商用授权",
        VOUCHER_TEXT,
        hours_ago=1,
        sources=("机器之心", "量子位", "硅基观察"),
    )
    digest = OfflineEditor().edit([long, FUNDING], make_context())
    assert digest.entries[0].story is long
    assert digest.title.startswith("AI 日报｜星衡智能开源千亿参数大模型“星织2”、")
    assert len(digest.title) <= 60


@pytest.mark.parametrize(
    ("title", "text", "expected"),
    [
        ("某公司发布新一代推理芯片", "", "技术"),
        ("工信部发布新政", "政策将于明年实施。", "行业"),
        ("某机器人公司完成融资", "本轮投资由多家机构参与。", "产业"),
        ("Startup raises funding for chip design", "The funding round was led by investors.", "产业"),
        ("今日天气晴朗", "没有任何关键词。", "行业"),  # no hit: the middle category
    ],
)
def test_categories_from_keywords(title: str, text: str, expected: str) -> None:
    assert categorize(make_story("ffff0000", title, text), CATEGORIES, RULES) == expected


def test_title_hits_outweigh_text_hits() -> None:
    story = make_story("ffff0001", "某公司完成融资", "该公司的模型在开源社区很受欢迎。")
    assert categorize(story, CATEGORIES, RULES) == "产业"


def test_chinese_summary_is_sentences_from_the_text() -> None:
    digest = OfflineEditor().edit(STORIES, make_context())
    entry = next(e for e in digest.entries if e.story is VOUCHER)
    assert 0 < len(entry.summary) <= SUMMARY_CHARS
    assert not entry.summary.startswith(
        VOUCHER.title
    )  # the repeated headline is not a sentence of the summary
    sentences = split_sentences(entry.summary)
    assert 1 <= len(sentences) <= 3
    assert all(s in VOUCHER_TEXT for s in sentences)
    assert entry.headline == VOUCHER.title and entry.region == "国内" and entry.category == "行业"
    assert entry.reason == "多家来源报道" and entry.importance == 4


def test_summary_fits_the_limit_with_long_sentences() -> None:
    text = (
        "。".join(
            f"第{i}句话讲的是一个非常重要而且需要很多字才能说清楚的大模型行业事实和它背后的原因"
            for i in range(20)
        )
        + "。"
    )
    summary = summarize(text, inverse_document_frequency([text]))
    assert 0 < len(summary) <= SUMMARY_CHARS


def test_english_summary_by_words() -> None:
    digest = OfflineEditor().edit(STORIES, make_context())
    entry = next(e for e in digest.entries if e.story is AURORA)
    assert entry.region == "国际" and entry.category == "技术"
    assert len(entry.summary) <= SUMMARY_CHARS
    sentences = split_sentences(entry.summary)
    assert all(s in ENGLISH_TEXT for s in sentences)
    assert "  " not in entry.summary and entry.summary.startswith("Northwind Labs unveiled Aurora-3")


def test_english_text_without_sentence_ends_is_cut_at_a_word() -> None:
    words = [f"word{i}" for i in range(80)]
    text = " ".join(words)
    summary = summarize(text, {})
    assert len(summary) <= SUMMARY_CHARS and summary.endswith("…")
    assert all(word in words for word in summary.removesuffix("…").split())


def test_tokenize() -> None:
    assert tokenize("The Aurora-3 chip is built for LLMs") == ["aurora-3", "chip", "built", "llms"]
    tokens = tokenize("海州市发布AI算力券新政")
    assert "ai" in tokens and all(len(t) > 1 for t in tokens)
    assert not re.search(r"[，。]", "".join(tokens))
