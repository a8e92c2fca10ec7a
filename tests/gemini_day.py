"""A small news day for the Gemini editor's tests: six stories (two of them one event told in English and Chinese),
a triage and a write-up answer that a good model would give (its sentences cite their sources, issue 21 §1), and
helpers."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from generator.config import EditorSettings
from generator.editor import EditContext
from generator.editor.gemini import GeminiEditor
from generator.models import Article, Digest, FeedItem, Story

ZONE = ZoneInfo("Asia/Shanghai")
DAY = date(2026, 11, 16)
MODEL = "gemini-3.8-flash"
KEYWORDS = {
    "技术": ("模型", "芯片", "开源", "chip", "model"),
    "行业": ("政策", "新政", "监管", "policy"),
    "产业": ("融资", "投资", "funding"),
}


def make_story(
    story_id: str, title: str, text: str, *, source: str = "机器之心", language: str = "zh", hour: int = 1
) -> Story:
    item = FeedItem(
        id=story_id,
        source=source,
        title=title,
        url=f"https://news.example/{story_id}",
        published=datetime(2026, 11, 16, hour, tzinfo=ZONE),
        summary=text[:80],
        language=language,
        region="cn" if language == "zh" else "global",
        image=f"https://img.example/{story_id}.png",
    )
    return Story(articles=(Article(item=item, text=text, extracted=True),))


STARWEAVE = make_story(
    "a1a1a1a1",
    "星衡智能开源千亿参数大模型“星织2”",
    "星衡智能今天开源了千亿参数大模型星织2。该模型支持128K上下文。团队表示训练用了两万张GPU。",
)
AURORA_EN = make_story(
    "b2b2b2b2",
    "Northwind Labs unveils Aurora-3 inference chip",
    "Northwind Labs unveiled Aurora-3, an inference chip. It doubles throughput per watt. "
    "Shipments start next quarter.",
    source="Northwind",
    language="en",
)
AURORA_ZH = make_story(
    "c3c3c3c3",
    "Northwind发布Aurora-3推理芯片",
    "Northwind发布了Aurora-3推理芯片。每瓦吞吐量翻倍。",
    source="硅基观察",
)
VOUCHER = make_story(
    "d4d4d4d4", "海州市发布AI算力券新政", "海州市发布算力券新政。单家企业最高补贴500万元。新政明年一月实施。"
)
FUNDING = make_story("e5e5e5e5", "步行者机器人完成A轮融资", "步行者机器人完成两亿元A轮融资。资金用于量产。")
TIDEWATER = make_story(
    "f6f6f6f6",
    "Tidewater 7B tops the open leaderboard",
    "Tidewater 7B topped the open model leaderboard. It beats larger models on math.",
    source="Ledger",
    language="en",
)
STORIES = [STARWEAVE, AURORA_EN, AURORA_ZH, VOUCHER, FUNDING, TIDEWATER]


def pick(story: Story, category: str, region: str, importance: Any, reason: str, *tags: str, same=()) -> dict:
    return {
        "id": story.id,
        "category": category,
        "region": region,
        "importance": importance,
        "reason": reason,
        "tags": list(tags),
        "same_story_as": list(same),
    }


TRIAGE = {
    "selected": [
        pick(VOUCHER, "行业", "国内", 5, "地方算力补贴加码", "算力券", "政策"),
        pick(AURORA_EN, "技术类", "International", 9, "推理芯片能效翻倍", "芯片", same=[AURORA_ZH.id]),
        pick(STARWEAVE, "技术", "国内", 4, "国产大模型开源", "开源"),
        pick(FUNDING, "finance", "China", 0, "机器人融资"),
        pick(TIDEWATER, "技术", "国际", 3, "小模型登顶", "榜单"),
    ]
}
WRITE = {
    "title": {"ids": [VOUCHER.id, AURORA_EN.id], "text": "海州算力券新政与Aurora-3芯片"},
    "summary": [
        {"ids": [VOUCHER.id], "text": "海州发布算力券新政[1]"},
        {"ids": [AURORA_EN.id], "text": "Northwind发布Aurora-3推理芯片[1]"},
        {"ids": [STARWEAVE.id], "text": "星衡开源星织2[1]"},
    ],
    "tags": ["算力", "芯片"],
    "keywords": ["算力券", "Aurora-3", "星织2"],
    "description": {
        "ids": [VOUCHER.id, AURORA_EN.id, STARWEAVE.id],
        "text": "海州算力券新政、Aurora-3推理芯片与星织2开源。",
    },
    "entries": [
        {
            "id": VOUCHER.id,
            "headline": "海州发布AI算力券新政",
            "summary": "海州市发布算力券新政[1]。单家企业最高补贴500万元[1]。",
            "insights": ["地方政府以补贴降低算力成本[1]。"],
            "impacts": ["中小企业用算力更便宜[1]。"],
        },
        {
            "id": AURORA_EN.id,
            "headline": "Northwind发布Aurora-3推理芯片",
            "summary": "Aurora-3每瓦吞吐量翻倍[1]。下季度出货[1]。",
            "insights": ["推理芯片竞争转向能效[1]。"],
            "impacts": ["云厂商推理成本下降[1]。"],
        },
        {
            "id": STARWEAVE.id,
            "headline": "星衡开源千亿参数模型星织2",
            "summary": "星衡智能开源星织2，支持128K上下文[1]。",
            "insights": ["开源模型参数规模继续上升[1]。"],
            "impacts": ["开发者多一个可商用的大模型[1]。"],
        },
    ],
    "briefs": [
        {"id": TIDEWATER.id, "text": "Tidewater 7B登顶开源榜单"},
        {"id": FUNDING.id, "text": "步行者机器人获A轮融资"},
    ],
}


def make_context(**changes: Any) -> EditContext:
    values: dict[str, Any] = {
        "day": DAY,
        "window_end": datetime(2026, 11, 16, 8, tzinfo=ZONE),
        "language": "zh",
        "categories": ("技术", "行业", "产业"),
        "category_keywords": KEYWORDS,
        "topic_keywords": ("AI", "大模型", "芯片"),
        "max_entries": 3,
        "max_briefs": 2,
        "items_read": 42,
        "title_prefix": "AI 日报",
        "base_tags": ("AI", "AI 日报"),
        "notes": ("a note",),
        **changes,
    }
    return EditContext(**values)


class FakeClock:
    """Monotonic seconds that move only when the code sleeps: `sleeps` lists every wait it asked for."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


def make_editor(tmp_path: Path, clock: FakeClock | None = None, **settings: Any) -> GeminiEditor:
    """A GeminiEditor on the test's settings (no fallback model unless given), its cache under `tmp_path`, its
    waits on `clock` (a new FakeClock by default: nothing really waits)."""
    settings.setdefault("fallback_models", ())
    clock = clock or FakeClock()
    return GeminiEditor(
        EditorSettings(**settings), "zh", tmp_path / "llm", api_key="test-key", sleep=clock.sleep, clock=clock
    )


def texts_of(digest: Digest) -> list[str]:
    """Every string of the digest that came (or may come) from the model."""
    texts = [digest.title, digest.description, *digest.summary, *digest.tags, *digest.keywords]
    for e in digest.entries:
        texts += [e.headline, e.summary, e.reason, e.category, e.region, *e.insights, *e.impacts, *e.tags]
    return texts + [b.text for b in digest.briefs]


def assert_our_records(digest: Digest, stories: list[Story] = STORIES) -> None:
    """Every article in the digest is one of ours, the very object."""
    ours = {a.item.url: a for s in stories for a in s.articles}
    for story in digest.stories:
        for article in story.articles:
            assert ours[article.item.url] is article
