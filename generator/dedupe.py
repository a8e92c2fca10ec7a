"""Pure: canonical URLs, one item per URL, one story per event, and memory of recent posts."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from itertools import combinations
from urllib.parse import quote, unquote_plus, urlsplit, urlunsplit

from generator.models import Article, FeedItem, Story
from generator.text import has_cjk, title_tokens

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
_CROSS_SCRIPT_MIN_SHARED = 2


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


def similarity(a: set[str], b: set[str]) -> float:
    """Dice coefficient of two token sets."""
    if not a or not b:
        return 0.0
    return 2 * len(a & b) / (len(a) + len(b))


def _latin(tokens: set[str]) -> set[str]:
    return {t for t in tokens if not has_cjk(t)}


def _token_similarity(a: set[str], b: set[str], cross_script: bool) -> float:
    """Dice of the tokens; across scripts (a Chinese and an English title) only names, numbers and
    amounts can match, so Dice of the latin tokens, and only when at least two of them are shared."""
    if cross_script:
        a, b = _latin(a), _latin(b)
        if len(a & b) < _CROSS_SCRIPT_MIN_SHARED:
            return 0.0
    return similarity(a, b)


def title_similarity(a: str, b: str) -> float:
    """How alike two headlines are (0-1): the score the clustering compares with `dedupe.similarity`."""
    return _token_similarity(title_tokens(a), title_tokens(b), has_cjk(a) != has_cjk(b))


def same_story(a: str, b: str, threshold: float) -> bool:
    """The clustering decision for one pair of headlines."""
    return title_similarity(a, b) >= threshold


def _pair_scores(articles: Sequence[Article]) -> dict[tuple[int, int], float]:
    """Similarity of every pair that shares a token (others score 0); pairs from one source score 0."""
    tokens = [title_tokens(a.item.title) for a in articles]
    cjk = [has_cjk(a.item.title) for a in articles]
    postings: dict[str, list[int]] = {}
    for index, item_tokens in enumerate(tokens):
        for token in item_tokens:
            postings.setdefault(token, []).append(index)
    candidates = {pair for ids in postings.values() if len(ids) > 1 for pair in combinations(ids, 2)}
    scores: dict[tuple[int, int], float] = {}
    for i, j in candidates:
        if articles[i].item.source != articles[j].item.source:
            scores[(i, j)] = _token_similarity(tokens[i], tokens[j], cjk[i] != cjk[j])
    return scores


def cluster_articles(articles: Sequence[Article], threshold: float) -> list[Story]:
    """Group articles about the same event into stories; deterministic order.

    Pairs are merged from the most similar down. Two groups join only when more than half of the pairs
    across them are similar enough, so a chain of loosely related headlines does not become one story.
    """
    scores = _pair_scores(articles)
    members: dict[int, list[int]] = {i: [i] for i in range(len(articles))}
    group_of = list(range(len(articles)))
    ranked = sorted(
        (pair for pair, score in scores.items() if score >= threshold), key=lambda p: (-scores[p], p)
    )
    for i, j in ranked:
        gi, gj = group_of[i], group_of[j]
        if gi == gj:
            continue
        cross = [(min(x, y), max(x, y)) for x in members[gi] for y in members[gj]]
        linked = sum(1 for pair in cross if scores.get(pair, 0.0) >= threshold)
        if 2 * linked <= len(cross):
            continue
        for k in members[gj]:
            group_of[k] = gi
        members[gi].extend(members.pop(gj))
    stories = [
        Story(
            tuple(
                sorted(
                    (articles[k] for k in group),
                    key=lambda a: (-a.item.weight, -a.extracted, a.item.published, a.item.id),
                )
            )
        )
        for group in members.values()
    ]
    return sorted(stories, key=lambda s: (s.published, s.id))


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
