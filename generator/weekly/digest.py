"""The weekly issue's digest: one ISO week's daily posts read back (front matter and story records), the week's top
stories and the threads that continued across days. Pure, but for `read_week`, which reads the posts.

Weeks are ISO 8601 weeks (Monday to Sunday; week 1 holds the year's first Thursday: Python's date.isocalendar),
named as ISO 8601 writes them, `2026-W47`. A daily post belongs to the week of the day in its file name
(`docs/blog/posts/2026-11-16.md`). Nothing but the posts is read: no network, no model, no other state.

What a daily post holds is untrusted here (it may be edited by hand): each post is read on its own (one that
cannot be read is skipped with a warning), each story record is checked on its own (a wrong one is dropped and
counted), and every text is escaped when the issue is rendered (generator/weekly/issue.py).
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo
from pathlib import Path

import yaml

from generator.models import StoryRecord
from generator.site import SiteLayout, read_front_matter, read_story_records
from generator.text import clean_line

log = logging.getLogger(__name__)

_WEEK = re.compile(r"(\d{4})-W(\d{2})")


@dataclass(frozen=True, order=True)
class IsoWeek:
    """An ISO 8601 week: `year` is the ISO year (the year of the week's Thursday), `week` 1..52 or 53.
    Raises ValueError for a week the year does not have."""

    year: int
    week: int

    def __post_init__(self) -> None:
        date.fromisocalendar(self.year, self.week, 1)  # ValueError: "Invalid week: 53"

    @classmethod
    def parse(cls, text: str) -> IsoWeek:
        """`2026-W47` → IsoWeek(2026, 47). Raises ValueError (one sentence) for anything else."""
        match = _WEEK.fullmatch(text.strip())
        if not match:
            raise ValueError(f"{text!r} is not an ISO week like 2026-W47")
        try:
            return cls(int(match.group(1)), int(match.group(2)))
        except ValueError:
            raise ValueError(f"{text!r}: the year {match.group(1)} has no week {match.group(2)}") from None

    @classmethod
    def of(cls, day: date) -> IsoWeek:
        """The ISO week `day` falls in."""
        year, week, _ = day.isocalendar()
        return cls(year, week)

    @property
    def monday(self) -> date:
        """The week's first day."""
        return date.fromisocalendar(self.year, self.week, 1)

    @property
    def sunday(self) -> date:
        """The week's last day."""
        return date.fromisocalendar(self.year, self.week, 7)

    @property
    def days(self) -> tuple[date, ...]:
        """Monday to Sunday."""
        return tuple(self.monday + timedelta(days=offset) for offset in range(7))

    def previous(self) -> IsoWeek:
        """The week before this one."""
        return IsoWeek.of(self.monday - timedelta(days=1))

    def __str__(self) -> str:
        return f"{self.year}-W{self.week:02d}"


def week_closes(week: IsoWeek, window_end: time, zone: tzinfo) -> datetime:
    """When the week's last daily window closes: its Sunday at `window_end` in the site's zone (the daily post
    for day D covers the window that closes on D at window.end, README "Which day a post covers")."""
    return datetime.combine(week.sunday, window_end, tzinfo=zone)


def latest_complete_week(now: datetime, window_end: time, zone: tzinfo) -> IsoWeek:
    """The default week of `weekly`: the latest week whose last daily window has closed at `now` (an aware
    datetime). On a Sunday from window.end on that is the current week, else the week before."""
    week = IsoWeek.of(now.astimezone(zone).date())
    return week if now >= week_closes(week, window_end, zone) else week.previous()


# --- reading the daily posts back ---------------------------------------------------------------------------


@dataclass(frozen=True)
class DailyPost:
    """What the weekly issue reads from one daily post: its day (from the file name), title, tags, counts and
    story records (in the post's order). `dropped`: records that were not valid and are left out."""

    day: date
    title: str
    tags: tuple[str, ...]
    items_read: int
    stories: tuple[StoryRecord, ...]
    dropped: int = 0


def _count(value: object) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else 0


def read_daily(path: Path, day: date) -> DailyPost:
    """The daily post at `path` for `day`. Raises ValueError saying why when the file cannot be read, its front
    matter is not YAML or not a mapping. Records that are not valid are dropped and counted (`dropped`)."""
    try:
        meta = read_front_matter(path)
    except OSError as error:
        raise ValueError(error.strerror or str(error)) from None
    except UnicodeDecodeError:
        raise ValueError("it is not UTF-8 text") from None
    except (ValueError, yaml.YAMLError) as error:
        raise ValueError(f"its front matter is not valid YAML ({type(error).__name__})") from None
    if not isinstance(meta, dict) or not meta:
        raise ValueError("its front matter is empty or not a mapping")
    try:
        read = read_story_records(path, day)
    except OSError as error:
        raise ValueError(error.strerror or str(error)) from None
    except (ValueError, yaml.YAMLError) as error:
        raise ValueError(f"its story records are not valid JSON ({type(error).__name__})") from None
    tags = meta.get("tags")
    return DailyPost(
        day=day,
        title=clean_line(str(meta.get("title") or "")),
        tags=tuple(clean_line(str(t)) for t in tags if clean_line(str(t))) if isinstance(tags, list) else (),
        items_read=_count(meta.get("items_read")),
        stories=read.records,
        dropped=read.dropped,
    )


@dataclass(frozen=True)
class WeekReading:
    """The week's daily posts (oldest first), the earlier posts its follow-ups point back to, and notes on what
    could not be read."""

    posts: tuple[DailyPost, ...]
    earlier: tuple[DailyPost, ...]
    notes: tuple[str, ...]


def _read(layout: SiteLayout, day: date, notes: list[str]) -> DailyPost | None:
    path = layout.post_file(day)
    if not path.is_file():
        return None
    try:
        post = read_daily(path, day)
    except ValueError as error:
        log.warning("skipped %s: %s", path, error)
        notes.append(f"{path.name} skipped: {error}")
        return None
    if post.dropped:
        log.warning("%s: %d story record(s) not valid, left out", path, post.dropped)
        notes.append(f"{path.name}: {post.dropped} story record(s) not valid, left out")
    return post


def read_week(layout: SiteLayout, week: IsoWeek) -> WeekReading:
    """Read the daily posts of `week` from the posts folder, and the posts before the week that its follow-ups
    point back to (`follows`), so that a thread shows where it began. A post that cannot be read is skipped with
    a warning and a note."""
    notes: list[str] = []
    posts = [p for p in (_read(layout, day, notes) for day in week.days) if p is not None]
    wanted = sorted(
        {r.follows[0] for p in posts for r in p.stories if r.follows and r.follows[0] < week.monday}
    )
    earlier = [p for p in (_read(layout, day, notes) for day in wanted) if p is not None]
    return WeekReading(tuple(posts), tuple(earlier), tuple(notes))


# --- the week's digest --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Appearance:
    """A story on one day: the day and that day's record."""

    day: date
    record: StoryRecord


@dataclass(frozen=True)
class WeekStory:
    """One story across the week: every day it appeared on (oldest first) and, for a thread that began before the
    week, its appearances in those earlier posts (`earlier`). Ranking uses the week's appearances only."""

    id: str
    appearances: tuple[Appearance, ...]
    earlier: tuple[Appearance, ...] = ()

    @property
    def lead(self) -> StoryRecord:
        """The record that speaks for the story: its most important appearance, the earliest on a tie."""
        return min(self.appearances, key=lambda a: (-a.record.importance, a.day)).record

    @property
    def headline(self) -> str:
        """The headline of its most important appearance."""
        return self.lead.headline

    @property
    def summary(self) -> str:
        """One sentence of what happened: the first sentence its most important day's entry wrote (a later
        day's when that one had none); "" for a story only listed as a one-liner."""
        ordered = sorted(self.appearances, key=lambda a: (-a.record.importance, a.day))
        return next((a.record.summary for a in ordered if a.record.summary), "")

    def source_of(self, url: str) -> str:
        """The name of the source whose article `url` is, as a daily post recorded it ("" when none did)."""
        return next((name for a in self.appearances if (name := a.record.source_of(url))), "")

    @property
    def importance(self) -> int:
        """Its highest importance in the week (1-5)."""
        return max(a.record.importance for a in self.appearances)

    @property
    def sources(self) -> int:
        """At least this many sources reported it: the most any one day counted (days may share sources)."""
        return max(a.record.sources for a in self.appearances)

    @property
    def category(self) -> str:
        """The first category a day gave it ("" for one-liners only)."""
        return next((a.record.category for a in self.appearances if a.record.category), "")

    @property
    def urls(self) -> tuple[str, ...]:
        """Every article URL of the week's records, in order of appearance, once."""
        return tuple(dict.fromkeys(url for a in self.appearances for url in a.record.urls))

    @property
    def week_days(self) -> tuple[date, ...]:
        """The days of the week it appeared on, in order."""
        return tuple(dict.fromkeys(a.day for a in self.appearances))

    @property
    def timeline(self) -> tuple[Appearance, ...]:
        """One appearance per day, oldest first, earlier posts included: the thread as it developed."""
        by_day: dict[date, Appearance] = {}
        for appearance in sorted(self.earlier + self.appearances, key=lambda a: a.day):
            by_day.setdefault(appearance.day, appearance)
        return tuple(by_day.values())

    def rank(self) -> tuple[int, int, int, date, str]:
        """Sort key, best first: importance, then sources, then days in the week, then the earliest day."""
        return (-self.importance, -self.sources, -len(self.week_days), self.appearances[0].day, self.id)


@dataclass(frozen=True)
class WeeklyDigest:
    """Everything the weekly issue says: the week, its daily posts (oldest first), every story of the week
    (ranked), the top stories, the threads (stories on two days or more, the earlier posts included) and the most
    frequent tags of the week's posts."""

    week: IsoWeek
    posts: tuple[DailyPost, ...]
    stories: tuple[WeekStory, ...]
    top: tuple[WeekStory, ...]
    threads: tuple[WeekStory, ...]
    tags: tuple[str, ...]

    @property
    def items_read(self) -> int:
        """Items read by the week's daily runs, added up."""
        return sum(p.items_read for p in self.posts)


def _story_ids(posts: Sequence[DailyPost]) -> Callable[[str], str]:
    """Record id → story id. A follow-up keeps the id of the story it continues (front_matter.story_records); one
    whose own id differs from `follows.id` is still filed under the story it follows, through any chain."""
    follows = {r.id: r.follows[1] for p in posts for r in p.stories if r.follows and r.follows[1] != r.id}

    def story_of(record_id: str) -> str:
        path = [record_id]
        while path[-1] in follows:
            following = follows[path[-1]]
            if (
                following in path
            ):  # a loop (hand-edited posts): its smallest id names it, from wherever entered
                return min(path[path.index(following) :])
            path.append(following)
        return path[-1]

    return story_of


def build_weekly(
    week: IsoWeek,
    posts: Sequence[DailyPost],
    earlier: Sequence[DailyPost] = (),
    *,
    top: int = 10,
    max_threads: int = 10,
    max_tags: int = 5,
    skip_tags: Iterable[str] = (),
) -> WeeklyDigest:
    """The week's digest from its daily posts (those outside `week` are ignored) and the earlier posts its
    follow-ups point back to. Stories are the records grouped by `id` (a follow-up keeps the id of the story it
    continues; see _story_ids). Top stories: the `top` best by WeekStory.rank. Threads: stories on two days or
    more, the most days first, then by rank; at most `max_threads`. Tags: the `max_tags` most frequent tags of the
    posts, those in `skip_tags` (the daily base tags) left out, ties in order of first use."""
    ordered = sorted((p for p in posts if IsoWeek.of(p.day) == week), key=lambda p: p.day)
    older = sorted((p for p in earlier if p.day < week.monday), key=lambda p: p.day)
    story_of = _story_ids([*older, *ordered])
    seen: dict[str, list[Appearance]] = {}
    for post in ordered:
        for record in post.stories:
            seen.setdefault(story_of(record.id), []).append(Appearance(post.day, record))
    before: dict[str, list[Appearance]] = {}
    for post in older:
        for record in post.stories:
            if story_of(record.id) in seen:
                before.setdefault(story_of(record.id), []).append(Appearance(post.day, record))
    stories = sorted(
        (WeekStory(i, tuple(a), tuple(before.get(i, ()))) for i, a in seen.items()), key=WeekStory.rank
    )
    threads = sorted((s for s in stories if len(s.timeline) >= 2), key=lambda s: (-len(s.timeline), s.rank()))
    skipped = {t.casefold() for t in skip_tags}
    counts = Counter(t for p in ordered for t in dict.fromkeys(p.tags) if t.casefold() not in skipped)
    return WeeklyDigest(
        week=week,
        posts=tuple(ordered),
        stories=tuple(stories),
        top=tuple(stories[:top]),
        threads=tuple(threads[:max_threads]),
        tags=tuple(tag for tag, _ in counts.most_common(max_tags)),
    )
