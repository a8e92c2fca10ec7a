"""A one-line progress bar on the terminal, for the fetching stages (the network code only calls back)."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TextIO

Progress = Callable[[str, int, int], None]  # (stage label, done, total)


def terminal_progress(stream: TextIO | None = None) -> Progress | None:
    """A progress bar drawn on `stream` (stderr) when it is a terminal; None (quiet) otherwise."""
    out = stream or sys.stderr
    if not out.isatty():
        return None

    def show(label: str, done: int, total: int) -> None:
        width = 24
        filled = width * done // max(total, 1)
        end = "\n" if done >= total else ""
        out.write(f"\r{label:<9} [{'#' * filled}{'.' * (width - filled)}] {done}/{total}{end}")
        out.flush()

    return show
