"""The workflow's steps that talk to GitHub, against a fake GitHub on loopback (tests/fake_github.py) through the
real CLI: the Pages pre-flight, the plan's outputs (deploy when the live site is not the branch tip), the build
stamp, the watchdog's one issue, the verdict; and the annotations they print on Actions."""

from __future__ import annotations

import json
import subprocess
from datetime import date, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from fake_github import FakeGitHub
from pytest_httpserver import HTTPServer
from weekly_posts import record, write_daily

from generator.cli import main
from generator.errors import OpsError
from generator.ops.annotate import annotate, set_outputs
from generator.ops.github import PAGES_SOURCE, GitHubApi, check_pages
from generator.samples.demo import copy_site, write_sample_config
from generator.site.layout import load_site
from generator.site.permalinks import post_path
from generator.site.posts import read_front_matter

ZONE = ZoneInfo("Asia/Shanghai")
MON = date(2026, 11, 16)
MORNING = "2026-11-16T08:30:00+08:00"
NOON = "2026-11-16T12:00:00+08:00"


@pytest.fixture
def github(httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch) -> FakeGitHub:
    fake = FakeGitHub(httpserver).install()
    for name, value in fake.env().items():
        monkeypatch.setenv(name, value)
    return fake


@pytest.fixture
def actions(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Path]:
    """A step's files on GitHub Actions: the outputs and the job summary."""
    files = {"output": tmp_path / "github_output", "summary": tmp_path / "step_summary"}
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    monkeypatch.setenv("GITHUB_OUTPUT", str(files["output"]))
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(files["summary"]))
    return files


def outputs(path: Path) -> dict[str, str]:
    """Parse $GITHUB_OUTPUT's `name<<DELIMITER` blocks."""
    values: dict[str, str] = {}
    lines = path.read_text(encoding="utf-8").splitlines() if path.exists() else []
    index = 0
    while index < len(lines):
        name, delimiter = lines[index].split("<<", 1)
        end = lines.index(delimiter, index + 1)
        values[name] = "\n".join(lines[index + 1 : end])
        index = end + 1
    return values


def git(repo: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-C", str(repo), *args], capture_output=True, text=True, check=True
    ).stdout.strip()


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, github: FakeGitHub) -> Path:
    """A checkout of a fork: the site without posts, a config (no source is fetched), committed; the working
    directory; SITE_URL is the fake Pages site, as the workflow passes the plan's site_url."""
    root = tmp_path / "repo"
    copy_site(root, include_posts=False)
    write_sample_config(root, "http://127.0.0.1:9", tmp_path / "cache")
    subprocess.run(["git", "init", "--quiet", "-b", "main", str(root)], check=True)
    git(root, "config", "user.name", "Owner")
    git(root, "config", "user.email", "owner@example.invalid")
    git(root, "add", "--all")
    git(root, "commit", "--quiet", "-m", "fork")
    monkeypatch.chdir(root)
    monkeypatch.setenv("SITE_URL", github.site_url)
    return root


def ops(repo: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    step, *rest = args
    code = main(["ops", step, "--config", str(repo / "generator.yml"), *rest])
    out, err = capsys.readouterr()
    return code, out, err


# --- annotations ----------------------------------------------------------------------------------------------


def test_annotations_only_on_actions_and_one_line_whatever_the_message(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], actions: dict[str, Path]
) -> None:
    annotate("warning", "two\nlines, 100%", title="a: title")
    out, err = capsys.readouterr()
    assert out == "::warning title=a%3A title::two%0Alines, 100%25\n" and err == ""
    monkeypatch.delenv("GITHUB_ACTIONS")
    annotate("notice", "plain")
    assert capsys.readouterr() == ("", "notice: plain\n")


def test_step_outputs_cannot_be_ended_early_by_a_value(actions: dict[str, Path]) -> None:
    set_outputs({"days": "2026-11-15 2026-11-16", "write": True, "tricky": "a\nEOF\nb=c"})
    assert outputs(actions["output"]) == {
        "days": "2026-11-15 2026-11-16",
        "write": "true",
        "tricky": "a\nEOF\nb=c",
    }


# --- the Pages pre-flight -------------------------------------------------------------------------------------


def test_the_preflight_passes_a_site_deployed_by_actions(github: FakeGitHub) -> None:
    site = check_pages(GitHubApi.from_env())
    assert (site.build_type, site.html_url) == ("workflow", github.site_url)


@pytest.mark.parametrize(
    ("pages", "status", "expected"),
    [
        ({"build_type": "legacy", "html_url": "x"}, 0, "is built from a branch (build type 'legacy')"),
        ({}, 0, "GitHub Pages is not enabled for someone/their-news"),
        (
            None,
            403,
            "HTTP 403 (Resource not accessible by integration); the job needs `permissions: pages: read`",
        ),
    ],
    ids=["deploy from a branch", "Pages off", "token without pages: read"],
)
def test_the_preflight_names_the_setting(
    github: FakeGitHub, pages: dict[str, str] | None, status: int, expected: str
) -> None:
    if pages is not None:
        github.pages = pages
    github.pages_status = status
    with pytest.raises(OpsError) as caught:
        check_pages(GitHubApi.from_env())
    assert expected in str(caught.value)
    if status == 0:
        assert PAGES_SOURCE in str(caught.value)
        assert PAGES_SOURCE == 'Settings → Pages → Build and deployment → Source: "GitHub Actions"'


def test_a_wrong_token_is_refused_in_words(github: FakeGitHub, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GITHUB_TOKEN", "not-the-token")
    with pytest.raises(OpsError, match=r"HTTP 401 \(Bad credentials\)"):
        check_pages(GitHubApi.from_env())


def test_plan_fails_before_writing_anything_when_pages_builds_from_a_branch(
    repo: Path, github: FakeGitHub, actions: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    github.pages = {"build_type": "legacy", "html_url": github.site_url}
    code, out, err = ops(repo, capsys, "plan", "--now", MORNING)
    assert code == 1
    assert out.startswith(
        "::error title=ainews ops::GitHub Pages of someone/their-news is built from a branch"
    )
    assert (
        "Settings → Pages → Build and deployment → Source%3A" not in out
    )  # data is not escaped like a title
    assert 'Source: "GitHub Actions"' in out
    assert "write" not in outputs(actions["output"])  # the workflow's later jobs see nothing to do
    assert "ops plan failed" in actions["summary"].read_text(encoding="utf-8")


# --- the plan -------------------------------------------------------------------------------------------------


def test_plan_on_a_fresh_fork_writes_today_and_deploys(
    repo: Path, github: FakeGitHub, actions: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = ops(repo, capsys, "plan", "--now", MORNING)
    assert code == 0, out
    values = outputs(actions["output"])
    assert values["days"] == "2026-11-16" and values["write"] == "true"
    assert values["deploy"] == "true" and values["announce"] == "false"  # never deployed: no build stamp
    assert values["telegram"] == "false"
    assert values["site_url"] == github.site_url and values["commit"] == git(repo, "rev-parse", "HEAD")
    assert "::notice::the site has no daily post yet" in out


def test_plan_with_nothing_to_do_when_the_tip_is_live(
    repo: Path,
    github: FakeGitHub,
    actions: dict[str, Path],
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for day in (14, 15, 16):
        write_daily(repo / "docs", date(2026, 11, day), [record("a", f"甲{day}")])
    git(repo, "add", "--all")
    git(repo, "commit", "--quiet", "-m", "three days")
    github.site_dir = tmp_path / "live"
    github.site_dir.mkdir()
    assert main(["ops", "stamp", str(github.site_dir)]) == 0  # what the build job writes
    capsys.readouterr()
    code, out, _ = ops(repo, capsys, "plan", "--now", MORNING)
    values = outputs(actions["output"])
    assert code == 0 and values["days"] == "" and values["write"] == "false" and values["deploy"] == "false"
    # the owner pushes (a push to main): the live site is now behind the tip
    (repo / "docs" / "about.md").write_text("# 关于\n\n新的介绍。\n", encoding="utf-8")
    git(repo, "commit", "--quiet", "-am", "about")
    actions["output"].unlink()
    code, _, _ = ops(repo, capsys, "plan", "--now", MORNING)
    assert code == 0 and outputs(actions["output"])["deploy"] == "true"
    # two days later, with the Telegram secrets set: one day to catch up (a warning), posts wait for the channel
    actions["output"].unlink()
    monkeypatch.setenv("TELEGRAM_SET", "true")
    code, out, _ = ops(repo, capsys, "plan", "--now", "2026-11-18T09:00:00+08:00")
    values = outputs(actions["output"])
    assert code == 0 and values["days"] == "2026-11-17 2026-11-18" and values["telegram"] == "true"
    assert "::warning title=a day caught up::catching up: 2026-11-17 has no post yet" in out
    assert values["announce"] == "true"  # the posts of the 16th have no marker


def test_plan_refuses_a_requested_day_whose_window_is_open(
    repo: Path, github: FakeGitHub, actions: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = ops(repo, capsys, "plan", "--now", "2026-11-16T07:00:00+08:00", "--date", "2026-11-16")
    assert code == 1 and "choose partial" in out and "write" not in outputs(actions["output"])
    code, _, _ = ops(
        repo,
        capsys,
        "plan",
        "--now",
        "2026-11-16T07:00:00+08:00",
        "--date",
        "2026-11-16",
        "--partial",
        "true",
    )
    assert code == 0 and outputs(actions["output"])["days"] == "2026-11-16"


def test_plan_takes_the_dispatch_forms_empty_fields(
    repo: Path, github: FakeGitHub, actions: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, _ = ops(
        repo, capsys, "plan", "--now", MORNING, "--date", "", "--force", "", "--partial", "false"
    )
    assert code == 0 and outputs(actions["output"])["days"] == "2026-11-16"
    with pytest.raises(SystemExit) as exited:
        ops(repo, capsys, "plan", "--date", "16.11.2026")
    assert exited.value.code == 2 and "is not a date like 2026-11-16" in capsys.readouterr().err


def test_plan_on_a_push_deploys_and_writes_nothing(
    repo: Path, github: FakeGitHub, actions: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, _ = ops(repo, capsys, "plan", "--event", "push", "--now", MORNING)
    values = outputs(actions["output"])
    assert code == 0 and values["write"] == "false" and values["deploy"] == "true"


# --- the watchdog ---------------------------------------------------------------------------------------------


def publish(repo: Path, github: FakeGitHub, site_dir: Path, day: date) -> str:
    """Put day's post in the checkout and its page on the live site; returns its public URL."""
    post = write_daily(repo / "docs", day, [record("a", "甲发布芯片")])
    path = post_path(load_site(repo / "mkdocs.yml"), read_front_matter(post), post.stem)
    page = site_dir / path / "index.html"
    page.parent.mkdir(parents=True, exist_ok=True)
    page.write_text("<html><body>post</body></html>", encoding="utf-8")
    return github.site_url + path


def test_the_watchdog_opens_one_issue_updates_it_and_closes_it_on_a_good_day(
    repo: Path,
    github: FakeGitHub,
    actions: dict[str, Path],
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    github.site_dir = tmp_path / "live"
    github.site_dir.mkdir()
    (repo / "generator.yml").write_text(
        (repo / "generator.yml").read_text(encoding="utf-8") + "ops:\n  live_wait_s: 0\n", encoding="utf-8"
    )
    monkeypatch.setenv(
        "RUN_NEEDS", json.dumps({"plan": {"result": "success"}, "deploy": {"result": "failure"}})
    )
    # before the hour: nothing yet
    code, out, _ = ops(repo, capsys, "watchdog", "--now", MORNING)
    assert code == 0 and "acts from 11:00" in out and github.issues == []
    # after the hour, no post: one issue
    code, out, _ = ops(repo, capsys, "watchdog", "--now", NOON)
    (issue,) = github.open_issues()
    assert code == 0 and "::warning title=watchdog::" in out and "issue #1 opened" in out
    assert issue["title"] == "Daily post for 2026-11-16 is not live (11:00 Asia/Shanghai has passed)"
    assert "the branch has no post for that day" in issue["body"] and "deploy failure" in issue["body"]
    # the next day still nothing: the same issue, retitled, with a comment; never a second one
    code, out, _ = ops(repo, capsys, "watchdog", "--now", "2026-11-17T12:00:00+08:00")
    assert code == 0 and len(github.issues) == 1 and "issue #1 updated" in out
    assert issue["title"].startswith("Daily post for 2026-11-17") and "2026-11-17" in issue["comments"][-1]
    # the post is in the branch but not live yet (a failed deploy): the comment says so
    write_daily(repo / "docs", date(2026, 11, 18), [record("a", "甲")])
    ops(repo, capsys, "watchdog", "--now", "2026-11-18T12:00:00+08:00")
    assert "does not answer" in issue["comments"][-1] and len(github.issues) == 1
    # a good day: live, the issue is closed with a comment naming the post
    url = publish(repo, github, github.site_dir, date(2026, 11, 18))
    code, out, _ = ops(repo, capsys, "watchdog", "--now", "2026-11-18T12:30:00+08:00")
    assert code == 0 and issue["state"] == "closed" and issue["comments"][-1].endswith(url)
    # and the next good day finds nothing to close
    code, out, _ = ops(repo, capsys, "watchdog", "--now", "2026-11-18T13:00:00+08:00")
    assert code == 0 and "is live" in out and len(github.issues) == 1


def test_the_watchdog_ignores_other_issues_and_pull_requests(
    repo: Path, github: FakeGitHub, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    github.issues += [
        {"number": 1, "title": "a question", "body": "hello", "state": "open", "comments": []},
        {"number": 2, "title": "a pull request", "body": "<!-- ainews-watchdog -->", "state": "open"}
        | {"comments": [], "pull_request": {}},
    ]
    (repo / "generator.yml").write_text(
        (repo / "generator.yml").read_text(encoding="utf-8") + "ops:\n  live_wait_s: 0\n", encoding="utf-8"
    )
    ops(repo, capsys, "watchdog", "--now", NOON)
    assert [i["number"] for i in github.open_issues()] == [1, 3]
    assert github.issues[0]["comments"] == [] and github.issues[1]["comments"] == []


def test_the_watchdog_waits_for_a_post_deployed_moments_ago() -> None:
    from generator.ops.live import wait_until_live

    class Site:
        def __init__(self) -> None:
            self.asked = 0

        def get(self, url: str, timeout: float):
            self.asked += 1
            return type("R", (), {"status_code": 200 if self.asked >= 3 else 404})()

    site, pauses = Site(), []
    assert wait_until_live("https://x.invalid/p/", site, 60, pauses.append, step_s=10)  # type: ignore[arg-type]
    assert site.asked == 3 and pauses == [10, 10]


# --- the verdict ----------------------------------------------------------------------------------------------


def test_the_verdict_is_red_when_a_day_failed_or_the_owner_must_act(
    actions: dict[str, Path], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    generate = {"result": "success", "outputs": {"failed": "[]", "act": "[]", "written": "2026-11-16"}}
    monkeypatch.setenv("RUN_NEEDS", json.dumps({"generate": generate}))
    assert main(["ops", "verdict"]) == 0
    capsys.readouterr()
    act = [{"name": "2026-11-16", "reason": "GEMINI_API_KEY was rejected: create a new key"}]
    generate["outputs"] |= {
        "act": json.dumps(act),
        "failed": json.dumps([{"name": "2026-11-15", "reason": "x"}]),
    }
    monkeypatch.setenv("RUN_NEEDS", json.dumps({"generate": generate}))
    assert main(["ops", "verdict"]) == 1
    out = capsys.readouterr().out
    assert "::error title=verdict::2026-11-15 was not written%3A x" not in out  # data keeps its colons
    assert "::error title=verdict::2026-11-15 was not written: x\n" in out
    assert "2026-11-16 was written, but you must act: GEMINI_API_KEY was rejected" in out


def test_the_stamp_names_the_commit_built(repo: Path, actions: dict[str, Path], tmp_path: Path) -> None:
    site = tmp_path / "built"
    site.mkdir()
    assert main(["ops", "stamp", str(site)]) == 0
    stamp = json.loads((site / "build.json").read_text(encoding="utf-8"))
    assert stamp["commit"] == git(repo, "rev-parse", "HEAD") == outputs(actions["output"])["commit"]
    assert datetime.fromisoformat(stamp["built"]).utcoffset().total_seconds() == 0
    assert time  # noqa: B018
