"""run_day: the one place that wires the stages together, then a summary line."""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from pathlib import Path

from generator.config import Settings
from generator.editor import EditContext, Editor, OfflineEditor
from generator.errors import EditorError, FetchError, WindowOpenError
from generator.extract import KIND_WORDS
from generator.feeds import parse as feeds
from generator.ingest import Extraction, extract_articles, fetch_sources
from generator.lang import load_vocabulary
from generator.models import Article, Digest, Post, SourceReport, Story, StoryRecord
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
from generator.run_summary import RunStats
from generator.site import (
    SiteInfo,
    SiteLayout,
    check_gate,
    post_tag_lists,
    post_url,
    read_authors,
    recent_post_links,
    recent_source_urls,
    recent_story_records,
    write_post,
)
from generator.stories import (
    Continuity,
    cluster_articles,
    compose_follow_up,
    dedupe_articles,
    dedupe_items,
    memory_keys,
    old_news_note,
    seen_before,
    sort_stories,
)
from generator.urls import link_scope, safe_url

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RunResult:
    """What run_day did: `status` written, exists or dry-run; the post's file; its Markdown; the run's summary."""

    status: str  # "written", "exists", "dry-run"
    post_file: Path
    markdown: str
    stats: RunStats


def day_window(day: date, settings: Settings) -> tuple[datetime, datetime]:
    """The window of the post for `day`: [start, end) as aware datetimes in the site's zone (config `window`)."""
    end = datetime.combine(day, settings.window.end, tzinfo=settings.zone)
    return feeds.window_bounds(end, settings.window.hours)


@dataclass(frozen=True)
class EditReport:
    """What the edit stage did: the LLM's usage (calls, tokens, counts; empty for the offline editor), notes, one
    plain sentence per way the edit degraded (`degradations`: a part written offline, a fallback model, waits),
    and what the owner must fix, if anything (`owner_action`: a rejected key, a quota of 0, a refused setting)."""

    llm: Mapping[str, int] = field(default_factory=dict)
    notes: tuple[str, ...] = ()
    degradations: tuple[str, ...] = ()
    owner_action: str | None = None


def edit_stories(stories: Sequence[Story], context: EditContext, editor: Editor) -> tuple[Digest, EditReport]:
    """The chosen editor's digest, or the offline editor's when it fails as a whole; and the stage's report (an
    editor may say more after `edit` in its `usage`, `notes`, `degradations` and `owner_action`)."""
    failed: tuple[str, ...] = ()
    try:
        digest = editor.edit(stories, context)
    except EditorError as error:
        log.warning("the %s editor failed, the offline editor takes over: %s", editor.name, error)
        failed = (f"the whole post written offline: {error}",)
        digest = OfflineEditor().edit(stories, context)
    notes = tuple(getattr(editor, "notes", ()) or ())
    notes += tuple(n for n in digest.notes if n not in context.notes)  # e.g. the off-topic stories left out
    degradations = failed + tuple(getattr(editor, "degradations", ()) or ())
    report = EditReport(
        llm=dict(getattr(editor, "usage", {}) or {}),
        notes=notes,
        degradations=degradations,
        owner_action=getattr(editor, "owner_action", None),
    )
    return digest, report


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

    Counts and timings go into `stats` (pass one in to keep them when the run fails); `progress` is told how
    the fetching stages advance (the CLI draws a bar on a terminal). Raises WindowOpenError, before any network,
    when the day's window has not closed yet, unless `partial` (write from the open window) or `dry_run`.
    """
    layout = SiteLayout.of(settings.paths.docs, site)
    target = layout.post_file(day)
    stats = stats if stats is not None else RunStats(day=day, started=now())
    renderer = Renderer(settings.layout, settings.zone)  # an unknown layout fails before any network
    find_font(settings.cover.font)  # so does a missing CJK font
    if target.exists() and not force and not dry_run:
        stats.result = "exists"
        return RunResult("exists", target, target.read_text(encoding="utf-8"), stats)

    start, end = day_window(day, settings)
    fetched_at = now()
    if fetched_at < end:
        if not (partial or dry_run):
            raise WindowOpenError(window_open_message(day, end, fetched_at))
        stats.notes.append(f"written before the window closed ({end.isoformat(timespec='minutes')})")
    with stats.stage("fetch") as record:
        fetched = fetch_sources(settings, fetcher, fetched_at, progress)
        items = list(fetched.items)
        record["count"] = len(items)
    stats.sources.extend(fetched.reports)
    stats.counts.update(fetched.counts, sources_ok=fetched.ok, items_read=len(items))
    if stats.sources and not stats.counts["sources_ok"]:
        raise FetchError(
            f"none of the {len(stats.sources)} sources could be fetched (first: {stats.sources[0].error}); "
            "check the network, or run `python -m generator sources` to see each one"
        )
    if failed := [s for s in stats.sources if s.status == "failed"]:
        stats.degrade("sources", failed_sources_message(failed, len(stats.sources)))
    if lateness := late_message(day, end, fetched_at, settings):
        stats.degrade(*lateness)

    with stats.stage("window") as record:
        grace = timedelta(hours=settings.window.undated_grace_hours)
        items, undated_left_out = feeds.place_undated(items, start, end, fetched_at, grace)
        in_window = feeds.within_window(items, start, end)
        unique = dedupe_items(in_window)
        remembered = memory_keys(recent_source_urls(layout, day, settings.dedupe.recent_days))
        fresh = [i for i in unique if not seen_before(i.url, remembered)]
        # Items of recent posts are not fetched again: they only tell which story continues (stories.continuity).
        seen = [Article(i, "") for i in unique if seen_before(i.url, remembered)]
        record["count"] = len(fresh)
    stats.counts.update(
        in_window=len(in_window),
        unique_urls=len(unique),
        seen_before=len(unique) - len(fresh),
        undated_left_out=undated_left_out,
    )
    if undated_left_out:
        stats.notes.append(
            f"{undated_left_out} item(s) without a date left out: this run is too late to place them in the window"
        )

    with stats.stage("extract") as record:
        extraction = extract_articles(fresh, settings, fetcher, progress)
        articles, duplicate_pages = dedupe_articles(extraction.articles)
        # A page under a new link that declares the URL of a page a recent post told: old, like that page.
        seen += [Article(replace(a.item, url=a.page_url), "") for a in articles if _remembered(a, remembered)]
        articles = [a for a in articles if not _remembered(a, remembered)]
        record["count"] = sum(1 for a in articles if a.extracted)
    stats.counts.update(
        dead_links=len(extraction.dead),
        pages_failed=extraction.failed,
        not_article=sum(extraction.not_article.values()),
        private_links=len(extraction.private),
        duplicate_pages=duplicate_pages,
    )
    if duplicate_pages:
        stats.notes.append(f"{duplicate_pages} item(s) left out: the same page as another item of its source")
    if extraction.dead:
        stats.notes.append(
            f"{len(extraction.dead)} item(s) left out: the page is gone (HTTP 404/410 or sent to the home page)"
        )
    stats.notes.extend(extraction_notes(extraction))

    with stats.stage("dedupe") as record:
        clustered = cluster_articles(articles + seen, settings.dedupe.similarity)
        records = recent_story_records(layout, day, settings.dedupe.recent_days)
        continuity = sort_stories(clustered, records, remembered, settings.dedupe.similarity)
        stories = list(continuity.fresh)
        record["count"] = len(stories)
    stats.counts.update(
        stories=len(stories), follow_ups=len(continuity.follow_ups), skipped_old=len(continuity.old)
    )
    if continuity.old:
        stats.notes.append(old_news_note(continuity.old))

    context = edit_context(day, end, settings, items_read=len(items))
    with stats.stage("edit") as record:
        digest, edited = edit_stories(stories, context, editor)
        stats.llm = dict(edited.llm)
        stats.notes.extend(edited.notes)
        for sentence in edited.degradations:
            stats.degrade("editor", sentence)
        if digest.editor == OfflineEditor.name and not edited.degradations:
            stats.degrade(
                "offline", "written by the offline editor: set GEMINI_API_KEY for model-written posts"
            )
        stats.owner_action = edited.owner_action
        record["count"] = digest.stories_kept
    digest = with_continuity(digest, continuity, context, layout)
    digest = canonical_digest_tags(tag_stories(digest, settings, layout, records), settings, layout)
    stats.editor = digest.editor
    stats.counts["stories_kept"] = digest.stories_kept
    if digest.stories_kept < settings.post.thin_below:
        stats.degrade(
            "thin",
            f"a thin day: {digest.stories_kept} stories kept (fewer than post.thin_below, "
            f"{settings.post.thin_below}) from {len(items)} items",
        )

    with stats.stage("render") as record:
        generated = now()
        # Layout extras (e.g. the tracker's leaderboard) and lead images, only when the layout shows them.
        extras = collect_extras(renderer.needs, ExtraContext(day, settings, fetcher, generated))
        images = collect_images(
            [e.story for e in digest.entries],
            day,
            settings.post,
            fetcher,
            wanted="lead_images" in renderer.needs,
            layout=layout,
        )
        stats.notes.extend(extras.notes + images.notes)
        post = render_post(
            digest, settings, site, renderer, extras=extras.values, images=images, generated=generated
        )
        record["count"] = 1
    gate_post(post, digest.stories, extras, images, settings, site)

    if dry_run:
        stats.result = "dry-run"
        return RunResult("dry-run", target, post.markdown, stats)
    existed = target.exists()
    with stats.stage("publish"):
        write_post(post, layout, force=force)
    stats.result = "replaced" if existed else "written"
    stats.title = str(post.front_matter.get("title") or "")
    try:  # the public address, not a link to the file: a post renamed by hand later must not break the build
        stats.post = post_url(site, post.front_matter, target.stem)
    except ValueError:
        stats.post = ""
    return RunResult("written", target, post.markdown, stats)


def extraction_notes(extraction: Extraction) -> list[str]:
    """The run summary's notes on pages that were not the article (how many, of which kinds) and on items no
    reader could follow."""
    notes = []
    if extraction.not_article:
        kinds = ", ".join(
            f"{count} {KIND_WORDS.get(kind, kind)}"
            for kind, count in sorted(extraction.not_article.items(), key=lambda kc: (-kc[1], kc[0]))
        )
        total = sum(extraction.not_article.values())
        notes.append(f"{total} page(s) were not the article, the feed's summary was kept instead: {kinds}")
    if extraction.private:
        notes.append(
            f"{len(extraction.private)} item(s) left out: no reader could follow the link (a local or link-local "
            "address this run did not fetch) and the item has no public URL"
        )
    return notes


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
    """The digest with the day's follow-ups (composed here, the same for every editor: the model never sees them)
    and the count of old stories left out."""
    follow_ups = tuple(
        compose_follow_up(found, context.language, (context.title_prefix,), layout.post_link)
        for found in continuity.follow_ups
    )
    return replace(digest, follow_ups=follow_ups, skipped_old=len(continuity.old))


def _remembered(article: Article, remembered: frozenset[str]) -> bool:
    """Whether the URL an article's page declares for itself is one a recent post told (see dedupe.memory_keys)."""
    return bool(article.page_url) and seen_before(article.page_url, remembered)


def failed_sources_message(failed: Sequence[SourceReport], total: int, shown: int = 5) -> str:
    """ "3 of 35 sources failed: A (HTTP 404), B (…), …": the first `shown` failures with their reasons."""
    names = "; ".join(f"{s.name} ({' '.join((s.error or '?').split())[:120]})" for s in failed[:shown])
    more = f"; and {len(failed) - shown} more" if len(failed) > shown else ""
    return f"{len(failed)} of {total} sources failed: {names}{more} (the 信源状态 page lists each)"


def late_message(day: date, end: datetime, now: datetime, settings: Settings) -> tuple[str, str] | None:
    """("catch-up", …) when the post for `day` is written on a later day than its own (a missed morning caught up),
    ("late", …) when it is written more than `window.late_after_hours` after its window closed, else None."""
    today = now.astimezone(settings.zone).date()
    if today > day:
        return "catch-up", f"the post for {day} was written on {today}: a missed morning caught up"
    hours = (now - end).total_seconds() / 3600
    if hours > settings.window.late_after_hours:
        return "late", (
            f"written {hours:.1f} h after its window closed at {end:%H:%M} (window.late_after_hours: "
            f"{settings.window.late_after_hours:g}): the scheduled run started late or an earlier one failed"
        )
    return None


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
        topic_keywords=settings.editor.topic_keywords,
        topic_hints=settings.editor.topic_hints,
        max_entries=settings.post.max_entries,
        max_briefs=settings.post.max_briefs,
        items_read=items_read,
        title_prefix=settings.post.title_prefix,
        base_tags=settings.post.base_tags,
        min_stories=settings.post.min_stories,
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
    headline = digest.title.removeprefix(
        f"{settings.post.title_prefix}｜"
    )  # the site name is on the cover already
    cover = render_cover(
        day, headline, [e.headline for e in digest.entries], site.name, settings.cover, site_url=site.url
    )
    return Post(
        day=day,
        front_matter=front_matter,
        body=body,
        markdown=dump_front_matter(front_matter) + body,
        cover_png=cover,
        assets=dict(images.files) if images else {},
        records=tuple(story_records(digest)),
    )
