"""The site's generated files beside the posts, rewritten by `generate` after each post it writes:

- `sources.opml`: the enabled sources as an OPML 2.0 subscription list (opml.org/spec2.opml: `<opml version="2.0">`,
  a `<head>` with a title, a `<body>` of `<outline>`s; a feed is `type="rss"` with `text` and `xmlUrl`, optionally
  `title` and `language`), in two folders, 国内 and 国际, in the config's order;
- `status.md` (信源状态): the run summary's sources as a table (status, reason in Chinese with the English one in
  brackets, items, newest item, latency), every cell inert text (render.escape_md): a feed's error message cannot
  become a link, HTML or a table cell of its own; the table sits in a `status-table` block (md_in_html) that
  docs/stylesheets/extra.css lays out for narrow screens (the reason column stays, the numbers go);
- `tags.md`: its front matter's tag descriptions (generator.site.tagpage);
- `archive.md` (归档): every post as one line under its month, newest first: the compact archive (the blog
  plugin's own archive repeats each post's full card, and renders each post's Markdown once more to do so);
- `corrections.md` (勘误): every correction of a published post, newest first (generator.site.corrections).
"""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import Callable, Collection, Mapping, Sequence
from datetime import datetime, tzinfo
from pathlib import Path

import yaml
from lxml import etree

from generator.config import Settings, SourceSettings
from generator.post import (
    REGION_WORDS,
    SOURCE_REASON_FALLBACK,
    SOURCE_REASON_WORDS,
    SOURCE_WARNING_FALLBACK,
    STATUS_WORDS,
    escape_md,
    words_for,
)
from generator.site.corrections import render_corrections_page
from generator.site.layout import SiteInfo, SiteLayout
from generator.site.posts import PostRecord, load_posts, split_front_matter
from generator.site.publish import write_site_file
from generator.site.subscribe import render_subscribe_page
from generator.site.tagpage import render_tags_page
from generator.text import clean_line, xml_text
from generator.urls import is_http, publishable_url

log = logging.getLogger(__name__)

REASON_CHARS = 200
# The kinds of degradation (run_summary.Degradation.kind) whose message this page already shows: the failing sources
# in the table, the offline writer in the latest-post line; their line is the words alone.
SHOWN_HERE = frozenset({"sources", "offline"})


def render_opml(
    sources: Sequence[SourceSettings], site_name: str, fetched: Collection[str] = frozenset()
) -> bytes:
    """The enabled sources as an OPML 2.0 document (UTF-8 bytes with an XML declaration). Names and URLs are
    made valid XML text (text.xml_text); lxml escapes them. No date in the head: the file changes only when the
    sources do. A source whose feed no reader could subscribe to (urls.publishable_url: a local address, unless
    its name is in `fetched`, the sources this run read from a host the config allows; a link-local one never)
    is left out."""
    root = etree.Element("opml", version="2.0")
    head = etree.SubElement(root, "head")
    etree.SubElement(head, "title").text = xml_text(STATUS_WORDS["opml_title"].format(site=site_name))
    etree.SubElement(head, "docs").text = "http://opml.org/spec2.opml"
    body = etree.SubElement(root, "body")
    for region, label in REGION_WORDS.items():
        chosen = [
            s
            for s in sources
            if s.enabled and s.region == region and publishable_url(s.url, fetched=s.name in fetched)
        ]
        if not chosen:
            continue
        folder = etree.SubElement(body, "outline", text=label, title=label)
        for source in chosen:
            name = xml_text(source.name)
            etree.SubElement(
                folder,
                "outline",
                type="rss",
                text=name,
                title=name,
                xmlUrl=xml_text(source.url),
                language=xml_text(source.language),
            )
    etree.indent(root, space="  ")
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + etree.tostring(root, encoding="UTF-8") + b"\n"


def page_head(title: str, description: str) -> str:
    """A generated page's front matter (its title and description, out of the search index) and its H1."""
    return f"---\ntitle: {title}\ndescription: {description}\nsearch:\n  exclude: true\n---\n\n# {title}\n\n"


def render_status_page(summary: Mapping[str, object] | None, zone: tzinfo, language: str = "zh") -> str:
    """The 信源状态 page (Markdown with front matter) from a run summary (run_summary.RunStats.as_dict: `date`,
    `started`, `post`, `title`, `editor`, `degradations`, `owner_action`, `sources` of
    name/status/items/latency_s/newest/error), times in `zone`: first the latest post (linked), when it was
    written and by whom, then what degraded that day (in the words of run_summary.DEGRADATION_WORDS, with the
    run's own sentence) and what the owner must fix, then the sources' table (failures first, then the config's
    order). Without a summary, a page that says no run has been recorded yet. In the words of `language`
    (post.words "status", "degradation", "pages"): an edition's page in its own language."""
    table = words_for(language)
    words, pages = table["status"], table["pages"]
    head = page_head(str(pages["status_title"]), str(pages["status_description"]))
    if not summary:
        return head + str(words["no_run"])
    sources = [s for s in summary.get("sources") or [] if isinstance(s, Mapping)]
    healthy = sum(1 for s in sources if s.get("status") != "failed")
    started = _moment(summary.get("started"), zone)
    lines = [*_latest_post(summary, started, words), ""]
    lines += _problems(summary, words, table["degradation"])
    lines += [
        str(words["checked"]).format(count=len(sources), healthy=healthy) + str(words["updated"]),
        "",
        '<div class="status-table" markdown>',
        "",
        str(words["table_head"]),
        "|---|---|---|--:|---|--:|",
    ]
    for source in sorted(sources, key=lambda s: s.get("status") != "failed"):
        lines.append(_status_row(source, zone, words, language))
    lines += ["", "</div>"]
    return head + "\n".join(lines) + "\n"


def reason_words(reason: str, failed: bool = True, language: str = "zh") -> str:
    """A source's failure (`failed`) or warning reason for readers: for each "; "-separated part, the Chinese
    sentence of the first pattern of post.SOURCE_REASON_WORDS that matches it (each sentence once), with the
    reason as written in brackets (cut to REASON_CHARS); SOURCE_REASON_FALLBACK (a failure) or
    SOURCE_WARNING_FALLBACK (a warning) when no part matches; "" for no reason. In another language (an
    edition's page) the reason as written, which is English already."""
    reason = clean_line(reason)
    if not reason:
        return ""
    found = [
        next((w for p, w in SOURCE_REASON_WORDS if re.search(p, part, re.I)), "")
        for part in reason.split("; ")
    ]
    fallback = SOURCE_REASON_FALLBACK if failed else SOURCE_WARNING_FALLBACK
    words = STATUS_WORDS["reason_sep"].join(dict.fromkeys(w for w in found if w)) or fallback
    if len(reason) > REASON_CHARS:
        reason = reason[: REASON_CHARS - 1] + "…"
    if language != "zh":
        return reason
    return STATUS_WORDS["reason"].format(words=words, reason=reason)


def _latest_post(summary: Mapping[str, object], started: str, words: Mapping[str, object]) -> list[str]:
    """ "最新一期：[title](post)，生成于 …，由 … 撰写。" (the title and link only when the run wrote a post)."""
    editor = clean_line(str(summary.get("editor") or ""))
    if not editor:
        writer = ""
    elif editor == "offline":
        writer = str(words["by_offline"])
    elif editor.endswith("+offline"):
        writer = str(words["by_model_offline"]).format(editor=escape_md(editor.removesuffix("+offline")))
    else:
        writer = str(words["by_model"]).format(editor=escape_md(editor))
    post, title = str(summary.get("post") or ""), clean_line(str(summary.get("title") or ""))
    day = escape_md(summary.get("date") or "?")
    link = f"[{escape_md(title or day)}](<{post}>)" if is_http(post) and not set(post) & set("<>\n") else day
    return [str(words["latest"]).format(link=link, started=started, writer=writer)]


def _problems(
    summary: Mapping[str, object], words: Mapping[str, object], kinds: Mapping[str, object]
) -> list[str]:
    """What the owner must fix and what degraded the day, one list item each (nothing on a normal morning);
    `words` the status words, `kinds` the degradations' (post.words "degradation")."""
    lines = []
    if action := clean_line(str(summary.get("owner_action") or "")):
        lines.append(str(words["owner_action"]).format(action=escape_md(action)))
    for item in summary.get("degradations") or []:
        if isinstance(item, Mapping):
            kind = str(item.get("kind"))
            named = kinds.get(kind, words["degraded"])
            message = escape_md(clean_line(str(item.get("message") or "")))
            shown = kind in SHOWN_HERE or not message
            line = str(words["degradation_here" if shown else "degradation"])
            lines.append(line.format(words=named, message=message))
    return [*lines, ""] if lines else []


def _status_row(
    source: Mapping[str, object], zone: tzinfo, words: Mapping[str, object], language: str
) -> str:
    status = str(source.get("status") or "")
    failed = status == "failed"
    items = "-" if failed else str(source.get("items") or 0)
    latency = source.get("latency_s")
    seconds = str(words["seconds"]).format(seconds=latency) if isinstance(latency, int | float) else "-"
    reason = reason_words(str(source.get("error") or ""), failed=failed, language=language)
    cells = [
        escape_md(source.get("name") or "?"),
        escape_md(words.get(status, status or "?")),
        escape_md(reason) if reason else "",
        items,
        _moment(source.get("newest"), zone),
        seconds,
    ]
    return "| " + " | ".join(cells) + " |"


def _moment(value: object, zone: tzinfo) -> str:
    """An ISO 8601 time as "YYYY-MM-DD HH:MM" in `zone`; "-" when absent or unreadable."""
    try:
        moment = datetime.fromisoformat(str(value))
    except ValueError:
        return "-"
    if moment.tzinfo is None:
        return moment.strftime("%Y-%m-%d %H:%M")
    return moment.astimezone(zone).strftime("%Y-%m-%d %H:%M")


def render_archive_page(posts: Sequence[PostRecord], layout: SiteLayout, language: str = "zh") -> str:
    """The 归档 page (Markdown with front matter): every post (load_posts: oldest first) as one line, "MM 月 DD
    日 · [title](link)", under a "YYYY 年 M 月" heading, newest first; the day is the one the blog files the post
    under (PostRecord.day), the link the post's file relative to docs/ (MkDocs turns it into the post's URL and
    `--strict` fails on a missing one). Titles are escaped (render.escape_md). In the words of `language`
    (post.words "pages": "November 2026", "November 16" in English)."""
    words = words_for(language)["pages"]
    head = page_head(str(words["archive_title"]), str(words["archive_description"]))
    if not posts:
        return head + f"{words['archive_empty']}\n"
    lines: list[str] = []
    month = None
    for post in sorted(posts, key=lambda p: (p.created, p.path.name), reverse=True):
        day = post.day
        names = {
            "year": day.year,
            "month": day.month,
            "day": day.day,
            "month_name": words["months"][day.month - 1],
        }  # type: ignore[index]
        if (day.year, day.month) != month:
            month = (day.year, day.month)
            lines += [*([""] if lines else []), f"## {str(words['archive_month']).format(**names)}", ""]
        title = escape_md(clean_line(str(post.meta.get("title") or post.path.stem)))
        when = str(words["archive_day"]).format(**names)
        lines.append(f"- {when} · [{title}]({layout.link_from_docs(post.path)})")
    return head + "\n".join(lines) + "\n"


def write_site_pages(
    settings: Settings, site: SiteInfo, summary: Mapping[str, object] | None, *, status: bool = True
) -> tuple[list[Path], list[str]]:
    """Rewrite the OPML file and the status page (from `summary`; both left as they are when `status` is False, as
    after a weekly issue or a correction), the tags page's descriptions, the archive, the 勘误 page and the 订阅
    page (generator.site.subscribe) under docs/. A file whose content is unchanged is not touched. Returns (the
    files written, notes on the ones that could not be written): these pages never fail the run that wrote the
    post."""
    layout = SiteLayout.of(settings.paths.docs, site)
    tags_file = layout.file(layout.tags_page)
    posts = functools.cache(lambda: load_posts(layout))  # read once for the pages that list them
    pages: list[tuple[Path, Callable[[], bytes]]] = [
        (tags_file, lambda: render_tags_page(_read_text(tags_file), posts(), settings).encode()),
        (layout.file(layout.archive_page), lambda: render_archive_page(posts(), layout).encode()),
        (layout.file(layout.corrections_page), lambda: render_corrections_page(posts(), layout).encode()),
        (layout.file(layout.subscribe_page), lambda: _subscribe_page(layout, settings).encode()),
    ]
    if status:  # both say what this run's fetch found (the OPML lists a local feed only when it was read)
        pages[:0] = [
            (
                layout.file(layout.opml),
                lambda: render_opml(settings.sources, site.name, _read_sources(summary)),
            ),
            (layout.file(layout.status_page), lambda: render_status_page(summary, settings.zone).encode()),
        ]
    return _write_pages(pages)


def write_edition_pages(
    layout: SiteLayout,
    summary: Mapping[str, object] | None,
    zone: tzinfo,
    language: str,
    *,
    status: bool = True,
) -> tuple[list[Path], list[str]]:
    """An edition's pages beside its posts (issue 22), in its `language`: its status page (from `summary`, whose
    `post` and `title` are that edition's post; left as it is when `status` is False) and its archive, under the
    edition's docs folder (`layout`). The OPML file, the tags, 勘误 and 订阅 pages are the site's own. Returns
    (the files written, notes on the ones that could not be written), as write_site_pages."""
    pages: list[tuple[Path, Callable[[], bytes]]] = [
        (
            layout.file(layout.archive_page),
            lambda: render_archive_page(load_posts(layout), layout, language).encode(),
        ),
    ]
    if status:
        page = (layout.file(layout.status_page), lambda: render_status_page(summary, zone, language).encode())
        pages.insert(0, page)
    return _write_pages(pages)


def _write_pages(pages: Sequence[tuple[Path, Callable[[], bytes]]]) -> tuple[list[Path], list[str]]:
    """Render and write each page that changed (site.publish.write_site_file); one that cannot be rendered or
    written is a note (and a warning in the log), never the run's end. Returns (the files written, the notes)."""
    written: list[Path] = []
    notes: list[str] = []
    for path, render in pages:
        try:
            if write_site_file(path, render()):
                written.append(path)
        except (OSError, ValueError, yaml.YAMLError) as error:
            log.warning("cannot write %s: %s", path, error)
            notes.append(f"{path.name} not updated: {error}")
    return written, notes


def _subscribe_page(layout: SiteLayout, settings: Settings) -> str:
    """The 订阅 page for the editor's categories and the tags the tags page describes (written just before it, from
    the whole archive: docs/tags.md `tag_descriptions`, most used first)."""
    described = split_front_matter(_read_text(layout.file(layout.tags_page)))[0].get("tag_descriptions")
    tags = [str(t) for t in described] if isinstance(described, dict) else []
    existing = _read_text(layout.file(layout.subscribe_page))
    return render_subscribe_page(existing, settings.editor.categories, tags)


def _read_sources(summary: Mapping[str, object] | None) -> frozenset[str]:
    """The names of the sources a run summary says were read (status not "failed")."""
    rows = summary.get("sources") if summary else None
    if not isinstance(rows, list):
        return frozenset()
    return frozenset(
        str(row.get("name")) for row in rows if isinstance(row, Mapping) and row.get("status") != "failed"
    )


def _read_text(path: Path) -> str:
    return path.read_text(encoding="utf-8") if path.is_file() else ""
