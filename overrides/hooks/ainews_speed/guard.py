"""What every speed-up shares: the switch, the logger and the version guard."""

from __future__ import annotations

import hashlib
import inspect
import logging
import os
import sys
import threading
from collections.abc import Callable
from typing import Any

SWITCH = (
    "AINEWS_SPEEDUPS"  # "0" (off/false/no): the stock site; "serial": the speed-ups without helper processes
)

# Not "mkdocs.…": MkDocs counts the warnings of its own loggers and `--strict` fails the build on them. A speed-up
# that turns itself off leaves a correct (only slower) site, which the daily run should still publish.
log = logging.getLogger("ainews.speed")


def mode() -> str:
    value = os.environ.get(SWITCH, "1").strip().lower()
    return "off" if value in {"0", "off", "false", "no"} else "serial" if value == "serial" else "on"


def enabled() -> bool:
    return mode() != "off"


def fingerprint(func: Callable[..., Any]) -> str:
    """The first 16 hex digits of the sha256 of a function's source ("no source" if there is none)."""
    try:
        return hashlib.sha256(inspect.getsource(func).encode("utf-8")).hexdigest()[:16]
    except (OSError, TypeError):
        return "no source"


def unchanged(checked: dict[str, tuple[Callable[..., Any], str]], speedup: str) -> bool:
    """Whether every function is still the code the speed-up was written against; if not, warn: it stays off.

    `checked` maps a readable name to (the function, its fingerprint when the speed-up was reviewed)."""
    changed = [name for name, (func, expected) in checked.items() if fingerprint(func) != expected]
    if changed:
        log.warning(
            "speed-up '%s' is off: %s changed since it was reviewed (overrides/hooks/ainews_speed)",
            speedup,
            ", ".join(f"{name} (now {fingerprint(checked[name][0])})" for name in changed),
        )
    return not changed


def can_fork() -> bool:
    """Whether a helper process may be forked here: not "serial", Linux (fork is unsafe on macOS, absent on
    Windows), and no other thread in this process (`mkdocs serve` has some)."""
    return mode() == "on" and sys.platform.startswith("linux") and threading.active_count() == 1
