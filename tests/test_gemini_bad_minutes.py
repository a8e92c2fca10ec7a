"""The model's normal bad minutes (issue 17 §1), through the real google-genai client against the fake API: rate limits
with the server's wait, per-day and zero quotas, 503 high demand, a slow model, a rejected key, a refused setting, a
blocked or recited article. Each path says what it cost (calls, waits asked for, entries written offline) and what
the run reports (`degradations`, `owner_action`). Waits go to a FakeClock; one test really times out (0.5 s)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fake_gemini import FakeGemini, answer, answer_for, happy_payload, serve_fake_gemini
from fake_gemini_errors import error, high_demand, permission_denied, quota_exceeded
from fake_gemini_modes import recites, refuses
from gemini_day import (
    AURORA_EN,
    FUNDING,
    MODEL,
    STARWEAVE,
    STORIES,
    TIDEWATER,
    TRIAGE,
    VOUCHER,
    FakeClock,
    make_context,
    make_editor,
)

from generator.editor import EditContext
from generator.errors import EditorError
from generator.stages import edit_stage

FALLBACK = "gemini-3.6-flash"


@pytest.fixture
def gemini(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeGemini]:
    with serve_fake_gemini(monkeypatch) as fake:
        yield fake


@pytest.fixture
def context() -> EditContext:
    return make_context()


@pytest.fixture
def clock(gemini: FakeGemini) -> FakeClock:
    """The editor's clock, shared with the fake's quota buckets: a wait really lets a minute pass for both."""
    shared = FakeClock()
    gemini.clock = shared
    return shared


def written_by_model(digest_entries: tuple) -> list[bool]:
    return [e.summary.startswith("据报道") for e in digest_entries]


# ── rate limits: the server's wait, within the wait budget ─────────────────────────────────────────────────────


def test_a_429_asking_10_s_is_waited_out_and_the_model_writes(
    gemini: FakeGemini, context: EditContext, clock: FakeClock, tmp_path: Path
) -> None:
    gemini.queue(quota_exceeded(MODEL, retry_s=10.52))  # RetryInfo "10s", the message 10.520 s
    editor = make_editor(tmp_path, clock)
    digest = editor.edit(STORIES, context)
    assert clock.sleeps == [11.0]  # the delay the server asked for, plus a second for its rounding down
    assert [r.status for r in gemini.recorded] == [429, 200, 200] and digest.editor == MODEL
    assert editor.degradations == ("waited 11 s for the Gemini API (429 rate limit)",)
    assert editor.usage["waits"] == 1 and editor.usage["waited_s"] == 11 and editor.owner_action is None


def test_a_per_minute_bucket_refills_after_the_wait(
    gemini: FakeGemini, context: EditContext, clock: FakeClock, tmp_path: Path
) -> None:
    """One request a minute: the write-up waits for the bucket the selection emptied, as long as the API says."""
    gemini.quotas.set(MODEL, per_minute=1)
    editor = make_editor(tmp_path, clock)
    digest = editor.edit(STORIES, context)
    assert clock.sleeps == [61.0] and digest.editor == MODEL
    assert [r.status for r in gemini.recorded] == [200, 429, 200]


def test_a_wait_beyond_the_budget_goes_to_the_fallback_model(
    gemini: FakeGemini, context: EditContext, clock: FakeClock, tmp_path: Path
) -> None:
    gemini.quotas.set(MODEL, per_minute=1)
    editor = make_editor(tmp_path, clock, wait_budget_s=30, fallback_models=(FALLBACK,))
    digest = editor.edit(STORIES, context)
    assert clock.sleeps == []  # 61 s does not fit 30 s: another model has its own bucket
    assert [(r.model, r.status) for r in gemini.recorded] == [(MODEL, 200), (MODEL, 429), (FALLBACK, 200)]
    assert digest.editor == f"{MODEL}+{FALLBACK}"
    assert editor.degradations == (f"write-up by fallback model {FALLBACK} ({MODEL}: 429 rate limit)",)


def test_a_per_day_quota_is_not_retried(
    gemini: FakeGemini, context: EditContext, clock: FakeClock, tmp_path: Path
) -> None:
    gemini.quotas.set(MODEL, per_day=1)  # its 429 carries a RetryInfo of 27 s, which is no use today
    editor = make_editor(tmp_path, clock, fallback_models=(FALLBACK,))
    digest = editor.edit(STORIES, context)
    assert clock.sleeps == [] and editor.owner_action is None
    assert [(r.model, r.status) for r in gemini.recorded] == [(MODEL, 200), (MODEL, 429), (FALLBACK, 200)]
    assert digest.editor == f"{MODEL}+{FALLBACK}"
    assert editor.degradations == (f"write-up by fallback model {FALLBACK} ({MODEL}: 429 per-day quota)",)


def test_a_deprecated_model_shares_the_bucket_of_its_successor(
    gemini: FakeGemini, context: EditContext, clock: FakeClock, tmp_path: Path
) -> None:
    """Why gemini-3.7-flash is no fallback of 3.8: routed there, it draws on the same bucket (and the config refuses
    it, tests/test_gemini_config.py)."""
    gemini.served_as["gemini-3.7-flash"] = MODEL
    gemini.quotas.set(MODEL, per_day=2)
    make_editor(tmp_path / "a", clock).edit(STORIES, context)  # the day's two requests
    with pytest.raises(EditorError, match="gemini-3.7-flash answered 429 per-day quota"):
        make_editor(tmp_path / "b", clock, model="gemini-3.7-flash").edit(STORIES, context)


def test_a_zero_quota_is_the_owners_to_fix(
    gemini: FakeGemini, context: EditContext, clock: FakeClock, tmp_path: Path
) -> None:
    gemini.quotas.set(MODEL, per_minute=0)  # "limit: 0": no free tier for that model and key
    editor = make_editor(tmp_path, clock, fallback_models=(FALLBACK,))
    digest = editor.edit(STORIES, context)
    assert digest.editor == FALLBACK and clock.sleeps == []
    assert [(r.model, r.status) for r in gemini.recorded] == [(MODEL, 429), (FALLBACK, 200), (FALLBACK, 200)]
    assert editor.owner_action is not None
    assert editor.owner_action.startswith(f"the Gemini API gives this key a quota of 0 for {MODEL}")
    assert "editor.model" in editor.owner_action and "billing" in editor.owner_action


# ── overload and slowness: the fallback model, after our tries ────────────────────────────────────────────────


def test_a_primary_at_503_all_morning_hands_over_to_the_fallback(
    gemini: FakeGemini, context: EditContext, clock: FakeClock, tmp_path: Path
) -> None:
    gemini.outages[MODEL] = high_demand()
    editor = make_editor(tmp_path, clock, fallback_models=(FALLBACK,))
    digest = editor.edit(STORIES, context)
    # the selection: three tries on the primary (back-off 2 s, 4 s), then the fallback; the write-up goes to the
    # fallback first (the primary went to the back of the chain)
    assert [(r.model, r.status) for r in gemini.recorded] == [(MODEL, 503)] * 3 + [(FALLBACK, 200)] * 2
    assert clock.sleeps == [2.0, 4.0]
    assert digest.editor == FALLBACK and written_by_model(digest.entries) == [True] * 3
    assert editor.degradations == (
        f"selection by fallback model {FALLBACK} ({MODEL}: 503 UNAVAILABLE)",
        f"write-up by fallback model {FALLBACK} ({MODEL}: 503 UNAVAILABLE)",
        "waited 6 s for the Gemini API (503 UNAVAILABLE)",
    )
    assert editor.usage["fallback_answers"] == 2 and editor.usage["calls"] == 5


def test_every_model_at_503_for_90_s_is_waited_out_and_the_model_writes(
    gemini: FakeGemini, context: EditContext, clock: FakeClock, tmp_path: Path
) -> None:
    # found by scripts/bench mornings: both models overloaded for a minute and a half sent the whole day offline
    # after 12 s of waits (and all 12 calls), with most of the wait budget (180 s) left
    back = clock.now + 90

    def busy(request: dict) -> object:
        return high_demand() if clock.now < back else answer_for(request, happy_payload(request))

    gemini.respond_with(busy)
    editor = make_editor(tmp_path, clock, fallback_models=(FALLBACK,))
    digest = editor.edit(STORIES, context)
    # three tries each (2 s, 4 s), then one model a round after 16, 32 and 64 s: the primary answers at 124 s
    assert [(r.model, r.status) for r in gemini.recorded] == (
        [(MODEL, 503)] * 3
        + [(FALLBACK, 503)] * 3
        + [(MODEL, 503), (FALLBACK, 503), (MODEL, 200), (MODEL, 200)]
    )
    assert clock.sleeps == [2.0, 4.0, 2.0, 4.0, 16.0, 32.0, 64.0]
    assert digest.editor == MODEL and written_by_model(digest.entries) == [True] * 3
    assert editor.degradations == ("waited 124 s for the Gemini API (503 UNAVAILABLE)",)
    assert editor.usage["calls"] == 10


def test_an_outage_beyond_the_wait_budget_ends_at_the_budget(
    gemini: FakeGemini, context: EditContext, clock: FakeClock, tmp_path: Path
) -> None:
    gemini.outages[MODEL] = gemini.outages[FALLBACK] = high_demand()
    editor = make_editor(tmp_path, clock, fallback_models=(FALLBACK,), wait_budget_s=60)
    with pytest.raises(EditorError, match=r"every model stayed overloaded \(editor.wait_budget_s 60\)"):
        editor.edit(STORIES, context)
    # 12 s of back-off, then 16 s and the 32 s that are left of the budget; the write-up tries each model once
    assert clock.sleeps == [2.0, 4.0, 2.0, 4.0, 16.0, 32.0] and editor.usage["calls"] == 10


def test_retry_after_is_honoured(
    gemini: FakeGemini, context: EditContext, clock: FakeClock, tmp_path: Path
) -> None:
    gemini.queue(error(503, "busy", headers={"Retry-After": "7"}))
    make_editor(tmp_path, clock).edit(STORIES, context)
    assert clock.sleeps == [7.0]


def test_a_slow_model_is_not_asked_twice(gemini: FakeGemini, context: EditContext, tmp_path: Path) -> None:
    """A real time-out (0.5 s): the try is not repeated; the fallback answers, the slow model goes to the back."""
    gemini.delays[MODEL] = 3.0
    clock = FakeClock()
    editor = make_editor(tmp_path, clock, timeout_s=0.5, fallback_models=(FALLBACK,))
    started = time.monotonic()
    digest = editor.edit(STORIES, context)
    assert time.monotonic() - started < 2.5  # one time-out, not three
    assert [r.model for r in gemini.recorded] == [MODEL, FALLBACK, FALLBACK]
    assert digest.editor == FALLBACK and clock.sleeps == []
    assert editor.usage["timeouts"] == 1
    assert editor.degradations[0] == f"selection by fallback model {FALLBACK} ({MODEL}: timed out)"


def test_each_try_gets_what_is_left_of_the_time_budget(
    gemini: FakeGemini, context: EditContext, clock: FakeClock, tmp_path: Path
) -> None:
    gemini.queue(error(503), error(503))
    editor = make_editor(tmp_path, clock, time_budget_s=40, timeout_s=90, backoff_s=15)
    editor.edit(STORIES, context)
    # tries at 0 s and 15 s of the budget; the third would start at 45 s: its wait (30 s) does not fit
    assert clock.sleeps == [15.0]
    timeouts = [r.headers.get("X-Server-Timeout") for r in gemini.recorded]
    assert timeouts[:2] == ["40", "25"]  # min(timeout_s, what is left), per try


def test_the_time_budget_ends_the_calls(
    gemini: FakeGemini, context: EditContext, clock: FakeClock, tmp_path: Path
) -> None:
    def slow_selection(request: dict) -> dict:
        clock.now += 500  # the selection took longer than the whole time budget
        return answer_for(request, happy_payload(request))

    gemini.respond_with(slow_selection)
    editor = make_editor(tmp_path, clock)
    digest = editor.edit(STORIES, context)
    assert len(gemini.requests) == 1 and written_by_model(digest.entries) == [False] * 3
    assert editor.degradations[0] == (
        "3 of 3 write-ups written offline: the model's time is spent (editor.time_budget_s 480)"
    )


# ── what the owner must fix ───────────────────────────────────────────────────────────────────────────────────


@pytest.mark.parametrize(
    ("reject", "named"),
    [("key", "400 API_KEY_INVALID"), ("permission", "403 PERMISSION_DENIED")],
)
def test_a_rejected_key_stops_the_calls_and_says_what_to_fix(
    gemini: FakeGemini, context: EditContext, clock: FakeClock, tmp_path: Path, reject: str, named: str
) -> None:
    if reject == "key":
        gemini.keys = {"a-key-the-owner-never-set"}
    else:
        gemini.outages[MODEL] = permission_denied()
    editor = make_editor(tmp_path, clock, fallback_models=(FALLBACK,))
    digest, report = edit_stage(STORIES, context, editor)
    assert len(gemini.requests) == 1  # no second try, no fallback model, no write-up request
    assert digest.editor == "offline" and digest.entries
    assert report.owner_action == (
        f"GEMINI_API_KEY was rejected ({named}): create a key at https://aistudio.google.com/apikey and update "
        "the repository secret GEMINI_API_KEY"
    )
    assert report.degradations[0].message.startswith(
        "the whole post written offline: the model wrote nothing: "
    )


def test_a_refused_thinking_level_is_the_owners_to_fix(
    gemini: FakeGemini, context: EditContext, clock: FakeClock, tmp_path: Path
) -> None:
    """A model the config cannot check (not in generator.config_editor.FAMILIES) refuses the level with a 400."""
    gemini.levels["gemini-9-flash"] = {"low", "medium", "high"}
    editor = make_editor(
        tmp_path, clock, model="gemini-9-flash", thinking_level="minimal", fallback_models=(FALLBACK,)
    )
    digest = editor.edit(STORIES, context)
    assert [(r.model, r.status) for r in gemini.recorded] == [
        ("gemini-9-flash", 400),
        (FALLBACK, 200),
        (FALLBACK, 200),
    ]
    assert digest.editor == FALLBACK
    assert editor.owner_action == (
        "gemini-9-flash refused editor.thinking_level (400 INVALID_ARGUMENT: 'minimal' is not a supported thinking "
        "level for this model.): change editor.thinking_level in the config (generator/config.yml)"
    )


# ── one blocked article costs at most itself ──────────────────────────────────────────────────────────────────


def test_a_blocked_article_is_written_offline_alone(
    gemini: FakeGemini, context: EditContext, tmp_path: Path
) -> None:
    gemini.queue(answer(TRIAGE))
    gemini.respond_with(refuses(STARWEAVE.id, "SAFETY"))
    editor = make_editor(tmp_path)
    digest = editor.edit(STORIES, context)
    # the write-up of [voucher, aurora, starweave | tidewater, funding] is blocked: split in halves, the blocked
    # half again, until starweave stands alone
    asked = [
        [
            i
            for i in (VOUCHER.id, AURORA_EN.id, STARWEAVE.id, TIDEWATER.id, FUNDING.id)
            if i in gemini.contents(n)
        ]
        for n in range(1, len(gemini.requests))
    ]
    assert asked == [
        [VOUCHER.id, AURORA_EN.id, STARWEAVE.id, TIDEWATER.id, FUNDING.id],
        [VOUCHER.id, AURORA_EN.id, STARWEAVE.id],
        [VOUCHER.id, AURORA_EN.id],
        [STARWEAVE.id],
        [TIDEWATER.id, FUNDING.id],
    ]
    assert written_by_model(digest.entries) == [True, True, False]
    assert editor.usage["splits"] == 4 and editor.usage["offline_entries"] == 1
    assert editor.degradations == ("1 of 3 write-ups written offline: blocked (SAFETY)",)
    assert digest.editor == f"{MODEL}+offline"


def test_a_prompt_block_never_sends_the_same_data_again(
    gemini: FakeGemini, context: EditContext, tmp_path: Path
) -> None:
    gemini.queue(answer(TRIAGE))
    gemini.respond_with(refuses(TIDEWATER.id, "PROHIBITED_CONTENT", prompt=True))
    editor = make_editor(tmp_path)
    digest = editor.edit(STORIES, context)
    contents = [gemini.contents(n) for n in range(len(gemini.requests))]
    assert len(set(contents)) == len(contents)  # no request repeated
    # its one-liner is the offline editor's (its Chinese frame: it is told only in English); the rest the model's
    assert digest.briefs[0].text == f"Tidewater 7B登上榜单。原文标题：“{TIDEWATER.title}”"
    assert written_by_model(digest.entries) == [True] * 3
    assert editor.degradations == (
        "1 of 2 one-liners kept their headlines: the request was blocked (PROHIBITED_CONTENT)",
    )


def test_splitting_stops_at_max_calls(gemini: FakeGemini, context: EditContext, tmp_path: Path) -> None:
    gemini.queue(answer(TRIAGE))
    gemini.respond_with(refuses(STARWEAVE.id))
    editor = make_editor(tmp_path, max_calls=3)
    digest = editor.edit(STORIES, context)
    assert len(gemini.requests) == 3 and written_by_model(digest.entries) == [False] * 3
    assert editor.degradations[0] == "3 of 3 write-ups written offline: no call left (editor.max_calls 3)"


def test_a_recitation_is_asked_again_for_a_paraphrase(
    gemini: FakeGemini, context: EditContext, tmp_path: Path
) -> None:
    gemini.queue(answer(TRIAGE))
    gemini.respond_with(recites(VOUCHER.id))
    editor = make_editor(tmp_path)
    digest = editor.edit(STORIES, context)
    assert len(gemini.requests) == 3 and "in your own words" in gemini.contents(2)
    assert written_by_model(digest.entries) == [True] * 3 and editor.degradations == ()
    assert editor.usage["repairs"] == 1 and digest.editor == MODEL


def test_a_recitation_the_paraphrase_does_not_cure_costs_only_that_article(
    gemini: FakeGemini, context: EditContext, tmp_path: Path
) -> None:
    gemini.queue(answer(TRIAGE))
    gemini.respond_with(recites(VOUCHER.id, always=True))
    editor = make_editor(tmp_path)
    digest = editor.edit(STORIES, context)
    assert written_by_model(digest.entries) == [False, True, True]
    assert editor.degradations == ("1 of 3 write-ups written offline: blocked (RECITATION)",)


# ── real answers' shapes ──────────────────────────────────────────────────────────────────────────────────────


def test_thought_parts_and_signatures_are_not_the_answer(
    gemini: FakeGemini, context: EditContext, tmp_path: Path
) -> None:
    gemini.respond_with(
        lambda request: answer_for(
            request, happy_payload(request), thought="先想一想 {not json", thinking_tokens=700
        )
    )
    editor = make_editor(tmp_path)
    digest = editor.edit(STORIES, context)
    assert digest.editor == MODEL and editor.usage["thinking_tokens"] == 1400
    usage = editor.usage
    assert usage["total_tokens"] == usage["prompt_tokens"] + usage["output_tokens"]
