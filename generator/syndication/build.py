"""Write the reader feeds and the per-day data into a built site (issue 21 §3-4): called by the MkDocs hook
generator/finish/hooks/reader_feeds.py after the build, and by `python -m generator finish-site` after any other
builder. Reads docs/ (the posts, their records, the 订阅 page's catalogue) and the built post pages (for the
full-content feed); writes, under the site, `<post path>/stories.json` for every post, an RSS 2.0 and a JSON Feed
1.1 file for every feed of the catalogue (site.subscribe), and adds each day's stories.json as an attachment to
the items of mkdocs-rss-plugin's JSON feeds. A file is rewritten only when its bytes change (a second run changes
nothing).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import yaml

from generator.files import write_atomic
from generator.post import FEED_WORDS
from generator.site import (
    STORIES_SCHEMA,
    Catalogue,
    FeedSpec,
    SiteInfo,
    SiteLayout,
    read_catalogue,
    read_front_matter,
)
from generator.syndication.documents import Feed, json_document, rss_document
from generator.syndication.issues import Issue, load_issues
from generator.syndication.items import (
    StoryIndex,
    data_attachment,
    full_entries,
    index_stories,
    kuaixun_entries,
    story_entries,
)
from generator.syndication.mail import mail_html
from generator.syndication.stories import STORIES_FILE, stories_document

MAIN_JSON_FEEDS = ("feed_json_created.json", "feed_json_updated.json")  # mkdocs-rss-plugin's


@dataclass(frozen=True)
class FeedsReport:
    """What was written (paths relative to the site, "/" separators), what the owner should know, how many feed
    files the site has (ours and the plugin's) and their total size in bytes."""

    changed: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    feeds: int = 0
    feed_bytes: int = 0


def write_reader_feeds(docs: Path, site_dir: Path, site: SiteInfo, logo: str | None) -> FeedsReport:
    """Every reader feed and every day's stories.json, written into `site_dir` from `docs`. `site.url` is the
    build's site_url (the feeds' addresses need it: without one nothing is written, with a warning); `logo` the
    feeds' logo URL or None. Raises OSError when a file cannot be written."""
    if not site.url.startswith(("http://", "https://")):
        return FeedsReport(warnings=("no site_url: the reader feeds and stories.json are not written",))
    base = site.url if site.url.endswith("/") else f"{site.url}/"
    site = site.model_copy(update={"url": base})
    archive = load_issues(docs, site)
    warnings = list(archive.warnings)
    catalogue, note = _catalogue(docs, site)
    warnings += [note] if note else []
    writer = _Writer(site_dir)
    by_day = {i.published.date(): i for i in archive.issues if i.stories}
    data_sizes = {
        issue.url: writer.write(f"{issue.path}{STORIES_FILE}", _stories(issue, base, by_day))
        for issue in archive.issues
    }

    def decorate(issue: Issue) -> dict:
        cover = site_dir / issue.image if issue.image else None
        size = cover.stat().st_size if cover is not None and cover.is_file() else 0
        data = data_attachment(issue.url + STORIES_FILE, data_sizes[issue.url])
        return {"image": base + issue.image if size else "", "image_length": size, "attachments": (data,)}

    def page(issue: Issue) -> str | None:
        built = site_dir / issue.path / "index.html"
        found = mail_html(built, issue.url) if built.is_file() else None
        if found is None:
            warnings.append(f"{issue.path}: no built page with an article; its full-content entry has none")
        return found

    index = index_stories(archive.issues)
    for spec in catalogue.feeds():
        feed = _feed(spec, archive.issues, index, site, logo or "", decorate, page)
        writer.write(spec.path("xml"), rss_document(feed))
        writer.write(spec.path("json"), json_document(feed, site.name))
    _attach_to_main_feeds(site_dir, writer, {i.url: decorate(i)["attachments"] for i in archive.issues})
    feeds = [p for p in site_dir.glob("feed_*_*.*")] + [
        site_dir / spec.path(ext) for spec in catalogue.feeds() for ext in ("xml", "json")
    ]
    return FeedsReport(
        tuple(writer.changed),
        tuple(warnings),
        feeds=len(feeds),
        feed_bytes=sum(p.stat().st_size for p in feeds if p.is_file()),
    )


def _catalogue(docs: Path, site: SiteInfo) -> tuple[Catalogue, str]:
    """The 订阅 page's catalogue, and a warning when the page is missing or unreadable (then only 快讯 and 全文)."""
    page = SiteLayout.of(docs, site).file(SiteLayout.subscribe_page)
    try:
        return read_catalogue(read_front_matter(page)), ""
    except FileNotFoundError:
        return Catalogue(), f"{page.name} is missing: no category or tag feeds (run generate to write it)"
    except (OSError, ValueError, yaml.YAMLError) as error:
        return Catalogue(), f"{page.name} cannot be read ({error}): no category or tag feeds"


def _stories(issue: Issue, base: str, by_day: dict[date, Issue]) -> bytes:
    return stories_document(issue, base + STORIES_SCHEMA, by_day)


def _feed(spec: FeedSpec, issues, index: StoryIndex, site: SiteInfo, logo: str, decorate, page) -> Feed:
    """The Feed of one catalogue entry."""
    if spec.kind == "kuaixun":
        entries = kuaixun_entries(issues, site.name, decorate)
    elif spec.kind == "full":
        entries = full_entries(issues, page, decorate)
    else:
        stories = index.category(spec.name) if spec.kind == "category" else index.tag(spec.name)
        entries = story_entries(stories, decorate)
    label = FEED_WORDS[spec.kind].format(name=spec.name)
    return Feed(
        title=FEED_WORDS["feed_title"].format(site=site.name, name=label),
        description=FEED_WORDS[f"{spec.kind}_carries"],
        home=site.url,
        rss_url=site.url + spec.path("xml"),
        json_url=site.url + spec.path("json"),
        language=site.language,
        logo=logo,
        entries=entries,
    )


def _attach_to_main_feeds(site_dir: Path, writer: _Writer, attachments: dict) -> None:
    """Give each item of mkdocs-rss-plugin's JSON feeds its day's stories.json (JSON Feed `attachments`), looked
    up by the item's url; a feed that is missing or not JSON is left alone."""
    for name in MAIN_JSON_FEEDS:
        path = site_dir / name
        try:
            data = json.loads(path.read_bytes())
        except (OSError, ValueError):
            continue
        items = data.get("items") if isinstance(data, dict) else None
        for item in items if isinstance(items, list) else []:
            found = attachments.get(item.get("url")) if isinstance(item, dict) else None
            if found:
                item["attachments"] = [
                    {"url": a.url, "mime_type": a.mime_type, "title": a.title, "size_in_bytes": a.size}
                    for a in found
                ]
        writer.write(name, json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))


class _Writer:
    """Writes files under the site atomically, only when their bytes change; remembers what it rewrote."""

    def __init__(self, site_dir: Path) -> None:
        self.site_dir = site_dir
        self.changed: list[str] = []

    def write(self, relative: str, data: bytes) -> int:
        """Write `data` to `relative` (a "/" path under the site) unless it holds it already; its size."""
        path = self.site_dir.joinpath(*relative.split("/"))
        if not (path.is_file() and path.read_bytes() == data):
            write_atomic(path, data, durable=False)  # the build's output: rebuilt from docs/ at will
            self.changed.append(relative)
        return len(data)
