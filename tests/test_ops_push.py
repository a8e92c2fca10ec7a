"""Pushing the run's commits against real git: local bare repositories, a concurrent push, a refusing remote.

generator.ops.push fetches, rebases and retries; the generated pages are regenerated, never merged. The
`regenerate` used here writes a status page that lists the posts in the working tree, so a test sees that it ran
on the rebased tree (the real one, generator.ops.pages, is exercised in tests/test_ops_write.py).
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from generator.errors import OpsError
from generator.ops.push import push_with_retry

GENERATED = ("docs/status.md", "docs/tags.md", "docs/sources.opml")


def run(repo: Path, *args: str) -> str:
    done = subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True, check=True)
    return done.stdout.strip()


def identity(repo: Path, name: str) -> None:
    run(repo, "config", "user.name", name)
    run(repo, "config", "user.email", f"{name}@example.invalid")


def write(repo: Path, path: str, text: str) -> None:
    file = repo / path
    file.parent.mkdir(parents=True, exist_ok=True)
    file.write_text(text, encoding="utf-8")


def commit_all(repo: Path, message: str) -> None:
    run(repo, "add", "--all")
    run(repo, "commit", "--quiet", "-m", message)


@pytest.fixture
def origin(tmp_path: Path) -> Path:
    """A bare repository whose main holds one post and the three generated pages."""
    bare = tmp_path / "origin.git"
    subprocess.run(["git", "init", "--quiet", "--bare", "-b", "main", str(bare)], check=True)
    seed = tmp_path / "seed"
    subprocess.run(["git", "clone", "--quiet", str(bare), str(seed)], check=True, capture_output=True)
    identity(seed, "Seed")
    write(seed, "docs/blog/posts/2026-11-15.md", "post of the 15th\n")
    for path in GENERATED:
        write(seed, path, f"{path} as first written\n")
    commit_all(seed, "first post")
    run(seed, "push", "--quiet", "origin", "HEAD:main")
    return bare


def clone(origin: Path, dest: Path, name: str, depth: int | None = None) -> Path:
    source = origin.as_uri() if depth else str(origin)  # --depth needs a URL for a local repository
    extra = ["--depth", str(depth)] if depth else []
    subprocess.run(["git", "clone", "--quiet", *extra, source, str(dest)], check=True, capture_output=True)
    identity(dest, name)
    return dest


def regenerate_in(repo: Path):
    def regenerate() -> None:
        posts = sorted(p.name for p in (repo / "docs" / "blog" / "posts").glob("*.md"))
        write(repo, "docs/status.md", "regenerated with " + ", ".join(posts) + "\n")
        write(repo, "docs/tags.md", f"{len(posts)} posts\n")  # a page that never conflicts, rewritten too

    return regenerate


def runs_day(runner: Path, day: str, status: str) -> None:
    """What a run leaves before its push: a post and its rewritten status page, committed."""
    write(runner, f"docs/blog/posts/{day}.md", f"post of {day}\n")
    write(runner, "docs/status.md", status)
    commit_all(runner, f"AI 日报: {day}")


def remote_file(origin: Path, path: str) -> str:
    return run(origin, "show", f"main:{path}")


def test_nothing_to_push(origin: Path, tmp_path: Path) -> None:
    runner = clone(origin, tmp_path / "runner", "Runner")
    report = push_with_retry(runner, "origin", "main", GENERATED, regenerate_in(runner))
    assert not report.pushed and report.commit == run(origin, "rev-parse", "main")


@pytest.mark.parametrize("depth", [None, 1], ids=["full clone", "shallow clone (actions/checkout)"])
def test_a_concurrent_push_is_rebased_onto_and_the_generated_page_regenerated(
    origin: Path, tmp_path: Path, depth: int | None
) -> None:
    runner = clone(origin, tmp_path / "runner", "Runner", depth)
    runs_day(runner, "2026-11-16", "status of the run of the 16th\n")
    owner = clone(origin, tmp_path / "owner", "Owner")
    write(owner, "docs/blog/posts/2026-11-14.md", "a post the owner wrote by hand\n")
    write(owner, "docs/status.md", "status of another run\n")  # conflicts with the runner's
    commit_all(owner, "owner's post")
    run(owner, "push", "--quiet", "origin", "HEAD:main")

    pauses: list[float] = []
    report = push_with_retry(runner, "origin", "main", GENERATED, regenerate_in(runner), sleep=pauses.append)
    assert report.pushed and report.attempts == 2 and pauses == [2.0]
    assert report.regenerated == ("docs/status.md", "docs/tags.md")
    assert report.commit == run(origin, "rev-parse", "main")
    assert remote_file(origin, "docs/tags.md") == "3 posts"
    assert remote_file(origin, "docs/blog/posts/2026-11-14.md") == "a post the owner wrote by hand"
    assert remote_file(origin, "docs/blog/posts/2026-11-16.md") == "post of 2026-11-16"
    assert (
        remote_file(origin, "docs/status.md")
        == "regenerated with 2026-11-14.md, 2026-11-15.md, 2026-11-16.md"
    )
    # the runner's commit sits on top of the owner's, with the runner's message
    assert run(origin, "log", "--format=%s", "main").splitlines()[:2] == [
        "AI 日报: 2026-11-16",
        "owner's post",
    ]


def test_a_rebase_without_conflict_still_regenerates_the_pages(origin: Path, tmp_path: Path) -> None:
    runner = clone(origin, tmp_path / "runner", "Runner")
    runs_day(runner, "2026-11-16", "regenerated with 2026-11-15.md, 2026-11-16.md\n")
    owner = clone(origin, tmp_path / "owner", "Owner")
    write(owner, "docs/blog/posts/2026-11-13.md", "another hand-written post\n")
    commit_all(owner, "owner's post")
    run(owner, "push", "--quiet", "origin", "HEAD:main")

    report = push_with_retry(runner, "origin", "main", GENERATED, regenerate_in(runner), sleep=lambda _: None)
    assert report.pushed and report.regenerated == ("docs/status.md", "docs/tags.md")
    assert remote_file(origin, "docs/status.md") == (
        "regenerated with 2026-11-13.md, 2026-11-15.md, 2026-11-16.md"
    )


def test_a_conflict_in_a_post_stops_the_push_and_loses_nothing(origin: Path, tmp_path: Path) -> None:
    runner = clone(origin, tmp_path / "runner", "Runner")
    runs_day(runner, "2026-11-16", "status of the runner\n")
    ours = run(runner, "rev-parse", "HEAD")
    other = clone(origin, tmp_path / "other", "Other")
    runs_day(other, "2026-11-16", "status of the other run\n")
    write(other, "docs/blog/posts/2026-11-16.md", "the same day, written differently\n")
    commit_all(other, "the other run's version")
    run(other, "push", "--quiet", "origin", "HEAD:main")
    theirs = run(origin, "rev-parse", "main")

    with pytest.raises(OpsError, match=r"the branch changed docs/blog/posts/2026-11-16\.md meanwhile"):
        push_with_retry(runner, "origin", "main", GENERATED, regenerate_in(runner), sleep=lambda _: None)
    assert run(origin, "rev-parse", "main") == theirs  # the branch keeps its version
    assert run(runner, "rev-parse", "HEAD") == ours  # the run's commit is intact, no rebase left half-done
    assert not (runner / ".git" / "rebase-merge").exists() and run(runner, "status", "--porcelain") == ""


def refuse_pushes(origin: Path, times: int) -> Path:
    """A pre-receive hook that refuses the first `times` pushes (a remote that is busy, or a protected moment)."""
    counter = origin / "refusals"
    counter.write_text("0", encoding="utf-8")
    hook = origin / "hooks" / "pre-receive"
    hook.write_text(
        "#!/bin/sh\n"
        f'n=$(cat "{counter}")\n'
        f'if [ "$n" -lt {times} ]; then echo $((n + 1)) > "{counter}"; echo "busy, try again" >&2; exit 1; fi\n',
        encoding="utf-8",
    )
    hook.chmod(0o755)
    return counter


def test_a_refused_push_is_tried_again_with_growing_pauses(origin: Path, tmp_path: Path) -> None:
    runner = clone(origin, tmp_path / "runner", "Runner")
    runs_day(runner, "2026-11-16", "status\n")
    refuse_pushes(origin, 2)
    pauses: list[float] = []
    report = push_with_retry(runner, "origin", "main", GENERATED, regenerate_in(runner), 5, pauses.append)
    assert report.pushed and report.attempts == 3 and pauses == [2.0, 4.0]
    assert remote_file(origin, "docs/blog/posts/2026-11-16.md") == "post of 2026-11-16"


def test_a_push_refused_every_time_fails_after_its_attempts(origin: Path, tmp_path: Path) -> None:
    runner = clone(origin, tmp_path / "runner", "Runner")
    runs_day(runner, "2026-11-16", "status\n")
    ours = run(runner, "rev-parse", "HEAD")
    refuse_pushes(origin, 99)
    with pytest.raises(OpsError, match=r"refused 3 times \(last: .*\).*run the workflow again"):
        push_with_retry(runner, "origin", "main", GENERATED, regenerate_in(runner), 3, lambda _: None)
    assert run(runner, "rev-parse", "HEAD") == ours
