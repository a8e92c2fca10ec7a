"""A digest worth reading, measured (issue 19, "Measured"): the sample day and our two fictional days
(tests/data/digest_days.yml: 2026-12-02 largely English, 2026-12-03 continuing three of its stories), each written
offline and by the fake Gemini (tests/fake_gemini.py, answering in the new schema), against the reference's
structure (/work/shared/reference/004_*.txt, when present).

Figures, per day (`sample`, `dec02`, `dec03`) and editor (`offline`, `gemini`):
- `digest_<day>_<editor>_chars_per_entry`: characters of an entry's text (summary, 深度解读, 影响), mean;
- `…_insight_share`, `…_impact_share`: share of entries with 深度解读 / 影响;
- `…_cut_sentences` (must be 0): texts that end cut, with "…" or "...": the title, the description (the RSS and
  JSON Feed items' summary), 今日摘要, every story line of the post, the cover's lines, the Telegram caption;
- `…_english_only_lines` (must be 0 offline): story lines (headlines, summaries, one-liners, follow-ups) with no
  Chinese once the quoted 原文标题 is left out;
- `…_follow_ups`, `…_themes`: follow-ups placed in the post, sections named by the model;
- gemini only: `…_calls`, `…_prompt_tokens`, `…_output_tokens` (thinking included) of the day.
And `digest_reference_chars_per_entry`, `digest_reference_insight_share`, `digest_reference_impact_share`.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import sys
import tempfile
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any
from unittest import mock

from generator.cli import main
from generator.config import load_settings
from generator.samples import SAMPLE_DATE, sample_sources, serve_sample_day
from generator.samples.demo import SAMPLE_NOW, copy_site, write_sample_config

TESTS = Path(__file__).resolve().parents[2] / "tests"
REFERENCE = Path("/work/shared/reference")


@contextlib.contextmanager
def editor(kind: str) -> Iterator[Any]:
    """The environment of one editor: no key (offline), or the fake Gemini with a key."""
    with mock.patch.dict(os.environ):  # restored afterwards
        os.environ.pop("GOOGLE_API_KEY", None)
        if kind == "offline":
            os.environ.pop("GEMINI_API_KEY", None)
            yield None
            return
        from fake_gemini import FakeGemini

        fake = FakeGemini().start()
        os.environ["GEMINI_API_KEY"] = "bench-key"
        os.environ["GOOGLE_GEMINI_BASE_URL"] = fake.base_url
        try:
            yield fake
        finally:
            fake.stop()


def generate(config: Path, day: date, now: str) -> None:
    args = ["generate", "--config", str(config), "--date", day.isoformat(), "--now", now, "-q"]
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()) as err:
        if main(args) != 0:
            raise RuntimeError(f"{day}: {err.getvalue().strip()}")


def llm_figures(cache: Path, day: date) -> dict[str, float]:
    (summary,) = sorted((cache / "runs").glob(f"{day.isoformat()}-*.json"))[-1:]
    llm = json.loads(summary.read_text(encoding="utf-8")).get("llm") or {}
    return {k: llm.get(k, 0) for k in ("calls", "prompt_tokens", "output_tokens")}


def check_post(post_file: Path, settings: Any) -> dict[str, float]:
    from digest_days import check_post as check

    return check(post_file, settings)


def entry_figures(body: str) -> dict[str, float]:
    from digest_days import entry_figures as figures

    return figures(body)


def run_days(name: str, days: list[tuple[str, date, list[dict], str]], kind: str) -> dict[str, float]:
    """Write `days` (label, date, sources, now) in order into one site with one editor; figures per day."""
    figures: dict[str, float] = {}
    with tempfile.TemporaryDirectory(prefix=f"ainews-bench-digest-{name}-") as tmp, editor(kind):
        site = Path(tmp) / "site"
        copy_site(site, include_posts=False)
        for label, day, sources, now in days:
            config = write_sample_config(site, "http://127.0.0.1", Path(tmp) / "cache", {"sources": sources})
            generate(config, day, now)
            settings = load_settings(config)
            found = check_post(site / "docs" / "blog" / "posts" / f"{day.isoformat()}.md", settings)
            if kind == "gemini":
                found |= llm_figures(Path(tmp) / "cache", day)
            figures |= {f"digest_{label}_{kind}_{key}": value for key, value in found.items()}
    return figures


def reference_figures() -> dict[str, float]:
    """The reference post's structure (004, the default shape): characters per entry, shares with 深度解读 and 影响."""
    found = sorted(REFERENCE.glob("004_*.txt"))
    if not found:
        print("# the reference posts are absent: digest_reference_* skipped", file=sys.stderr)
        return {}
    body = found[0].read_text(encoding="utf-8").split("\n---\n", 1)[-1].split("## 更多动态")[0]
    body = body.replace("**深度解读 & 洞察：**  ", "**深度解读 & 洞察：**").replace(
        "**影响：**  ", "**影响：**"
    )
    return {f"digest_reference_{k}": v for k, v in entry_figures(body).items()}


def run(quick: bool = False) -> dict[str, float]:
    sys.path.insert(0, str(TESTS))
    from digest_days import DAYS, day_now, day_sources, serve_digest_days

    figures: dict[str, float] = {}
    with serve_sample_day() as sample_base, serve_digest_days() as days_base:
        sample = [("sample", SAMPLE_DATE, sample_sources(sample_base), SAMPLE_NOW)]
        ours = [(f"dec{d.day:02d}", d, day_sources(days_base, d), day_now(d)) for d in DAYS]
        for kind in ("offline", "gemini"):
            figures |= run_days("sample", sample, kind)
            if not quick:
                figures |= run_days("ours", ours, kind)
    return figures | reference_figures()
