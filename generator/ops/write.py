"""Write the days a run has to write, each proven by a strict build before it is committed.

For each day (oldest first) the generator's own command runs in a process of its own (`python -m generator
generate --date D`: its exit codes are the contract, README "Using it"); then, when it wrote something, the whole
site is built with `mkdocs build --strict` into a temporary folder. A day that builds is committed on its own
(`AI 日报: D`); a day whose post breaks the build is thrown away (its files restored from HEAD), never committed,
and the job summary shows the build's last lines. The weekly issue, when due, goes the same way after the days.
One day's failure never stops the next day. Nothing is pushed here (generator.ops.push).

Exit codes of `generate`: 0 written or it exists, 1 nothing written (the reason on stderr), 2 bad arguments,
3 written, but the owner must act (a rejected key, a zero quota): committed like 0, and the run ends red.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from generator.edition import built_editions
from generator.errors import OpsError
from generator.ops.git import changed_paths, git, head, identity_args

OWNER_MUST_ACT = 3
BUILD_LOG_LINES = 25
# Runs one generator command (`generate …`, `weekly …`): its exit code and output, as a finished process.
Runner = Callable[[Sequence[str]], subprocess.CompletedProcess[str]]


@dataclass(frozen=True)
class Outcome:
    """What became of one post: `name` (a day, or a week for the weekly issue), `status` ("written", "act": written
    but the owner must act, "exists", "failed", "unbuilt": written but it broke the build, so thrown away), the
    reason in one sentence and the commit that holds it."""

    name: str
    status: str
    reason: str = ""
    commit: str = ""

    @property
    def committed(self) -> bool:
        """Whether the post was committed."""
        return self.status in ("written", "act")


@dataclass(frozen=True)
class Build:
    """A strict build's result: whether it passed and the last lines of its log."""

    ok: bool
    log: str = ""


def strict_build(mkdocs_yml: Path) -> Build:
    """`mkdocs build --strict` of the site into a temporary folder (the real site/ is left alone), then of each
    edition that has a post (generator.edition.built_editions) into its `<language>/` folder. Without -q: in
    MkDocs 1.6 -q drops the warnings before --strict counts them."""
    with tempfile.TemporaryDirectory(prefix="ainews-build-") as folder:
        builds = [(mkdocs_yml, Path(folder))]
        builds += [(config, Path(folder) / language) for language, config in built_editions(mkdocs_yml)]
        for config, target in builds:
            done = subprocess.run(
                [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config), "-d", str(target)],
                capture_output=True,
                text=True,
                check=False,
                env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
            )
            if done.returncode != 0:
                break
    lines = (done.stdout + done.stderr).strip().splitlines()
    return Build(done.returncode == 0, "\n".join(lines[-BUILD_LOG_LINES:]))


def run_generator(arguments: Sequence[str]) -> subprocess.CompletedProcess[str]:
    """`python -m generator arguments…` in a process of its own; its output is passed on to ours (annotations on
    stdout stay annotations) and also returned."""
    done = subprocess.run(
        [sys.executable, "-m", "generator", *arguments], capture_output=True, text=True, check=False
    )
    sys.stdout.write(done.stdout)
    sys.stderr.write(done.stderr)
    sys.stdout.flush()
    sys.stderr.flush()
    return done


def reason_of(output: str, fallback: str) -> str:
    """The reason a command gave: its last `error:` line (or `::error::` annotation), else `fallback`."""
    for line in reversed(output.splitlines()):
        for prefix in ("error: ", "::error::"):
            if line.startswith(prefix):
                return line[len(prefix) :].replace("%0A", " ").replace("%25", "%").strip()
    return fallback


def folders(docs: str | Sequence[str]) -> tuple[str, ...]:
    """The folders a day writes into: the site's docs/ and each edition's (a str is one folder)."""
    return (docs,) if isinstance(docs, str) else tuple(docs)


def settle(
    repo: Path,
    docs: str | Sequence[str],
    name: str,
    done: subprocess.CompletedProcess[str],
    build: Callable[[], Build],
    message: str,
) -> Outcome:
    """Turn one generator command's result into an Outcome: build and commit what it wrote under `docs`, or
    throw it away when the build fails."""
    code = done.returncode
    if code not in (0, OWNER_MUST_ACT):
        restore(repo, docs)  # a failed command writes nothing; this keeps it so whatever happened
        return Outcome(name, "failed", reason_of(done.stderr + done.stdout, f"exit {code}"))
    if not changed_paths(repo, *folders(docs)):
        return Outcome(name, "exists")
    result = build()
    if not result.ok:
        restore(repo, docs)
        return Outcome(name, "unbuilt", f"mkdocs build --strict failed with it:\n{result.log}")
    git(repo, "add", "--all", "--", *folders(docs))
    git(repo, *identity_args(), "commit", "--quiet", "-m", message)
    status = "act" if code == OWNER_MUST_ACT else "written"
    reason = reason_of(done.stderr + done.stdout, "the owner must act") if status == "act" else ""
    return Outcome(name, status, reason, head(repo))


def restore(repo: Path, docs: str | Sequence[str]) -> None:
    """Put `docs` (a folder or several) back as HEAD has it: changed files restored, new files removed."""
    git(repo, "checkout", "--quiet", "HEAD", "--", *folders(docs), check=False)
    git(repo, "clean", "-fdq", "--", *folders(docs))


def require_clean(repo: Path, docs: str | Sequence[str]) -> None:
    """Refuse to start when `docs` has changes that are not committed: a failed day is thrown away with
    `git checkout`/`git clean`, which must never take an owner's draft with it. Raises OpsError."""
    dirty = changed_paths(repo, *folders(docs))
    if dirty:
        where = ", ".join(f"{d}/" for d in folders(docs))
        raise OpsError(
            f"{where} has changes that are not committed ({', '.join(dirty[:3])}…): commit or stash them"
        )


def write_all(
    repo: Path,
    docs: str | Sequence[str],
    jobs: Sequence[tuple[str, list[str], str]],
    build: Callable[[], Build],
    run: Runner = run_generator,
) -> list[Outcome]:
    """Run each job (a name, the generator's arguments, the commit message) in order and settle it. `run` runs
    one generator command and returns its exit code and output (default: run_generator, a process of its own;
    a benchmark passes one that runs it in this process with a clock of its own). Returns the outcomes. Raises
    OpsError before anything runs when `docs` is not clean."""
    require_clean(repo, docs)
    return [settle(repo, docs, name, run(arguments), build, message) for name, arguments, message in jobs]
