"""The sample day through the whole `generate` CLI on the model's bad minutes (issue 17 §1): a 429 that asks for 10 s
still gives a model-written post; a primary model at 503 all morning gives a post written and credited by the
fallback model; a rejected key gives the offline post, exit code 3 and the fix in one sentence. The run summary
carries `degradations` and `owner_action`. Waits are recorded, not slept (time.sleep is replaced for the run)."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path

import frontmatter
import pytest
from fake_gemini import FakeGemini, serve_fake_gemini
from fake_gemini_errors import high_demand, quota_exceeded

from generator.cli import choose_editor, main
from generator.samples import SAMPLE_DATE
from generator.samples.demo import SAMPLE_NOW, copy_site, write_sample_config

DAY = SAMPLE_DATE.isoformat()
MODEL, FALLBACK = "gemini-3.8-flash", "gemini-3.6-flash"


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeGemini]:
    with serve_fake_gemini(monkeypatch) as server:
        yield server


@pytest.fixture
def sleeps(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """The waits the run asks for (the editor looks time.sleep up when it is made, inside `main`)."""
    asked: list[float] = []
    monkeypatch.setattr(time, "sleep", asked.append)
    return asked


@pytest.fixture
def config(sample_server: str, tmp_path: Path) -> Path:
    copy_site(tmp_path / "src", include_posts=False)
    return write_sample_config(tmp_path / "src", sample_server, tmp_path / "cache")


def run(config: Path, *extra: str) -> int:
    return main(["generate", "--config", str(config), "--date", DAY, "--now", SAMPLE_NOW, *extra])


def summary(config: Path) -> dict:
    (found,) = (config.parent.parent / "cache" / "runs").glob(f"{DAY}-*.json")
    return json.loads(found.read_text(encoding="utf-8"))


def post(config: Path) -> frontmatter.Post:
    return frontmatter.loads(
        (config.parent / "docs" / "blog" / "posts" / f"{DAY}.md").read_text(encoding="utf-8")
    )


def editor_said(report: dict) -> list[str]:
    """What the run summary says degraded the edit (the sample day's failing sources are said too)."""
    return [d["message"] for d in report["degradations"] if d["kind"] == "editor"]


def escaped(model: str) -> str:
    """A model's name as the post's Markdown writes it."""
    return model.replace("-", "\\-").replace(".", "\\.")


def test_a_429_asking_10_s_still_gives_a_model_written_post(
    fake: FakeGemini, config: Path, sleeps: list[float], capsys: pytest.CaptureFixture[str]
) -> None:
    fake.queue(quota_exceeded(MODEL, retry_s=10.4))
    assert run(config) == 0
    written = post(config)
    assert written.metadata["editor"] == MODEL and f"编辑：{escaped(MODEL)}。" in written.content
    assert sleeps == [11.0] and [r.status for r in fake.recorded] == [429, 200, 200]
    report = summary(config)
    assert editor_said(report) == ["waited 11 s for the Gemini API (429 rate limit)"]
    assert report["owner_action"] is None and report["llm"]["waited_s"] == 11
    assert "degraded: waited 11 s for the Gemini API (429 rate limit)" in capsys.readouterr().err


def test_a_run_can_wait_on_a_clock_of_its_own(
    fake: FakeGemini, config: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # main(…, editor_for=…), the seam scripts/bench mornings uses: the waits go to the given clock, none is slept,
    # and the clock moves by them (the model's time budget counts them)
    monkeypatch.setattr(time, "sleep", lambda seconds: pytest.fail(f"slept {seconds} s"))
    waits: list[float] = []

    def sleep(seconds: float) -> None:
        waits.append(seconds)

    def clock() -> float:
        return time.monotonic() + sum(waits)

    fake.queue(quota_exceeded(MODEL, retry_s=10.4), quota_exceeded(MODEL, retry_s=20.2))
    code = main(
        ["generate", "--config", str(config), "--date", DAY, "--now", SAMPLE_NOW],
        editor_for=lambda settings: choose_editor(settings, sleep=sleep, clock=clock),
    )
    assert code == 0 and waits == [11.0, 21.0] and post(config).metadata["editor"] == MODEL
    assert summary(config)["llm"]["waited_s"] == 32


def test_a_primary_at_503_all_morning_gives_the_fallbacks_post(
    fake: FakeGemini, config: Path, sleeps: list[float]
) -> None:
    fake.outages[MODEL] = high_demand()
    assert run(config) == 0
    written = post(config)
    assert written.metadata["editor"] == FALLBACK and f"编辑：{escaped(FALLBACK)}。" in written.content
    assert written.content.count("\n### ") == 8  # a full post: eight write-ups
    assert [(r.model, r.status) for r in fake.recorded] == [(MODEL, 503)] * 3 + [(FALLBACK, 200)] * 2
    assert sleeps == [2.0, 4.0]
    assert editor_said(summary(config)) == [
        f"selection by fallback model {FALLBACK} ({MODEL}: 503 UNAVAILABLE)",
        f"write-up by fallback model {FALLBACK} ({MODEL}: 503 UNAVAILABLE)",
        "waited 6 s for the Gemini API (503 UNAVAILABLE)",
    ]


def test_a_rejected_key_gives_the_offline_post_and_exit_3(
    fake: FakeGemini, config: Path, sleeps: list[float], capsys: pytest.CaptureFixture[str]
) -> None:
    fake.keys = {"the-key-the-owner-meant"}
    assert run(config) == 3
    fix = (
        "GEMINI_API_KEY was rejected (400 API_KEY_INVALID): create a key at https://aistudio.google.com/apikey "
        "and update the repository secret GEMINI_API_KEY"
    )
    err = capsys.readouterr().err
    assert err.rstrip().endswith(f"error: {fix}")
    assert post(config).metadata["editor"] == "offline" and len(fake.requests) == 1 and sleeps == []
    report = summary(config)
    assert report["owner_action"] == fix and report["result"] == "written"
    assert editor_said(report)[0].startswith("the whole post written offline: the model wrote nothing: ")
    assert "test-key" not in err and "test-key" not in json.dumps(report)  # the secret is never printed

    assert run(config, "--dry-run") == 3  # a dry run says the same
