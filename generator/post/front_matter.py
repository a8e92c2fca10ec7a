"""Digest → the post's YAML front matter: the keys ARCHITECTURE.md (Outputs) promises, every value valid
XML 1.0 text.

Themes and plugins print front matter raw into HTML and the feeds (Material's tag chips and <head>, mkdocs-rss-plugin's
<title>, <category>, <description>): nothing here may carry markup or a character XML forbids.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import datetime

import yaml

from generator.models import DESCRIPTION_CHARS, Digest, FollowUp, Story
from generator.post.threads import story_anchor
from generator.text import clean_line, fit_clauses, fit_sentences, xml_text

_LOOK_ALIKES = str.maketrans({"<": "＜", ">": "＞", "&": "＆", '"': "＂", "'": "＇", "`": "｀"})


def plain_label(value: object) -> str:
    """A tag or keyword for the front matter: themes and plugins print these raw into HTML and RSS
    (Material's tag chips, mkdocs-rss-plugin's <category>), so markup characters become full-width look-alikes."""
    return clean_line(str(value)).translate(_LOOK_ALIKES)


def _whole(text: str, limit: int) -> str:
    """`text` when it fits `limit`; else its whole sentences, else its whole clauses that fit: never cut mid-way
    (the site's RSS and JSON feeds print the description as each item's summary)."""
    return text if len(text) <= limit else fit_sentences(text, limit) or fit_clauses(text, limit)


def _xml_values(value: object) -> object:
    """`value` with every string in it (keys too, in mappings and lists) made valid XML 1.0 text."""
    if isinstance(value, str):
        return xml_text(value)
    if isinstance(value, Mapping):
        return {_xml_values(k): _xml_values(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_xml_values(v) for v in value]
    return value


class _Dumper(yaml.SafeDumper):
    """Writes a value that occurs twice (one date in `follows` and `since`) twice, never as an anchor and alias."""

    def ignore_aliases(self, data: object) -> bool:
        return True


def dump_front_matter(front_matter: Mapping[str, object]) -> str:
    """The YAML front matter block ("---\n…---\n\n"); every string valid XML 1.0 text (the site's RSS and JSON
    feeds print titles, descriptions and tags from it)."""
    text = yaml.dump(
        _xml_values(dict(front_matter)),
        Dumper=_Dumper,
        allow_unicode=True,
        sort_keys=False,
        default_flow_style=False,
        width=4096,
    )
    return f"---\n{text}---\n\n"


def build_front_matter(
    digest: Digest,
    *,
    published: datetime,
    slug: str,
    author: str,
    category: str,
    layout: str,
    cover: str,
    readtime: int | None = None,
) -> dict[str, object]:
    """The keys ARCHITECTURE.md (Outputs) promises, in a stable order. Text is cleaned one line (clean_line),
    URLs and ids made XML-valid (xml_text): nothing here can make the site's feeds invalid.

    `date` is `published`, the moment the post's window closes, with its UTC offset (YAML writes it as
    `2026-11-16 08:00:00+08:00`): the blog plugin files the post under that moment's local day, and the RSS and
    JSON feeds, the JSON-LD and the sitemap print it as it is, so no zone setting is needed outside the
    generator's config. The category is also a tag (the feeds list the tags as their categories). `readtime`
    (whole minutes, post.readtime.reading_minutes of the body) overrides Material's word count, which reads a
    run of Chinese as one word; left out when None.
    Raises ValueError when `published` has no UTC offset."""
    if published.utcoffset() is None:
        raise ValueError(f"the publication time {published.isoformat()} has no UTC offset")
    category = plain_label(category)
    front_matter: dict[str, object] = {
        "title": clean_line(digest.title),
        "date": published,
        "slug": xml_text(slug),
        "authors": [xml_text(author)],
        "categories": [category],
        "tags": list(dict.fromkeys(t for t in [*map(plain_label, digest.tags), category] if t)),
        "description": _whole(clean_line(digest.description), DESCRIPTION_CHARS),
        "keywords": list(dict.fromkeys(k for k in map(plain_label, digest.keywords) if k)),
        "image": xml_text(cover),
        "summary": [line for line in map(clean_line, digest.summary) if line],
        "sources": [xml_text(url) for story in digest.stories for url in story.urls],
        "items_read": digest.items_read,
        "stories_kept": digest.stories_kept,
        "skipped_old": digest.skipped_old,
        "editor": clean_line(digest.editor),
        "layout": xml_text(layout),
    }
    if readtime is not None:
        front_matter["readtime"] = max(1, int(readtime))
    return front_matter


def story_records(digest: Digest) -> list[dict[str, object]]:
    """One record per story of the post, in the post's order (entries, one-liners, follow-ups): what later days
    (generator.stories.continuity) and the weekly issue read back (generator.site.posts.read_story_records). They
    are written beside the post (SiteLayout.records_file), not into its front matter: the site builder parses
    every post's front matter with a pure-Python YAML loader, and the page shows none of this.

    Keys: `id` (the story's identity: the id of its first article, see feeds.entry.item_id; a follow-up keeps the id
    of the story it continues), `headline` (as the post shows it), `titles` (every member's feed title, every
    language: what a later day's story is matched against), `urls` (every member's article URL), `sources` (how
    many sources reported it), `source_names` (their names: a later source not among them is news), `importance`
    (1-5; a one-liner is 1; a follow-up has the importance of the story it continues), `category` ("" for a
    one-liner), `kind` ("entry", "brief" or "follow-up"), `anchor` (the story's place in the post: every layout
    gives its heading or list item this id, post.threads.story_anchor), `url_sources` (the source of each of
    `urls`, in order), `summary` (an entry's first whole sentence, first_sentence: the weekly issue's line),
    `tags` (its names and topics, Digest.story_tags: a follow-up's start with its thread's), `names` (the same
    with their spellings in the other script, "星织2 / StarWeave-2": a follow-up's tags keep one form). A
    follow-up adds `follows` (`date`: the most recent post that told the story, `id`: its record there) and
    `since` (the day the story was first told).
    """
    records = [
        {
            **_record(e.story, e.headline, e.importance, e.category, "entry"),
            "summary": first_sentence(e.summary),
        }
        for e in digest.entries
    ]
    records += [_record(b.story, b.text, 1, "", "brief") for b in digest.briefs]
    records += [_follow_up_record(f) for f in digest.follow_ups]
    for record in records:
        record["tags"] = [plain_label(t) for t in digest.story_tags.get(str(record["id"]), ())]
        record["names"] = [plain_label(t) for t in digest.story_names.get(str(record["id"]), ())]
    return records


_SENTENCE_END = re.compile(r"[。！？!?]|\.(?=\s|$)")
SENTENCE_CHARS = 160  # the longest first sentence a record keeps


def first_sentence(text: str, limit: int = SENTENCE_CHARS) -> str:
    """The first whole sentence of `text` (up to its 。！？!? or a full stop before a space), "" when the text has
    none within `limit` characters: a sentence is kept whole or not at all."""
    line = clean_line(text)
    match = _SENTENCE_END.search(line)
    return line[: match.end()] if match and match.end() <= limit else ""


def _record(
    story: Story, headline: str, importance: int, category: str, kind: str, identity: str = ""
) -> dict[str, object]:
    return {
        "id": xml_text(identity or story.id),
        "headline": clean_line(headline),
        "titles": list(dict.fromkeys(clean_line(a.item.title) for a in story.articles)),
        "urls": [xml_text(url) for url in story.urls],
        "url_sources": [clean_line(a.item.source) for a in story.articles],
        "sources": len(story.source_names),
        "source_names": [clean_line(name) for name in story.source_names],
        "importance": int(importance),
        "category": plain_label(category),
        "kind": kind,
        "anchor": story_anchor(identity or story.id),
    }


def _follow_up_record(follow_up: FollowUp) -> dict[str, object]:
    record = _record(
        follow_up.story,
        follow_up.headline,
        follow_up.importance,
        follow_up.category,
        "follow-up",
        identity=follow_up.thread,
    )
    record["follows"] = {"date": follow_up.earlier, "id": xml_text(follow_up.thread)}
    record["since"] = follow_up.since
    return record
