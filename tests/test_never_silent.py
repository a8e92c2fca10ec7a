"""Never silent: whatever degrades the day is an annotation, a line at the top of the job summary and a line on the
信源状态 page. The sample day through the real CLI (two of its sources fail, no key: the offline editor), then the
same day late, caught up and thin; the workflow commands' escaping on its own.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from generator.cli import main
from generator.post import escape_md
from generator.run_summary import RunStats, workflow_command
from generator.samples import SAMPLE_DATE
from generator.samples.demo import SAMPLE_NOW, copy_site, write_sample_config
from generator.site.pages import render_status_page
from generator.site.posts import split_front_matter

DAY = SAMPLE_DATE.isoformat()
SHANGHAI = ZoneInfo("Asia/Shanghai")


def run_sample_day(
    root: Path,
    sample_server: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    now: str = SAMPLE_NOW,
    extra: dict | None = None,
) -> tuple[int, str, str, str, dict]:
    """`generate` for the sample day under GitHub Actions: (exit code, stdout, stderr, job summary, run summary)."""
    copy_site(root / "src", include_posts=False)
    config = write_sample_config(root / "src", sample_server, root / "cache", extra)
    step_summary = root / "step-summary.md"
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(step_summary))
    code = main(["generate", "--config", str(config), "--date", DAY, "--now", now])
    out, err = capsys.readouterr()
    (summary_file,) = (root / "cache" / "runs").glob(f"{DAY}-*.json")
    summary = json.loads(summary_file.read_text(encoding="utf-8"))
    return code, out, err, step_summary.read_text(encoding="utf-8"), summary


def test_the_sample_day_says_what_degraded_it_everywhere(
    sample_server: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err, job_summary, summary = run_sample_day(tmp_path, sample_server, monkeypatch, capsys)
    assert code == 0, err
    kinds = [d["kind"] for d in summary["degradations"]]
    assert kinds == ["sources", "offline"]
    failed = summary["degradations"][0]["message"]
    assert failed.startswith("2 of 8 sources failed: ") and "(the 信源状态 page lists each)" in failed
    # the annotations, on stdout where the runner reads workflow commands, one per degradation
    warnings = [line for line in out.splitlines() if line.startswith("::warning ")]
    assert [w.split("::", 2)[1] for w in warnings] == [f"warning title=AI 日报 {DAY}"] * 2
    assert warnings[0].endswith(failed) and "GEMINI_API_KEY" in warnings[1]
    assert not [line for line in out.splitlines() if line.startswith("::error")]
    # the job summary: the degradations before any table
    head = job_summary.split("| source |", 1)[0]
    assert head.startswith(f"### AI 日报 {DAY}: written by offline\n")
    assert f"- ⚠️ {failed}" in head and "- ⚠️ written by the offline editor" in head
    # the 信源状态 page: the latest post, who wrote it, and the same two problems in Chinese
    status = (tmp_path / "src" / "docs" / "status.md").read_text(encoding="utf-8")
    title = split_front_matter(
        (tmp_path / "src" / "docs" / "blog" / "posts" / f"{DAY}.md").read_text("utf-8")
    )[0]
    url = (
        "https://example.github.io/ai-news-daily/2026/11/16/ai-daily-2026-11-16/"  # its address, not its file
    )
    link = f"[{escape_md(title['title'])}](<{url}>)"
    assert f"最新一期：{link}，生成于 2026-11-16 08:20，由离线编辑撰写。" in status
    # what the page shows anyway (the failing sources' rows, the offline writer) is not said again in English
    assert "- 部分信源抓取失败\n" in status and "sources failed" not in status
    assert "- 全文由离线编辑撰写（没有配置 Gemini API 密钥），没有深度解读\n" in status
    assert "| 深度求知周刊 | 失败 | 内容不是可用的 RSS/Atom 订阅源（" in status
    assert "抓取出错" not in status  # a usable source's warnings are named, not called a fetch error
    assert "| 机器之芯 | 正常 | 部分条目的发布时间在未来（1 dated in the future） |" in status


def test_a_late_run_and_a_caught_up_day_say_so(
    sample_server: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    late = run_sample_day(
        tmp_path / "late", sample_server, monkeypatch, capsys, now="2026-11-16T13:30:00+08:00"
    )
    (message,) = [d["message"] for d in late[4]["degradations"] if d["kind"] == "late"]
    assert message.startswith("written 5.5 h after its window closed at 08:00")
    assert any(line.startswith("::warning ") and "5.5 h after" in line for line in late[1].splitlines())
    on_time = run_sample_day(tmp_path / "on-time", sample_server, monkeypatch, capsys, now=SAMPLE_NOW)
    assert not [d for d in on_time[4]["degradations"] if d["kind"] in ("late", "catch-up")]
    caught_up = run_sample_day(
        tmp_path / "next-day", sample_server, monkeypatch, capsys, now="2026-11-17T09:10:00+08:00"
    )
    kinds = [d["kind"] for d in caught_up[4]["degradations"]]
    assert "catch-up" in kinds and "late" not in kinds  # one sentence for one fact
    status = (tmp_path / "next-day" / "src" / "docs" / "status.md").read_text(encoding="utf-8")
    assert "- 这是一篇补写的日报（" + escape_md("the post for 2026-11-16 was written on 2026-11-17") in status


def test_a_thin_day_says_so(
    sample_server: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    post = {"max_entries": 2, "max_briefs": 1, "thin_below": 5}
    code, out, _err, job_summary, summary = run_sample_day(
        tmp_path, sample_server, monkeypatch, capsys, extra={"post": post}
    )
    assert code == 0
    (thin,) = [d["message"] for d in summary["degradations"] if d["kind"] == "thin"]
    assert thin.startswith("a thin day: 3 stories kept (fewer than post.thin_below, 5)")
    assert f"- ⚠️ {thin}" in job_summary and thin in out


def test_workflow_commands_cannot_be_broken_out_of() -> None:
    """A message or title holding a newline, "::" or "%" stays one command with its data (the runner unescapes
    %25, %0D, %0A, and in properties %3A and %2C)."""
    line = workflow_command("warning", "50% done\n::error::forged\r", "AI 日报: a, b")
    assert line == "::warning title=AI 日报%3A a%2C b::50%25 done%0A::error::forged%0D"
    assert "\n" not in line and workflow_command("notice", "plain") == "::notice::plain"


def test_the_owner_action_leads_everything() -> None:
    stats = RunStats(day=date(2026, 11, 16), started=datetime(2026, 11, 16, 8, 20, tzinfo=SHANGHAI))
    stats.result, stats.editor = "written", "offline"
    stats.owner_action = "GEMINI_API_KEY was rejected: create a key and update the repository secret"
    stats.degrade("editor", "the whole post written offline: the key was rejected")
    stats.degrade("editor", "the whole post written offline: the key was rejected")  # said once
    assert stats.annotations() == [
        f"::error title=AI 日报 2026-11-16::{stats.owner_action}",
        "::warning title=AI 日报 2026-11-16::the whole post written offline: the key was rejected",
    ]
    assert stats.as_markdown().splitlines()[2] == f"- ❌ **Action needed:** {stats.owner_action}"
    status = render_status_page(stats.as_dict(), SHANGHAI)
    assert "- **需要站长处理**：GEMINI\\_API\\_KEY was rejected" in status
    assert "最新一期：2026\\-11\\-16，生成于 2026-11-16 08:20，由离线编辑撰写。" in status  # no post: no link
    with pytest.raises(ValueError, match="unknown kind"):
        stats.degrade("other", "x")
