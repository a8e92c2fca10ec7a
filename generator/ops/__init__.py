"""The daily workflow's decisions, in Python that tests exercise (the workflow files only pass values on).

plan      which days a run writes (catch-up), whether the weekly issue is due
github    the GitHub REST API: the Pages pre-flight, the watchdog's issue
live      what the live site holds (build.json) and whether a page answers
write     each day written, built strictly, then committed (or thrown away)
push      fetch, rebase (generated pages regenerated), push, retried
watchdog  one issue when the day's post is not live in time
annotate  ::notice:: / ::warning:: / ::error::, the job summary, step outputs
commands  `python -m generator ops …`
"""

from __future__ import annotations

from generator.ops import (
    annotate,  # the module: annotate.annotate, annotate.add_summary, annotate.set_outputs
)
from generator.ops.commands import add_ops_parser, run_ops
from generator.ops.github import GitHubApi, PagesSite, check_pages
from generator.ops.live import live_commit, write_stamp
from generator.ops.plan import Decision, Request, days_to_write, decide, weekly_due
from generator.ops.push import PushReport, push_with_retry
from generator.ops.watchdog import Watch, WatchResult, run_watchdog
from generator.ops.write import Outcome, write_all

__all__ = [
    "add_ops_parser",
    "run_ops",
    "Decision",
    "GitHubApi",
    "Outcome",
    "PagesSite",
    "PushReport",
    "Request",
    "Watch",
    "WatchResult",
    "annotate",
    "check_pages",
    "days_to_write",
    "decide",
    "live_commit",
    "push_with_retry",
    "run_watchdog",
    "weekly_due",
    "write_all",
    "write_stamp",
]
