"""The GitHub Actions workflows, read as YAML: pinned actions, no idle credentials, the fork's own site URL.

GitHub's security hardening guide: pin third-party actions to a full commit SHA; `zizmor` (run by scripts/test)
checks the same and more. These tests hold what a fork relies on and zizmor cannot know.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml
from PIL import Image, ImageChops

from generator.config_look import CoverSettings
from generator.post.cover import HEIGHT, render_cover
from generator.site.layout import load_site

ROOT = Path(__file__).resolve().parents[1]
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
ACTIONS = sorted(
    (ROOT / ".github" / "actions").glob("*/action.yml")
)  # the repository's own (composite) actions
PIN = re.compile(r"^\s*(?:-\s+)?uses:\s*(\S+?)@([0-9a-f]{40})\s+#\s*v(\d+)(?:\.\d+)*\b")
LOCAL = re.compile(r"^\s*(?:-\s+)?uses:\s*\./\.github/actions/[\w-]+\s*$")
# The first release of each action that runs on Node 24 (FACTS: Node 20 actions are forced onto Node 24 with a
# deprecation warning on every run).
NODE24 = {
    "actions/checkout": 5,
    "actions/setup-python": 6,
    "actions/cache": 5,
    "actions/cache/restore": 5,
    "actions/cache/save": 5,
    "actions/configure-pages": 6,
    "actions/upload-pages-artifact": 5,
    "actions/deploy-pages": 5,
    "actions/upload-artifact": 7,
}


def load(path: Path) -> dict[str, Any]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def steps_of(job: dict[str, Any]) -> list[dict[str, Any]]:
    return list(job.get("steps") or [])


def runs(step: dict[str, Any]) -> str:
    return str(step.get("run") or "")


@pytest.mark.parametrize(
    "path", WORKFLOWS + ACTIONS, ids=lambda p: p.relative_to(ROOT / ".github").as_posix()
)
def test_every_action_is_pinned_to_a_commit_of_its_node_24_release(path: Path) -> None:
    lines = [
        line for line in path.read_text(encoding="utf-8").splitlines() if re.match(r"^\s*(-\s+)?uses:", line)
    ]
    assert lines
    for line in lines:
        if LOCAL.match(line):
            continue
        match = PIN.match(line)
        assert match, f"{path.name}: not pinned to a full SHA with '# vX.Y.Z': {line.strip()}"
        action, major = match.group(1), int(match.group(3))
        assert action in NODE24, (
            f"{path.name}: {action} is not a known action; add its Node 24 release to NODE24"
        )
        assert major >= NODE24[action], f"{path.name}: {action} v{major} runs on Node 20: {line.strip()}"


def test_one_commit_per_release_across_the_files() -> None:
    """The same version of an action is the same commit everywhere (a typo in one SHA would run other code)."""
    seen: dict[tuple[str, str], set[str]] = {}
    for path in WORKFLOWS + ACTIONS:
        for line in path.read_text(encoding="utf-8").splitlines():
            if match := PIN.match(line):
                action = match.group(1).split("/restore")[0].split("/save")[0]
                version = line.split("#", 1)[1].strip()
                seen.setdefault((action, version), set()).add(match.group(2))
    assert seen and all(len(shas) == 1 for shas in seen.values()), seen


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_checkout_keeps_credentials_only_in_jobs_that_push(path: Path) -> None:
    for name, job in load(path)["jobs"].items():
        pushes = any(re.search(r"git push|generator ops push", runs(step)) for step in steps_of(job))
        for step in steps_of(job):
            if str(step.get("uses", "")).startswith("actions/checkout@"):
                persisted = (step.get("with") or {}).get("persist-credentials", True)
                assert persisted is pushes, f"{path.name} job {name}: persist-credentials should be {pushes}"


def test_every_step_that_draws_or_links_the_site_gets_the_forks_pages_url() -> None:
    """The cover (og:image, RSS image) is drawn when the post is written, the channel post and the watchdog link to
    the post, the build writes every absolute URL: SITE_URL must be the real Pages address in each of those steps,
    the one the plan read from the Pages API (`html_url`), not the example URL in mkdocs.yml."""
    jobs = daily_jobs()
    assert jobs["plan"]["outputs"]["site_url"] == "${{ steps.plan.outputs.site_url }}"
    checked = set()
    for name, job in jobs.items():
        for step in steps_of(job):
            if re.search(r"generator (ops write|ops watchdog|announce)|mkdocs build", runs(step)):
                assert (step.get("env") or {}).get("SITE_URL") == "${{ needs.plan.outputs.site_url }}", (
                    name,
                    step,
                )
                assert "plan" in job["needs"], name
                checked.add(name)
    assert checked == {"generate", "build", "announce", "check"}


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_mkdocs_runs_where_its_hooks_find_the_generator(path: Path) -> None:
    """The hooks (hooks/, mkdocs.yml) import generator.finish, and the workflows run the generator from the checkout
    without installing it: MkDocs must run as `python -m mkdocs` from the checkout (which puts it on sys.path),
    not as the `mkdocs` script (whose folder is .venv/bin)."""
    lines = [
        line
        for job in load(path).get("jobs", {}).values()
        for step in steps_of(job)
        for line in runs(step).splitlines()
    ]
    builds = [line.strip() for line in lines if re.search(r"\bmkdocs (build|serve)\b", line)]
    assert all(re.match(r"(\.venv/bin/)?python3? -m mkdocs ", line) for line in builds), builds


def footer_strip(png: bytes) -> Image.Image:
    import io

    with Image.open(io.BytesIO(png)) as image:
        return image.convert("RGB").crop((0, HEIGHT - 80, image.width, HEIGHT))


def test_the_cover_footer_shows_the_url_the_workflow_passes(monkeypatch: pytest.MonkeyPatch) -> None:
    """mkdocs.yml reads SITE_URL; the cover's footer is drawn from it (compared pixel for pixel with a cover
    whose footer is set explicitly), and it is not the example URL of the template repository."""
    monkeypatch.setenv("SITE_URL", "https://someone.github.io/their-news/")
    site = load_site(ROOT / "mkdocs.yml")
    assert site.url == "https://someone.github.io/their-news/"
    day = date(2026, 11, 16)
    drawn = render_cover(day, "标题", ["一", "二"], site.name, CoverSettings(), site_url=site.url)
    explicit = render_cover(
        day, "另一个标题", [], site.name, CoverSettings(footer="someone.github.io/their-news")
    )
    example = render_cover(
        day, "标题", [], site.name, CoverSettings(footer="example.github.io/ai-news-daily")
    )
    # The cover is quantized to 64 colours per image, so equal footers differ by a few levels at most.
    assert largest_difference(drawn, explicit) <= 24
    assert largest_difference(drawn, example) >= 64


def largest_difference(a: bytes, b: bytes) -> int:
    return max(high for _, high in ImageChops.difference(footer_strip(a), footer_strip(b)).getextrema())


def daily_jobs() -> dict[str, Any]:
    return load(ROOT / ".github" / "workflows" / "daily.yml")["jobs"]


def step_running(job: dict[str, Any], pattern: str) -> tuple[int, dict[str, Any]]:
    (found,) = [(i, step) for i, step in enumerate(steps_of(job)) if re.search(pattern, runs(step))]
    return found


def test_the_channel_post_waits_for_a_live_site_and_a_failed_send_is_red() -> None:
    """The Telegram job sends what is live: after a successful deploy, or when the plan found the tip live already
    (posts of an earlier run whose send failed). It never continues on error; a failed deploy skips it, so the
    next run that deploys sends those posts (announce --recent: every post of the last days without a marker)."""
    jobs = daily_jobs()
    announce = jobs["announce"]
    assert "continue-on-error" not in announce
    assert all("continue-on-error" not in step for step in steps_of(announce))
    condition = re.sub(r"\s+", " ", announce["if"])
    assert "needs.deploy.result == 'success'" in condition
    assert "(needs.deploy.result == 'skipped' && needs.plan.outputs.deploy == 'false')" in condition
    assert "needs.plan.outputs.telegram == 'true'" in condition
    _, step = step_running(announce, r"generator announce")
    assert runs(step).strip().endswith("python -m generator announce --recent")
    (checkout,) = [s for s in steps_of(announce) if str(s.get("uses", "")).startswith("actions/checkout@")]
    assert checkout["with"]["ref"] == "${{ needs.build.outputs.commit || needs.plan.outputs.commit }}"
    assert jobs["build"]["outputs"]["commit"] == "${{ steps.stamp.outputs.commit }}"


def test_the_telegram_secrets_reach_only_the_step_that_sends() -> None:
    """The token and chat id are in the env of the one step that needs them (the plan only learns whether both are
    set, as a boolean); the step sends nothing (and succeeds) when either is unset; `if: secrets.…` is not allowed
    in a step, so the check is in the script."""
    text = (ROOT / ".github" / "workflows" / "daily.yml").read_text(encoding="utf-8")
    assert text.count("secrets.TELEGRAM_BOT_TOKEN") == 3  # the plan's two checks, the step
    assert len(re.findall(r"secrets\.TELEGRAM_CHAT_ID\b", text)) == 2  # the plan's check, the step
    assert text.count("secrets.TELEGRAM_CHAT_ID_EN") == 2  # the English channel's: the same two places
    _, plan = step_running(daily_jobs()["plan"], r"generator ops plan")
    assert plan["env"]["TELEGRAM_SET"] == (
        "${{ secrets.TELEGRAM_BOT_TOKEN != '' && secrets.TELEGRAM_CHAT_ID != '' }}"
    )
    assert plan["env"]["TELEGRAM_EN_SET"] == (
        "${{ secrets.TELEGRAM_BOT_TOKEN != '' && secrets.TELEGRAM_CHAT_ID_EN != '' }}"
    )
    _, step = step_running(daily_jobs()["announce"], r"python -m generator announce")
    assert step["env"]["TELEGRAM_BOT_TOKEN"] == "${{ secrets.TELEGRAM_BOT_TOKEN }}"
    assert step["env"]["TELEGRAM_CHAT_ID"] == "${{ secrets.TELEGRAM_CHAT_ID }}"
    assert step["env"]["TELEGRAM_CHAT_ID_EN"] == "${{ secrets.TELEGRAM_CHAT_ID_EN }}"
    script = runs(step)
    skip = script.index('[ -z "$TELEGRAM_BOT_TOKEN" ] || [ -z "$TELEGRAM_CHAT_ID" ]')
    assert skip < script.index("exit 0") < script.index("python -m generator announce")


def test_the_markers_of_sent_posts_outlive_the_run() -> None:
    """A re-run finds the markers of the posts already sent: restored before the step (any earlier run's, by the
    key's prefix) from the folder generator.channels.announce writes them to, and saved after it even when it failed."""
    from generator.channels.announce import marker_path
    from generator.config import load_settings

    folder = marker_path(load_settings(None).paths.cache, Path("x.md")).parent
    assert folder == Path(".cache/telegram")
    job = daily_jobs()["announce"]
    position, _ = step_running(job, r"python -m generator announce")
    caches = {
        str(step["uses"]).split("@")[0]: (i, step)
        for i, step in enumerate(steps_of(job))
        if str(step.get("uses", "")).startswith("actions/cache/")
    }
    (before, restore), (after, save) = caches["actions/cache/restore"], caches["actions/cache/save"]
    assert before < position < after
    assert restore["with"]["path"] == save["with"]["path"] == folder.as_posix()
    key = restore["with"]["key"]
    assert save["with"]["key"] == key and "github.run_id" in key and "github.run_attempt" in key
    assert key.startswith(restore["with"]["restore-keys"].strip())
    assert save["if"].startswith("always()")
    assert "hashFiles('.cache/telegram/**/*.json')" in save["if"]  # the English markers too (telegram/en/)


def test_the_pages_generate_rewrites_are_regenerated_on_a_push_not_merged() -> None:
    from generator.config import load_settings
    from generator.ops.pages import generated_paths
    from generator.site.layout import SiteLayout

    layout = SiteLayout(Path("docs"))
    expected = {
        f"docs/{ref}"
        for ref in (
            layout.status_page,
            layout.opml,
            layout.tags_page,
            layout.archive_page,
            layout.corrections_page,
            layout.subscribe_page,
        )
    }
    expected |= {"docs-en/status.md", "docs-en/archive.md"}  # the English edition's (mkdocs.en.yml)
    assert set(generated_paths(load_settings(None), ROOT)) == expected
