"""The weekly issue from the dailies: its digest and its post."""

from __future__ import annotations

from generator.weekly.digest import IsoWeek, latest_complete_week
from generator.weekly.issue import run_week

__all__ = ["IsoWeek", "latest_complete_week", "run_week"]
