"""Pure: one item per URL, one article per page, and the memory of recent posts' URLs.

Which articles tell one story (across sources and languages) is stories.cluster, which stories of today continue
a story of a recent post is generator.stories.continuity; URL rules are generator.urls.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from generator.models import Article, FeedItem
from generator.urls import canonical_url, url_key

LEAD_CHARS = 200  # how much of two texts must be the same for one source's two items to be one page
_NOT_WORD = re.compile(r"[\W_]+")


def dedupe_items(items: Iterable[FeedItem]) -> list[FeedItem]:
    """One item per page (see url_key); the heavier (then earlier) source wins."""
    best: dict[str, FeedItem] = {}
    for item in items:
        key = url_key(item.url)
        kept = best.get(key)
        if kept is None or (item.weight, -item.published.timestamp()) > (
            kept.weight,
            -kept.published.timestamp(),
        ):
            best[key] = item
    return sorted(best.values(), key=lambda i: (i.published, i.id))


def memory_keys(urls: Iterable[str]) -> frozenset[str]:
    """The keys of recent posts' URLs, compared the way dedupe compares pages (scheme, www., trailing slash)."""
    return frozenset(url_key(canonical_url(url)) for url in urls)


def seen_before(url: str, keys: frozenset[str]) -> bool:
    """Whether `url` (canonical) is one of the pages in `keys` (from memory_keys)."""
    return url_key(url) in keys


def page_keys(article: Article) -> set[str]:
    """What identifies an article's page within its source: the keys (url_key) of its link and of the URL the page
    declares for itself (rel=canonical, RFC 6596; og:url), and its headline with the start of its text (a page that
    declares no URL). A feed that lists one article twice, under two links or two guids, gives two articles with a
    key in common. Across sources, one page is one item already (dedupe_items), and a copy of another source's
    article is the clustering's business: it is one more source of the story."""
    source = article.item.source
    keys = {f"{source}\n{url_key(article.item.url)}"}
    declared = url_key(article.page_url) if article.page_url else ""
    if declared and not declared.endswith(
        "/"
    ):  # a site that gives every page its home page's URL says nothing
        keys.add(f"{source}\n{declared}")
    title = _NOT_WORD.sub("", article.item.title.lower())
    lead = _NOT_WORD.sub("", article.text.lower())[:LEAD_CHARS]
    keys.add(f"{source}\n{title}\n{lead}")
    return keys


def dedupe_articles(articles: Sequence[Article]) -> tuple[list[Article], int]:
    """One article per page (see page_keys), after the pages were read: the extracted one, then the heavier
    source, then the earlier one is kept. Returns the articles kept (in their order) and how many were left out."""
    ranked = sorted(
        range(len(articles)),
        key=lambda i: (
            not articles[i].extracted,
            -articles[i].item.weight,
            articles[i].item.published,
            articles[i].item.id,
        ),
    )
    seen: set[str] = set()
    kept: set[int] = set()
    for i in ranked:
        keys = page_keys(articles[i])
        if not keys & seen:
            kept.add(i)
        seen |= keys
    return [a for i, a in enumerate(articles) if i in kept], len(articles) - len(kept)
