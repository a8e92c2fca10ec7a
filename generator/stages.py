"""The stages of one day, each a function that takes models and returns its result and a frozen StageReport
(run_summary): counts, notes and the ways it degraded the day. `run_day` (generator.pipeline) calls them in order
and composes the run summary from their reports, as Pelican's `run()` reads its generators' counts; no stage
writes into the summary or fills a list it was handed.

    fetch   sources → feed items (every source's report; a failing source, a late or caught-up run degrade the day)
    window  items → the day's fresh items, and those a recent post told already
    extract fresh items → articles (pages gone, not the article, private links, one page twice)
    dedupe  articles → today's stories, the follow-ups of recent stories, the old news left out
    edit    stories → the Digest (the editor's own report; the offline editor by choice; a thin day)
    render  Digest → Post (the layout's extras, lead images)
    publish Post → files under docs/
"""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta

from generator.config import Settings
from generator.editor import EditContext, Editor, OfflineEditor
from generator.errors import EditorError, FetchError
from generator.extract import KIND_WORDS
from generator.feeds import parse as feeds
from generator.ingest import Extraction, extract_articles, fetch_sources
from generator.models import Article, Digest, FeedItem, SourceReport, Story
from generator.net import Fetcher
from generator.progress import Progress
from generator.run_summary import Degradation, StageReport
from generator.site import SiteLayout, recent_source_urls, recent_story_records
from generator.stories import (
    Continuity,
    cluster_articles,
    dedupe_articles,
    dedupe_items,
    memory_keys,
    old_news_note,
    seen_before,
    sort_stories,
)

log = logging.getLogger(__name__)


def _since(began: float) -> float:
    return round(time.perf_counter() - began, 3)


# --- fetch ------------------------------------------------------------------------------------------------------


def fetch_stage(
    day: date,
    window_end: datetime,
    fetched_at: datetime,
    settings: Settings,
    fetcher: Fetcher,
    progress: Progress | None = None,
) -> tuple[tuple[FeedItem, ...], StageReport]:
    """Every enabled source's items, and the stage's report: each source's report (`sources`), the parser's
    counts, `sources_ok` and `items_read`; degradations for failing sources and for a run that comes late or
    catches up a missed morning. Raises nothing for a source's failure (see `check_sources`)."""
    began = time.perf_counter()
    fetched = fetch_sources(settings, fetcher, fetched_at, progress)
    sources = tuple(fetched.reports)
    degradations = []
    if failed := [s for s in sources if s.status == "failed"]:
        degradations.append(Degradation("sources", failed_sources_message(failed, len(sources))))
    if lateness := late_message(day, window_end, fetched_at, settings):
        degradations.append(Degradation(*lateness))
    report = StageReport(
        "fetch",
        seconds=_since(began),
        count=len(fetched.items),
        counts={**fetched.counts, "sources_ok": fetched.ok, "items_read": len(fetched.items)},
        degradations=tuple(degradations),
        sources=sources,
    )
    return tuple(fetched.items), report


def check_sources(report: StageReport) -> None:
    """Raise FetchError when the fetch stage could read no source at all (the day cannot be written)."""
    sources = report.sources
    if sources and not report.counts.get("sources_ok"):
        raise FetchError(
            f"none of the {len(sources)} sources could be fetched (first: {sources[0].error}); "
            "check the network, or run `python -m generator sources` to see each one"
        )


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


# --- window -----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Window:
    """The day's items: `fresh` (no recent post told them: to be fetched), `seen` (a recent post told them: they
    only say which story continues, stories.continuity) and the recent posts' URL keys (`remembered`)."""

    fresh: tuple[FeedItem, ...]
    seen: tuple[Article, ...]
    remembered: frozenset[str] = field(default_factory=frozenset)


def window_stage(
    items: Sequence[FeedItem],
    day: date,
    bounds: tuple[datetime, datetime],
    fetched_at: datetime,
    settings: Settings,
    layout: SiteLayout,
) -> tuple[Window, StageReport]:
    """The items of the window `bounds` ([start, end)), one per URL, split by the memory of the recent posts;
    undated items placed (or left out when this run is too late to place them)."""
    began = time.perf_counter()
    start, end = bounds
    grace = timedelta(hours=settings.window.undated_grace_hours)
    placed, undated_left_out = feeds.place_undated(list(items), start, end, fetched_at, grace)
    in_window = feeds.within_window(placed, start, end)
    unique = dedupe_items(in_window)
    remembered = memory_keys(recent_source_urls(layout, day, settings.dedupe.recent_days))
    fresh = tuple(i for i in unique if not seen_before(i.url, remembered))
    seen = tuple(Article(i, "") for i in unique if seen_before(i.url, remembered))
    notes = ()
    if undated_left_out:
        notes = (
            f"{undated_left_out} item(s) without a date left out: this run is too late to place them in the window",
        )
    report = StageReport(
        "window",
        seconds=_since(began),
        count=len(fresh),
        counts={
            "in_window": len(in_window),
            "unique_urls": len(unique),
            "seen_before": len(unique) - len(fresh),
            "undated_left_out": undated_left_out,
        },
        notes=notes,
    )
    return Window(fresh, seen, frozenset(remembered)), report


# --- extract ----------------------------------------------------------------------------------------------------


def extract_stage(
    window: Window, settings: Settings, fetcher: Fetcher, progress: Progress | None = None
) -> tuple[tuple[Article, ...], Window, StageReport]:
    """The fresh items' articles (one per page within a source), and the window with the articles whose page
    declares the URL of a page a recent post told moved to `seen` (old, like that page)."""
    began = time.perf_counter()
    extraction = extract_articles(list(window.fresh), settings, fetcher, progress)
    articles, duplicate_pages = dedupe_articles(extraction.articles)
    old = [a for a in articles if _remembered(a, window.remembered)]
    seen = window.seen + tuple(Article(replace(a.item, url=a.page_url), "") for a in old)
    articles = [a for a in articles if not _remembered(a, window.remembered)]
    notes = []
    if duplicate_pages:
        notes.append(f"{duplicate_pages} item(s) left out: the same page as another item of its source")
    if extraction.dead:
        notes.append(
            f"{len(extraction.dead)} item(s) left out: the page is gone (HTTP 404/410 or sent to the home page)"
        )
    notes += extraction_notes(extraction)
    report = StageReport(
        "extract",
        seconds=_since(began),
        count=sum(1 for a in articles if a.extracted),
        counts={
            "dead_links": len(extraction.dead),
            "pages_failed": extraction.failed,
            "not_article": sum(extraction.not_article.values()),
            "private_links": len(extraction.private),
            "duplicate_pages": duplicate_pages,
        },
        notes=tuple(notes),
    )
    return tuple(articles), replace(window, seen=seen), report


def _remembered(article: Article, remembered: frozenset[str]) -> bool:
    """Whether the URL an article's page declares for itself is one a recent post told (see dedupe.memory_keys)."""
    return bool(article.page_url) and seen_before(article.page_url, remembered)


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


# --- dedupe -----------------------------------------------------------------------------------------------------


def dedupe_stage(
    articles: Sequence[Article], window: Window, day: date, settings: Settings, layout: SiteLayout
) -> tuple[Continuity, StageReport]:
    """Today's stories (articles clustered across sources and languages), sorted against the recent posts' story
    records: fresh stories, follow-ups of a recent story, old news (left out and counted)."""
    began = time.perf_counter()
    clustered = cluster_articles([*articles, *window.seen], settings.dedupe.similarity)
    records = recent_story_records(layout, day, settings.dedupe.recent_days)
    continuity = sort_stories(clustered, records, window.remembered, settings.dedupe.similarity)
    report = StageReport(
        "dedupe",
        seconds=_since(began),
        count=len(continuity.fresh),
        counts={
            "stories": len(continuity.fresh),
            "follow_ups": len(continuity.follow_ups),
            "skipped_old": len(continuity.old),
        },
        notes=(old_news_note(continuity.old),) if continuity.old else (),
    )
    return continuity, report


# --- edit -------------------------------------------------------------------------------------------------------


def edit_stage(stories: Sequence[Story], context: EditContext, editor: Editor) -> tuple[Digest, StageReport]:
    """The chosen editor's digest, or the offline editor's when it fails as a whole; and the stage's report: the
    editor's usage (`llm`), notes, the ways it degraded the day (an editor may say more after `edit` in its
    `usage`, `notes`, `degradations` and `owner_action`), "offline" when the offline editor wrote the day by
    choice (no key), and what the owner must fix."""
    began = time.perf_counter()
    failed: tuple[str, ...] = ()
    try:
        digest = editor.edit(stories, context)
    except EditorError as error:
        log.warning("the %s editor failed, the offline editor takes over: %s", editor.name, error)
        failed = (f"the whole post written offline: {error}",)
        digest = OfflineEditor().edit(stories, context)
    notes = tuple(getattr(editor, "notes", ()) or ())
    notes += tuple(n for n in digest.notes if n not in context.notes)  # e.g. the off-topic stories left out
    said = failed + tuple(getattr(editor, "degradations", ()) or ())
    degradations = [Degradation("editor", sentence) for sentence in said]
    if digest.editor == OfflineEditor.name and not said:
        message = "written by the offline editor: set GEMINI_API_KEY for model-written posts"
        degradations.append(Degradation("offline", message))
    report = StageReport(
        "edit",
        seconds=_since(began),
        count=digest.stories_kept,
        notes=notes,
        degradations=tuple(degradations),
        llm=dict(getattr(editor, "usage", {}) or {}),
        owner_action=getattr(editor, "owner_action", None),
    )
    return digest, report


def thin_day(digest: Digest, items_read: int, settings: Settings) -> StageReport:
    """The digest as the post keeps it: `stories_kept`, and a degradation when fewer than `post.thin_below`."""
    degradations = ()
    if digest.stories_kept < settings.post.thin_below:
        message = (
            f"a thin day: {digest.stories_kept} stories kept (fewer than post.thin_below, "
            f"{settings.post.thin_below}) from {items_read} items"
        )
        degradations = (Degradation("thin", message),)
    return StageReport(
        "digest",
        count=digest.stories_kept,
        counts={"stories_kept": digest.stories_kept},
        degradations=degradations,
        editor=digest.editor,
    )
