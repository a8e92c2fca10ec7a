"""Git as the workflow drives it: one function that runs git in the checkout and turns a failure into OpsError."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from generator.errors import OpsError

BOT_NAME = "github-actions[bot]"
BOT_EMAIL = "41898299+github-actions[bot]@users.noreply.github.com"  # GitHub's documented noreply address


def git(repo: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    """Run `git -C repo args…` (no editor, no prompt) and return the finished process (text output). Raises
    OpsError with git's last line of stderr when `check` and git fails."""
    env = {**os.environ, "GIT_EDITOR": "true", "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C"}
    done = subprocess.run(
        ["git", "-C", str(repo), *args], capture_output=True, text=True, env=env, check=False
    )
    if check and done.returncode != 0:
        lines = [line for line in (done.stderr or done.stdout).splitlines() if line.strip()]
        raise OpsError(f"git {args[0]} failed: {lines[-1] if lines else f'exit {done.returncode}'}")
    return done


def identity_args() -> tuple[str, ...]:
    """`-c user.name=… -c user.email=…` for the bot on GitHub Actions (a runner has no git identity); nothing
    elsewhere, where git's own configuration applies."""
    if os.environ.get("GITHUB_ACTIONS") != "true":
        return ()
    return ("-c", f"user.name={BOT_NAME}", "-c", f"user.email={BOT_EMAIL}")


def head(repo: Path) -> str:
    """The commit checked out (full SHA)."""
    return git(repo, "rev-parse", "HEAD").stdout.strip()


def changed_paths(repo: Path, *paths: str) -> list[str]:
    """Paths under `paths` that differ from HEAD or are untracked (repository-relative, "/" separators)."""
    done = git(repo, "status", "--porcelain", "--untracked-files=all", "-z", "--", *paths)
    entries = [entry for entry in done.stdout.split("\0") if entry]
    return [entry[3:] for entry in entries if len(entry) > 3]


def repo_path(repo: Path, path: Path) -> str:
    """`path` (relative to the working directory, or absolute) as git names it: relative to `repo`, "/"
    separators."""
    return Path(os.path.relpath(path.resolve(), repo.resolve())).as_posix()
