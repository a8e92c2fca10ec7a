"""The fetching stages: sources → feed items (fetch_sources), items → articles (extract_articles).

One source or one page never ends the day: whatever goes wrong with it (a fetch error, a feed or page that cannot
be parsed, an unexpected exception from a library, a bug) is that source's or that page's failure, logged and
reported with its reason, and the rest goes on.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from functools import partial
from urllib.parse import urlsplit

from generator.config import Settings, SourceSettings
from generator.errors import FetchError, GoneError, NotArticleError
from generator.extract import extract_article, strip_credits
from generator.feeds import parse as feeds
from generator.models import Article, FeedItem, FeedSource, Fetched, SourceReport
from generator.net import Fetcher, describe
from generator.progress import Progress
from generator.urls import publishable_url

log = logging.getLogger(__name__)


def _labelled(progress: Progress | None, label: str) -> Callable[[int, int], None] | None:
    return None if progress is None else partial(progress, label)


@dataclass(frozen=True)
class Sources:
    """The feed stage's result: the items of every source that could be read, one report per source (in config
    order: status, items, newest item, latency, the reason of a failure), and counts of what the parser dropped or
    changed (`dropped_links`, `undated`, `future`, `duplicate_entries`)."""

    items: tuple[FeedItem, ...]
    reports: tuple[SourceReport, ...]
    counts: Mapping[str, int] = field(default_factory=dict)

    @property
    def ok(self) -> int:
        """How many sources could be read."""
        return sum(1 for r in self.reports if r.status != "failed")


def fetch_sources(
    settings: Settings, fetcher: Fetcher, now: datetime, progress: Progress | None = None
) -> Sources:
    """Fetch and parse every enabled source. A source that fails, for whatever reason (a fetch error, a feed that
    cannot be parsed, an unexpected exception from a library or a bug) is logged, reported with its reason, and
    skipped; the others go on. Raises nothing for one source's failure."""
    sources = settings.active_sources
    results = fetcher.get_many(
        [s.url for s in sources], conditional=True, progress=_labelled(progress, "feeds")
    )
    items: list[FeedItem] = []
    reports: list[SourceReport] = []
    counts: dict[str, int] = {}
    for source in sources:
        result = results[source.url]
        if result.value is None:
            reports.append(_source_failed(source, result.reason, result.elapsed_s))
            continue
        fetched = result.value
        try:
            parsed = feeds.parse_feed(
                fetched.content,
                fetched.headers,
                feed_source(source),
                settings.zone,
                now,
                base_url=fetched.url,
            )
        except Exception as error:  # noqa: BLE001 - one source's failure, expected or not, is that source's
            log.debug("source %s: parsing failed", source.name, exc_info=True)
            reports.append(_source_failed(source, describe(error), fetched.elapsed_s))
            continue
        for key, value in (
            ("dropped_links", parsed.dropped),
            ("undated", parsed.undated),
            ("future", parsed.future),
            ("duplicate_entries", parsed.duplicates),
        ):
            counts[key] = counts.get(key, 0) + value
        newest = max((i.published for i in parsed.items if i.dated), default=None)
        status = "not-modified" if fetched.from_cache else "ok"
        reports.append(
            SourceReport(
                source.name, source.url, status, len(parsed.items), newest, fetched.elapsed_s, parsed.warning
            )
        )
        items.extend(replace(i, summary=strip_credits(i.summary)) for i in parsed.items)
    return Sources(tuple(items), tuple(reports), counts)


def feed_source(source: SourceSettings) -> FeedSource:
    """The parser's view of a configured source (settings stop at the border: feeds.py takes plain values)."""
    return FeedSource(
        name=source.name,
        url=source.url,
        language=source.language,
        region=source.region,
        weight=source.weight,
        full_text=source.full_text,
        timezone=source.timezone,
        topic=source.topic,
    )


def _source_failed(source: SourceSettings, reason: str, latency_s: float = 0.0) -> SourceReport:
    log.warning("source %s skipped: %s", source.name, reason)
    return SourceReport(source.name, source.url, "failed", latency_s=latency_s, error=reason)


@dataclass(frozen=True)
class Extraction:
    """The extract stage's result: one Article per live item, in order, and what was left out.

    `dead` holds the URLs whose page is gone (HTTP 404/410, or a redirect to the site's home page): their
    items are dropped, so a story keeps only the sources that still exist. A page that failed otherwise (a
    paywall's 401/403/451, a 5xx after retries, a time limit, an extraction error) keeps the feed's summary
    and counts in `failed`. A page that was fetched but is not the article (generator.notarticle: a PDF, a
    paywall, a cookie wall, an error page …) keeps the feed's summary too and counts in `not_article` by kind.
    `private` holds the URLs of items left out because no reader could follow their link (urls.publishable_url:
    a local address this run did not fetch, or a link-local one) and no public URL was found for them.
    """

    articles: tuple[Article, ...]
    dead: tuple[str, ...] = ()
    failed: int = 0
    not_article: Mapping[str, int] = field(default_factory=dict)
    private: tuple[str, ...] = ()


def extract_articles(
    items: Sequence[FeedItem], settings: Settings, fetcher: Fetcher, progress: Progress | None = None
) -> Extraction:
    """Fetch each page and extract its text (as pages arrive); see Extraction for the pages that fail."""
    wanted: dict[str, FeedItem] = {}
    for item in items if settings.extract.enabled else ():
        if item.full_text:
            wanted.setdefault(item.url, item)

    def extract(url: str, page: Fetched) -> Article:
        if _redirected_home(url, page.url):
            raise GoneError(f"{url}: redirected to the site's home page {page.url} (a soft 404)")
        return extract_article(wanted[url], page.content, page.headers, page.url, settings.extract.max_chars)

    pages = fetcher.get_many(list(wanted), progress=_labelled(progress, "articles"), then=extract)
    articles: list[Article] = []
    dead: set[str] = set()
    failed: set[str] = set()
    not_article: dict[str, str] = {}
    private: set[str] = set()
    for item in items:
        page = pages.get(item.url)
        if page is not None and isinstance(page.error, GoneError):
            if item.url not in dead:
                log.warning("item left out, its page is gone: %s", page.reason)
            dead.add(item.url)
            continue
        # Fetched: a response came (what went wrong after it, a page that is not the article or an extraction
        # error, is no FetchError).
        fetched = page is not None and not isinstance(page.error, FetchError)
        if page is not None and page.value is not None:
            article = page.value  # one page, two items: each keeps its own (and the public URL found for it)
            if wanted[item.url] is not item:
                article = replace(article, item=replace(item, url=article.item.url, id=article.item.id))
        else:
            article = Article(item=item, text=item.summary, image=item.image, extracted=False)
            error = page.error if page is not None else None
            if isinstance(error, NotArticleError) and item.url not in not_article:
                log.info("page not the article, the feed's summary is kept: %s", error)
                not_article[item.url] = error.verdict.kind
            elif page is not None and item.url not in failed and item.url not in not_article:
                log.info("page skipped, the feed's summary is kept: %s", page.reason)
                failed.add(item.url)
        if not publishable_url(article.item.url, fetched):
            if item.url not in private:
                log.warning("item left out, no reader could follow its link: %s", item.url)
            private.add(item.url)
            continue
        articles.append(article)
    kinds = dict(Counter(not_article.values()))
    return Extraction(tuple(articles), tuple(sorted(dead)), len(failed), kinds, tuple(sorted(private)))


def _redirected_home(requested: str, final: str) -> bool:
    """True when an article URL (a path below the root) ended, after redirects, on a site's home page: sites
    send removed articles there instead of answering 404 (a "soft 404")."""
    if final == requested:
        return False
    return urlsplit(final).path in ("", "/") and urlsplit(requested).path not in ("", "/")
