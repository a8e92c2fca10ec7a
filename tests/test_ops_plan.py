"""Which days a morning's run writes (catch-up, idempotent), and when the weekly issue is due: generator.ops.plan."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from generator.errors import RequestError
from generator.feeds import latest_closed_day
from generator.ops.plan import Request, days_to_write, decide, site_days, weekly_due
from generator.site.layout import SiteLayout
from generator.weekly.digest import IsoWeek

ZONE = ZoneInfo("Asia/Shanghai")
END = time(8, 0)
MON = date(2026, 11, 16)


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=ZONE)


def test_the_latest_closed_day_turns_at_the_windows_end_in_the_sites_zone() -> None:
    assert latest_closed_day(at(MON, 7, 59), END, ZONE) == MON - timedelta(days=1)
    assert latest_closed_day(at(MON, 8, 0), END, ZONE) == MON
    # 00:30 UTC is 08:30 in Shanghai: the UTC date does not matter
    assert latest_closed_day(at(MON, 8, 30).astimezone(ZoneInfo("UTC")), END, ZONE) == MON


def test_a_run_writes_every_missing_day_of_the_last_few_oldest_first() -> None:
    existing = {MON - timedelta(days=5), MON - timedelta(days=1)}
    days, notices, warnings = days_to_write(at(MON, 9), END, ZONE, existing, 3, Request())
    assert days == (MON - timedelta(days=2), MON) and notices == ()
    assert warnings == (f"catching up: {MON - timedelta(days=2)} has no post yet, this run writes it late",)


def test_a_run_with_every_day_written_has_nothing_to_do() -> None:
    existing = {MON - timedelta(days=k) for k in range(3)}
    assert days_to_write(at(MON, 9), END, ZONE, existing, 3, Request()) == ((), (), ())
    # before 08:00 today's window is open: the three days up to yesterday are looked at, and they exist
    before = {MON - timedelta(days=k) for k in (1, 2, 3)}
    assert days_to_write(at(MON, 7), END, ZONE, before, 3, Request()) == ((), (), ())


def test_a_site_without_posts_starts_with_the_latest_day_only() -> None:
    days, notices, _ = days_to_write(at(MON, 9), END, ZONE, set(), 3, Request())
    assert days == (MON,) and "no daily post yet" in notices[0]


def test_the_catch_up_never_goes_back_before_the_sites_first_post() -> None:
    # the fork's first run wrote MON: the morning's later runs have nothing to do, and the next morning writes its
    # own day only, not the days before the fork began (found by `scripts/bench mornings`)
    assert days_to_write(at(MON, 11), END, ZONE, {MON}, 3, Request()) == ((), (), ())
    assert days_to_write(at(MON + timedelta(days=1), 9), END, ZONE, {MON}, 3, Request())[0] == (
        MON + timedelta(days=1),
    )
    # a day missing after the first post is still caught up
    days, _, warnings = days_to_write(at(MON + timedelta(days=2), 9), END, ZONE, {MON}, 3, Request())
    assert days == (MON + timedelta(days=1), MON + timedelta(days=2)) and len(warnings) == 1


def test_a_requested_day_force_and_partial() -> None:
    existing = {MON}
    assert days_to_write(at(MON, 9), END, ZONE, existing, 3, Request(MON)) == (
        (),
        (f"{MON} already has a post; nothing to write (choose force to replace it)",),
        (),
    )
    assert days_to_write(at(MON, 9), END, ZONE, existing, 3, Request(MON, force=True))[0] == (MON,)
    assert days_to_write(at(MON, 9), END, ZONE, existing, 3, Request(force=True))[0] == (MON,)
    tuesday = MON + timedelta(days=1)
    with pytest.raises(
        RequestError, match=r"window of 2026-11-17 is still open until 2026-11-17 08:00.*partial"
    ):
        days_to_write(at(tuesday, 7), END, ZONE, existing, 3, Request(tuesday))
    assert days_to_write(at(tuesday, 7), END, ZONE, existing, 3, Request(tuesday, partial=True))[0] == (
        tuesday,
    )
    assert days_to_write(at(tuesday, 7), END, ZONE, existing, 3, Request(partial=True))[0] == (tuesday,)


def test_the_weekly_issue_is_due_on_the_first_run_after_the_week_closes() -> None:
    week = IsoWeek(2026, 47)  # 2026-11-16 … 2026-11-22
    posts = {MON, MON + timedelta(days=1), MON + timedelta(days=3)}
    sunday = week.sunday
    # before Sunday 08:00 the latest complete week is the one before (which has no post here)
    due, notice = weekly_due(at(sunday, 7, 59), END, ZONE, set(), posts, 3)
    assert due is None and notice.startswith("no weekly issue for 2026-W46: it has 0 daily post(s)")
    assert weekly_due(at(sunday, 8, 30), END, ZONE, set(), posts, 3) == (week, "")
    # Sunday's run was missed: Tuesday's run writes it
    assert weekly_due(at(sunday + timedelta(days=2), 9), END, ZONE, set(), posts, 3) == (week, "")
    assert weekly_due(at(sunday + timedelta(days=2), 9), END, ZONE, {week}, posts, 3) == (None, "")


def test_a_thin_week_is_a_notice_not_an_issue() -> None:
    week = IsoWeek(2026, 47)
    due, notice = weekly_due(at(week.sunday, 9), END, ZONE, set(), {MON, MON + timedelta(days=6)}, 3)
    assert due is None
    assert (
        notice
        == "no weekly issue for 2026-W47: it has 2 daily post(s) and the issue needs 3 (weekly.min_days)"
    )


def test_the_decision_reads_the_posts_folder_and_counts_the_days_it_writes(tmp_path: Path) -> None:
    layout = SiteLayout(tmp_path / "docs")
    folder = layout.posts_folder()
    folder.mkdir(parents=True)
    for day in (MON, MON + timedelta(days=1), MON + timedelta(days=4), MON + timedelta(days=5)):
        layout.post_file(day).write_text("---\n---\n", encoding="utf-8")
    (folder / "2026-W46.md").write_text("", encoding="utf-8")
    (folder / "hello-world.md").write_text("", encoding="utf-8")  # a hand-written post is neither
    days, weeks = site_days(layout)
    assert weeks == {IsoWeek(2026, 46)} and len(days) == 4
    sunday = MON + timedelta(days=6)
    decision = decide(at(sunday, 8, 30), END, ZONE, layout, 3, 5)
    # Sunday is missing and written by this run: with it the week has 5 posts, enough for min_days 5
    assert decision.days == (sunday,) and decision.weekly == IsoWeek(2026, 47)
    thin = decide(at(sunday, 8, 30), END, ZONE, layout, 3, 6)
    assert thin.weekly is None and thin.notices[-1].startswith("no weekly issue for 2026-W47: it has 5")
