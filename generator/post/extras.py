"""Data a layout shows besides the digest, fetched only when the chosen layout asks for it.

A template declares the extras it needs at its top, `{% set needs = ["leaderboard"] %}` (needs.declared_needs), and
reads a variable of that name. The pipeline calls `collect_extras` with the declared names; each has a provider.
A provider never fails the run: on failure the extra is None (the template leaves its section out) and the
reason goes to the run's notes. Adding a layout touches nothing here; adding a new kind of data adds a provider.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime

from generator.config import Settings
from generator.net import Fetcher, describe
from generator.post.leaderboard import fetch_leaderboard

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ExtraContext:
    """What a provider of layout data gets: the post's day, the settings, the fetcher, the time of the run."""

    day: date
    settings: Settings
    fetcher: Fetcher
    now: datetime


Provider = Callable[[ExtraContext], object]


def _leaderboard(context: ExtraContext) -> object:
    return fetch_leaderboard(context.settings.leaderboard, context.fetcher, context.day, context.now)


PROVIDERS: dict[str, Provider] = {"leaderboard": _leaderboard}


@dataclass(frozen=True)
class Extras:
    """What collect_extras returns: the value of every declared extra (None when it failed: the template leaves
    its section out) and one note per failure for the run summary."""

    values: Mapping[str, object] = field(default_factory=dict)
    notes: tuple[str, ...] = ()

    @property
    def links(self) -> set[str]:
        """Links the extras put in the post (allowed by the gate: the URLs of the data they fetched)."""
        return {link for value in self.values.values() for link in getattr(value, "links", ()) or ()}


def collect_extras(names: Iterable[str], context: ExtraContext) -> Extras:
    """Every declared name that has a provider, fetched; a failure, whatever it is, becomes None and a note."""
    values: dict[str, object] = {}
    notes: list[str] = []
    for name in sorted(set(names) & PROVIDERS.keys()):
        try:
            values[name] = PROVIDERS[name](context)
        except Exception as error:  # noqa: BLE001 - an extra never fails the run, whatever breaks in it
            reason = describe(error)
            log.warning("the %s section is left out: %s", name, reason)
            notes.append(f"the {name} section is left out: {reason}")
            values[name] = None
    return Extras(values, tuple(notes))
