"""What the live site holds: the commit it was built from, and whether a page answers.

The build job writes `build.json` into the built site (`{"commit": …, "built": …}`) before it is uploaded; a later
run reads it back from the live site to learn whether the branch tip is deployed. GitHub's own deployment records
cannot tell: actions/deploy-pages records the run's GITHUB_SHA as the build version (src/internal/context.js), and
a run that builds the branch tip after pushing a post deploys a commit that is not that SHA.

Pages answers through a CDN that caches for minutes; every read here adds a query string of its own, so an answer
cached before a deploy is not taken for the live one.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urljoin

import requests

from generator.files import write_atomic

STAMP = "build.json"
TIMEOUT_S = 15


def write_stamp(site_dir: Path, commit: str, now: datetime | None = None) -> Path:
    """Write `build.json` (the commit, the build time in UTC) into the built site `site_dir`, atomically.
    Returns the file."""
    built = (now or datetime.now(UTC)).astimezone(UTC).isoformat(timespec="seconds")
    path = site_dir / STAMP
    write_atomic(path, (json.dumps({"commit": commit, "built": built}) + "\n").encode("utf-8"))
    return path


def fresh(url: str) -> str:
    """`url` with a query string of its own (the CDN in front of Pages caches by the whole URL)."""
    return f"{url}{'&' if '?' in url else '?'}fresh={time.time_ns()}"


def live_commit(site_url: str, session: requests.Session) -> str | None:
    """The commit the live site was built from (its build.json), or None when the stamp cannot be read (never
    deployed by this workflow, unreachable, not JSON)."""
    try:
        response = session.get(fresh(urljoin(site_url, STAMP)), timeout=TIMEOUT_S)
        if response.status_code != 200:
            return None
        commit = response.json().get("commit")
    except (requests.RequestException, ValueError, AttributeError):
        return None
    return commit if isinstance(commit, str) and commit else None


def answers(url: str, session: requests.Session) -> bool:
    """Whether `url` answers 200 (redirects followed)."""
    try:
        return session.get(fresh(url), timeout=TIMEOUT_S).status_code == 200
    except requests.RequestException:
        return False


def wait_until_live(
    url: str,
    session: requests.Session,
    wait_s: float,
    sleep: Callable[[float], None] = time.sleep,
    step_s: float = 10,
) -> bool:
    """Whether `url` answers 200 within `wait_s` seconds (asked every `step_s`): a page deployed moments ago
    may take a little while."""
    deadline = time.monotonic() + wait_s
    while True:
        if answers(url, session):
            return True
        left = deadline - time.monotonic()
        if left <= 0:
            return False
        sleep(min(step_s, left))
