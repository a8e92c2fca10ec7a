"""Pure: one item per URL, and the memory of recent posts' URLs.

Which articles tell one story (across sources and languages) is stories.cluster, which stories of today continue
a story of a recent post is generator.stories.continuity; URL rules are generator.urls.
"""

from __future__ import annotations

from collections.abc import Iterable

from generator.models import FeedItem
from generator.urls import canonical_url, url_key


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
