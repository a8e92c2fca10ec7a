"""What a morning's run has to do, decided before anything heavy is installed or fetched: which days to write,
whether the weekly issue is due. Pure but for `site_days`, which lists the posts folder.

The post for day D covers the window that closes on D at `window.end` in the site's zone (README "Which day a
post covers"): a run writes day D only once that moment has passed, unless asked for a partial post. Any run
writes every missing day of the last `ops.catch_up_days` (GitHub may start a scheduled run hours late or drop it:
docs "schedule" event), so a run is idempotent: a day that has a post is skipped, and a run with nothing to do
ends at once. A site without any daily post yet starts with the latest day, not with a backfill.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo

from generator.errors import RequestError
from generator.feeds import latest_closed_day, window_closes
from generator.site import SiteLayout
from generator.weekly import IsoWeek, latest_complete_week


@dataclass(frozen=True)
class Request:
    """What the dispatch form asked for: a day (None: the catch-up of the last days), `force` (replace that day's
    post), `partial` (write although the day's window is still open)."""

    day: date | None = None
    force: bool = False
    partial: bool = False


@dataclass(frozen=True)
class Decision:
    """Days to write (oldest first), the weekly issue due (None: none), notices for the owner, and warnings (a day
    caught up late: the morning's run that should have written it did not)."""

    days: tuple[date, ...] = ()
    weekly: IsoWeek | None = None
    notices: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()


def days_to_write(
    now: datetime,
    window_end: time,
    zone: tzinfo,
    existing: Collection[date],
    catch_up_days: int,
    request: Request = Request(),
) -> tuple[tuple[date, ...], tuple[str, ...], tuple[str, ...]]:
    """The days a run writes (oldest first), notices and warnings (days caught up late). `existing`: the days that
    have a daily post.

    Without a requested day: every day of the last `catch_up_days` up to the latest closed window that has no
    post, from the site's first daily post on (only the latest day on a site without any); `force` replaces the
    latest closed day's post and `partial` writes today's from its open window. With a requested day: that day,
    unless it has a post and `force` is not set (a notice then). Raises RequestError for a requested day whose
    window is still open without `partial`."""
    latest = latest_closed_day(now, window_end, zone)
    day = request.day
    if day is None and (request.force or request.partial):
        day = now.astimezone(zone).date() if request.partial else latest
    if day is not None:
        closes = window_closes(day, window_end, zone)
        if now < closes and not request.partial:
            raise RequestError(
                f"the window of {day} is still open until {closes.isoformat(sep=' ', timespec='minutes')}: run "
                "again after that, or choose partial to write from the open window"
            )
        if day in existing and not request.force:
            return (), (f"{day} already has a post; nothing to write (choose force to replace it)",), ()
        return (day,), (), ()
    if not existing:
        return (latest,), ("the site has no daily post yet: this run writes the latest day only",), ()
    first = min(existing)  # nothing before the site's first post is missing: the fork did not exist yet
    candidates = [latest - timedelta(days=back) for back in reversed(range(catch_up_days))]
    candidates = [d for d in candidates if d >= first]
    missing = tuple(d for d in candidates if d not in existing)
    late = tuple(f"catching up: {d} has no post yet, this run writes it late" for d in missing if d != latest)
    return missing, (), late


def weekly_due(
    now: datetime,
    window_end: time,
    zone: tzinfo,
    issues: Collection[IsoWeek],
    daily_days: Collection[date],
    min_days: int,
) -> tuple[IsoWeek | None, str]:
    """The weekly issue due at `now`: the latest week whose last window has closed, when it has no issue yet
    (`issues`) and at least `min_days` of its days have a daily post (`daily_days`: those that exist and those
    this run writes). Returns (the week or None, a notice when the issue waits for too few posts, else "")."""
    week = latest_complete_week(now, window_end, zone)
    if week in issues:
        return None, ""
    count = sum(1 for day in week.days if day in daily_days)
    if count < min_days:
        return None, (
            f"no weekly issue for {week}: it has {count} daily post(s) and the issue needs {min_days} "
            "(weekly.min_days)"
        )
    return week, ""


def decide(
    now: datetime,
    window_end: time,
    zone: tzinfo,
    layout: SiteLayout,
    catch_up_days: int,
    min_days: int,
    request: Request = Request(),
) -> Decision:
    """The whole decision for a run at `now` from the posts under `layout` (see days_to_write, weekly_due).
    Raises RequestError as days_to_write does."""
    days, issues = site_days(layout)
    to_write, notices, warnings = days_to_write(now, window_end, zone, days, catch_up_days, request)
    week, notice = weekly_due(now, window_end, zone, issues, set(days) | set(to_write), min_days)
    return Decision(to_write, week, notices + ((notice,) if notice else ()), warnings)


def site_days(layout: SiteLayout) -> tuple[set[date], set[IsoWeek]]:
    """The days that have a daily post and the weeks that have a weekly issue, by their file names in the posts
    folder (`2026-11-16.md`, `2026-W47.md`: generator.site.layout); nothing is read but the folder's listing."""
    days: set[date] = set()
    weeks: set[IsoWeek] = set()
    folder = layout.posts_folder()
    for path in folder.glob("*.md") if folder.is_dir() else ():
        day = SiteLayout.post_day(path)
        if day is None:
            continue
        if path == layout.post_file(day):
            days.add(day)
        elif path == layout.weekly_file(str(IsoWeek.of(day))):
            weeks.add(IsoWeek.of(day))
    return days, weeks
