"""One run of the daily workflow (.github/workflows/daily.yml), its steps as the workflow runs them, for the
mornings benchmark (scripts/benchmarks/mornings.py).

A run is a fresh clone of the fork's bare repository, then in this process, each with the environment of an
Actions step (GITHUB_ACTIONS=true, its own GITHUB_OUTPUT and GITHUB_STEP_SUMMARY):
- `ops plan --now T` (the Pages pre-flight against the fake GitHub API, the days to write, deploy or not);
- `ops write` (generator.ops.commands.cmd_write): each `generate` runs through `generator.cli.main` in this process
  instead of a process of its own, with an editor whose waits go to the run's clock (recorded, not slept); the
  strict build before each commit is the real `mkdocs build --strict`;
- `ops push` (fetch, rebase, regenerate, retry; its pauses between attempts are real);
- the build and deploy jobs' stand-in: `ops stamp`'s build.json naming the branch tip, written into the live site
  the fake GitHub serves (the tip is not built again: each of its posts passed the strict build before its commit);
- `ops verdict` with the jobs' outputs in RUN_NEEDS. The watchdog and the announcement are not run.
What each step printed on stdout is kept: the annotations the owner would see on the run's page.
"""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
import time
import traceback
from collections.abc import Callable, Sequence
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from benchmarks.mornings_faults import RunClock
from generator.cli import build_parser, choose_editor, main
from generator.errors import GeneratorError
from generator.ops import write_stamp
from generator.ops.commands import cmd_write
from generator.run_summary import workflow_command

CONFIG = "ainews.yml"  # the fork's config, at the root of its repository
ANNOTATION = re.compile(r"^::(notice|warning|error)(?: [^:]*)?::(.*)$")
PUSHED = re.compile(
    r"^pushed \w+ to \S+ in (\d+) attempt\(s\)(?: \(rewritten on the rebased tree: (.*)\))?$", re.M
)


@dataclass(frozen=True)
class Step:
    """What one step did: its exit code, stdout, stderr and step outputs."""

    name: str
    code: int
    stdout: str
    stderr: str
    outputs: dict[str, str]


@dataclass
class RunRecord:
    """One workflow run: when it started (simulated), its event, its steps, the run summaries its `generate`
    commands wrote, its time (real seconds plus the waits asked for) and what it deployed."""

    start: datetime
    event: str
    steps: list[Step] = field(default_factory=list)
    summaries: list[dict[str, Any]] = field(default_factory=list)
    seconds: float = 0.0
    waited: float = 0.0
    deployed: str = ""
    owner_pushed: bool = False

    def step(self, name: str) -> Step | None:
        return next((s for s in self.steps if s.name == name), None)

    def output(self, step: str, name: str) -> str:
        found = self.step(step)
        return found.outputs.get(name, "") if found else ""

    @property
    def written(self) -> list[str]:
        """The names (days, weeks) committed by this run."""
        return self.output("write", "written").split()

    def annotations(self) -> list[tuple[str, str]]:
        """(level, message) of every annotation the run's steps printed, messages unescaped."""
        found = []
        for step in self.steps:
            for line in step.stdout.splitlines():
                match = ANNOTATION.match(line)
                if match:
                    message = match[2].replace("%0A", "\n").replace("%0D", "\r").replace("%25", "%")
                    found.append((match[1], message))
        return found

    def push_attempts(self) -> tuple[int, list[str]]:
        """The attempts the push took (0: nothing pushed) and the generated pages it rewrote on the way."""
        step = self.step("push")
        match = PUSHED.search(step.stdout) if step else None
        if not match:
            return 0, []
        return int(match[1]), [p for p in (match[2] or "").split(", ") if p]


def read_outputs(path: Path) -> dict[str, str]:
    """The step outputs in a GITHUB_OUTPUT file (`name<<DELIMITER` blocks)."""
    outputs: dict[str, str] = {}
    lines = path.read_text(encoding="utf-8").splitlines() if path.is_file() else []
    index = 0
    while index < len(lines):
        name, _, delimiter = lines[index].partition("<<")
        end = lines.index(delimiter, index + 1)
        outputs[name] = "\n".join(lines[index + 1 : end])
        index = end + 1
    return outputs


def captured(action: Callable[[], int]) -> tuple[int, str, str]:
    """Run `action` with stdout and stderr captured: (exit code, stdout, stderr). A GeneratorError is reported
    as the CLI reports it (`error: …`, an `::error::` annotation), any other error as a traceback, exit 1."""
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        try:
            code = action()
        except GeneratorError as error:
            print(f"error: {error}", file=sys.stderr)
            print(workflow_command("error", str(error), "ainews ops"))
            code = 1
        except SystemExit as done:
            code = done.code if isinstance(done.code, int) else 1
        except Exception:  # a process of its own would die with a traceback: so does this step
            traceback.print_exc()
            code = 1
    return code, out.getvalue(), err.getvalue()


class Workflow:
    """Runs workflow runs against the fork's bare repository `origin`, in folders under `work`; `live` is the
    folder the fake GitHub serves as the Pages site."""

    def __init__(self, origin: Path, work: Path, live: Path) -> None:
        self.origin = origin
        self.work = work
        self.live = live
        self.count = 0

    def step(self, record: RunRecord, name: str, action: Callable[[], int]) -> Step:
        """One step with fresh GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files; its Step is added to `record`."""
        folder = self.work / "steps" / f"{self.count:03d}-{name}"
        folder.mkdir(parents=True)
        os.environ["GITHUB_OUTPUT"] = str(folder / "output")
        os.environ["GITHUB_STEP_SUMMARY"] = str(folder / "summary.md")
        code, out, err = captured(action)
        step = Step(name, code, out, err, read_outputs(folder / "output"))
        record.steps.append(step)
        return step

    def runner(self, clock: RunClock, record: RunRecord, cache: Path) -> Callable[[Sequence[str]], Any]:
        """`ops write`'s runner of one generator command: `main` in this process, with the run's clock for the
        editor; what the command printed is passed on (as run_generator does), its run summary kept."""

        def editor_for(settings: Any) -> Any:
            return choose_editor(settings, sleep=clock.sleep, clock=clock.monotonic)

        def run(arguments: Sequence[str]) -> subprocess.CompletedProcess[str]:
            before = snapshot(cache / "runs")
            code, out, err = captured(lambda: main(list(arguments), editor_for=editor_for))
            sys.stdout.write(out)
            sys.stderr.write(err)
            after = snapshot(cache / "runs")
            for path in sorted(p for p in after if after[p] != before.get(p)):
                record.summaries.append(json.loads(path.read_text(encoding="utf-8")))
            return subprocess.CompletedProcess(["python", "-m", "generator", *arguments], code, out, err)

        return run

    def run(
        self,
        start: datetime,
        event: str,
        clock: RunClock,
        cache: Path,
        during: Callable[[], bool] | None = None,
    ) -> RunRecord:
        """One run at `start` (`event` schedule or push); `during()` is called between writing and pushing (the
        owner's push), and returns whether it pushed."""
        self.count += 1
        record = RunRecord(start, event)
        clone = self.work / "runs" / f"{self.count:03d}"
        subprocess.run(["git", "clone", "--quiet", str(self.origin), str(clone)], check=True)
        here = Path.cwd()
        os.chdir(clone)
        began = time.perf_counter()
        try:
            self.steps(record, clone, clock, cache, during)
        finally:
            os.chdir(here)
        record.waited = clock.waited
        record.seconds = time.perf_counter() - began + clock.waited
        return record

    def steps(
        self, record: RunRecord, clone: Path, clock: RunClock, cache: Path, during: Callable[[], bool] | None
    ) -> None:
        now = record.start.isoformat()
        plan = self.step(
            record,
            "plan",
            lambda: main(["ops", "plan", "--config", CONFIG, "--now", now, "--event", record.event]),
        )
        if plan.code != 0:
            if record.event != "push":
                self.verdict(record)
            return
        pushed = False
        if plan.outputs.get("write") == "true":
            argv = ["ops", "write", "--config", CONFIG, "--now", now]
            argv += ["--days", plan.outputs.get("days", ""), "--weekly", plan.outputs.get("weekly", "")]
            args = build_parser().parse_args(argv)
            self.step(record, "write", lambda: cmd_write(args, run=self.runner(clock, record, cache)))
            if during is not None:
                record.owner_pushed = during()
            push = self.step(
                record, "push", lambda: main(["ops", "push", "--config", CONFIG, "--branch", "main"])
            )
            pushed = push.outputs.get("pushed") == "true"
        if plan.outputs.get("deploy") == "true" or pushed:
            record.deployed = self.deploy()
        if record.event != "push":
            self.verdict(record)

    def deploy(self) -> str:
        """The build and deploy jobs' stand-in: build.json naming the branch tip, in the live site. Returns the
        commit."""
        tip = git(self.origin, "rev-parse", "refs/heads/main")
        write_stamp(self.live, tip)
        return tip

    def verdict(self, record: RunRecord) -> None:
        """`ops verdict` with RUN_NEEDS as the workflow passes it."""
        write = record.step("write")
        needs = {
            "plan": {"result": "success" if record.step("plan").code == 0 else "failure", "outputs": {}},
            "generate": {
                "result": "skipped" if write is None else ("success" if write.code == 0 else "failure"),
                "outputs": dict(write.outputs) if write else {},
            },
        }
        os.environ["RUN_NEEDS"] = json.dumps(needs)
        self.step(record, "verdict", lambda: main(["ops", "verdict"]))


def snapshot(folder: Path) -> dict[Path, int]:
    """The files of `folder` and their modification times (ns)."""
    return {p: p.stat().st_mtime_ns for p in folder.glob("*.json")} if folder.is_dir() else {}


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True, check=True)
    return done.stdout.strip()


def posts_in(origin: Path, commit: str) -> set[date]:
    """The days that have a daily post in `commit` of the bare repository `origin`."""
    names = git(origin, "ls-tree", "--name-only", commit, "docs/blog/posts/").splitlines()
    days = set()
    for name in names:
        try:
            days.add(date.fromisoformat(Path(name).stem))
        except ValueError:
            continue  # the weekly issues (2027-W09.md) and anything else
    return days
