"""Cover drawing time and size."""

from __future__ import annotations

import time
from datetime import date

from generator.config_look import CoverSettings
from generator.post import find_font, render_cover

TITLE = "AI 日报｜星衡智能开源千亿参数模型，机器人公司完成新一轮融资"
SITE_URL = "https://example.github.io/ai-news-daily/"
HEADLINES = [
    "星衡智能开源千亿参数大模型",
    "Northwind Labs raises $200M to build AI chips",
    "生成式人工智能服务管理新规发布",
]


def run(quick: bool = False) -> dict[str, float]:
    find_font()  # font discovery is cached per process; measure drawing
    rounds = 5 if quick else 20
    started = time.perf_counter()
    for n in range(rounds):
        png = render_cover(
            date(2026, 11, 16 - n % 10), TITLE, HEADLINES, "AI 日报", CoverSettings(), site_url=SITE_URL
        )
    return {"cover_ms": (time.perf_counter() - started) * 1000 / rounds, "cover_kb": len(png) / 1024}
