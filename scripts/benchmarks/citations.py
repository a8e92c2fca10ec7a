"""How many of the model's sentences cite their sources validly, and what is refused and why (issue 21 §1).

The sample day (loopback feeds and pages) through `run_day` (dry run) with the Gemini editor, the real google-genai
client and the tests' fake API (tests/fake_gemini.py), once with the tame model (`happy_answer`: it cites the
source whose headline it repeats) and once with the hostile one (tests/fake_gemini_modes.py `hostile`: it obeys
injected instructions and invents figures, names, quotes and markers).

Figures, per model (`tame`, `hostile`): citations_<model>_model_sentences (sentences read in summaries, insights,
impacts and 今日摘要 bullets), citations_<model>_cited_pct (the share with valid citations, in percent), and
citations_<model>_refused_<reason> for each reason (uncited, outside, misquoted, number, name).
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path
from typing import Any

from benchmarks.gemini import TESTS, morning
from generator.config import load_settings
from generator.samples import serve_sample_day
from generator.samples.demo import copy_site, write_sample_config
from generator.site import load_site
from generator.stories import REASONS


def figures_of(name: str, llm: dict[str, int]) -> dict[str, float]:
    read = llm.get("model_sentences", 0)
    share = 100.0 * llm.get("cited_sentences", 0) / read if read else 0.0
    out: dict[str, float] = {
        f"citations_{name}_model_sentences": read,
        f"citations_{name}_cited_pct": round(share, 1),
    }
    out.update({f"citations_{name}_refused_{r}": llm.get(f"refused_{r}", 0) for r in REASONS})
    return out


def run(quick: bool = False) -> dict[str, float]:
    sys.path.insert(0, str(TESTS))
    from fake_gemini_modes import hostile

    models: dict[str, Any] = {"tame": lambda fake: None, "hostile": lambda fake: fake.respond_with(hostile())}
    figures: dict[str, float] = {}
    with tempfile.TemporaryDirectory(prefix="ainews-bench-citations-") as tmp, serve_sample_day() as base_url:
        site_dir = Path(tmp) / "site"
        copy_site(site_dir, include_posts=False)
        settings = load_settings(write_sample_config(site_dir, base_url, Path(tmp) / "cache"))
        site = load_site(settings.paths.mkdocs)
        for name, prepare in models.items():
            figures.update(figures_of(name, morning(settings, site, prepare).stats.llm))
    return figures
