"""A model leaderboard from a JSON file shaped like lmarena-history's `scores.json`.

    {"20250522": {"text": {"overall": {"model-id": 1456.2, …}, "coding": {…}}, "vision": {…}}, "20250523": …}

`keys` lead from one date's entry down to the model → score mapping (`[]` when a date maps straight to it).
The newest date not after the post's day that has that mapping is used. Parsing is pure; fetching goes
through the project's Fetcher (SSRF guard, size cap, timeouts).
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime

from generator.config_look import LeaderboardSettings
from generator.errors import DataError
from generator.net import Fetcher
from generator.text import clean_line
from generator.urls import link_scope

_DATE_KEY = re.compile(r"^(\d{4})-?(\d{2})-?(\d{2})$")


@dataclass(frozen=True)
class Row:
    """One row of the leaderboard table: rank among all models of that date, model id, score."""

    rank: int  # place among all models of that date and category
    model: str
    score: float

    @property
    def score_text(self) -> str:
        """The score as shown (rounded to a whole number)."""
        return f"{self.score:.0f}" if abs(self.score) >= 100 else f"{self.score:.2f}"


@dataclass(frozen=True)
class Leaderboard:
    """The leaderboard a layout shows: rows, the data's date and URL (the only link the table adds), when
    it was fetched.
    """

    title: str
    rows: tuple[Row, ...]
    day: date  # the data's date
    fetched: datetime
    url: str
    source_name: str

    @property
    def links(self) -> tuple[str, ...]:
        """The one link the table's source line shows: the data we fetched (for the gate)."""
        return (self.url,)


def _day(key: str) -> date | None:
    match = _DATE_KEY.match(key.strip())
    if not match:
        return None
    try:
        return date(*(int(part) for part in match.groups()))
    except ValueError:
        return None


def _scores(entry: object, keys: tuple[str, ...]) -> Mapping[str, object] | None:
    for key in keys:
        if not isinstance(entry, Mapping) or key not in entry:
            return None
        entry = entry[key]
    return entry if isinstance(entry, Mapping) and entry else None


def parse_leaderboard(
    content: bytes, settings: LeaderboardSettings, day: date, fetched: datetime, url: str
) -> Leaderboard:
    """Pick the date, rank every model, keep the top matches; DataError with a plain reason otherwise."""
    try:
        data = json.loads(content)
    except (ValueError, UnicodeDecodeError) as error:
        raise DataError(f"the leaderboard at {url} is not JSON ({error})") from None
    if not isinstance(data, Mapping):
        raise DataError(f"the leaderboard at {url} is not a mapping of dates")
    dated = sorted(((d, k) for k in data if isinstance(k, str) and (d := _day(k))), reverse=True)
    if not dated:
        raise DataError(f"the leaderboard at {url} has no YYYYMMDD date keys")
    path = "/".join(settings.keys) or "(the date itself)"
    candidates = [(d, k) for d, k in dated if d <= day] or dated
    chosen = next(((d, s) for d, k in candidates if (s := _scores(data[k], settings.keys)) is not None), None)
    if chosen is None:
        raise DataError(f"the leaderboard at {url} has no model scores under {path}")
    data_day, scores = chosen
    ranked = sorted(
        (
            (clean_line(str(model)), float(score))
            for model, score in scores.items()
            if isinstance(score, int | float)
            and not isinstance(score, bool)
            and math.isfinite(score)
            and clean_line(str(model))
        ),
        key=lambda pair: (-pair[1], pair[0]),
    )
    if not ranked:
        raise DataError(f"the leaderboard at {url} has no numeric scores under {path} for {data_day}")
    vendors = [v.lower() for v in settings.vendors if v.strip()]
    rows = [
        Row(rank, model, score)
        for rank, (model, score) in enumerate(ranked, start=1)
        if not vendors or any(v in model.lower() for v in vendors)
    ][: settings.top]
    if not rows:
        raise DataError(
            f"no model on the leaderboard of {data_day} matches the vendors {', '.join(settings.vendors)}"
        )
    return Leaderboard(settings.title, tuple(rows), data_day, fetched, url, settings.source_name)


def fetch_leaderboard(
    settings: LeaderboardSettings, fetcher: Fetcher, day: date, now: datetime
) -> Leaderboard:
    """Fetch and parse; raises FetchError or DataError (the caller leaves the section out and notes why). A URL
    on a local host is fetched (and its link shown) only when `fetch.allow_private_hosts` allows it; a link-local
    or metadata one never (urls.link_scope)."""
    if not settings.url:
        raise DataError("no leaderboard.url is configured")
    if link_scope(settings.url) == "never":  # its link is shown under the table: never a link-local address
        raise DataError(
            f"the leaderboard.url {settings.url} is a link-local or metadata address, never fetched"
        )
    fetch = fetcher.settings.model_copy(
        update={
            "max_bytes": settings.max_bytes,
            "read_timeout_s": min(fetcher.settings.read_timeout_s, settings.timeout_s),
            "response_timeout_s": settings.timeout_s,  # the whole download, however slowly it arrives
            "retries": min(fetcher.settings.retries, 1),
        }
    )
    fetched = Fetcher(fetch, session=fetcher.session, limit_name="leaderboard.timeout_s").get(settings.url)
    return parse_leaderboard(fetched.content, settings, day, now, settings.url)
