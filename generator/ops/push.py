"""Push the run's commits to the branch, whatever else was pushed meanwhile: fetch, rebase, push, a few times.

An owner's push, or another run, may land between our checkout and our push. Then the push is refused; we fetch
the branch, rebase our commits onto it and try again (`ops.push_attempts`, with a growing pause). The pages that
`generate` rewrites beside each post (信源状态, sources.opml, the tags page, the archive) are never merged: on a
conflict, and after every rebase, they are regenerated from the rebased tree (`regenerate`), so a second run of a
day from a stale checkout never conflicts in them. A conflict in any other file (the same post written twice with
different content) stops the push with the files named; the rebase is undone and the run's commits stay as they
were.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Collection
from dataclasses import dataclass
from pathlib import Path

from generator.errors import OpsError
from generator.ops.git import git, head, identity_args

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class PushReport:
    """What the push did: whether anything was pushed, the commit the branch now points at, the attempts it took
    and the generated files regenerated on the way."""

    pushed: bool
    commit: str
    attempts: int = 0
    regenerated: tuple[str, ...] = ()


def commits_ahead(repo: Path, remote: str, branch: str) -> int:
    """How many commits HEAD has that the remote-tracking branch has not (HEAD's whole history when there is no
    remote-tracking branch)."""
    tracking = f"refs/remotes/{remote}/{branch}"
    if git(repo, "rev-parse", "--verify", "--quiet", tracking, check=False).returncode != 0:
        return int(git(repo, "rev-list", "--count", "HEAD").stdout)
    return int(git(repo, "rev-list", "--count", f"{tracking}..HEAD").stdout)


def push_with_retry(
    repo: Path,
    remote: str,
    branch: str,
    generated: Collection[str],
    regenerate: Callable[[], None],
    attempts: int = 5,
    sleep: Callable[[float], None] = time.sleep,
) -> PushReport:
    """Push HEAD to `remote`'s `branch`, rebasing onto what it holds when the push is refused. `generated`: the
    repository-relative paths regenerated rather than merged; `regenerate` rewrites them in the working tree.
    Returns the report. Raises OpsError when a rebase meets a conflict in another file, or when the last attempt
    is refused (the run's commits are kept locally either way)."""
    if commits_ahead(repo, remote, branch) == 0:
        return PushReport(False, head(repo))
    regenerated: set[str] = set()
    for attempt in range(1, attempts + 1):
        done = git(repo, "push", "--porcelain", remote, f"HEAD:refs/heads/{branch}", check=False)
        if done.returncode == 0:
            return PushReport(True, head(repo), attempt, tuple(sorted(regenerated)))
        reason = refusal(done.stdout, done.stderr)
        log.warning("push %d/%d refused (%s): fetching %s and rebasing", attempt, attempts, reason, branch)
        if attempt == attempts:
            raise OpsError(
                f"the push to {branch} was refused {attempts} times (last: {reason}); the run's commits were not "
                "pushed: run the workflow again"
            )
        git(repo, "fetch", "--no-tags", remote, f"+refs/heads/{branch}:refs/remotes/{remote}/{branch}")
        regenerated |= rebase_onto(repo, f"refs/remotes/{remote}/{branch}", generated, regenerate)
        sleep(2.0**attempt)
    raise AssertionError("unreachable")  # pragma: no cover


def rebase_onto(
    repo: Path, upstream: str, generated: Collection[str], regenerate: Callable[[], None]
) -> set[str]:
    """Rebase HEAD onto `upstream`; conflicts in `generated` files are resolved by regenerating them, and after the
    rebase they are regenerated once more (amending the last commit when they changed). Returns the generated
    files rewritten. Raises OpsError (after `git rebase --abort`) for a conflict in any other file."""
    rewritten: set[str] = set()
    if git(repo, "merge-base", "--is-ancestor", upstream, "HEAD", check=False).returncode == 0:
        return rewritten  # the branch has not moved: nothing to rebase onto
    done = git(repo, *identity_args(), "rebase", upstream, check=False)
    while done.returncode != 0:
        conflicted = git(repo, "diff", "--name-only", "--diff-filter=U").stdout.split()
        others = [path for path in conflicted if path not in generated]
        if not conflicted or others:
            git(repo, "rebase", "--abort", check=False)
            if not conflicted:
                raise OpsError(f"cannot rebase onto {upstream}: {last_line(done.stderr or done.stdout)}")
            raise OpsError(
                f"the branch changed {', '.join(others)} meanwhile, differently from this run: nothing was "
                "pushed (the branch keeps its version; run the workflow again, with force to replace it)"
            )
        regenerate()  # may rewrite generated pages that did not conflict too: all of them are staged
        present = [path for path in generated if (repo / path).exists()]
        git(repo, "add", "--", *sorted(set(conflicted) | set(present)))
        rewritten.update(git(repo, "diff", "--cached", "--name-only", "--", *present).stdout.split())
        done = git(repo, *identity_args(), "rebase", "--continue", check=False)
    regenerate()
    changed = [line[3:] for line in git(repo, "status", "--porcelain", "--", *generated).stdout.splitlines()]
    if changed:
        git(repo, "add", "--", *changed)
        git(repo, *identity_args(), "commit", "--amend", "--no-edit", "--quiet")
        rewritten.update(changed)
    return rewritten


def refusal(stdout: str, stderr: str) -> str:
    """Why a push was refused: the remote's own words (`remote: …` lines), else the ref's status in `--porcelain`
    output (`!<TAB>ref<TAB>[rejected] (fetch first)`), else git's last line."""
    remote = [line[len("remote:") :].strip() for line in stderr.splitlines() if line.startswith("remote:")]
    refused = [line.split("\t")[-1].strip() for line in stdout.splitlines() if line.startswith("!")]
    return "; ".join(filter(None, [*remote, *refused])) or last_line(stderr or stdout)


def last_line(text: str) -> str:
    """The last non-empty line of git's output (its reason), or "no reason given"."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return lines[-1] if lines else "no reason given"
