"""The weekly issue as a post: the WeeklyDigest (generator/weekly/digest.py) rendered with templates/_weekly.md.j2, its
front matter and cover, then the gate and the writer, as `generate` does for a day (run_week).

The file is `docs/blog/posts/2026-W47.md`, the cover `docs/assets/covers/2026-W47.png`, the slug
`ai-weekly-2026-w47`, the category `weekly.category`. An edition (issue 22: `editions: [en]`) gets its own issue
from its own daily posts of the same week (`docs-en/blog/posts/2026-W47.md`, same slug), in its words (IssueStyle:
post.words "weekly" and "edition"), its cover in a Latin font when its texts allow, and the gate's language rule.
Its `date` is one minute after the week's last daily window closes (Sunday at window.end), so the issue sorts
right after the week's last daily post. Every link of the
issue is a relative link to one of our daily posts that was read (MkDocs checks them under --strict), or an
http(s) article URL from the records of the week's posts: the gate accepts exactly those.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from markupsafe import Markup

from generator.config import Settings
from generator.edition import page_url, with_alternates
from generator.errors import ConfigError, ThinWeekError, WindowOpenError
from generator.models import DESCRIPTION_CHARS, Post, prefixed_title, unprefixed_title
from generator.post import (
    MORE,
    WEEKLY_WORDS,
    Renderer,
    cover_font,
    dump_front_matter,
    escape_md,
    find_font,
    plain_label,
    reading_minutes,
    render_cover,
    sayer,
    trusted_words,
    words_for,
)
from generator.site import SiteInfo, SiteLayout, check_gate, language_problems, read_authors, write_post_files
from generator.text import clean_line, truncate, xml_text
from generator.urls import safe_url
from generator.weekly.digest import (
    IsoWeek,
    WeeklyDigest,
    WeekReading,
    WeekStory,
    build_weekly,
    read_week,
    week_closes,
)

log = logging.getLogger(__name__)

TEMPLATE = "_weekly.md.j2"
ARTICLE_LINKS = 3  # article links shown per top story


@dataclass(frozen=True)
class WeeklyResult:
    """What run_week did: "written", "exists" or "dry-run"; the issue's file, its Markdown, its digest (None
    when it already existed), notes on what could not be read and its public URL ("" when it was not rendered)."""

    status: str
    post_file: Path
    markdown: str
    digest: WeeklyDigest | None = None
    notes: tuple[str, ...] = ()
    url: str = ""


@dataclass(frozen=True)
class IssueStyle:
    """How one edition's issue speaks: its `language` ("zh", the site's own), its weekly `words` (post.words
    "weekly"), the issue's `title_prefix`, `category` and `base_tags`, the daily posts' `daily_prefix` (left out of
    their titles in the day-by-day list) and `daily_tags` (the daily posts' own tags, left out of the week's), and
    whether it is an edition (`edition`: its cover's date and font, the gate's language rule)."""

    language: str
    words: Mapping[str, Any]
    title_prefix: str
    category: str
    base_tags: tuple[str, ...]
    daily_prefix: str
    daily_tags: tuple[str, ...]
    edition: bool = False


def issue_style(settings: Settings, edition: str | None = None) -> IssueStyle:
    """The site's own issue (`edition` None: the config's weekly and post settings), or an edition's from its words
    table (post.words "edition": weekly_title_prefix, weekly_category, weekly_base_tags). Raises KeyError for a
    language without a table."""
    if edition is None:
        return IssueStyle(
            settings.language,
            WEEKLY_WORDS,
            settings.weekly.title_prefix,
            settings.weekly.category,
            tuple(settings.weekly.base_tags),
            settings.post.title_prefix,
            (*settings.post.base_tags, settings.post.category),
        )
    table = words_for(edition)
    words = table["edition"]
    return IssueStyle(
        edition,
        table["weekly"],
        str(words["weekly_title_prefix"]),
        str(words["weekly_category"]),
        tuple(words["weekly_base_tags"]),  # type: ignore[call-overload]
        str(words["title_prefix"]),
        (*words["base_tags"], str(words["category"])),  # type: ignore[misc]
        edition=True,
    )


def day_label(day: date, words: Mapping[str, Any] = WEEKLY_WORDS) -> str:
    """`11 月 16 日（周一）` (`words`: the language's weekly words, post.words)."""
    weekday = words["weekdays"][day.weekday()]
    return str(words["day_label"]).format(month=day.month, day=day.day, weekday=weekday)


def weekly_title(
    week: IsoWeek, prefix: str, words: Mapping[str, Any] = WEEKLY_WORDS, language: str = "zh"
) -> str:
    """`每周回顾｜2026 年第 47 周（11.16–11.22）`: the ISO week and its days (readers do not count weeks)."""
    first, last = week.monday, week.sunday
    text = str(words["title"]).format(
        year=week.year,
        week=week.week,
        first_month=first.month,
        first_day=first.day,
        last_month=last.month,
        last_day=last.day,
    )
    return prefixed_title(prefix, text, language)


def host_label(url: str, words: Mapping[str, Any] = WEEKLY_WORDS) -> str:
    """An article link's text: its host without `www.` (the records keep no source names); the language's word
    for "original" when it has none."""
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:  # e.g. an unclosed "[" of an IPv6 address
        host = ""
    return host.removeprefix("www.") or str(words["original"])


def _post_link(layout: SiteLayout) -> Callable[..., Markup]:
    """The `post_link` filter: `[label](2026-11-16.md)`, a link to our own daily post for `day`, relative to the
    issue beside it in the posts folder; with a story's `anchor` (its record's, "s-1a2b3c4d"), to the story's own
    place in it (issue 19 §4). The target is made from a date and our own anchor shape, never from text."""

    def post_link(label: object, day: date, anchor: str = "") -> Markup:
        if not isinstance(day, date):
            raise TypeError(f"post_link needs a date, not {type(day).__name__}")
        place = f"#{anchor}" if re.fullmatch(r"s-[0-9a-z]{1,40}", anchor or "") else ""
        return Markup(f"[{escape_md(label)}]({layout.post_file(day).name}{place})")

    return post_link


def linked_days(digest: WeeklyDigest) -> set[date]:
    """The days whose posts the issue links to: the week's posts and the earlier days of its threads."""
    return {p.day for p in digest.posts} | {a.day for s in digest.threads for a in s.timeline}


def story_links(story: WeekStory) -> list[str]:
    """The first ARTICLE_LINKS http(s) article URLs of a story, as the `link` filter writes them (safe_url)."""
    urls = [url for url in map(safe_url, story.urls) if url]
    return list(dict.fromkeys(urls))[:ARTICLE_LINKS]


def article_links(digest: WeeklyDigest) -> list[str]:
    """The article URLs the issue links to (story_links of the top stories), once."""
    return list(dict.fromkeys(url for story in digest.top for url in story_links(story)))


def weekly_body(digest: WeeklyDigest, layout: SiteLayout, renderer: Renderer, style: IssueStyle) -> str:
    """The issue's Markdown body. Raises ConfigError when the template lacks its one H1 or its excerpt mark."""
    env = renderer.env
    words = style.words
    env.filters.update(
        post_link=_post_link(layout),
        day_label=lambda day: day_label(day, words),
        host=lambda url: host_label(url, words),
    )
    env.globals.update(story_links=story_links)
    week = digest.week
    days = [
        (
            p.day,
            unprefixed_title(p.title, style.daily_prefix, style.language) or day_label(p.day, words),
            len(p.stories),
        )
        for p in digest.posts
    ]
    text = env.get_template(TEMPLATE).render(
        weekly=digest,
        title=weekly_title(week, style.title_prefix, words, style.language),
        span=str(words["span"]).format(
            first_month=week.monday.month,
            first_day=week.monday.day,
            last_month=week.sunday.month,
            last_day=week.sunday.day,
        ),
        words=trusted_words(words),
        say=sayer(words),
        cover=Markup(layout.from_post(layout.weekly_cover_ref(str(week)))),
        days=days,
    )
    body = re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"
    if MORE not in body or len(re.findall(r"^# ", body, re.M)) != 1:
        raise ConfigError(f"{TEMPLATE} must give the weekly issue one H1 and a {MORE} after its lead part")
    return body


def weekly_front_matter(
    digest: WeeklyDigest,
    settings: Settings,
    layout: SiteLayout,
    body: str = "",
    style: IssueStyle | None = None,
) -> dict[str, object]:
    """The keys ARCHITECTURE.md (Outputs) promises for a post, plus `week` (`2026-W47`) and `days` (the daily
    posts read), and `readtime` from the `body` (post.reading_minutes); in the words of `style` (the site's own
    issue when None). `stories_kept`: the week's distinct stories; `items_read`: the sum of the daily posts'."""
    style = style or issue_style(settings)
    options, week, words = settings.weekly, digest.week, style.words
    published = week_closes(week, settings.window.end, settings.zone) + timedelta(minutes=1)
    tags = [plain_label(t) for t in (*style.base_tags, style.category, *digest.tags)]
    headlines = [clean_line(s.headline) for s in digest.top]
    lead = str(words["description"]).format(year=week.year, week=week.week)
    description = lead + str(words["description_sep"]).join(headlines)
    return {
        "title": clean_line(weekly_title(week, style.title_prefix, words, style.language)),
        "date": published,
        "slug": f"{options.slug_prefix}-{week.year}-w{week.week:02d}",
        "authors": [xml_text(settings.post.author)],
        "categories": [plain_label(style.category)],
        "tags": list(dict.fromkeys(t for t in tags if t)),
        "description": truncate(clean_line(description), DESCRIPTION_CHARS),
        "keywords": list(dict.fromkeys(t for t in tags if t)),
        "image": layout.weekly_cover_ref(str(week)),
        "summary": headlines[:5],
        "sources": article_links(digest),
        "week": str(week),
        "days": [p.day.isoformat() for p in digest.posts],
        "items_read": digest.items_read,
        "stories_kept": len(digest.stories),
        "editor": "offline",
        "readtime": reading_minutes(body),
    }


def render_weekly(
    digest: WeeklyDigest,
    settings: Settings,
    site: SiteInfo,
    layout: SiteLayout,
    renderer: Renderer,
    style: IssueStyle | None = None,
) -> Post:
    """The issue as a Post (its `day` is the week's Sunday): body, front matter and cover, in the words of `style`
    (the site's own issue when None); an edition's cover has its date format and, when its texts hold no
    Chinese, a Latin font (post.cover_font)."""
    style = style or issue_style(settings)
    week = digest.week
    body = weekly_body(digest, layout, renderer, style)
    front_matter = weekly_front_matter(digest, settings, layout, body, style)
    title = prefixed_title(
        style.title_prefix,
        str(style.words["cover_title"]).format(year=week.year, week=week.week),
        style.language,
    )
    headlines = [s.headline for s in digest.top]
    options: dict[str, Any] = {}
    if style.edition:
        edition = words_for(style.language)["edition"]
        options["date_format"] = str(edition["cover_date"])
        options["font"] = cover_font([site.name, title, *headlines[:3]], settings.cover.font)
    cover = render_cover(
        week.sunday, title, headlines, site.name, settings.cover, site_url=site.url, **options
    )
    return Post(week.sunday, front_matter, body, dump_front_matter(front_matter) + body, cover)


def gate_weekly(
    post: Post,
    digest: WeeklyDigest,
    settings: Settings,
    site: SiteInfo,
    layout: SiteLayout,
    style: IssueStyle | None = None,
) -> None:
    """The daily gate, where links may go to the daily posts the issue read and to the top stories' article
    URLs, and the one image is the issue's cover; an edition's issue also passes the language rule
    (site.language_problems), its names those its daily posts' records give (tags and names in either script,
    source names)."""
    week = str(digest.week)
    own = {layout.post_file(day).name for day in linked_days(digest)}
    extra: list[str] = []
    if style is not None and style.edition:
        records = [a.record for story in digest.stories for a in (*story.appearances, *story.earlier)]
        names = [n for r in records for n in (*r.tags, *r.names, *r.source_names, *r.url_sources)]
        names = [form for name in names for form in (name, *name.split(" / "))]
        names += [escape_md(name) for name in names]  # as the body writes them
        extra = language_problems(post.markdown, names)
    check_gate(
        post,
        min_stories=settings.post.min_stories,
        allowed_links=own | set(article_links(digest)),
        allowed_images={layout.from_post(layout.weekly_cover_ref(week))},
        authors=read_authors(layout),
        markdown_spec=site.markdown,
        name=f"the {style.language} weekly issue {week}"
        if style and style.edition
        else f"the weekly issue {week}",
        extra_problems=extra,
    )


def check_days(week: IsoWeek, reading: WeekReading, min_days: int) -> None:
    """Refuse a week with fewer than `min_days` readable daily posts (ThinWeekError, a GateError: one sentence)."""
    count = len(reading.posts)
    skipped = sum(1 for n in reading.notes if " skipped: " in n)
    unreadable = f" ({skipped} could not be read)" if skipped else ""
    if count == 0:
        raise ThinWeekError(
            f"{week} has no readable daily post{unreadable}: the weekly issue was not written"
        )
    if count < min_days:
        days = ", ".join(p.day.isoformat() for p in reading.posts)
        raise ThinWeekError(
            f"{week} has {count} daily post(s) ({days}){unreadable}; the weekly issue needs at least {min_days} "
            "(weekly.min_days): it was not written"
        )


def run_week(
    week: IsoWeek,
    settings: Settings,
    site: SiteInfo,
    now: datetime,
    *,
    force: bool = False,
    dry_run: bool = False,
    edition: str | None = None,
    layout: SiteLayout | None = None,
    alternates: Mapping[str, str] | None = None,
) -> WeeklyResult:
    """Read the week's daily posts, build the digest, render, gate and (unless dry_run) write the issue; for
    `edition` ("en"), from that edition's daily posts in its `layout` and `site` (generator.edition), in its words;
    `alternates` ({language: URL} of the issue in the other editions) go into its front matter.

    An existing issue is left as it is ("exists") unless `force`. Raises WindowOpenError when the week's last
    daily window has not closed at `now` (unless dry_run), GateError for a week with too few daily posts or an
    issue that fails the gate, FontError without a CJK font; nothing is written then."""
    layout = layout or SiteLayout.of(settings.paths.docs, site)
    style = issue_style(settings, edition)
    target = layout.weekly_file(str(week))
    renderer = Renderer(settings.layout, settings.zone, language=style.language)
    find_font(settings.cover.font)
    if target.exists() and not force and not dry_run:
        return WeeklyResult("exists", target, target.read_text(encoding="utf-8"))
    closes = week_closes(week, settings.window.end, settings.zone)
    if now < closes and not dry_run:
        raise WindowOpenError(
            f"{week} is not over: its last daily post covers items until "
            f"{closes.isoformat(sep=' ', timespec='minutes')}; run again after that (--dry-run previews it)"
        )
    reading = read_week(layout, week)
    check_days(week, reading, settings.weekly.min_days)
    options = settings.weekly
    digest = build_weekly(
        week,
        reading.posts,
        reading.earlier,
        top=options.top,
        max_threads=options.max_threads,
        max_tags=options.max_tags,
        skip_tags=(*style.daily_tags, *style.base_tags),
    )
    post = with_alternates(render_weekly(digest, settings, site, layout, renderer, style), alternates or {})
    gate_weekly(post, digest, settings, site, layout, style)
    if dry_run:
        return WeeklyResult("dry-run", target, post.markdown, digest, reading.notes, page_url(site, post))
    write_post_files(post, layout, target, layout.weekly_cover_ref(str(week)), force)
    return WeeklyResult("written", target, post.markdown, digest, reading.notes)
