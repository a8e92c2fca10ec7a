"""run_day: the one place that wires the stages (generator.stages) together and composes their reports into the
run summary; the render stage and the gate."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path

from generator.config import Settings
from generator.edition import edition_report, prepare_editions, write_editions
from generator.editor import EditContext, Editor
from generator.errors import WindowOpenError
from generator.feeds import parse as feeds
from generator.lang import load_vocabulary
from generator.models import Digest, Post, Story, StoryRecord, unprefixed_title
from generator.net import Fetcher
from generator.post import (
    ExtraContext,
    Extras,
    LeadImages,
    Renderer,
    Tagger,
    build_front_matter,
    canonical_tags,
    collect_extras,
    collect_images,
    dump_front_matter,
    find_font,
    known_forms,
    reading_minutes,
    render_cover,
    story_records,
    tag_digest,
)
from generator.progress import Progress
from generator.run_summary import RunStats, StageReport
from generator.site import (
    SiteInfo,
    SiteLayout,
    check_gate,
    post_tag_lists,
    post_url,
    read_authors,
    recent_post_links,
    recent_story_records,
    write_post,
)
from generator.stages import (
    check_sources,
    dedupe_stage,
    edit_stage,
    extract_stage,
    fetch_stage,
    thin_day,
    window_stage,
)
from generator.stories import (
    Continuity,
    compose_follow_up,
)
from generator.urls import link_scope, safe_url

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RunResult:
    """What run_day did: `status` written, exists or dry-run; the post's file; its Markdown; the run's summary."""

    status: str  # "written", "replaced", "exists", "dry-run"
    post_file: Path
    markdown: str
    stats: RunStats


def day_window(day: date, settings: Settings) -> tuple[datetime, datetime]:
    """The window of the post for `day`: [start, end) as aware datetimes in the site's zone (config `window`)."""
    end = datetime.combine(day, settings.window.end, tzinfo=settings.zone)
    return feeds.window_bounds(end, settings.window.hours)


def run_day(
    day: date,
    settings: Settings,
    site: SiteInfo,
    fetcher: Fetcher,
    editor: Editor,
    now: Callable[[], datetime],
    force: bool = False,
    dry_run: bool = False,
    stats: RunStats | None = None,
    progress: Progress | None = None,
    partial: bool = False,
) -> RunResult:
    """Fetch, parse, extract, dedupe, edit, render, gate and (unless dry_run) write the post for `day`.

    Each stage (generator.stages) returns its result and a frozen report; run_day composes the run summary from
    those reports (`stats`: pass one in to keep what the stages said when the run fails). `progress` is told how
    the fetching stages advance (the CLI draws a bar on a terminal). RunResult.status: "written", "replaced"
    (with `force`), "exists" or "dry-run". Raises WindowOpenError, before any network, when the day's window has
    not closed yet, unless `partial` (write from the open window) or `dry_run`; FetchError when no source could be
    fetched; GateError when the post fails the gate (nothing is written)."""
    layout = SiteLayout.of(settings.paths.docs, site)
    target = layout.post_file(day)
    stats = stats if stats is not None else RunStats(day=day, started=now())
    renderer = Renderer(settings.layout, settings.zone)  # an unknown layout fails before any network
    find_font(settings.cover.font)  # so does a missing CJK font
    if target.exists() and not force and not dry_run:
        stats.result = "exists"
        return RunResult("exists", target, target.read_text(encoding="utf-8"), stats)

    bounds = day_window(day, settings)
    fetched_at = now()
    if fetched_at < bounds[1]:
        if not (partial or dry_run):
            raise WindowOpenError(window_open_message(day, bounds[1], fetched_at))
        stats.notes.append(f"written before the window closed ({bounds[1].isoformat(timespec='minutes')})")
    items, report = fetch_stage(day, bounds[1], fetched_at, settings, fetcher, progress)
    stats.add(report)
    check_sources(report)
    window, report = window_stage(items, day, bounds, fetched_at, settings, layout)
    stats.add(report)
    articles, window, report = extract_stage(window, settings, fetcher, progress)
    stats.add(report)
    continuity, report = dedupe_stage(articles, window, day, settings, layout)
    stats.add(report)
    follow_ups = tuple(
        compose_follow_up(found, settings.language, (settings.post.title_prefix,), layout.post_link)
        for found in continuity.follow_ups
    )
    # The write-up's memory (issue 19 §1): what the last days' posts told, most recent first.
    records = recent_story_records(layout, day, settings.dedupe.recent_days)
    memory = tuple(sorted(records, key=lambda r: r.day, reverse=True))
    context = replace(
        edit_context(day, bounds[1], settings, items_read=len(items)), follow_ups=follow_ups, recent=memory
    )
    digest, report = edit_stage(continuity.fresh, context, editor)
    stats.add(report)
    digest = with_continuity(digest, continuity, context, layout)
    records = recent_story_records(layout, day, settings.dedupe.recent_days)  # the threads' tags
    digest = canonical_digest_tags(tag_stories(digest, settings, layout, records), settings, layout)
    stats.add(thin_day(digest, len(items), settings))

    began = time.perf_counter()
    generated = now()
    # Layout extras (e.g. the tracker's leaderboard) and lead images, only when the layout shows them.
    extras = collect_extras(renderer.needs, ExtraContext(day, settings, fetcher, generated))
    wanted = "lead_images" in renderer.needs
    stories = [e.story for e in digest.entries]
    images = collect_images(stories, day, settings.post, fetcher, wanted=wanted, layout=layout)
    post = render_post(
        digest, settings, site, renderer, extras=extras.values, images=images, generated=generated
    )
    stats.add(StageReport("render", _since(began), 1, notes=extras.notes + images.notes))
    gate_post(post, digest.stories, extras, images, settings, site)
    began, editions = time.perf_counter(), []
    if settings.editions:  # the English post from the same digest (generator.edition), written after this one
        published = day_window(day, settings)[1]
        post, editions = prepare_editions(
            digest,
            post,
            site,
            settings,
            published=published,
            generated=generated,
            force=force,
            dry_run=dry_run,
        )

    if dry_run:
        if editions:
            stats.add(edition_report(editions, _since(began)))
        stats.result = "dry-run"
        return RunResult("dry-run", target, post.markdown, stats)
    began, existed = time.perf_counter(), target.exists()
    write_post(post, layout, force=force)
    stats.add(StageReport("publish", _since(began)))
    if editions:
        began = time.perf_counter()
        stats.add(edition_report(write_editions(editions, settings, force), _since(began)))
    stats.result = "replaced" if existed else "written"
    stats.title = str(post.front_matter.get("title") or "")
    try:  # the public address, not a link to the file: a post renamed by hand later must not break the build
        stats.post = post_url(site, post.front_matter, target.stem)
    except ValueError:
        stats.post = ""
    return RunResult(stats.result, target, post.markdown, stats)


def _since(began: float) -> float:
    return round(time.perf_counter() - began, 3)


def canonical_digest_tags(digest: Digest, settings: Settings, layout: SiteLayout) -> Digest:
    """The digest's tags, keywords and entry tags in one form per tag across editors and days (generator.post.tags)."""
    history = post_tag_lists(layout, digest.day)
    known = known_forms([settings.post.base_tags, *history])
    entries = tuple(replace(e, tags=canonical_tags(e.tags, known)) for e in digest.entries)
    return replace(
        digest,
        tags=canonical_tags(digest.tags, known),
        keywords=canonical_tags(digest.keywords, known),
        entries=entries,
    )


def tag_stories(
    digest: Digest, settings: Settings, layout: SiteLayout, records: Sequence[StoryRecord]
) -> Digest:
    """Tags that name things for every story and the post (post.tag_digest), in the forms the site used before;
    a follow-up starts with the tags of its thread's most recent record (`records`: newest post first)."""
    known = known_forms([settings.post.base_tags, *post_tag_lists(layout, digest.day)])
    threads: dict[str, tuple[str, ...]] = {}
    for record in records:
        threads.setdefault(record.id, record.names or record.tags)
    tagger = Tagger(load_vocabulary(), settings.language, known)
    return tag_digest(digest, tagger, threads, settings.post.base_tags)


def with_continuity(
    digest: Digest, continuity: Continuity, context: EditContext, layout: SiteLayout
) -> Digest:
    """The digest with the count of old stories left out, and the day's follow-ups (composed before the edit,
    `context.follow_ups`) when the editor did not place them itself."""
    follow_ups = digest.follow_ups or context.follow_ups
    return replace(digest, follow_ups=follow_ups, skipped_old=len(continuity.old))


def window_open_message(day: date, end: datetime, now: datetime) -> str:
    """The sentence for a run that comes before its window closes."""
    minutes = max(1, round((end - now).total_seconds() / 60))
    wait = f"{minutes} min" if minutes < 120 else f"{minutes / 60:.1f} h"
    return (
        f"the post for {day} covers items published until {end.isoformat(sep=' ', timespec='minutes')}, "
        f"which is {wait} from now: run again after that (or pass --partial to write from the open window; "
        "what is published later then reaches no post)"
    )


def edit_context(day: date, window_end: datetime, settings: Settings, items_read: int) -> EditContext:
    """What the editors need besides the stories, from the settings: the day, the window's end, categories,
    keywords, the post's size, the gate's minimum.
    """
    return EditContext(
        day=day,
        window_end=window_end,
        language=settings.language,
        categories=settings.editor.categories,
        category_keywords=settings.editor.category_keywords,
        category_questions=settings.editor.category_questions,
        topic_keywords=settings.editor.topic_keywords,
        topic_hints=settings.editor.topic_hints,
        max_entries=settings.post.max_entries,
        max_briefs=settings.post.max_briefs,
        items_read=items_read,
        title_prefix=settings.post.title_prefix,
        base_tags=settings.post.base_tags,
        min_stories=settings.post.min_stories,
        editions=tuple(settings.editions),
    )


def gate_post(
    post: Post,
    stories: Sequence[Story],
    extras: Extras,
    images: LeadImages,
    settings: Settings,
    site: SiteInfo,
) -> None:
    """The gate, with what the post may link to (the fetched items, the extras' data, the recent posts a follow-up
    continues), its images (the cover, our verified lead images), the blog's authors and mkdocs.yml's Markdown
    extensions."""
    layout = SiteLayout.of(settings.paths.docs, site)
    # A link-local or metadata address never, whatever fetched it (urls.link_scope, before safe_url encodes a host).
    traced = [url for story in stories for url in story.urls] + list(extras.links)
    links = {safe_url(url) for url in traced if link_scope(url) != "never"}
    links |= recent_post_links(layout, post.day, settings.dedupe.recent_days)
    pictures = {layout.from_post(layout.cover_ref(post.day))} | {i.src for i in images.sources.values()}
    check_gate(
        post,
        stories=stories,
        min_stories=settings.post.min_stories,
        allowed_links=links - {None},
        allowed_images=pictures - {None},
        authors=read_authors(layout),
        markdown_spec=site.markdown,
    )


def render_post(
    digest: Digest,
    settings: Settings,
    site: SiteInfo,
    renderer: Renderer,
    *,
    extras: Mapping[str, object] | None = None,
    images: LeadImages | None = None,
    generated: datetime | None = None,
) -> Post:
    """Body, front matter, cover and downloaded images for the digest."""
    day = digest.day
    layout = SiteLayout.of(settings.paths.docs, site)
    body = renderer.render_body(
        digest,
        cover=layout.from_post(layout.cover_ref(day)),
        extra=extras,
        images=images.sources if images else None,
        generated=generated,
        site_name=site.name,
        options=settings.layouts.of(settings.layout),
        plain_terms=settings.post.base_tags,
    )
    front_matter = build_front_matter(
        digest,
        published=day_window(day, settings)[1],
        slug=f"{settings.post.slug_prefix}-{day.isoformat()}",
        author=settings.post.author,
        category=settings.post.category,
        layout=settings.layout,
        cover=layout.cover_ref(day),
        readtime=reading_minutes(body),
    )
    # The site name is on the cover already; under the title, the summary's lines: the next stories, not the
    # title's again (issue 19 §5).
    headline = unprefixed_title(digest.title, settings.post.title_prefix)
    cover = render_cover(day, headline, digest.summary, site.name, settings.cover, site_url=site.url)
    return Post(
        day=day,
        front_matter=front_matter,
        body=body,
        markdown=dump_front_matter(front_matter) + body,
        cover_png=cover,
        assets=dict(images.files) if images else {},
        records=tuple(story_records(digest)),
        cited=digest.cited,
    )
