"""The watchdog: when the day's post is not live by `ops.watchdog_at`, one issue in the owner's repository says so.

The workflow's last job runs it on every scheduled or manual run. The day watched is the latest whose window has
closed; "live" means its post is in the checkout and its public address answers 200. Not live after the hour:
the one open issue that carries the marker below is updated (its title names the day, a comment says what this
run saw), or opened when there is none. Live: that issue is closed with a comment. Before the hour and not live:
nothing yet (a later run of the morning may still write it). Issues are found by the marker in their body, among
the repository's open issues, so exactly one is ever open.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, tzinfo

from generator.ops.github import GitHubApi

MARKER = "<!-- ainews-watchdog -->"


@dataclass(frozen=True)
class Watch:
    """What the watchdog saw: the day, its post's public address ("" when the post is not in the checkout),
    whether it answers, and the deadline (an aware datetime)."""

    day: date
    url: str
    live: bool
    deadline: datetime


@dataclass(frozen=True)
class WatchResult:
    """What the watchdog did: "closed", "opened", "updated", "waiting" (not live, before the deadline) or "quiet"
    (live, no issue open); the issue's number (0 when none) and one sentence for the log."""

    action: str
    number: int
    message: str


def deadline_of(day: date, watchdog_at: time, zone: tzinfo) -> datetime:
    """When `day`'s post must be live: `day` at `watchdog_at` in the site's zone."""
    return datetime.combine(day, watchdog_at, tzinfo=zone)


def find_issue(api: GitHubApi) -> dict | None:
    """The open watchdog issue (the oldest that carries the marker; pull requests left out), or None."""
    page = 1
    while True:
        issues = api.call("GET", "/issues", params={"state": "open", "per_page": 100, "page": page}) or []
        for issue in sorted(issues, key=lambda i: i.get("number", 0)):
            if "pull_request" not in issue and MARKER in str(issue.get("body") or ""):
                return issue
        if len(issues) < 100:
            return None
        page += 1


def title_of(watch: Watch, zone_name: str) -> str:
    """The issue's title: the day and the deadline."""
    return f"Daily post for {watch.day} is not live ({watch.deadline:%H:%M} {zone_name} has passed)"


def report_of(watch: Watch, now: datetime, details: str) -> str:
    """What this run saw, as Markdown: the day, where the post should be, what the run's jobs did."""
    where = (
        f"its address {watch.url} does not answer"
        if watch.url
        else "the branch has no post for that day (or the run did not learn the site's address)"
    )
    return (
        f"At {now.isoformat(sep=' ', timespec='minutes')} the post for **{watch.day}** was not live: {where}.\n\n"
        f"{details}".rstrip()
    )


def run_watchdog(
    api: GitHubApi, watch: Watch, now: datetime, zone_name: str, details: str = ""
) -> WatchResult:
    """Open, update or close the one watchdog issue for what `watch` saw at `now`. `details`: Markdown about this
    run (its jobs' results, its address, what to do). Returns what was done. Raises OpsError when GitHub refuses."""
    issue = find_issue(api)
    if watch.live:
        if issue is None:
            return WatchResult("quiet", 0, f"the post for {watch.day} is live: {watch.url}")
        number = int(issue["number"])
        api.call(
            "POST",
            f"/issues/{number}/comments",
            json={"body": f"The post for {watch.day} is live: {watch.url}"},
        )
        api.call("PATCH", f"/issues/{number}", json={"state": "closed", "state_reason": "completed"})
        return WatchResult("closed", number, f"the post for {watch.day} is live; issue #{number} closed")
    if now < watch.deadline:
        return WatchResult(
            "waiting",
            0,
            f"the post for {watch.day} is not live yet; the watchdog acts from {watch.deadline:%H:%M}",
        )
    report = report_of(watch, now, details)
    title = title_of(watch, zone_name)
    if issue is None:
        created = api.call("POST", "/issues", json={"title": title, "body": f"{MARKER}\n{report}"})
        number = int(created["number"])
        return WatchResult("opened", number, f"the post for {watch.day} is not live: issue #{number} opened")
    number = int(issue["number"])
    if issue.get("title") != title:
        api.call("PATCH", f"/issues/{number}", json={"title": title})
    api.call("POST", f"/issues/{number}/comments", json={"body": report})
    return WatchResult(
        "updated", number, f"the post for {watch.day} is still not live: issue #{number} updated"
    )
