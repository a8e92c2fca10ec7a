"""The weekly issue from the dailies: its digest and its post, and each edition's."""

from __future__ import annotations

from generator.weekly.digest import IsoWeek, latest_complete_week
from generator.weekly.editions import EditionWeek, issue_pages, run_edition_weeks
from generator.weekly.issue import run_week

__all__ = ["EditionWeek", "IsoWeek", "issue_pages", "latest_complete_week", "run_edition_weeks", "run_week"]
