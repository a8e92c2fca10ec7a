"""The day's data for agents (issue 21 §4): `stories.json` beside each post's page (`<post path>/stories.json`),
so that a tool reads the digest without scraping HTML. Its shape is docs/schemas/stories-1.schema.json (JSON
Schema 2020-12, published with the site; README "Data for agents").

It is a published derivative of the generator's own records file (`<day>.stories.json` beside the post in docs/,
site.read_story_records), not that file: the records are the generator's memory (continuity, the weekly issue)
and change with it, and they carry neither addresses on the site (site_url is known only when the site is built)
nor the corrections; the public file has a versioned schema of its own, absolute URLs for the post, each story's
place and each follow-up's earlier story, and the sources as {name, url} pairs.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import date

from generator.models import StoryRecord
from generator.syndication.issues import Issue

STORIES_FILE = "stories.json"  # under the post's own folder
STORIES_VERSION = 1


def stories_data(issue: Issue, schema_url: str, earlier: Mapping[date, Issue]) -> dict[str, object]:
    """The public stories.json of `issue` as a JSON-ready mapping. `schema_url` is the schema's absolute URL;
    `earlier` the issues by day, to give a follow-up the address of the story it continues (null when that post
    is not on the site)."""
    return {
        "$schema": schema_url,
        "version": STORIES_VERSION,
        "date": issue.published.date().isoformat(),
        "url": issue.url,
        "title": issue.title,
        "description": issue.description,
        "published": issue.published.isoformat(),
        "updated": issue.updated.isoformat(),
        "editor": issue.editor,
        "tags": list(issue.tags),
        "stories": [_story(issue, record, earlier) for record in issue.stories],
    }


def stories_document(issue: Issue, schema_url: str, earlier: Mapping[date, Issue]) -> bytes:
    """stories_data as compact UTF-8 JSON."""
    data = stories_data(issue, schema_url, earlier)
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _story(issue: Issue, record: StoryRecord, earlier: Mapping[date, Issue]) -> dict[str, object]:
    sources = [
        {"name": record.source_of(url) or _name(record, i), "url": url} for i, url in enumerate(record.urls)
    ]
    follows = None
    if record.follows is not None:
        when, identity = record.follows
        before = earlier.get(when)
        found = next((r for r in before.stories if r.id == identity), None) if before else None
        follows = {
            "date": when.isoformat(),
            "id": identity,
            "url": before.story_url(found) if before and found else None,
        }
    return {
        "id": record.id,
        "url": issue.story_url(record),
        "headline": record.headline,
        "summary": record.summary,
        "category": record.category,
        "importance": record.importance,
        "kind": record.kind,
        "tags": list(record.tags),
        "sources": sources,
        "thread": {"since": (record.since or record.day).isoformat(), "follows": follows},
        "corrections": [
            {"date": c.date.isoformat(), "text": c.text}
            for c in issue.corrections
            if c.story == record.anchor
        ],
    }


def _name(record: StoryRecord, index: int) -> str:
    """A URL's source name in posts that recorded names but not which URL each came from."""
    return record.source_names[index] if index < len(record.source_names) else ""
