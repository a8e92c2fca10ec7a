"""`ops write` and `ops push` on the sample days: the real generate CLI (offline editor, feeds on loopback), the
real `mkdocs build --strict` before each commit, real git. A day whose post breaks the build is never committed;
a failing day does not stop the next; a re-run from a stale checkout pushes without a conflict in the pages that
generate rewrites (regenerated from the rebased tree and this run's summary)."""

from __future__ import annotations

import json
import re
import subprocess
from collections.abc import Sequence
from datetime import date
from pathlib import Path

import pytest
from test_ops_github import git, outputs
from weekly_posts import record, write_daily

from generator.cli import build_parser, main
from generator.ops.commands import cmd_write
from generator.samples.demo import copy_site, write_sample_config

pytestmark = pytest.mark.slow  # each test generates a day and builds the site with mkdocs build --strict

DAY = "2026-11-16"
NOW = "2026-11-16T08:20:00+08:00"

# A hook of the test's own (MkDocs hooks are a documented feature): the post of BROKEN_DAY gets a warning, which
# --strict turns into a failed build. It stands for any post that would break the real build.
BROKEN_DAY = DAY
BREAKING_HOOK = f"""\
import logging

log = logging.getLogger("mkdocs.plugins.test_breaker")


def on_page_markdown(markdown, page, config, files):
    if page.file.src_uri.endswith("{BROKEN_DAY}.md"):
        log.warning("this page breaks the build: %s", page.file.src_uri)
    return markdown
"""


@pytest.fixture
def fork(tmp_path: Path, sample_server: str, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    """A bare origin and a checkout of it (the site without posts, the sample day's config): (checkout, origin)."""
    origin = tmp_path / "origin.git"
    subprocess.run(["git", "init", "--quiet", "--bare", "-b", "main", str(origin)], check=True)
    root = tmp_path / "checkout"
    copy_site(root, include_posts=False)
    write_sample_config(root, sample_server, tmp_path / "cache")
    subprocess.run(["git", "init", "--quiet", "-b", "main", str(root)], check=True)
    for key, value in (("user.name", "Runner"), ("user.email", "runner@example.invalid")):
        git(root, "config", key, value)
    git(root, "add", "--all")
    git(root, "commit", "--quiet", "-m", "fork")
    git(root, "remote", "add", "origin", str(origin))
    git(root, "push", "--quiet", "origin", "main")
    git(root, "fetch", "--quiet", "origin")
    monkeypatch.chdir(root)
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    monkeypatch.setenv("GITHUB_OUTPUT", str(tmp_path / "output"))
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(tmp_path / "summary"))
    return root, origin


def ops(root: Path, *args: str) -> int:
    step, *rest = args
    return main(["ops", step, "--config", str(root / "generator.yml"), *rest])


def test_a_day_is_built_then_committed_and_pushed(
    fork: tuple[Path, Path], capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    root, origin = fork
    assert ops(root, "write", "--days", DAY, "--now", NOW) == 0
    values = outputs(tmp_path / "output")
    assert values["written"] == DAY and values["failed"] == "[]" and values["act"] == "[]"
    assert git(root, "log", "-1", "--format=%s") == f"AI 日报: {DAY}"
    committed = git(root, "show", "--name-only", "--format=", "HEAD").splitlines()
    assert f"docs/blog/posts/{DAY}.md" in committed and f"docs/assets/covers/{DAY}.png" in committed
    assert "docs/status.md" in committed and git(root, "status", "--porcelain") == ""
    assert ops(root, "push", "--branch", "main") == 0
    assert git(origin, "rev-parse", "main") == git(root, "rev-parse", "HEAD")
    assert outputs(tmp_path / "output")["pushed"] == "true"


def test_ops_write_runs_each_generator_command_through_the_runner_it_is_given(
    fork: tuple[Path, Path], capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    # the seam scripts/bench mornings uses: `generate` in this process (there, with a clock of the bench's own)
    root, _ = fork
    asked: list[list[str]] = []

    def in_process(arguments: Sequence[str]) -> subprocess.CompletedProcess[str]:
        asked.append(list(arguments))
        return subprocess.CompletedProcess(list(arguments), main(list(arguments)), "", "")

    config = str(root / "generator.yml")
    args = build_parser().parse_args(["ops", "write", "--config", config, "--days", DAY, "--now", NOW])
    assert cmd_write(args, run=in_process) == 0
    assert asked == [["generate", "--date", DAY, "--config", config, "--now", NOW]]
    assert outputs(tmp_path / "output")["written"] == DAY
    assert git(root, "log", "-1", "--format=%s") == f"AI 日报: {DAY}"


def test_a_post_that_breaks_the_build_is_never_committed(
    fork: tuple[Path, Path],
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    root, origin = fork
    (root / "test_breaker.py").write_text(BREAKING_HOOK, encoding="utf-8")
    mkdocs = root / "mkdocs.yml"
    text = mkdocs.read_text(encoding="utf-8")
    breaker = "hooks:\n  - test_breaker.py\n"
    mkdocs.write_text(text.replace("hooks:\n", breaker, 1), encoding="utf-8")
    git(root, "add", "--all")
    git(root, "commit", "--quiet", "-m", "a hook that fails the build of one post")
    git(root, "push", "--quiet", "origin", "main")
    before = git(root, "rev-parse", "HEAD")

    # 2026-11-16 is written, but breaks the build; then 2026-11-17, whose window is still open, is refused
    assert ops(root, "write", "--days", f"{DAY} 2026-11-17", "--now", NOW) == 0
    out = capsys.readouterr().out
    assert git(root, "rev-parse", "HEAD") == before and git(root, "status", "--porcelain") == ""
    assert not (root / "docs" / "blog" / "posts" / f"{DAY}.md").exists()
    values = outputs(tmp_path / "output")
    assert values["written"] == "" and '"name": "2026-11-17"' in values["failed"]
    assert f'"name": "{DAY}"' in values["failed"] and "mkdocs build --strict failed" in values["failed"]
    assert f"::error title=strict build::{DAY} was not committed: mkdocs build --strict failed" in out
    summary = (tmp_path / "summary").read_text(encoding="utf-8")
    assert f"**{DAY} was not committed:** its post breaks the site's strict build." in summary
    assert f"this page breaks the build: blog/posts/{DAY}.md" in summary
    assert "**2026-11-17 was not written:**" in summary
    assert ops(root, "push", "--branch", "main") == 0 and outputs(tmp_path / "output")["pushed"] == "false"
    # the run ends red
    monkeypatch.setenv("RUN_NEEDS", json.dumps({"generate": {"outputs": values}}))
    assert main(["ops", "verdict"]) == 1


def test_a_stale_checkout_pushes_with_the_generated_pages_regenerated(
    fork: tuple[Path, Path], capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    root, origin = fork
    assert ops(root, "write", "--days", DAY, "--now", NOW) == 0
    ours = (root / "docs" / "status.md").read_text(encoding="utf-8")
    # meanwhile another run (or the owner) pushed a post of its own and another status page
    other = tmp_path / "other"
    subprocess.run(["git", "clone", "--quiet", str(origin), str(other)], check=True)
    for key, value in (("user.name", "Other"), ("user.email", "other@example.invalid")):
        git(other, "config", key, value)
    write_daily(other / "docs", date(2026, 11, 14), [record("z", "旧闻")])
    (other / "docs" / "status.md").write_text("# 信源状态\n\n另一次运行。\n", encoding="utf-8")
    git(other, "add", "--all")
    git(other, "commit", "--quiet", "-m", "another run")
    git(other, "push", "--quiet", "origin", "main")

    assert ops(root, "push", "--branch", "main") == 0
    out = capsys.readouterr().out
    assert "::warning::the branch moved during the run" in out
    assert re.search(r"rewritten on the rebased tree: [^)]*docs/status\.md", out)
    assert git(origin, "show", "main:docs/status.md") + "\n" == ours  # this run's sources, not a merge
    assert git(origin, "show", "main:docs/blog/posts/2026-11-14.md").startswith("---")
    assert git(origin, "log", "-1", "--format=%s", "main") == f"AI 日报: {DAY}"


def test_a_rejected_key_publishes_the_offline_post_and_the_run_ends_red(
    fork: tuple[Path, Path],
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """generate's exit code 3 (written, but the owner must act) through the real CLI and the fake Gemini API with
    a key it does not know: the post is committed and pushed like any other, then the verdict is red with the fix."""
    from fake_gemini import serve_fake_gemini

    root, origin = fork
    with serve_fake_gemini(monkeypatch) as gemini:
        gemini.keys = {"the-key-the-owner-should-have-set"}
        assert ops(root, "write", "--days", DAY, "--now", NOW) == 0
    values = outputs(tmp_path / "output")
    assert values["written"] == DAY and values["failed"] == "[]"
    (act,) = json.loads(values["act"])
    assert act["name"] == DAY and "GEMINI_API_KEY" in act["reason"]
    assert git(root, "log", "-1", "--format=%s") == f"AI 日报: {DAY}"
    assert ops(root, "push", "--branch", "main") == 0
    assert git(origin, "rev-parse", "main") == git(root, "rev-parse", "HEAD")
    capsys.readouterr()
    monkeypatch.setenv("RUN_NEEDS", json.dumps({"generate": {"outputs": values}}))
    assert main(["ops", "verdict"]) == 1
    out = capsys.readouterr().out
    assert f"::error title=verdict::{DAY} was written, but you must act: " in out and "GEMINI_API_KEY" in out
