"""Pure: canonical URLs, one item per URL, one story per event, and memory of recent posts."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from generator.models import Article, FeedItem, Story
from generator.text import title_tokens

TRACKING_PARAMS = frozenset(
    {
        "spm", "from", "fromsource", "source", "src", "ref", "ref_src", "referrer", "share", "share_token",
        "fbclid", "gclid", "dclid", "msclkid", "mc_cid", "mc_eid", "igshid", "yclid", "_hsenc", "_hsmi",
        "scene", "sharer_sharetime", "sharer_shareid", "clicktime", "enterid", "wfr", "isappinstalled",
        "rss", "feed", "cmpid", "cmp", "mkt_tok", "sr_share", "s_channel", "s_trans",
    }
)  # fmt: skip


def canonical_url(url: str) -> str:
    """Lower-case scheme and host, no default port, no fragment, no tracking parameters."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower().rstrip(".")
    port = parts.port
    netloc = host if port is None or (scheme, port) in (("http", 80), ("https", 443)) else f"{host}:{port}"
    query = [
        (key, value)
        for key, value in parse_qsl(parts.query, keep_blank_values=True)
        if not key.lower().startswith(("utm_", "at_", "pk_")) and key.lower() not in TRACKING_PARAMS
    ]
    path = parts.path or "/"
    return urlunsplit((scheme, netloc, path, urlencode(query, doseq=True), ""))


def item_id(url: str) -> str:
    """A short stable ID for an item: the model sees it, answers with it, and we look it up."""
    return hashlib.sha1(url.encode()).hexdigest()[:8]


def dedupe_items(items: Iterable[FeedItem]) -> list[FeedItem]:
    """One item per canonical URL; the heavier (then earlier) source wins."""
    best: dict[str, FeedItem] = {}
    for item in items:
        kept = best.get(item.url)
        if kept is None or (item.weight, -item.published.timestamp()) > (kept.weight, -kept.published.timestamp()):
            best[item.url] = item
    return sorted(best.values(), key=lambda i: (i.published, i.id))


def similarity(a: set[str], b: set[str]) -> float:
    """Dice coefficient of two token sets."""
    if not a or not b:
        return 0.0
    return 2 * len(a & b) / (len(a) + len(b))


def cluster_articles(articles: Sequence[Article], threshold: float) -> list[Story]:
    """Group articles about the same event (similar titles) into stories; deterministic order."""
    tokens = [title_tokens(a.item.title) | title_tokens(a.item.summary[:80]) for a in articles]
    title_only = [title_tokens(a.item.title) for a in articles]
    parent = list(range(len(articles)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i in range(len(articles)):
        for j in range(i + 1, len(articles)):
            if articles[i].item.source == articles[j].item.source:
                continue
            score = max(similarity(title_only[i], title_only[j]), similarity(tokens[i], tokens[j]) * 0.9)
            if score >= threshold:
                parent[root(j)] = root(i)
    groups: dict[int, list[Article]] = {}
    for index, article in enumerate(articles):
        groups.setdefault(root(index), []).append(article)
    stories = [
        Story(tuple(sorted(group, key=lambda a: (-a.item.weight, -a.extracted, a.item.published, a.item.id))))
        for group in groups.values()
    ]
    return sorted(stories, key=lambda s: (s.published, s.id))


def drop_recent(stories: Iterable[Story], recent_urls: set[str]) -> tuple[list[Story], int]:
    """Drop stories any of whose URLs already appeared in a recent post; return the rest and the count."""
    kept: list[Story] = []
    dropped = 0
    for story in stories:
        if recent_urls.intersection(story.urls):
            dropped += 1
        else:
            kept.append(story)
    return kept, dropped
