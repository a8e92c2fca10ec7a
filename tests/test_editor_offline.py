"""The offline editor: deterministic ranking, keyword categories, extractive summaries."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import builders
import pytest

from generator.config import load_settings
from generator.editor import EditContext
from generator.editor.lead import TITLE_CHARS, TITLE_COLUMNS, compose_title
from generator.editor.offline import (
    SUMMARY_CHARS,
    OfflineEditor,
    inverse_document_frequency,
    strip_brand,
    summarize,
    tokenize,
)
from generator.models import Article, Story
from generator.text import display_width, split_sentences

ZONE = ZoneInfo("Asia/Shanghai")
END = datetime(2026, 11, 16, 8, tzinfo=ZONE)
EDITOR = load_settings().editor  # the shipped vocabulary: categories, their keywords, the AI topic words
CATEGORIES = EDITOR.categories
RULES = EDITOR.category_keywords

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
    topic: str = "ai",
) -> Story:
    return builders.story(
        *(
            builders.article(
                title,
                id=f"{story_id[:7]}{i}",
                source=source,
                url=f"https://news.example/{story_id}/{i}",
                text=text,
                extracted=True,
                published=END - timedelta(hours=hours_ago),
                language=language,
                region=region,
                weight=weight,
                topic=topic,
            )
            for i, source in enumerate(sources)
        )
    )


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


def make_context(max_entries: int = 3, max_briefs: int = 5, language: str = "zh") -> EditContext:
    return EditContext(
        day=date(2026, 11, 16),
        window_end=END,
        language=language,
        categories=CATEGORIES,
        category_keywords=RULES,
        topic_keywords=EDITOR.topic_keywords,
        topic_hints=EDITOR.topic_hints,
        max_entries=max_entries,
        max_briefs=max_briefs,
        items_read=30,
        title_prefix="AI 日报",
        base_tags=("AI", "AI 日报"),
        notes=("sample",),
    )


OFF_TOPIC = make_story(
    "fffa0000",
    "Craig Venter has died",
    "A genomics pioneer.",
    language="en",
    region="global",
    topic="general",
)


def test_same_input_same_digest() -> None:
    editor = OfflineEditor()
    first = editor.edit([*STORIES, OFF_TOPIC], make_context())
    assert editor.edit([*STORIES, OFF_TOPIC], make_context()) == first
    assert OfflineEditor().edit(list(reversed([*STORIES, OFF_TOPIC])), make_context()) == first


def test_digest_fields() -> None:
    digest = OfflineEditor().edit(STORIES, make_context(max_entries=2, max_briefs=1))
    assert digest.editor == "offline"
    assert len(digest.entries) == 2 and len(digest.briefs) == 1
    assert (digest.items_read, digest.categories, digest.notes) == (30, CATEGORIES, ("sample",))
    assert digest.tags[:2] == ("AI", "AI 日报") and digest.keywords[:2] == ("AI", "AI 日报")
    assert len(digest.description) <= 160
    brief = digest.briefs[0]
    assert brief.story is AURORA  # told only in English: its Chinese frame, then the original headline
    assert brief.text == f"Northwind Labs发布Aurora-3。原文标题：“{AURORA.title}”"


def test_ranking_prefers_more_sources_and_recent_stories() -> None:
    digest = OfflineEditor().edit(STORIES, make_context(max_entries=4))
    assert digest.entries[0].story is VOUCHER  # two sources, recent, topic keywords
    fresh = make_story("eeee0001", "某AI公司完成融资", "某AI公司完成融资。", hours_ago=1)
    stale = make_story("eeee0002", "另一AI公司完成融资", "另一AI公司完成融资。", hours_ago=40)
    digest = OfflineEditor().edit([stale, fresh], make_context())
    assert [e.story for e in digest.entries] == [fresh, stale]


# --- off-topic stories ----------------------------------------------------------------------------------------


def test_off_topic_stories_are_left_out_and_counted() -> None:
    goblins = make_story(
        "fffb0000", "Where the goblins came from", "", language="en", region="global", topic="general"
    )
    mistral = make_story(
        "fffc0000",
        "Mistral releases 24B open-weights model",
        "",
        language="en",
        region="global",
        topic="general",
    )
    digest = OfflineEditor().edit([*STORIES, OFF_TOPIC, goblins, mistral], make_context(max_entries=3))
    kept = {s.id for s in digest.stories}
    assert OFF_TOPIC.id not in kept and goblins.id not in kept and mistral.id in kept
    assert digest.stories_kept == len(STORIES) + 1
    assert digest.notes == (
        "sample",
        "2 off-topic stories left out (AI relevance): “Craig Venter has died”; “Where the goblins came from”",
    )


# --- headlines in the site language ---------------------------------------------------------------------------


def article(n: int, title: str, text: str, language: str, *, extracted: bool = True) -> Article:
    return builders.article(
        title,
        id=f"mixd000{n}",
        source=f"来源{n}",
        url=f"https://news.example/mixed/{n}",
        text=text,
        extracted=extracted,
        published=END - timedelta(hours=1),
        language=language,
        region="global" if language == "en" else "cn",
        weight=1.5,
    )


AURORA_ZH_TEXT = (
    "Northwind Labs发布了面向大模型推理的Aurora-3芯片。该公司称其每瓦吞吐量是上一代的两倍。"
    "首批芯片将于下季度交付云服务客户。"
)
MIXED = Story(
    articles=(
        article(1, "Northwind Labs unveils Aurora-3 inference chip", ENGLISH_TEXT, "en"),
        article(2, "Northwind Labs发布Aurora-3推理芯片，能效提升一倍", AURORA_ZH_TEXT, "zh"),
    )
)


def test_a_story_is_written_in_the_site_language_when_one_of_its_articles_is() -> None:
    entry = OfflineEditor().edit([MIXED, VOUCHER], make_context()).entries[0]
    assert entry.story is MIXED and entry.story.url == MIXED.articles[0].item.url  # links as before
    assert entry.headline == "Northwind Labs发布Aurora-3推理芯片，能效提升一倍"
    assert all(s in AURORA_ZH_TEXT for s in split_sentences(entry.summary))
    assert entry.category == "算力与芯片"


def test_the_summary_keeps_the_primary_text_when_the_local_article_has_no_page() -> None:
    story = Story(
        articles=(
            MIXED.articles[0],
            article(2, "Northwind Labs发布Aurora-3推理芯片", "一句话摘要。", "zh", extracted=False),
        )
    )
    entry = OfflineEditor().edit([story], make_context()).entries[0]
    assert entry.headline == "Northwind Labs发布Aurora-3推理芯片"
    # A Chinese post takes its summary from Chinese text only: the Chinese feed summary, not the English page.
    assert entry.summary == "一句话摘要。"
    bare = Story(articles=(MIXED.articles[0], article(3, "Northwind Labs发布Aurora-3推理芯片", "", "zh")))
    entry = OfflineEditor().edit([bare], make_context()).entries[0]
    assert entry.summary == (
        "来源1报道：Northwind Labs发布Aurora-3。原文标题：“Northwind Labs unveils Aurora-3 inference chip”。"
    )


def test_briefs_use_the_site_language_too() -> None:
    digest = OfflineEditor().edit([VOUCHER, MIXED], make_context(max_entries=0))
    assert [b.text for b in digest.briefs] == [
        "Northwind Labs发布Aurora-3推理芯片，能效提升一倍",
        VOUCHER.title,
    ]


# --- the title ------------------------------------------------------------------------------------------------


def test_title_prefers_chinese_headlines() -> None:
    aurora = make_story(
        "bbbb1000",
        AURORA.title,
        ENGLISH_TEXT,
        sources=("Northwind", "Ledger", "Wire"),
        language="en",
        region="global",
    )
    digest = OfflineEditor().edit([VOUCHER, aurora, FUNDING, COURSES], make_context())
    assert [e.story for e in digest.entries[:2]] == [VOUCHER, aurora]
    # The second story is English only: the title takes the best-ranked Chinese one after it, not its frame.
    assert digest.title == "AI 日报｜海州市发布AI算力券新政、多所高校开设大模型课程"
    # The bullets lead with the stories the title does not name.
    assert digest.summary[:2] == ("Northwind Labs发布Aurora-3", FUNDING.title)


def test_stories_told_in_the_site_language_rank_higher() -> None:
    digest = OfflineEditor().edit(STORIES, make_context(max_entries=4))
    # Without the bonus AURORA (a fresher English story) would come before COURSES.
    assert [e.story for e in digest.entries] == [VOUCHER, COURSES, AURORA, FUNDING]


@pytest.mark.parametrize(
    ("headlines", "title"),
    [
        # Two short heads (first clauses) when both fit.
        (
            [
                "海州市发布AI算力券新政 单家企业最高补贴500万元",
                "星衡智能开源千亿参数大模型“星织2”，支持128K上下文",
            ],
            "AI 日报｜海州市发布AI算力券新政、星衡智能开源千亿参数大模型“星织2”",
        ),
        # The second does not fit whole: one.
        (
            [
                "星衡智能开源千亿参数大模型“星织2”",
                "芯屿科技发布新一代面向大模型训练与推理的国产训练芯片“屿算X2”",
            ],
            "AI 日报｜星衡智能开源千亿参数大模型“星织2”",
        ),
        # Chinese headlines first, English ones only when there is no Chinese one.
        (
            ["Northwind Labs unveils Aurora-3 inference chip", "芯屿科技发布新一代AI训练芯片“屿算X2”"],
            "AI 日报｜芯屿科技发布新一代AI训练芯片“屿算X2”",
        ),
        (
            ["Northwind Labs unveils Aurora-3 inference chip", "Lumenary Robotics raises $300M Series C"],
            "AI 日报｜Northwind Labs unveils Aurora-3 inference chip",
        ),
        # A label before a colon says nothing: what follows it.
        (
            ["Paper: load-aware sparse routing cuts mixture-of-experts cost"],
            "AI 日报｜load-aware sparse routing cuts mixture-of-experts cost",
        ),
        # Too long: its leading whole clauses.
        (
            [
                "国产芯片企业芯屿科技今天在深圳发布面向大模型训练与推理的新一代训练芯片，并宣布兼容主流深度学习框架"
            ],
            "AI 日报｜国产芯片企业芯屿科技今天在深圳发布面向大模型训练与推理的新一代训练芯片",
        ),
        ([], "AI 日报"),
    ],
)
def test_compose_title(headlines: list[str], title: str) -> None:
    composed, named = compose_title("AI 日报", headlines, "zh")
    assert composed == title
    assert len(composed) <= TITLE_CHARS and display_width(composed) <= TITLE_COLUMNS
    assert len(named) == composed.count("、") + (1 if headlines else 0)


@pytest.mark.parametrize(
    "headline",
    [
        "Lumenary Robotics raises three hundred million dollars to scale humanoid robots in warehouses",
        "国产芯片企业芯屿科技今天在深圳发布面向大模型训练与推理的新一代训练芯片并宣布兼容主流深度学习框架",
    ],
)
def test_a_title_is_never_cut(headline: str) -> None:
    # No clause fits: the whole headline, wider than the room, rather than a cut one.
    assert compose_title("AI 日报", [headline], "zh") == (f"AI 日报｜{headline}", (0,))


def test_title_never_repeats_the_brand() -> None:
    roundup = make_story(
        "gggg0000",
        "AI日报：DeepSeek识图模式灰测；小红书成立AI一级部门",
        "DeepSeek识图模式开始灰度测试。小红书成立AI一级部门。",
        sources=("AIbase", "机器之心", "量子位"),
        hours_ago=1,
    )
    digest = OfflineEditor().edit([roundup, VOUCHER], make_context())
    assert digest.entries[0].story is roundup
    assert digest.title == "AI 日报｜DeepSeek识图模式灰测、海州市发布AI算力券新政"
    assert digest.entries[0].headline == "DeepSeek识图模式灰测；小红书成立AI一级部门"
    assert "日报" not in digest.description


@pytest.mark.parametrize(
    ("headline", "stripped"),
    [
        ("AI日报：DeepSeek识图模式灰测", "DeepSeek识图模式灰测"),
        ("【AI 日报】11月16日｜星织2开源", "星织2开源"),
        ("ai日报 2026-11-16: Aurora-3", "Aurora-3"),
        ("Aurora-3 发布 | AI日报", "Aurora-3 发布"),
        ("AI日报", ""),
        (
            "日报显示AI日报订阅增长",
            "日报显示AI日报订阅增长",
        ),  # not at either end: a headline about something else
    ],
)
def test_strip_brand(headline: str, stripped: str) -> None:
    assert strip_brand(headline, ("AI 日报",)) == stripped


def test_description_is_cut_between_headlines() -> None:
    stories = [
        make_story(
            f"hhhh000{n}", f"第{n}家公司发布新一代面向大模型训练与推理的国产AI芯片并宣布量产计划", "正文。"
        )
        for n in range(8)
    ]
    digest = OfflineEditor().edit(stories, make_context(max_entries=8))
    joined = "；".join(e.headline for e in digest.entries)
    assert len(digest.description) <= 160 and not digest.description.endswith("…")
    assert joined.startswith(digest.description + "；")  # whole headlines only, no ellipsis


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
    assert entry.headline == VOUCHER.title and entry.region == "国内" and entry.category == "政策与安全"
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


def test_an_english_only_story_gets_a_chinese_frame() -> None:
    digest = OfflineEditor().edit(STORIES, make_context())
    entry = next(e for e in digest.entries if e.story is AURORA)
    assert entry.headline == "Northwind Labs发布Aurora-3"
    assert entry.summary == f"Northwind报道：Northwind Labs发布Aurora-3。原文标题：“{AURORA.title}”。"
    assert entry.region == "国际" and entry.category == "算力与芯片"


def test_english_summary_by_words() -> None:
    digest = OfflineEditor().edit(STORIES, make_context(language="en"))
    entry = next(e for e in digest.entries if e.story is AURORA)
    assert entry.region == "国际" and entry.category == "算力与芯片"
    assert len(entry.summary) <= SUMMARY_CHARS
    sentences = split_sentences(entry.summary)
    assert all(s in ENGLISH_TEXT for s in sentences)
    assert "  " not in entry.summary and entry.summary.startswith("Northwind Labs unveiled Aurora-3")


def test_a_summary_never_cuts_a_sentence() -> None:
    # One sentence (no sentence end) more than twice the room: no summary rather than a cut one.
    assert summarize(" ".join(f"word{i}" for i in range(80)), {}) == ""
    # Longer than the room, but not twice: whole.
    long = "Northwind Labs says its new chip " + "runs models quickly and " * 8 + "ships soon."
    assert summarize(long, {}) == long


@pytest.mark.parametrize(
    ("text", "summary"),
    [
        # "这种设计" needs the sentence before it: both, or neither.
        (
            "Northwind Labs发布了Aurora-3芯片，每瓦性能提升一倍。Aurora-3集成了大容量片上缓存。"
            "Northwind Labs表示，这种设计可以减少对外部内存的访问。",
            "Northwind Labs发布了Aurora-3芯片，每瓦性能提升一倍。Aurora-3集成了大容量片上缓存。"
            "Northwind Labs表示，这种设计可以减少对外部内存的访问。",
        ),
        (
            "该公司表示将继续投入研发。海州市发布算力券新政，单家企业最高补贴500万元。",
            "海州市发布算力券新政，单家企业最高补贴500万元。",
        ),
        (
            "It doubles throughput per watt. Northwind Labs unveiled Aurora-3 on Sunday.",
            "Northwind Labs unveiled Aurora-3 on Sunday.",
        ),
    ],
)
def test_extracted_sentences_stand_on_their_own(text: str, summary: str) -> None:
    assert summarize(text, inverse_document_frequency([text])) == summary


def test_tokenize() -> None:
    assert tokenize("The Aurora-3 chip is built for LLMs") == ["aurora-3", "chip", "built", "llms"]
    tokens = tokenize("海州市发布AI算力券新政")
    assert "ai" in tokens and all(len(t) > 1 for t in tokens)
    assert not re.search(r"[，。]", "".join(tokens))
