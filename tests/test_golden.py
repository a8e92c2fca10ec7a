"""Golden files for every output besides the default daily post (tests/test_end_to_end.py has that one): the sample
day in each other layout, the weekly issue of a hand-written week, the 信源状态 page, the sources' OPML file and the
Telegram caption, each compared with its file under tests/expected/. After a deliberate change, regenerate them all:

    UPDATE_EXPECTED=1 scripts/test tests/test_golden.py tests/test_end_to_end.py

and review the diff (Pelican's golden tree, one command).
"""

from __future__ import annotations

import contextlib
import io
import os
import re
from datetime import date
from pathlib import Path

import pytest
from weekly_posts import record, write_daily

from generator.channels.announce import announcement_of
from generator.channels.telegram import CAPTION_LIMIT, compose
from generator.cli import main
from generator.config import load_settings
from generator.post import LAYOUTS
from generator.samples import SAMPLE_DATE
from generator.samples.demo import SAMPLE_NOW, copy_site, write_sample_config
from generator.site import SiteLayout, load_posts, load_site
from generator.site.pages import render_opml, render_status_page

EXPECTED = Path(__file__).parent / "expected"
DAY = SAMPLE_DATE.isoformat()


def compare(text: str, name: str) -> None:
    """`text` against tests/expected/`name` (written instead, with UPDATE_EXPECTED set)."""
    expected = EXPECTED / name
    if os.environ.get("UPDATE_EXPECTED"):
        expected.write_text(text, encoding="utf-8")
    assert text == expected.read_text(encoding="utf-8"), f"{name} differs (see the module docstring)"


def normalized(text: str, base_url: str) -> str:
    """The sample server's random port and the story ids made from it, as placeholders (as test_end_to_end)."""
    text = text.replace(base_url, "{{BASE}}")
    text = re.sub(r"^(\s*- id: )'?[0-9a-f]{8}'?$", r"\1{{ID}}", text, flags=re.M)
    text = re.sub(r"\{ #s-[0-9a-f]{8} \}", "{ #s-{{ID}} }", text)  # the stories' anchors: made of the ids
    return re.sub(r'"id": "[0-9a-f]{8}"', '"id": "{{ID}}"', text)


def generate(root: Path, sample_server: str, extra: dict | None = None) -> Path:
    """The sample day through the real CLI into a copy of the site; returns the config."""
    copy_site(root / "src", include_posts=False)
    config = write_sample_config(root / "src", sample_server, root / "cache", extra)
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()) as err:
        code = main(["generate", "--config", str(config), "--date", DAY, "--now", SAMPLE_NOW])
    assert code == 0, err.getvalue()
    return config


@pytest.mark.parametrize("layout", [name for name in LAYOUTS if name != "insight"])
def test_each_layout_matches_its_golden_post(layout: str, sample_server: str, tmp_path: Path) -> None:
    config = generate(tmp_path, sample_server, {"layout": layout})
    posts = config.parent / "docs" / "blog" / "posts"
    compare(normalized((posts / f"{DAY}.md").read_text("utf-8"), sample_server), f"{DAY}.{layout}.md")


def test_the_telegram_caption_and_the_opml_file_match_their_golden_files(
    sample_server: str, tmp_path: Path
) -> None:
    config = generate(tmp_path, sample_server)
    settings = load_settings(config)
    site = load_site(settings.paths.mkdocs)
    layout = SiteLayout.of(settings.paths.docs, site)
    (post,) = load_posts(layout)
    caption = compose(announcement_of(post, layout, site), CAPTION_LIMIT)
    compare(normalized(caption.html, sample_server) + "\n", f"{DAY}.caption.html")
    compare(
        normalized(render_opml(settings.sources, site.name).decode("utf-8"), sample_server), "sources.opml"
    )


def test_the_status_page_matches_its_golden_file() -> None:
    """From a fixed run summary (a real one's latencies differ from run to run): the latest post, who wrote it,
    what degraded the day, and the sources' table, failures first."""
    summary = {
        "date": "2026-11-16",
        "started": "2026-11-16T08:20:00+08:00",
        "editor": "gemini-3.8-flash+offline",
        "post": "https://example.github.io/ai-news-daily/2026/11/16/ai-daily-2026-11-16/",
        "title": "AI 日报｜星衡智能开源千亿参数大模型“星织2”",
        "owner_action": None,
        "degradations": [
            {"kind": "editor", "message": "1 of 8 write-ups written offline: blocked (SAFETY)"},
            {"kind": "sources", "message": "1 of 3 sources failed: Frontier Wire (HTTP 404)"},
        ],
        "sources": [
            {
                "name": "硅基日报",
                "status": "ok",
                "items": 7,
                "latency_s": 0.21,
                "newest": "2026-11-16T07:30:00+08:00",
            },
            {"name": "Frontier Wire", "status": "failed", "items": 0, "latency_s": 0.05, "error": "HTTP 404"},
            {"name": "The Gradient Ledger", "status": "not-modified", "items": 0, "latency_s": 0.1},
        ],
    }
    compare(render_status_page(summary, load_settings(None).zone), "status.md")


def test_the_weekly_issue_matches_its_golden_file(tmp_path: Path) -> None:
    copy_site(tmp_path / "src", include_posts=False)
    config = write_sample_config(tmp_path / "src", "http://127.0.0.1:9", tmp_path / "cache")
    docs = tmp_path / "src" / "docs"
    monday, tuesday, thursday = (date(2026, 11, d) for d in (16, 17, 19))
    write_daily(
        docs, monday, [record("a1", "甲发布芯片", importance=5, sources=3), record("a2", "乙开源模型")]
    )
    write_daily(docs, tuesday, [record("a1", "甲芯片首批客户", kind="follow-up", follows=(monday, "a1"))])
    write_daily(
        docs, thursday, [record("c", "丁完成融资", importance=4), record("d", "戊更新产品", kind="brief")]
    )
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()) as err:
        code = main(
            ["weekly", "--config", str(config), "--week", "2026-W47", "--now", "2026-11-23T09:00:00+08:00"]
        )
    assert code == 0, err.getvalue()
    compare((docs / "blog" / "posts" / "2026-W47.md").read_text("utf-8"), "2026-W47.md")
