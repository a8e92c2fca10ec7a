"""The two editions (issue 22): the sample days generated with `editions: [en]`, then each site built with the real
`mkdocs build --strict`: the build time and the search index per post of each edition, side by side.

editions_posts                  daily posts per edition (the sample days)
editions_generate_s             wall time of generating those days with both editions (the CLI in this process)
edition_zh_build_s / _en_       wall time of `mkdocs build --strict` of the Chinese site, then of the English one
edition_zh_search_kb_per_post   the built search index (search/search_index.json) over the posts, in KB: the
edition_en_search_kb_per_post   Chinese one is segmented by jieba, the English one by Material's English search
"""

from __future__ import annotations

import contextlib
import io
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from generator.samples import SAMPLE_DAYS
from generator.samples.demo import copy_site, run_sample_days


def _build(config: Path, out: Path) -> float:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    started = time.perf_counter()
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config), "-d", str(out)]
    done = subprocess.run(command, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"the build of {config.name} failed:\n{done.stdout}{done.stderr}")
    return time.perf_counter() - started


def run(quick: bool = False) -> dict[str, float]:
    days = 1 if quick else len(SAMPLE_DAYS)
    with tempfile.TemporaryDirectory(prefix="ainews-bench-editions-") as tmp:
        work = Path(tmp)
        copy_site(work / "src", include_posts=False)
        started = time.perf_counter()
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            code = run_sample_days(work / "src", work, days, None, False, ("en",))
        generate = time.perf_counter() - started
        if code != 0:
            raise RuntimeError(f"generating the sample days failed (exit {code})")
        figures: dict[str, float] = {"editions_posts": days, "editions_generate_s": generate}
        for language, config, docs, out in (
            ("zh", "mkdocs.yml", "docs", work / "site"),
            ("en", "mkdocs.en.yml", "docs-en", work / "site" / "en"),
        ):
            posts = len(list((work / "src" / docs / "blog" / "posts").glob("*.md")))
            if posts != days:
                raise RuntimeError(f"the {language} edition has {posts} posts, not {days}")
            figures[f"edition_{language}_build_s"] = _build(work / "src" / config, out)
            index = (out / "search" / "search_index.json").stat().st_size / 1024
            figures[f"edition_{language}_search_kb_per_post"] = index / posts
    return figures
