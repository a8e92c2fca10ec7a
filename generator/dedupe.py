"""Pure: canonical URLs, one item per URL, one story per event, and memory of recent posts.

Which articles tell one story (across sources and languages) is generator.cluster; `cluster_articles` is
re-exported here, where the pipeline looks for its dedupe stage.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from urllib.parse import quote, unquote_plus, urlsplit, urlunsplit

from generator.cluster import cluster_articles, same_story, stories_match, story_score
from generator.models import FeedItem, Story

__all__ = [
    "canonical_url",
    "cluster_articles",
    "dedupe_items",
    "drop_recent",
    "item_id",
    "memory_keys",
    "same_story",
    "seen_before",
    "stories_match",
    "story_score",
    "url_key",
]

TRACKING_PARAMS = frozenset(
    {
        "spm",
        "from",
        "fromsource",
        "source",
        "src",
        "ref",
        "ref_src",
        "referrer",
        "share",
        "share_token",
        "fbclid",
        "gclid",
        "dclid",
        "msclkid",
        "mc_cid",
        "mc_eid",
        "igshid",
        "yclid",
        "_hsenc",
        "_hsmi",
        "scene",
        "sharer_sharetime",
        "sharer_shareid",
        "clicktime",
        "enterid",
        "wfr",
        "isappinstalled",
        "rss",
        "feed",
        "cmpid",
        "cmp",
        "mkt_tok",
        "sr_share",
        "s_channel",
        "s_trans",
        "guccounter",
        "ncid",
        "cid",
        "ocid",
        "smid",
        "taid",
        "xtor",
        "__twitter_impression",
        "via",
    }
)
TRACKING_PREFIXES = ("utm_", "at_", "pk_", "mtm_", "hmsr", "hmpl", "hmcu", "hmkw", "hmci")
_PATH_SAFE = "/%:@!$&'()*+,;=-._~"


def _is_tracking(segment: str) -> bool:
    key = unquote_plus(segment.split("=", 1)[0]).strip().lower()
    return key.startswith(TRACKING_PREFIXES) or key in TRACKING_PARAMS


def canonical_url(url: str) -> str:
    """Lower-case scheme and host, no credentials, no default port, no fragment, no tracking parameters.

    The remaining query is kept byte for byte (order and encoding), so a site's own parameters still work.
    """
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").rstrip(".")
    if ":" in host:
        host = f"[{host}]"
    try:
        port = parts.port
    except ValueError:
        port = None
    netloc = host if port is None or (scheme, port) in (("http", 80), ("https", 443)) else f"{host}:{port}"
    query = "&".join(seg for seg in parts.query.split("&") if seg and not _is_tracking(seg))
    path = quote(parts.path, safe=_PATH_SAFE) or "/"
    return urlunsplit((scheme, netloc, path, query, ""))


def url_key(url: str) -> str:
    """What makes two canonical URLs the same page: scheme, a leading www. and a trailing slash don't."""
    parts = urlsplit(url)
    host = parts.netloc.removeprefix("www.")
    path = parts.path.rstrip("/") or "/"
    return host + path + ("?" + parts.query if parts.query else "")


def item_id(url: str) -> str:
    """A short stable ID for an item: the model sees it, answers with it, and we look it up."""
    return hashlib.sha1(url.encode()).hexdigest()[:8]


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
    return url_key(url) in keys


def drop_recent(stories: Iterable[Story], recent_urls: Iterable[str]) -> tuple[list[Story], int]:
    """Drop stories any of whose URLs already appeared in a recent post; return the rest and the count."""
    recent = memory_keys(recent_urls)
    kept: list[Story] = []
    dropped = 0
    for story in stories:
        if any(seen_before(url, recent) for url in story.urls):
            dropped += 1
        else:
            kept.append(story)
    return kept, dropped
