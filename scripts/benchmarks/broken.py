"""A day with broken sources, in real time, with the default fetch settings (target: broken_day_s <= 30).

The sample day's sources plus the ten of `generator.samples.broken` (malformed XML, an HTML page, HTTP 500, 404, a
redirect loop, redirects to 169.254.169.254 and 10.0.0.8, an endless body, a feed trickling one byte a second, a
server that never answers), all on loopback, through the real CLI as a subprocess: broken_day_s is the wall time
of that `generate` (start-up and exit included: a thread left reading would hold the exit), broken_day_failed the
number of sources its summary reports as failed (12: the ten and the sample day's own two).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from generator.samples import SAMPLE_DATE, sample_sources, serve_sample_day
from generator.samples.broken import serve_broken_sources
from generator.samples.demo import SAMPLE_NOW, copy_site, write_sample_config


def run(quick: bool = False) -> dict[str, float]:
    with (
        tempfile.TemporaryDirectory(prefix="ainews-bench-broken-") as tmp,
        serve_sample_day() as base_url,
        serve_broken_sources(gap_s=1.0) as (_, broken),
    ):
        site, cache = Path(tmp) / "site", Path(tmp) / "cache"
        copy_site(site, include_posts=False)
        sources = sample_sources(base_url) + [{"name": name, "url": url} for name, url in broken.items()]
        fetch = {"allow_private_hosts": ["127.0.0.0/8"]}  # the defaults, loopback allowed and nothing else
        config = write_sample_config(site, base_url, cache, {"sources": sources, "fetch": fetch})
        command = [sys.executable, "-m", "generator", "generate", "--config", str(config)]
        command += ["--date", SAMPLE_DATE.isoformat(), "--now", SAMPLE_NOW]
        env = {key: value for key, value in os.environ.items() if key != "GEMINI_API_KEY"}
        started = time.perf_counter()
        done = subprocess.run(command, env=env, capture_output=True, text=True)
        elapsed = time.perf_counter() - started
        if done.returncode != 0:
            raise RuntimeError(f"generate failed ({done.returncode}): {done.stderr.strip()}")
        (summary_file,) = (cache / "runs").glob("*.json")
        summary = json.loads(summary_file.read_text(encoding="utf-8"))
    failed = sum(1 for source in summary["sources"] if source["status"] == "failed")
    return {"broken_day_s": elapsed, "broken_day_failed": failed}
