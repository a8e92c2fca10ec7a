"""The whole offline `generate` on the sample day: fetch (loopback), extract, dedupe, offline editor, render, cover.

The sample day is served on loopback, the site copied into a temp dir, and the real CLI run as a subprocess (so the
figure includes start-up and imports): generate_s, wall time of that one run (target: <= 10 s), and
generate_peak_kb, the peak resident memory of that process (Linux reports ru_maxrss in KB).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from generator.samples import SAMPLE_DATE, serve_sample_day
from generator.samples.demo import SAMPLE_NOW, copy_site, write_sample_config


def run(quick: bool = False) -> dict[str, float]:
    with tempfile.TemporaryDirectory(prefix="ainews-bench-generate-") as tmp, serve_sample_day() as base_url:
        site = Path(tmp) / "site"
        copy_site(site, include_posts=False)
        config = write_sample_config(site, base_url, Path(tmp) / "cache")
        command = [
            sys.executable,
            "-m",
            "generator",
            "generate",
            "--config",
            str(config),
            "--date",
            SAMPLE_DATE.isoformat(),
            "--now",
            SAMPLE_NOW,
        ]
        env = {key: value for key, value in os.environ.items() if key != "GEMINI_API_KEY"}
        with tempfile.TemporaryFile() as log:
            started = time.perf_counter()
            process = subprocess.Popen(command, env=env, stdout=log, stderr=log)
            _, status, usage = os.wait4(process.pid, 0)  # this child's own peak memory
            elapsed = time.perf_counter() - started
            process.returncode = os.waitstatus_to_exitcode(status)
            log.seek(0)
            output = log.read().decode("utf-8", "replace")
        if process.returncode != 0:
            raise RuntimeError(f"generate failed ({process.returncode}): {output.strip()}")
        if not (site / "docs" / "blog" / "posts" / f"{SAMPLE_DATE}.md").is_file():
            raise RuntimeError("generate exited 0 but wrote no post")
    return {"generate_s": elapsed, "generate_peak_kb": usage.ru_maxrss}
