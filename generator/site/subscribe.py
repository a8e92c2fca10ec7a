"""The 订阅 page (docs/subscribe.md) and the catalogue of reader feeds it lists (issue 21 §3).

The page's front matter (`feeds`) is the catalogue: the categories (the editor's, mkdocs-independent), the 20 entity
tags the tags page describes (docs/tags.md `tag_descriptions`, refreshed by every run from the whole archive) and
the tags listed before that have left the top 20 (`earlier`: a subscriber's feed is never withdrawn). Each entry
has a name and a slug, the feed's file name, fixed the first time the name is listed, so a feed's address never
changes. The build (generator.syndication) writes one RSS 2.0 and one JSON Feed 1.1 file per entry, and the page
and the feeds always agree because both come from this front matter.

Links to the feeds are raw HTML (`<a href="../feeds/…">`): the feeds exist only in the built site, and MkDocs
validates Markdown links against docs/ only.
"""

from __future__ import annotations

import hashlib
import html
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import yaml
from pypinyin import lazy_pinyin

from generator.post import FEED_WORDS, SUBSCRIBE_WORDS
from generator.site.posts import split_front_matter
from generator.text import clean_line

FEEDS_DIR = "feeds"  # under the site's root
MAIN_RSS, MAIN_JSON = "feed_rss_created.xml", "feed_json_created.json"  # mkdocs-rss-plugin's, at the root
STORIES_SCHEMA = "schemas/stories-1.schema.json"  # the public stories.json's schema, under docs/ and the site
_SLUG_PART = re.compile(r"[a-z0-9]+")


@dataclass(frozen=True)
class FeedSpec:
    """One reader feed: `kind` is "kuaixun", "full", "category" or "tag"; `name` the category or tag ("" for the
    first two); `slug` its file name without extension. `path(ext)` is its place under the site's root."""

    kind: str
    name: str = ""
    slug: str = ""

    def path(self, ext: str) -> str:
        """ "feeds/kuaixun.xml", "feeds/category/<slug>.json" … (`ext`: "xml" or "json")."""
        if self.kind in ("kuaixun", "full"):
            return f"{FEEDS_DIR}/{self.kind}.{ext}"
        return f"{FEEDS_DIR}/{self.kind}/{self.slug}.{ext}"


GENERAL_FEEDS = (FeedSpec("kuaixun"), FeedSpec("full"))


def feed_slug(name: str, taken: Iterable[str] = ()) -> str:
    """An ASCII file name for a category or tag: its Chinese in pinyin, Latin letters and digits lower-cased, the
    parts joined by "-" ("星织2" → "xing-zhi-2", "Northwind Labs" → "northwind-labs", "École" → "ecole"); a name
    with nothing to spell, or whose slug is `taken` already, gets the first 8 hex digits of its SHA-1 added."""
    spelled = unicodedata.normalize("NFKD", " ".join(lazy_pinyin(clean_line(name))))
    words = "".join(c for c in spelled if not unicodedata.combining(c))
    slug = "-".join(_SLUG_PART.findall(words.casefold()))[:60].strip("-")
    if not slug or slug in set(taken):
        digest = hashlib.sha1(name.encode("utf-8")).hexdigest()[:8]
        slug = f"{slug}-{digest}" if slug else digest
    return slug


@dataclass(frozen=True)
class Catalogue:
    """The feeds the 订阅 page lists: per category, per current top tag, per earlier top tag."""

    categories: tuple[FeedSpec, ...] = ()
    tags: tuple[FeedSpec, ...] = ()
    earlier: tuple[FeedSpec, ...] = ()

    def feeds(self) -> tuple[FeedSpec, ...]:
        """Every feed the build writes besides mkdocs-rss-plugin's: 快讯, 全文, then categories and tags."""
        return GENERAL_FEEDS + self.categories + self.tags + self.earlier


def read_catalogue(meta: Mapping[str, object]) -> Catalogue:
    """The catalogue in the 订阅 page's front matter `meta` (`feeds: {categories, tags, earlier}`, lists of
    {name, slug}); entries without a name or with a slug that is not ASCII lower-case are left out."""
    feeds = meta.get("feeds")
    feeds = feeds if isinstance(feeds, Mapping) else {}

    def entries(key: str, kind: str) -> tuple[FeedSpec, ...]:
        raw = feeds.get(key)
        found = []
        for item in raw if isinstance(raw, list) else []:
            if not isinstance(item, Mapping):
                continue
            name, slug = clean_line(str(item.get("name") or "")), str(item.get("slug") or "")
            if name and re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", slug):
                found.append(FeedSpec(kind, name, slug))
        return tuple(found)

    return Catalogue(entries("categories", "category"), entries("tags", "tag"), entries("earlier", "tag"))


def build_catalogue(previous: Catalogue, categories: Sequence[str], tags: Sequence[str]) -> Catalogue:
    """The catalogue for `categories` and the current top `tags`, keeping every slug `previous` gave a name and
    moving the tags that left the top list to `earlier` (newest departures first)."""
    known = {(s.kind, s.name): s.slug for s in previous.feeds()}
    taken = set(known.values())

    def spec(kind: str, name: str) -> FeedSpec:
        slug = known.get((kind, name))
        if slug is None:
            slug = feed_slug(name, taken)
            taken.add(slug)
            known[(kind, name)] = slug
        return FeedSpec(kind, name, slug)

    current = tuple(spec("tag", t) for t in dict.fromkeys(tags))
    names = {s.name for s in current}
    left = [s for s in (*previous.tags, *previous.earlier) if s.name not in names]
    return Catalogue(
        tuple(spec("category", c) for c in dict.fromkeys(categories)),
        current,
        tuple({s.name: s for s in left}.values()),
    )


def render_subscribe_page(existing: str, categories: Sequence[str], tags: Sequence[str]) -> str:
    """docs/subscribe.md: front matter (title, description, the catalogue under `feeds`, out of search) and the
    page listing every feed with what it carries, its RSS and JSON Feed links, and where the mail-ready feed and
    the per-day data are described. `existing` is the page as it is (its catalogue keeps slugs); `tags` the top
    entity tags, most used first. Raises yaml.YAMLError when the existing front matter is not YAML."""
    meta = split_front_matter(existing)[0] if existing else {}
    catalogue = build_catalogue(read_catalogue(meta), categories, tags)
    words, feed = SUBSCRIBE_WORDS, FEED_WORDS
    head = {
        "title": words["title"],
        "description": words["description"],
        "search": {"exclude": True},
        "feeds": {
            key: [{"name": s.name, "slug": s.slug} for s in specs]
            for key, specs in (
                ("categories", catalogue.categories),
                ("tags", catalogue.tags),
                ("earlier", catalogue.earlier),
            )
        },
    }
    lines = [f"# {words['title']}", "", words["intro"], "", f"## {words['general']}", ""]
    lines.append(_row(feed["main"], feed["main_carries"], MAIN_RSS, MAIN_JSON))
    for spec in GENERAL_FEEDS:
        lines.append(_row(feed[spec.kind], feed[f"{spec.kind}_carries"], spec.path("xml"), spec.path("json")))
    lines += ["", words["mail"], ""]
    sections = (
        (words["categories"], catalogue.categories, "category", ""),
        (words["tags"], catalogue.tags, "tag", words["tags_note"].format(count=len(catalogue.tags))),
        (words["earlier"], catalogue.earlier, "tag", ""),
    )
    for title, specs, kind, note in sections:
        if not specs and kind == "tag" and title == words["earlier"]:
            continue
        lines += [f"## {title}", ""] + ([note, ""] if note and specs else [])
        if specs:
            lines.append(f"{feed[kind + '_carries']}")
            lines.append("")
        rows = [_row(feed[kind].format(name=s.name), "", s.path("xml"), s.path("json")) for s in specs]
        lines += (rows or [words["none"]]) + [""]
    schema = f'<a href="../{STORIES_SCHEMA}">{html.escape(words["schema"])}</a>'
    lines += [f"## {words['data_title']}", "", f"{words['data']}{schema}。", ""]
    dumped = yaml.safe_dump(head, allow_unicode=True, sort_keys=False, default_flow_style=False, width=4096)
    return f"---\n{dumped}---\n\n" + "\n".join(lines)


def _row(title: str, carries: str, rss: str, json_feed: str) -> str:
    """One list item: the feed's name, its two links (relative to the page, /subscribe/), what it carries."""
    links = (
        f'<a class="feed-link" href="../{html.escape(rss)}" type="application/rss+xml">'
        f"{SUBSCRIBE_WORDS['rss']}</a> · "
        f'<a class="feed-link" href="../{html.escape(json_feed)}" type="application/feed+json">'
        f"{SUBSCRIBE_WORDS['json']}</a>"
    )
    text = f"- <strong>{html.escape(title)}</strong>：{links}"
    return f"{text}。{html.escape(carries)}" if carries else text
