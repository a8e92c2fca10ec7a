"""Sources to entries: parse feeds, read one entry's fields, and the sources' health table."""

from __future__ import annotations

from generator.feeds.health import health_table
from generator.feeds.parse import (
    latest_closed_day,
    parse_feed,
    place_undated,
    window_bounds,
    window_closes,
    within_window,
)

__all__ = [
    "health_table",
    "latest_closed_day",
    "parse_feed",
    "place_undated",
    "window_bounds",
    "window_closes",
    "within_window",
]
