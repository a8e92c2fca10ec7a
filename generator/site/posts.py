"""The published posts read back: their front matter (what the channel post, the tags page and later pages read)
and their story records (what continuity and the weekly issue read). The one reader of both.

Only the YAML block at the top of each post is parsed (with libyaml when available), so a thousand posts take
well under a second; a post whose front matter cannot be read is skipped with a warning. Story records live in a
JSON file beside each post (SiteLayout.records_file); posts written before that file existed kept them in their
front matter (`stories`), which is read instead.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import yaml

from generator.models import StoryRecord
from generator.site.layout import SiteLayout
from generator.site.permalinks import created_at
from generator.text import clean_line

log = logging.getLogger(__name__)
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_FRONT_MATTER = re.compile(r"---[ \t]*\r?\n(.*?\r?\n)?---[ \t]*(?:\r?\n|$)", re.S)


@dataclass(frozen=True)
class PostRecord:
    """One post: its file, its front matter (a mapping), and the moment the blog plugin files it under."""

    path: Path
    meta: dict[str, Any]
    created: datetime

    @property
    def day(self) -> date:
        """The post's day as its URL and the archive show it: the date of `created` in its own UTC offset."""
        return self.created.date()


def split_front_matter(text: str) -> tuple[dict[str, Any], str]:
    """A Markdown text's front matter (the YAML between a first line "---" and the next line "---"; {} when there
    is none or it is not a mapping) and the text after it. Raises yaml.YAMLError when the front matter is not
    YAML."""
    match = _FRONT_MATTER.match(text)
    if not match:
        return {}, text
    data = yaml.load(match.group(1) or "", Loader=_LOADER)
    return (data if isinstance(data, dict) else {}), text[match.end() :]


def read_front_matter(path: Path) -> dict[str, Any]:
    """The front matter of a Markdown file ({} when it has none). Raises OSError, UnicodeDecodeError or
    yaml.YAMLError when the file cannot be read or its front matter is not YAML."""
    return split_front_matter(path.read_text(encoding="utf-8"))[0]


def load_posts(layout: SiteLayout) -> list[PostRecord]:
    """Every post in the blog's posts folder (recursively, as the blog plugin reads it) that has a readable date,
    oldest first (by date, then file name)."""
    records = []
    for path in sorted(layout.posts_folder().rglob("*.md")):
        try:
            meta = read_front_matter(path)
        except (OSError, ValueError, yaml.YAMLError) as error:
            log.warning("cannot read the front matter of %s: %s", path, error)
            continue
        created = created_at(meta.get("date"))
        if created is not None:
            records.append(PostRecord(path, meta, created))
    return sorted(records, key=lambda r: (r.created, r.path.name))


KINDS = ("entry", "brief", "follow-up")


@dataclass(frozen=True)
class StoryRecords:
    """A post's story records, in the post's order, and how many records were not valid and left out."""

    records: tuple[StoryRecord, ...] = ()
    dropped: int = 0


def read_story_records(post_file: Path, day: date) -> StoryRecords:
    """The story records of the post at `post_file` for `day`: its records file (`<stem>.stories.json`, a mapping
    with a `stories` list), or, for a post written before that file existed, its front matter's `stories`; none
    when it has neither. Each record is read by `story_record`; invalid ones are counted in `dropped`. Raises
    OSError, ValueError (bad JSON, not UTF-8) or yaml.YAMLError when a file cannot be read."""
    data_file = SiteLayout.records_file(post_file)
    if data_file.is_file():
        data = json.loads(data_file.read_text(encoding="utf-8"))
        raw = data.get("stories") if isinstance(data, Mapping) else None
    elif post_file.is_file():
        raw = read_front_matter(post_file).get("stories")
    else:
        raw = None
    items = raw if isinstance(raw, list) else [] if raw is None else [raw]
    read = [story_record(day, item) for item in items]
    kept = tuple(r for r in read if r is not None)
    return StoryRecords(kept, len(read) - len(kept))


def story_record(day: date, raw: object) -> StoryRecord | None:
    """One record (post.front_matter.story_records) as a StoryRecord of the post of `day`, None when it is unusable:
    not a mapping, no `id`, or neither a `headline` nor a `titles` list. Lenient elsewhere: an importance outside
    1-5 is clamped, an unknown `kind` is "entry", a `since` after `day` or a malformed `follows` is dropped."""
    if not isinstance(raw, Mapping):
        return None
    identity = _line(raw.get("id"))
    titles = _strings(raw.get("titles"))
    headline = _line(raw.get("headline")) or (titles[0] if titles else "")
    if not identity or not headline:
        return None
    names = _strings(raw.get("source_names"))
    since = _date(raw.get("since"))
    return StoryRecord(
        day=day,
        id=identity,
        headline=headline,
        titles=titles or (headline,),
        urls=_strings(raw.get("urls")),
        source_names=names,
        importance=min(5, max(1, _integer(raw.get("importance"), 1))),
        category=_line(raw.get("category")),
        since=since if since is not None and since <= day else None,
        sources=max(0, _integer(raw.get("sources"), len(names) or 1)),
        kind=kind if (kind := _line(raw.get("kind"))) in KINDS else "entry",
        follows=_follows(raw.get("follows")),
        anchor=anchor if _ANCHOR.fullmatch(anchor := _line(raw.get("anchor"))) else "",
        tags=_strings(raw.get("tags")),
        names=_strings(raw.get("names")),
        summary=_line(raw.get("summary")),
        url_sources=tuple(map(_line, raw.get("url_sources") or ()))
        if isinstance(raw.get("url_sources"), list)
        else (),
    )


_ANCHOR = re.compile(r"s-[0-9a-z]{1,40}")  # post.story_anchor: what an anchor of ours looks like


def _line(value: object) -> str:
    """A scalar as one clean line (text.clean_line: invisible characters out); "" for anything else."""
    if isinstance(value, str | int | float) and not isinstance(value, bool):
        return clean_line(str(value))
    return ""


def _strings(value: object) -> tuple[str, ...]:
    return tuple(s for s in map(_line, value) if s) if isinstance(value, list | tuple) else ()


def _integer(value: object, default: int) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else default


def _date(value: object) -> date | None:
    """A date from YAML (a date) or JSON (an ISO 8601 string); None for anything else."""
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            return None
    return value if isinstance(value, date) and not isinstance(value, datetime) else None


def _follows(value: object) -> tuple[date, str] | None:
    if not isinstance(value, Mapping):
        return None
    when, identity = _date(value.get("date")), _line(value.get("id"))
    return (when, identity) if when is not None and identity else None
