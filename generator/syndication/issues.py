"""The published posts as the reader feeds see them: one Issue per post of the docs/ tree, with its public
address (site_url + the blog plugin's path), its dates, tags, cover and story records.

Pure but for reading docs/ (front matter with libyaml, each post's `<day>.stories.json`); a post or a records file
that cannot be read is left out and named in the warnings, never guessed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from generator.models import StoryRecord
from generator.site import SiteInfo, SiteLayout, load_posts, post_path, read_story_records
from generator.text import clean_line


@dataclass(frozen=True)
class Correction:
    """A dated 更正 note under one story (front matter `corrections`, written by `generator correct`)."""

    date: datetime
    story: str  # the story's anchor, "s-<id>"
    text: str


@dataclass(frozen=True)
class Issue:
    """One published post. `path` is its page's folder under the site ("2026/11/16/ai-daily-2026-11-16/"), `url`
    its permalink (site_url + path: RSS 2.0's guid and link, JSON Feed's id and url); `published` when its window
    closed, `updated` its last correction (else `published`); `image` the cover, relative to docs/ ("" without)."""

    file: Path
    path: str
    url: str
    title: str
    description: str
    published: datetime
    updated: datetime
    tags: tuple[str, ...]
    image: str
    stories: tuple[StoryRecord, ...]
    corrections: tuple[Correction, ...]
    editor: str

    def story_url(self, record: StoryRecord) -> str:
        """The address of a story's own place in this post (its anchor), or the post's when it has none."""
        return f"{self.url}#{record.anchor}" if record.anchor else self.url


@dataclass(frozen=True)
class Archive:
    """Every issue, newest first, and a sentence for each post or records file that could not be read."""

    issues: tuple[Issue, ...]
    warnings: tuple[str, ...] = ()


def load_issues(docs: Path, site: SiteInfo) -> Archive:
    """The posts under `docs` (the blog plugin's post_dir, as `site` says) as Issues, newest first (by their
    window's end, then file name). `site.url` must be the site's base URL ending in "/" (the build's site_url).
    A post whose records file cannot be read keeps no stories, with a warning."""
    layout = SiteLayout.of(docs, site)
    issues, warnings = [], []
    base = site.url if site.url.endswith("/") else f"{site.url}/"
    for post in load_posts(layout):
        meta = post.meta
        try:
            path = post_path(site, meta, post.path.stem)
        except ValueError as error:
            warnings.append(f"{post.path.name}: {error}")
            continue
        try:
            stories = read_story_records(post.path, post.day).records
        except (OSError, ValueError) as error:
            warnings.append(
                f"{post.path.name}: its story records cannot be read ({error}); no stories listed"
            )
            stories = ()
        corrections = _corrections(meta.get("corrections"))
        updated = _moment(meta.get("updated")) or post.created
        issues.append(
            Issue(
                file=post.path,
                path=path,
                url=base + path,
                title=clean_line(str(meta.get("title") or post.path.stem)),
                description=clean_line(str(meta.get("description") or "")),
                published=post.created,
                updated=max(updated, post.created),
                tags=tuple(dict.fromkeys(clean_line(str(t)) for t in meta.get("tags") or [] if str(t))),
                image=str(meta.get("image") or ""),
                stories=stories,
                corrections=corrections,
                editor=clean_line(str(meta.get("editor") or "")),
            )
        )
    issues.sort(key=lambda i: (i.published, i.file.name), reverse=True)
    return Archive(tuple(issues), tuple(warnings))


def _moment(value: object) -> datetime | None:
    """A front matter datetime (naive → UTC, as the blog plugin reads it); None for anything else."""
    if isinstance(value, datetime):
        return value if value.tzinfo is not None else value.replace(tzinfo=UTC)
    return None


def _corrections(raw: object) -> tuple[Correction, ...]:
    found = []
    for item in raw if isinstance(raw, list) else []:
        if isinstance(item, Mapping) and (when := _moment(item.get("date"))) is not None:
            story, text = clean_line(str(item.get("story") or "")), clean_line(str(item.get("text") or ""))
            if story and text:
                found.append(Correction(when, story, text))
    return tuple(sorted(found, key=lambda c: c.date))
