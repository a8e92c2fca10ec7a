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
PIN = re.compile(r"^\s*(?:-\s+)?uses:\s*(\S+?)@([0-9a-f]{40})\s+#\s*v\d+(?:\.\d+)*\b")


def load(path: Path) -> dict[str, Any]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def steps_of(job: dict[str, Any]) -> list[dict[str, Any]]:
    return list(job.get("steps") or [])


def runs(step: dict[str, Any]) -> str:
    return str(step.get("run") or "")


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_every_action_is_pinned_to_a_commit_with_its_version(path: Path) -> None:
    lines = [
        line for line in path.read_text(encoding="utf-8").splitlines() if re.match(r"^\s*(-\s+)?uses:", line)
    ]
    assert lines
    for line in lines:
        assert PIN.match(line), f"{path.name}: not pinned to a full SHA with '# vX.Y.Z': {line.strip()}"


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_checkout_keeps_credentials_only_in_jobs_that_push(path: Path) -> None:
    for name, job in load(path)["jobs"].items():
        pushes = any("git push" in runs(step) for step in steps_of(job))
        for step in steps_of(job):
            if str(step.get("uses", "")).startswith("actions/checkout@"):
                persisted = (step.get("with") or {}).get("persist-credentials", True)
                assert persisted is pushes, f"{path.name} job {name}: persist-credentials should be {pushes}"


def pages_url_steps(job: dict[str, Any]) -> set[str]:
    return {
        step["id"]
        for step in steps_of(job)
        if str(step.get("uses", "")).startswith("actions/configure-pages@")
    }


def test_the_generate_step_knows_the_forks_pages_url() -> None:
    """The cover (og:image, RSS image) is drawn when the post is generated, and the channel post links to the
    post: SITE_URL must be the real Pages URL there, from configure-pages in the same job and before the step,
    not only in the build job."""
    jobs = load(ROOT / ".github" / "workflows" / "daily.yml")["jobs"]
    checked = 0
    for name, job in jobs.items():
        seen: set[str] = set()
        for step in steps_of(job):
            if str(step.get("uses", "")).startswith("actions/configure-pages@"):
                seen.add(step["id"])
            if re.search(r"python -m generator (generate|weekly|announce)|mkdocs build", runs(step)):
                site_url = str((step.get("env") or {}).get("SITE_URL", ""))
                match = re.fullmatch(r"\$\{\{\s*steps\.([\w-]+)\.outputs\.base_url\s*\}\}/", site_url)
                assert match, f"job {name}: step {step.get('name')!r} gets no SITE_URL from configure-pages"
                assert match.group(1) in seen, f"job {name}: SITE_URL comes from a step that has not run yet"
                checked += 1
    assert checked >= 3  # the post, the site, the channel post's link


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


def test_the_channel_post_runs_after_the_deploy_and_cannot_fail_it() -> None:
    """The Telegram job waits for a successful deploy of a day the workflow wrote (not a push to main), and a
    failure there fails nothing: the job continues on error and no job needs it."""
    jobs = daily_jobs()
    announce = jobs["announce"]
    assert set(announce["needs"]) == {"generate", "deploy"} and announce["continue-on-error"] is True
    condition = re.sub(r"\s+", " ", announce["if"])
    assert (
        "needs.deploy.result == 'success'" in condition and "needs.generate.result == 'success'" in condition
    )
    assert not any("announce" in (job.get("needs") or []) for job in jobs.values())
    _, step = step_running(announce, r"python -m generator announce")
    assert '--date "$DAY"' in runs(step) and step["env"]["DAY"] == "${{ needs.generate.outputs.day }}"
    assert jobs["generate"]["outputs"]["day"] == "${{ steps.day.outputs.day }}"


def test_the_telegram_secrets_reach_only_the_step_that_sends() -> None:
    """The token and chat id are in the env of the one step that needs them; the step sends nothing (and
    succeeds) when either is unset; `if: secrets.…` is not allowed in a step, so the check is in the script."""
    text = (ROOT / ".github" / "workflows" / "daily.yml").read_text(encoding="utf-8")
    assert text.count("secrets.TELEGRAM_BOT_TOKEN") == 1 and text.count("secrets.TELEGRAM_CHAT_ID") == 1
    _, step = step_running(daily_jobs()["announce"], r"python -m generator announce")
    assert step["env"]["TELEGRAM_BOT_TOKEN"] == "${{ secrets.TELEGRAM_BOT_TOKEN }}"
    assert step["env"]["TELEGRAM_CHAT_ID"] == "${{ secrets.TELEGRAM_CHAT_ID }}"
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


def test_the_commit_holds_the_pages_generate_rewrites() -> None:
    from generator.site.layout import SiteLayout

    layout = SiteLayout(Path("docs"))
    _, step = step_running(daily_jobs()["generate"], r"git add")
    (add,) = [line.split() for line in runs(step).splitlines() if line.strip().startswith("git add")]
    for ref in (layout.posts, layout.covers, layout.status_page, layout.opml, layout.tags_page):
        path = f"docs/{ref}"
        assert any(path == added or path.startswith(added + "/") for added in add), path
