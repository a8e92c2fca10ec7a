"""The entries of each reader feed, from the issues (pure, but for the cover sizes and the built pages the caller
reads). A story's entry is permanent: its address is the post's permalink and the story's anchor, both fixed at
publication (a correction changes neither, only the entry's update time and text).

- category / tag feeds: one entry per story of that category (its record's `category`) or carrying that tag (its
  record's `tags`, compared as post.tag_key compares tags), newest first, STORY_ENTRIES at most;
- 快讯: one entry per daily post, its KUAIXUN_LINES most important headlines (importance, then the post's order),
  each linking to the story's place;
- 全文: one entry per post (FULL_ENTRIES newest), its full mail-ready content (syndication.mail).
"""

from __future__ import annotations

import html
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from generator.models import StoryRecord
from generator.post import FEED_WORDS, tag_key
from generator.syndication.documents import Attachment, Entry
from generator.syndication.issues import Issue

STORY_ENTRIES = 50
KUAIXUN_LINES = 10
KUAIXUN_ENTRIES = 30
FULL_ENTRIES = 10


@dataclass(frozen=True)
class StoryIndex:
    """Every story of the archive under its category and under each of its tags' keys (post.tag_key), newest post
    first and in each post's order: read once, so that a feed per category and per tag costs one look-up."""

    categories: Mapping[str, tuple[tuple[Issue, StoryRecord], ...]]
    tags: Mapping[str, tuple[tuple[Issue, StoryRecord], ...]]

    def category(self, name: str) -> tuple[tuple[Issue, StoryRecord], ...]:
        """The stories of category `name` (one-liners have none)."""
        return self.categories.get(name, ())

    def tag(self, name: str) -> tuple[tuple[Issue, StoryRecord], ...]:
        """The stories tagged `name`, whatever the case, width or spaces."""
        return self.tags.get(tag_key(name), ())


def index_stories(issues: Sequence[Issue]) -> StoryIndex:
    """The StoryIndex of `issues` (newest first)."""
    categories: dict[str, list[tuple[Issue, StoryRecord]]] = defaultdict(list)
    tags: dict[str, list[tuple[Issue, StoryRecord]]] = defaultdict(list)
    for issue in issues:
        for record in issue.stories:
            if record.category:
                categories[record.category].append((issue, record))
            for key in dict.fromkeys(tag_key(t) for t in record.tags):
                tags[key].append((issue, record))
    return StoryIndex({k: tuple(v) for k, v in categories.items()}, {k: tuple(v) for k, v in tags.items()})


def story_entries(
    stories: Sequence[tuple[Issue, StoryRecord]], decorate: Callable[[Issue], dict]
) -> tuple[Entry, ...]:
    """An entry for each of `stories` (a StoryIndex list), STORY_ENTRIES at most. `decorate(issue)` gives the
    keyword arguments every entry of that issue shares (image, attachments)."""
    return tuple(story_entry(issue, record, decorate(issue)) for issue, record in stories[:STORY_ENTRIES])


def story_entry(issue: Issue, record: StoryRecord, shared: dict) -> Entry:
    """One story: headline, its first sentence, its sources (links to what was fetched), its tags, and any
    correction of it with its date; updated at its last correction."""
    corrections = [c for c in issue.corrections if c.story == record.anchor]
    sources = "、".join(
        f'<a href="{html.escape(url)}">{html.escape(record.source_of(url) or url)}</a>' for url in record.urls
    )
    parts = [f"<p>{html.escape(record.summary or record.headline)}</p>"]
    if sources:
        parts.append(f"<p>{FEED_WORDS['sources']}：{sources}</p>")
    if record.tags:
        parts.append(f"<p>{FEED_WORDS['tags']}：{html.escape('、'.join(record.tags))}</p>")
    for correction in corrections:
        label = FEED_WORDS["correction"].format(day=f"{correction.date:%Y-%m-%d}")
        parts.append(f"<p><strong>{label}</strong>：{html.escape(correction.text)}</p>")
    updated = max([issue.published, *(c.date for c in corrections)])
    return Entry(
        link=issue.story_url(record),
        title=record.headline,
        published=issue.published,
        updated=updated,
        summary=record.summary or record.headline,
        content_html="".join(parts),
        tags=record.tags,
        **shared,
    )


def kuaixun_entries(
    issues: Sequence[Issue], site_name: str, decorate: Callable[[Issue], dict]
) -> tuple[Entry, ...]:
    """One entry per daily post with stories, KUAIXUN_ENTRIES newest: an ordered list of its KUAIXUN_LINES most
    important headlines (importance first, then the post's order), each a link to the story's place."""
    entries = []
    for issue in issues:
        if not issue.stories:
            continue
        ranked = sorted(enumerate(issue.stories), key=lambda pair: (-pair[1].importance, pair[0]))
        top = [record for _, record in ranked[:KUAIXUN_LINES]]
        lines = "".join(
            f'<li><a href="{html.escape(issue.story_url(r))}">{html.escape(r.headline)}</a></li>' for r in top
        )
        day = issue.published
        entries.append(
            Entry(
                link=issue.url,
                title=FEED_WORDS["kuaixun_item"].format(site=site_name, day=f"{day.month}月{day.day}日"),
                published=issue.published,
                updated=issue.updated,
                summary="；".join(r.headline for r in top),
                content_html=f"<ol>{lines}</ol>",
                tags=issue.tags,
                **decorate(issue),
            )
        )
        if len(entries) >= KUAIXUN_ENTRIES:
            break
    return tuple(entries)


def full_entries(
    issues: Sequence[Issue], read_page: Callable[[Issue], str | None], decorate: Callable[[Issue], dict]
) -> tuple[Entry, ...]:
    """One entry per post, FULL_ENTRIES newest, with `read_page(issue)` (the mail-ready HTML) as its full
    content; a post whose page gives none keeps its description only."""
    entries = []
    for issue in issues[:FULL_ENTRIES]:
        full = read_page(issue) or ""
        entries.append(
            Entry(
                link=issue.url,
                title=issue.title,
                published=issue.published,
                updated=issue.updated,
                summary=issue.description or issue.title,
                content_html=f"<p>{html.escape(issue.description or issue.title)}</p>",
                full_html=full,
                tags=issue.tags,
                **decorate(issue),
            )
        )
    return tuple(entries)


def data_attachment(url: str, size: int) -> Attachment:
    """The day's stories.json as a JSON Feed attachment."""
    return Attachment(url=url, mime_type="application/json", title=FEED_WORDS["data"], size=size)
