"""The `sources` command's health table: one line per source, aligned as a terminal draws it."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from datetime import tzinfo

import wcwidth

from generator.models import SourceReport

HEALTH_COLUMNS = ("source", "status", "items", "newest", "latency", "reason")
_RIGHT_ALIGNED = frozenset({"items", "latency"})


def health_table(reports: Sequence[SourceReport], zone: tzinfo) -> list[str]:
    """The `sources` health table as lines (no newlines): a header, then one line per report, in order.

    Columns: name, status (ok, not-modified, failed), items, newest item (YYYY-MM-DD HH:MM in `zone`), latency in
    seconds, and last the reason (a failure's, or a working feed's warning), whole: never cut, only its lines
    joined. Columns are padded by display width, as a terminal draws them (East Asian wide characters take two
    columns, combining marks none: Unicode UAX #11, measured by the wcwidth library). Every cell is one line
    of plain text (see `_cell`), so a feed's error text cannot move the cursor or recolour the terminal.
    """
    rows = [HEALTH_COLUMNS]
    for report in reports:
        newest = report.newest.astimezone(zone).strftime("%Y-%m-%d %H:%M") if report.newest else "-"
        items = "-" if report.status == "failed" else str(report.items)
        latency = f"{report.latency_s:.2f}s"
        rows.append((_cell(report.name), _cell(report.status), items, newest, latency, _cell(report.error)))
    widths = [max(wcwidth.width(row[i]) for row in rows) for i in range(len(HEALTH_COLUMNS) - 1)]
    lines = []
    for row in rows:
        cells = [
            (wcwidth.rjust if column in _RIGHT_ALIGNED else wcwidth.ljust)(cell, width)
            for column, cell, width in zip(HEALTH_COLUMNS, row, widths, strict=False)
        ]
        lines.append("  ".join([*cells, row[-1]]).rstrip())
    return lines


def _cell(text: str) -> str:
    """`text` as one line of plain text: terminal escape sequences removed, whitespace runs (newlines too)
    joined into one space, other control characters (Unicode category Cc) dropped."""
    line = " ".join(wcwidth.strip_sequences(text).split())
    return "".join(ch for ch in line if unicodedata.category(ch) != "Cc")
