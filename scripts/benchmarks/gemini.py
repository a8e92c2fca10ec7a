"""What the sample day costs with Gemini, and what each of the model's normal bad minutes adds (issue 17 §1).

The sample day (loopback feeds and pages) through `run_day` (dry run) with the Gemini editor, the real google-genai
client and the fake API of the tests (tests/fake_gemini.py: real request and error shapes, token counts estimated
from the text, thinking tokens by level). Waits go to a fake clock, so `*_waited_s` is what the run asked to wait,
not time spent; the slow model really times out (with `timeout_s` 1 s instead of 90 s: it costs one `timeout_s`).

Figures: gemini_calls, gemini_prompt_tokens, gemini_output_tokens (answer and thinking), gemini_thinking_tokens of
a normal morning (both requests), and the system instructions' share of them (gemini_triage_system_tokens,
gemini_write_system_tokens); then per fault (429_10s: one 429 asking 10 s; 503_all_run: the primary at 503 all morning;
safety_one: one article blocked for SAFETY; recitation_one: one article recited once; prompt_block_one: one
article's prompt blocked; slow_model: the primary hangs; bad_key: the key is rejected): `fault_<name>_extra_calls`,
`fault_<name>_waited_s`, `fault_<name>_offline_entries` (write-ups of 8 written offline), `fault_<name>_offline_
briefs` (one-liners that kept their headline), `fault_<name>_model_written` (1 when the model wrote a part of the
post), `fault_<name>_owner_action` (1 when the run ends with exit code 3), and fault_slow_model_edit_s.
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any
from unittest import mock

from generator.cli import make_fetcher
from generator.config import Settings, load_settings
from generator.editor.gemini import GeminiEditor
from generator.pipeline import run_day
from generator.run_summary import RunStats
from generator.samples import SAMPLE_DATE, serve_sample_day
from generator.samples.demo import SAMPLE_NOW, copy_site, write_sample_config
from generator.site import SiteInfo, load_site

TESTS = Path(__file__).resolve().parents[2] / "tests"
MODEL, FALLBACK = "gemini-3.8-flash", "gemini-3.6-flash"


class FakeClock:
    """Monotonic seconds that move only when the editor sleeps."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.now += seconds


@dataclass(frozen=True)
class Morning:
    stats: RunStats
    write_ids: tuple[str, ...]  # the ARTICLE ids of the first write-up request


@contextmanager
def fake_api() -> Iterator[Any]:
    """The tests' fake Gemini API, with the SDK pointed at it."""
    sys.path.insert(0, str(TESTS))
    from fake_gemini import FakeGemini

    fake = FakeGemini().start()
    try:
        with mock.patch.dict(os.environ, {"GOOGLE_GEMINI_BASE_URL": fake.base_url}):  # restored afterwards
            os.environ.pop("GOOGLE_API_KEY", None)
            os.environ.pop("GOOGLE_GENAI_USE_VERTEXAI", None)
            yield fake
    finally:
        fake.stop()


def morning(settings: Settings, site: SiteInfo, prepare: Callable[[Any], None], **editor: object) -> Morning:
    """One dry run of the sample day with the fake API prepared by `prepare(fake)`."""
    from fake_gemini import blocks, request_kind

    with fake_api() as fake:
        prepare(fake)
        clock = FakeClock()
        settings_now = settings.editor.model_copy(update=editor)
        gemini = GeminiEditor(
            settings_now, settings.language, None, api_key="bench-key", sleep=clock.sleep, clock=clock
        )
        now = datetime.fromisoformat(SAMPLE_NOW)
        result = run_day(
            SAMPLE_DATE, settings, site, make_fetcher(settings), gemini, lambda: now, dry_run=True
        )
        writes = [r for r in fake.requests if request_kind(r) == "write"]
        ids = tuple(i for i, _ in blocks(writes[0], "ARTICLE")) if writes else ()
    return Morning(result.stats, ids)


def run(quick: bool = False) -> dict[str, float]:
    sys.path.insert(0, str(TESTS))
    from fake_gemini_errors import high_demand, quota_exceeded
    from fake_gemini_modes import recites, refuses

    figures: dict[str, float] = {}
    with tempfile.TemporaryDirectory(prefix="ainews-bench-gemini-") as tmp, serve_sample_day() as base_url:
        site_dir = Path(tmp) / "site"
        copy_site(site_dir, include_posts=False)
        settings = load_settings(write_sample_config(site_dir, base_url, Path(tmp) / "cache"))
        site = load_site(settings.paths.mkdocs)
        morning(settings, site, lambda fake: None)  # warms the client up: the next one is timed
        normal = morning(settings, site, lambda fake: None)
        llm = normal.stats.llm
        figures.update(
            gemini_calls=llm["calls"],
            gemini_prompt_tokens=llm["prompt_tokens"],
            gemini_output_tokens=llm["output_tokens"],
            gemini_thinking_tokens=llm["thinking_tokens"],
            **system_tokens(settings),
        )
        blocked = normal.write_ids[2]  # the third write-up
        faults: dict[str, tuple[Callable[[Any], None], dict[str, object]]] = {
            "429_10s": (lambda f: f.queue(quota_exceeded(MODEL, retry_s=10.4)), {}),
            "503_all_run": (lambda f: f.outages.__setitem__(MODEL, high_demand()), {}),
            "safety_one": (lambda f: f.respond_with(refuses(blocked, "SAFETY")), {}),
            "recitation_one": (lambda f: f.respond_with(recites(blocked)), {}),
            "prompt_block_one": (
                lambda f: f.respond_with(refuses(blocked, "PROHIBITED_CONTENT", prompt=True)),
                {},
            ),
            "slow_model": (lambda f: f.delays.__setitem__(MODEL, 3.0), {"timeout_s": 1.0}),
            "bad_key": (lambda f: setattr(f, "keys", {"another-key"}), {}),
        }
        for name, (prepare, editor) in faults.items():
            stats = morning(settings, site, prepare, **editor).stats
            figures.update(cost(name, stats, llm["calls"], settings.post.max_entries))
            if name == "slow_model":
                figures["fault_slow_model_edit_s"] = (
                    stats.stages["edit"]["seconds"] - normal.stats.stages["edit"]["seconds"]
                )
    return figures


def system_tokens(settings: Settings) -> dict[str, int]:
    """The system instructions' size (issue 19 §1: the rules, the triage's reader questions and importance scale,
    the write-up's themes, style guide and example entry), in the fake API's token estimate."""
    from fake_gemini import estimate_tokens

    from generator.editor.gemini import category_lines
    from generator.pipeline import edit_context

    context = edit_context(SAMPLE_DATE, datetime.fromisoformat(SAMPLE_NOW), settings, items_read=0)
    editor = GeminiEditor(settings.editor, settings.language, None, api_key="bench-key")
    triage = editor.system("triage", context, categories=category_lines(context), max_selected=20)
    return {
        "gemini_triage_system_tokens": estimate_tokens(triage),
        "gemini_write_system_tokens": estimate_tokens(editor.system("write", context)),
    }


def cost(name: str, stats: RunStats, normal_calls: int, max_entries: int) -> dict[str, float]:
    """What fault `name` cost against a normal morning (`normal_calls` requests; `max_entries` write-ups a post)."""
    llm = stats.llm
    kept = stats.counts.get("stories_kept", 0)
    if stats.editor == "offline":  # the offline editor wrote the whole post
        offline_entries, offline_briefs = min(max_entries, kept), max(0, kept - max_entries)
    else:
        offline_entries = llm.get("offline_entries", 0)
        messages = [getattr(d, "message", str(d)) for d in stats.degradations]  # run_summary.Degradation
        offline_briefs = sum(int(m.split(" ", 1)[0]) for m in messages if "one-liners kept" in m)
    return {
        f"fault_{name}_extra_calls": llm.get("calls", 0) - normal_calls,
        f"fault_{name}_waited_s": llm.get("waited_s", 0),
        f"fault_{name}_offline_entries": offline_entries,
        f"fault_{name}_offline_briefs": offline_briefs,
        f"fault_{name}_model_written": int(stats.editor != "offline"),
        f"fault_{name}_owner_action": int(stats.owner_action is not None),
    }
