"""Sources to entries: parse feeds, read one entry's fields, and the sources' health table."""

from __future__ import annotations

from generator.feeds.health import health_table
from generator.feeds.parse import parse_date, parse_feed, place_undated, window_bounds, within_window

__all__ = ["health_table", "parse_date", "parse_feed", "place_undated", "window_bounds", "within_window"]
