"""The tags page's descriptions: a sentence under each of the most frequent entity tags (companies, products,
labs), so that the tags page says what the site wrote about a name, not only which posts carry it.

Material's tags plugin renders the page's `<!-- material/tags -->` listing; our copy of its listing fragment
(overrides/fragments/tags/default/listing.html) prints `tag_descriptions[tag]` from the page's front matter under
the tag's heading. This module writes that mapping into docs/tags.md and keeps the rest of the file as it is.

An entity tag is one that is not a base tag, not the post category or an editor category, and not a topic word
(a concept of lang.glossary such as 芯片 or 推理, a generic word of lang.names such as AI, LLM, GPU, or
a Chinese word jieba's dictionary knows as a common word, such as 融资 or 政策). The rule is a heuristic: a
well-known name that jieba takes for a common word (百度, 苹果) counts when tag_descriptions.yml knows it.
Tags listed under `topics` in tag_descriptions.yml are never entities.
A description is the hand-written sentence of tag_descriptions.yml when there is one, then the site's own record:
how many posts carry the tag, when the latest was published, and which entity tags appear with it most often.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

import regex
import yaml

from generator.config import Settings
from generator.lang import ALIASES, GENERIC, concepts
from generator.post import tag_key
from generator.site.posts import PostRecord, split_front_matter
from generator.text import clean_line, xml_text

TOP_TAGS = 20  # how many entity tags get a description
NEIGHBOURS = 3  # entity tags named as often appearing with it
DESCRIPTIONS = Path(__file__).with_name("tag_descriptions.yml")
_CHINESE_ONLY = regex.compile(r"\p{Han}+")
_PROPER_NOUNS = ("nr", "ns", "nt", "nz")  # jieba's flags for names of people, places, organisations, others
DEFAULT_PAGE = """\
---
title: 标签
description: 按标签浏览 AI 日报的全部文章。
search:
  exclude: true
---

# 标签

按主题浏览历期日报，每个标签下的文章按日期从新到旧排列；常见的公司、产品和机构附有简介。

<!-- material/tags -->
"""


@dataclass(frozen=True)
class TagRecord:
    """What the site published under one tag: how many posts, the latest post's day, the entity tags seen with
    it most often (most first)."""

    tag: str
    posts: int
    latest: date
    neighbours: tuple[str, ...]


def is_entity_tag(tag: str, plain: set[str], known: Mapping[str, str] | None = None) -> bool:
    """Whether `tag` names an entity: not one of the `plain` tag keys (base tags, categories), not a glossary
    concept (Chinese or English), not a generic word, and, written in Chinese only, not one common word of
    jieba's dictionary (融资, 政策: a part-of-speech other than a name, nr/ns/nt/nz) unless it is a known name
    (`known`, tag_descriptions.yml, or names.ALIASES)."""
    key = tag_key(tag)
    if not key or key in plain or key in GENERIC or tag.casefold() in GENERIC:
        return False
    if concepts(tag, chinese=True) or concepts(tag, chinese=False):
        return False
    if key in (known or {}) or tag in ALIASES:
        return True
    return not _common_chinese_word(tag)


def _common_chinese_word(tag: str) -> bool:
    if not _CHINESE_ONLY.fullmatch(tag):
        return False
    import jieba
    import jieba.posseg

    jieba.setLogLevel(logging.WARNING)
    words = jieba.posseg.lcut(tag)
    return len(words) == 1 and not words[0].flag.startswith(_PROPER_NOUNS)


def plain_tag_keys(settings: Settings) -> set[str]:
    """Keys of the tags that are not entities by configuration: base tags, the post category, editor categories."""
    names = [*settings.post.base_tags, settings.post.category, *settings.editor.categories]
    return {tag_key(name) for name in names}


def frequent_tags(
    records: Sequence[PostRecord],
    plain: set[str],
    limit: int = TOP_TAGS,
    known: Mapping[str, str] | None = None,
) -> list[TagRecord]:
    """The `limit` entity tags (is_entity_tag) carried by the most posts (ties: the more recent latest post, then
    the name)."""
    counts: Counter[str] = Counter()
    latest: dict[str, date] = {}
    together: dict[str, Counter[str]] = {}
    for record in records:
        tags = [t for t in dict.fromkeys(_tags(record.meta)) if is_entity_tag(t, plain, known)]
        for tag in tags:
            counts[tag] += 1
            latest[tag] = max(latest.get(tag, record.day), record.day)
            together.setdefault(tag, Counter()).update(t for t in tags if t != tag)
    ranked = sorted(counts, key=lambda t: (-counts[t], -latest[t].toordinal(), t))[:limit]
    return [
        TagRecord(t, counts[t], latest[t], tuple(n for n, _ in together[t].most_common(NEIGHBOURS)))
        for t in ranked
    ]


def _tags(meta: Mapping[str, object]) -> list[str]:
    tags = meta.get("tags")
    return [clean_line(str(t)) for t in tags] if isinstance(tags, list) else []


@dataclass(frozen=True)
class TagNotes:
    """tag_descriptions.yml: {tag key: sentence} for known names, and the keys of tags that are topics."""

    descriptions: Mapping[str, str]
    topics: frozenset[str]


@cache
def tag_notes(path: Path = DESCRIPTIONS) -> TagNotes:
    """The notes of tag_descriptions.yml (`topics`: a list of tags; `descriptions`: a list of {names, text}).
    Raises OSError or yaml.YAMLError when the file cannot be read, ValueError when its shape is wrong."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    topics, entries = data.get("topics") or [], data.get("descriptions") or []
    if not isinstance(topics, list) or not isinstance(entries, list):
        raise ValueError(f"{path}: `topics` and `descriptions` must be lists")
    known: dict[str, str] = {}
    for entry in entries:
        names, text = (entry or {}).get("names"), clean_line(str((entry or {}).get("text") or ""))
        if not isinstance(names, list) or not names or not text:
            raise ValueError(f"{path}: each description needs `names` (a list) and `text`")
        known.update({tag_key(str(name)): text for name in names})
    return TagNotes(known, frozenset(tag_key(str(t)) for t in topics))


def describe(record: TagRecord, known: Mapping[str, str]) -> str:
    """One paragraph of plain text: the known sentence, if any, then the site's record of the tag."""
    when = f"{record.latest.year}年{record.latest.month}月{record.latest.day}日"
    text = f"本站共有 {record.posts} 篇日报涉及 {record.tag}，最近一篇发布于 {when}"
    if record.neighbours:
        text += f"；常与 {'、'.join(record.neighbours)} 一同出现"
    return xml_text(known.get(tag_key(record.tag), "") + text + "。")


def tag_descriptions(records: Iterable[PostRecord], settings: Settings) -> dict[str, str]:
    """{tag: description} for the most frequent entity tags of the posts, most frequent first."""
    notes = tag_notes()
    plain = plain_tag_keys(settings) | notes.topics
    ranked = frequent_tags(list(records), plain, known=notes.descriptions)
    return {r.tag: describe(r, notes.descriptions) for r in ranked}


def render_tags_page(existing: str, records: Iterable[PostRecord], settings: Settings) -> str:
    """docs/tags.md with its front matter's `tag_descriptions` replaced (left out when there is none), the other
    keys and the body kept; DEFAULT_PAGE when `existing` is empty. Raises yaml.YAMLError when the existing front
    matter is not YAML."""
    meta, body = split_front_matter(existing or DEFAULT_PAGE)
    meta.pop("tag_descriptions", None)
    descriptions = tag_descriptions(records, settings)
    if descriptions:
        meta["tag_descriptions"] = descriptions
    head = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, default_flow_style=False, width=4096)
    return f"---\n{head}---\n{body}"
