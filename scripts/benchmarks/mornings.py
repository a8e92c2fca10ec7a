"""Mornings: MORNINGS simulated mornings of a fork, each run of the daily workflow played as the workflow plays it,
with faults of issue 17 seeded from SEED (the same seed, the same mornings).

The fork: the site without posts and a config whose sources are a loopback news server (fictional items dated on
each simulated day: benchmarks/mornings_news.py), a bare git repository as its GitHub remote, a fake GitHub API and
Pages site on loopback (tests/fake_github.py), and the fake Gemini API of the tests playing the morning's fault
(benchmarks/mornings_faults.py). Each morning, the scheduled runs of .github/workflows/daily.yml's cron list (in
Beijing time, each starting 0.5 to 12 minutes late, as scheduled runs do) run one after the other: `ops plan`,
`ops write`, `ops push`, the deploy's stand-in, `ops verdict` (benchmarks/mornings_workflow.py: the real Python in
this process; `--now` is the simulated moment; the strict build before each commit is the real one; the deploy
does not build the tip again). An owner's push during a run is followed by the push event's run (deploy only).
Waits the Gemini API asks for go to the run's clock (recorded, not slept) and count into the run's time.
The bench config sets editor.timeout_s to 2 s (90 s by default) so that a slow model costs seconds; all else is
the default config.

Figures:
  mornings, mornings_posted     days with a post on the branch and the live site at the end / mornings
  days_lost                     days of the mornings without a post at the end, or whose post left the live site
  entries_model_written_pct     write-ups written by a model / write-ups, over the days written on mornings where
                                a model was reachable within the budget: the key is good and some model answers
                                at once or after 503s for less than editor.wait_budget_s (decided from the seeded
                                fault, not from what the run did)
  silent_degraded               runs that degraded (a degradation or owner action in a run summary, a part written
                                offline, a wait, a fallback model, exit 3, a failed day, a day caught up late, a
                                failed step) without the matching annotation on the run's stdout
  degraded_runs, runs, runs_writing
  run_time_p95_s                runs that wrote a day: real seconds plus the waits asked for (the jobs' set-up,
                                checkout and installs, not included); run_time_idle_p95_s for runs that wrote none
  posts_live_by_watchdog        days whose post was live by ops.watchdog_at on its own day
  fault_<kind>_*                per fault: mornings it hit; for model faults the cost on the days written those
                                mornings: extra_calls (beyond the 2 of a normal day), waited_s, offline_entries,
                                owner_action (days that ended with exit code 3), run_time_mean_s (normal_run_time_
                                mean_s for comparison); for missed_cron the days caught up late and the latest a post
                                went live (hours after its first scheduled run); for owner_push the extra push
                                attempts and generated pages regenerated
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from tempfile import TemporaryDirectory
from unittest import mock

import yaml

from benchmarks.mornings_faults import GOOD_KEY, Morning, MorningGemini, RunClock, plan_mornings
from benchmarks.mornings_figures import figures
from benchmarks.mornings_news import BEIJING, NewsServer, serve_news, sources_config, write_days
from benchmarks.mornings_workflow import CONFIG, RunRecord, Workflow, git, posts_in
from generator.samples.demo import ROOT, copy_site

SEED = 17
MORNINGS = 32
FIRST_DAY = date(2027, 3, 1)  # a Monday


def cron_times() -> list[time]:
    """The scheduled runs of daily.yml, in Beijing time, in order (cron fields minute and hour, in UTC)."""
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "daily.yml").read_text(encoding="utf-8"))
    triggers = workflow.get("on", workflow.get(True))  # YAML 1.1 reads the key `on` as true
    times = []
    for entry in triggers["schedule"]:
        minute, hour = entry["cron"].split()[:2]
        moment = datetime.combine(FIRST_DAY, time(int(hour), int(minute)), tzinfo=UTC).astimezone(BEIJING)
        times.append(moment.time())
    return sorted(times)


@contextmanager
def environment(values: dict[str, str]) -> Iterator[None]:
    """os.environ with `values` set (and the SDK's other settings removed), restored afterwards."""
    removed = ("GOOGLE_API_KEY", "GOOGLE_GENAI_USE_VERTEXAI", "GOOGLE_GENAI_API_VERSION", "RUN_NEEDS")
    with mock.patch.dict(os.environ, values):  # every variable restored afterwards
        for key in removed:
            os.environ.pop(key, None)
        yield


class CurrentStderr:
    """A stream that writes to whatever sys.stderr is now (logging's handler follows each step's capture)."""

    def write(self, text: str) -> int:
        return sys.stderr.write(text)

    def flush(self) -> None:
        sys.stderr.flush()


def make_fork(work: Path, news_url: str) -> tuple[Path, dict]:
    """The fork: its bare repository (the site without posts and CONFIG) and the config. Returns (origin, config)."""
    seed = work / "seed"
    copy_site(seed, include_posts=False)
    config = yaml.safe_load((ROOT / "generator" / "config.yml").read_text(encoding="utf-8"))
    config["sources"] = sources_config(news_url)
    config["fetch"] = {**config["fetch"], "allow_private_hosts": True}
    config["editor"] = {**config["editor"], "timeout_s": 2.0}
    config["paths"] = {"mkdocs": "mkdocs.yml", "docs": "docs", "cache": str(work / "cache")}
    (seed / CONFIG).write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    origin = work / "origin.git"
    subprocess.run(["git", "init", "--quiet", "--bare", "-b", "main", str(origin)], check=True)
    subprocess.run(["git", "init", "--quiet", "-b", "main", str(seed)], check=True)
    for args in (
        ("config", "user.name", "Owner"),
        ("config", "user.email", "owner@example.invalid"),
        ("add", "--all"),
        ("commit", "--quiet", "-m", "fork"),
        ("remote", "add", "origin", str(origin)),
        ("push", "--quiet", "origin", "main"),
    ):
        git(seed, *args)
    return origin, config


@dataclass
class Day:
    """What became of one day: the run summary of the run that wrote it, that run's morning, when it went live."""

    summary: dict | None = None
    morning: Morning | None = None
    live_at: datetime | None = None


@dataclass
class Simulation:
    """The fork's mornings as they were played: each morning, each run, what became of each day."""

    first_day: date
    count: int
    origin: Path
    work: Path
    workflow: Workflow
    gemini: MorningGemini
    news: NewsServer
    config: dict
    crons: list[time]
    mornings: list[Morning] = field(default_factory=list)
    records: list[tuple[Morning, RunRecord]] = field(default_factory=list)
    days: dict[date, Day] = field(default_factory=dict)
    vanished: int = 0
    busy_until: datetime = datetime(2000, 1, 1, tzinfo=UTC)

    def starts(self, morning: Morning) -> list[datetime]:
        """When the morning's scheduled runs start (its cron fault applied), in order."""
        day = self.first_day + timedelta(days=morning.number)
        starts = []
        for index, at in enumerate(self.crons):
            start = datetime.combine(day, at, tzinfo=BEIJING) + timedelta(
                minutes=morning.start_delays_min[index]
            )
            cron = morning.cron
            if cron.kind == "morning_dropped" or (cron.kind == "dropped" and cron.run == index):
                continue
            if cron.kind == "late" and cron.run == index:
                start += timedelta(hours=cron.late_h)
            starts.append(start)
        return sorted(starts)

    def play(self, morning: Morning) -> None:
        """Every run of the morning, one after the other (one concurrency group, nothing cancelled)."""
        self.mornings.append(morning)
        owner = [morning.owner_push]
        for start in self.starts(morning):
            pushed = self.one_run(morning, start, "schedule", owner)
            if pushed:
                self.one_run(morning, self.busy_until, "push", [""])
        if owner[0]:  # no run wrote that morning: the owner pushes at noon anyway
            self.owner_push(owner[0], morning.number)
            noon = datetime.combine(self.first_day + timedelta(days=morning.number), time(12), tzinfo=BEIJING)
            self.one_run(morning, max(noon, self.busy_until), "push", [""])

    def one_run(self, morning: Morning, start: datetime, event: str, owner: list[str]) -> bool:
        """One workflow run; returns whether the owner pushed during it."""
        start = max(start, self.busy_until)
        clock = RunClock()
        self.gemini.begin(morning.model, clock.monotonic)
        self.news.now = start

        def during() -> bool:
            kind, owner[0] = owner[0], ""
            return bool(kind) and self.owner_push(kind, morning.number)

        record = self.workflow.run(start, event, clock, Path(self.config["paths"]["cache"]), during)
        end = start + timedelta(seconds=record.seconds)
        self.busy_until = end
        self.records.append((morning, record))
        for summary in record.summaries:
            if summary.get("result") in ("written", "replaced"):
                self.days[date.fromisoformat(summary["date"])] = Day(summary, morning)
        if record.deployed:
            self.went_live(record.deployed, end)
        return record.owner_pushed

    def went_live(self, commit: str, at: datetime) -> None:
        """`commit` is deployed at `at`: the days whose post it holds are live (from then on, if not before); a
        post that was live and is not in it has vanished."""
        live = posts_in(self.origin, commit)
        for day, state in self.days.items():
            if state.live_at is not None and day not in live:
                self.vanished += 1
                state.live_at = None
        for day in live:
            state = self.days.setdefault(day, Day())
            if state.live_at is None:
                state.live_at = at

    def owner_push(self, kind: str, number: int) -> bool:
        """The owner's commit, pushed to main: an edit of a page (about.md), or of a page the run also writes
        (status.md, 信源状态: regenerated on the rebased tree, never merged)."""
        clone = self.work / "owner"
        if not clone.exists():
            subprocess.run(["git", "clone", "--quiet", str(self.origin), str(clone)], check=True)
            git(clone, "config", "user.name", "Owner")
            git(clone, "config", "user.email", "owner@example.invalid")
        git(clone, "pull", "--quiet", "--rebase", "origin", "main")
        page = clone / "docs" / ("status.md" if kind == "generated" else "about.md")
        with page.open("a", encoding="utf-8") as handle:
            handle.write(f"\n\n<!-- the owner's edit {number} -->\n")
        git(clone, "commit", "--quiet", "-am", f"owner's edit {number}")
        git(clone, "push", "--quiet", "origin", "HEAD:main")
        return True


def run(quick: bool = False) -> dict[str, float | int | str]:
    del quick  # the figures need all the mornings
    logging.basicConfig(level=logging.WARNING, handlers=[logging.StreamHandler(CurrentStderr())], force=True)
    crons = cron_times()
    with TemporaryDirectory(prefix="ainews-bench-mornings-") as folder, ExitStack() as stack:
        work = Path(folder)
        opening = datetime.combine(FIRST_DAY, time(0), tzinfo=BEIJING)
        news = stack.enter_context(serve_news(write_days(FIRST_DAY, MORNINGS, SEED), opening))
        gemini = MorningGemini().start()
        stack.callback(gemini.stop)
        github = stack.enter_context(fake_github(work / "live"))
        origin, config = make_fork(work, news.base_url)
        env = {
            "GITHUB_ACTIONS": "true",
            "GITHUB_REF_NAME": "main",
            "GEMINI_API_KEY": GOOD_KEY,
            "GOOGLE_GEMINI_BASE_URL": gemini.base_url,
            "SITE_URL": github.site_url,
            "NO_MKDOCS_2_WARNING": "1",
            **github.env(),
        }
        stack.enter_context(environment(env))
        workflow = Workflow(origin, work, work / "live")
        simulation = Simulation(FIRST_DAY, MORNINGS, origin, work, workflow, gemini, news, config, crons)
        wait_budget = float(config["editor"]["wait_budget_s"])
        for morning in plan_mornings(MORNINGS, len(crons), SEED, wait_budget):
            simulation.play(morning)
        result = figures(simulation, wait_budget)
        shutil.rmtree(work / "runs", ignore_errors=True)
    return result


@contextmanager
def fake_github(live: Path) -> Iterator[object]:
    """The tests' fake GitHub (Pages API, build type "workflow") serving `live` as the Pages site."""
    from fake_github import FakeGitHub
    from pytest_httpserver import HTTPServer

    live.mkdir(parents=True, exist_ok=True)
    server = HTTPServer(host="127.0.0.1", port=0)
    server.start()
    try:
        yield FakeGitHub(server, site_dir=live).install()
    finally:
        server.clear()
        server.stop()
