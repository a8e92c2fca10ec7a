"""The daily workflow's own costs, measured as the workflow runs its steps (each `python -m generator ops …` in a
process of its own, real git, real `mkdocs build --strict`), against a GitHub API and a Pages site on loopback.

Figures:
  ops_plan_idle_s      `ops plan` of a run with nothing to do (the last days written, the live site the tip): the
                       whole step after the install, interpreter start and imports included (median of 3)
  ops_write_day_s      `ops write` of the sample day: generate (offline editor, feeds on loopback), the strict
                       build of the site, the commit (one day of a catch-up)
  ops_build_check_s    the strict build alone, as `ops write` runs it before each commit (median of 3)
  ops_push_rebase_s    `push_with_retry` when another push landed meanwhile: refused, fetch, rebase, regenerate
                       a conflicting page, push (median of 3)
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from generator.ops.push import push_with_retry
from generator.ops.write import strict_build
from generator.samples import SAMPLE_DATE, serve_sample_day
from generator.samples.demo import SAMPLE_NOW, copy_site, write_sample_config

REPOSITORY = "someone/their-news"


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True, check=True)
    return done.stdout.strip()


@contextmanager
def fake_github(commit: str) -> Iterator[str]:
    """A Pages API (build type "workflow") and a live site whose build.json names `commit`; yields the base URL."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (http.server's name)
            base = f"http://127.0.0.1:{self.server.server_port}"
            if self.path == f"/api/repos/{REPOSITORY}/pages":
                body, status = {"build_type": "workflow", "html_url": f"{base}/site/"}, 200
            elif self.path.startswith("/site/build.json"):
                body, status = {"commit": commit}, 200
            else:
                body, status = {"message": "Not Found"}, 404
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()


def checkout(root: Path, config_url: str, cache: Path) -> Path:
    copy_site(root, include_posts=False)
    config = write_sample_config(root, config_url, cache)
    subprocess.run(["git", "init", "--quiet", "-b", "main", str(root)], check=True)
    git(root, "config", "user.name", "Bench")
    git(root, "config", "user.email", "bench@example.invalid")
    git(root, "add", "--all")
    git(root, "commit", "--quiet", "-m", "fork")
    return config


def timed(command: list[str], cwd: Path, env: dict[str, str]) -> float:
    began = time.perf_counter()
    subprocess.run(command, cwd=cwd, env=env, check=True, capture_output=True)
    return time.perf_counter() - began


def plan_idle(work: Path) -> float:
    root = work / "plan"
    config = checkout(root, "http://127.0.0.1:9", work / "plan-cache")
    posts = root / "docs" / "blog" / "posts"
    posts.mkdir(parents=True, exist_ok=True)
    for back in range(3):
        (posts / f"{SAMPLE_DATE - timedelta(days=back)}.md").write_text(
            "---\ntitle: x\n---\n", encoding="utf-8"
        )
    git(root, "add", "--all")
    git(root, "commit", "--quiet", "-m", "three days")
    with fake_github(git(root, "rev-parse", "HEAD")) as base:
        env = {
            **os.environ,
            "GITHUB_API_URL": f"{base}/api",
            "GITHUB_REPOSITORY": REPOSITORY,
            "GITHUB_TOKEN": "t",
        }
        command = [
            sys.executable,
            "-m",
            "generator",
            "ops",
            "plan",
            "--config",
            str(config),
            "--now",
            SAMPLE_NOW,
        ]
        return statistics.median(timed(command, root, env) for _ in range(3))


def write_day(work: Path) -> tuple[float, float]:
    with serve_sample_day() as base_url:
        root = work / "write"
        config = checkout(root, base_url, work / "write-cache")
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
        command = [sys.executable, "-m", "generator", "ops", "write", "--config", str(config)]
        command += ["--days", SAMPLE_DATE.isoformat(), "--now", SAMPLE_NOW]
        seconds = timed(command, root, env)
        assert git(root, "log", "-1", "--format=%s") == f"AI 日报: {SAMPLE_DATE}", "the day was not committed"
        build = statistics.median(_build(root) for _ in range(3))
    return seconds, build


def _build(root: Path) -> float:
    began = time.perf_counter()
    assert strict_build(root / "mkdocs.yml").ok
    return time.perf_counter() - began


def push_rebase(work: Path, attempt: int) -> float:
    origin = work / f"origin-{attempt}.git"
    subprocess.run(["git", "init", "--quiet", "--bare", "-b", "main", str(origin)], check=True)
    clones = {}
    for name in ("seed", "runner", "other"):
        clones[name] = work / f"{name}-{attempt}"
        if name != "seed":
            subprocess.run(["git", "clone", "--quiet", str(origin), str(clones[name])], check=True)
        else:
            subprocess.run(
                ["git", "clone", "--quiet", str(origin), str(clones[name])], check=True, capture_output=True
            )
        git(clones[name], "config", "user.name", name)
        git(clones[name], "config", "user.email", f"{name}@example.invalid")
        if name == "seed":
            (clones[name] / "docs").mkdir()
            (clones[name] / "docs" / "status.md").write_text("first\n", encoding="utf-8")
            git(clones[name], "add", "--all")
            git(clones[name], "commit", "--quiet", "-m", "seed")
            git(clones[name], "push", "--quiet", "origin", "HEAD:main")
    for name in ("runner", "other"):
        repo = clones[name]
        git(repo, "pull", "--quiet", "origin", "main")
        (repo / "docs" / f"{name}.md").write_text(f"{name}\n", encoding="utf-8")
        (repo / "docs" / "status.md").write_text(f"status of {name}\n", encoding="utf-8")
        git(repo, "add", "--all")
        git(repo, "commit", "--quiet", "-m", name)
    git(clones["other"], "push", "--quiet", "origin", "HEAD:main")
    runner = clones["runner"]

    def regenerate() -> None:
        (runner / "docs" / "status.md").write_text("regenerated\n", encoding="utf-8")

    began = time.perf_counter()
    report = push_with_retry(runner, "origin", "main", ["docs/status.md"], regenerate, sleep=lambda _: None)
    seconds = time.perf_counter() - began
    assert report.pushed and report.attempts == 2
    return seconds


def run(quick: bool = False) -> dict[str, float]:
    del quick  # the sizes are those of one morning already
    with tempfile.TemporaryDirectory(prefix="ainews-bench-ops-") as folder:
        work = Path(folder)
        figures = {"ops_plan_idle_s": plan_idle(work)}
        figures["ops_write_day_s"], figures["ops_build_check_s"] = write_day(work)
        figures["ops_push_rebase_s"] = statistics.median(push_rebase(work, n) for n in range(3))
    return figures
