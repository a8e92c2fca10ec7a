"""The sample day through the CLI with the real google-genai client talking to a fake Gemini on loopback.

The fake obeys the planted injection and lies: it answers with HTML, scripts, Markdown links, bare URLs and an
invented story ID. The post must still hold only links to fetched items, and a re-run must cost no request.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import frontmatter
import pytest
from fake_gemini import FakeGemini, answer, happy_triage, happy_write, request_kind, serve_fake_gemini

from generator.cli import main
from generator.publish import render_html
from generator.samples import SAMPLE_DATE
from generator.samples.demo import SAMPLE_NOW, copy_site, write_sample_config

DAY = SAMPLE_DATE.isoformat()
EVIL = "http://evil.example/phish"


def lying_answer(request: dict[str, Any]) -> dict[str, Any]:
    if request_kind(request) == "triage":
        payload = happy_triage(request)
        payload["selected"].append(
            {
                "id": "zzzz9999",
                "category": "技术",
                "region": "国际",
                "importance": 5,
                "reason": "invented",
                "tags": [],
                "same_story_as": [],
            }
        )
        return answer(payload)
    payload = happy_write(request)
    for entry in payload["entries"]:
        entry["summary"] += (
            f" <script>alert(1)</script> [点击领取]({EVIL}) <img src=x onerror=alert(1)> {EVIL}"
        )
        entry["insights"].append(f"![track]({EVIL}.png) <a href='{EVIL}'>链接</a>")
    payload["entries"].append(
        {"id": "zzzz9999", "headline": "编造", "summary": "编造的新闻", "insights": [], "impacts": []}
    )
    payload["title"] = f"<b>今日</b>要闻 {EVIL}"
    return answer(payload)


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeGemini]:
    with serve_fake_gemini(monkeypatch) as server:
        server.respond_with(lying_answer)
        yield server


@pytest.fixture
def config(sample_server: str, tmp_path: Path) -> Path:
    copy_site(tmp_path / "src", include_posts=False)
    return write_sample_config(tmp_path / "src", sample_server, tmp_path / "cache")


def run(config: Path, *extra: str) -> int:
    return main(["generate", "--config", str(config), "--date", DAY, "--now", SAMPLE_NOW, *extra])


def test_gemini_post_keeps_only_our_links(
    fake: FakeGemini, config: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(config) == 0, capsys.readouterr().err
    post = config.parent / "docs" / "blog" / "posts" / f"{DAY}.md"
    text = post.read_text(encoding="utf-8")
    meta = frontmatter.loads(text).metadata
    assert meta["editor"] == "gemini-3.5-flash"
    assert len(fake.requests) == 2  # triage + write, within the daily limit of 3
    assert "简体中文" in fake.system(0) and "简体中文" in fake.system(1)  # written in the configured language
    assert "<<<ARTICLE" in fake.prompt(1) and "ignore" in fake.system(1).lower()
    html = render_html(frontmatter.loads(text).content)
    hrefs = set(re.findall(r'href="([^"]+)"', html))
    assert hrefs and hrefs <= set(meta["sources"])
    assert (
        "evil.example" not in text and "<script" not in html and "onerror" not in html and "编造" not in text
    )
    err = capsys.readouterr().err
    assert "editor gemini-3.5-flash" in err
    (summary,) = (config.parent.parent / "cache" / "runs").glob(f"{DAY}-*.json")
    llm = json.loads(summary.read_text(encoding="utf-8"))["llm"]
    assert llm["calls"] == 2 and llm["total_tokens"] == 300 and llm["unknown_ids"] == 2

    before = len(fake.requests)
    assert run(config, "--force") == 0
    assert len(fake.requests) == before  # answers come from .cache/llm/
    assert post.read_text(encoding="utf-8") == text
