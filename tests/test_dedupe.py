from __future__ import annotations

from datetime import UTC, datetime, timedelta

import builders
import pytest

from generator.feeds.entry import item_id
from generator.models import Article, FeedItem
from generator.stories.cluster import cluster_articles
from generator.stories.continuity import sort_stories
from generator.stories.dedupe import dedupe_articles, dedupe_items, memory_keys, seen_before
from generator.urls import canonical_url, url_key

T0 = datetime(2026, 11, 15, 12, 0, tzinfo=UTC)


def make_item(title: str, url: str, source: str = "S", weight: float = 1.0, minutes: int = 0) -> FeedItem:
    url = canonical_url(url)
    return builders.feed_item(
        title,
        id=item_id(url),
        source=source,
        url=url,
        published=T0 + timedelta(minutes=minutes),
        weight=weight,
    )


def test_canonical_url_strips_tracking_and_fragment() -> None:
    assert (
        canonical_url("HTTPS://Example.COM:443/a/b?utm_source=rss&id=7&spm=x.y&from=timeline#top")
        == "https://example.com/a/b?id=7"
    )
    assert canonical_url("http://example.com") == "http://example.com/"
    assert canonical_url("http://example.com:8080/x?b=2&a=1") == "http://example.com:8080/x?b=2&a=1"


def test_item_id_is_short_and_stable() -> None:
    assert item_id("https://example.com/a") == item_id("https://example.com/a")
    assert len(item_id("https://example.com/a")) == 8
    assert item_id("https://example.com/a") != item_id("https://example.com/b")


def test_dedupe_items_keeps_heavier_source() -> None:
    light = make_item("Title", "https://example.com/x?utm_medium=feed", source="Aggregator", weight=0.5)
    heavy = make_item("Title", "https://example.com/x", source="Original", weight=1.5, minutes=30)
    assert [i.source for i in dedupe_items([light, heavy])] == ["Original"]


def test_a_story_of_a_post_without_records_is_old_news() -> None:
    """A post written before the `stories` records existed still keeps its URLs from being told again."""
    stories = cluster_articles(
        [
            Article(make_item("一", "https://a.example/1"), ""),
            Article(make_item("二二二", "https://a.example/2"), ""),
        ]
    )
    sorted_ = sort_stories(stories, [], memory_keys({"https://a.example/1"}))
    assert [s.url for s in sorted_.old] == ["https://a.example/1"]
    assert [s.url for s in sorted_.fresh] == ["https://a.example/2"] and not sorted_.follow_ups


def test_a_new_article_beside_an_item_of_a_post_without_records_is_told_alone() -> None:
    old = Article(make_item("Northwind Labs unveils Aurora-3 chip", "https://a.example/old", "A"), "")
    new = Article(make_item("Northwind Labs unveils Aurora-3 AI chip", "https://b.example/new", "B"), "")
    (story,) = cluster_articles([old, new])
    sorted_ = sort_stories([story], [], memory_keys({"https://a.example/old"}))
    assert [s.urls for s in sorted_.fresh] == [("https://b.example/new",)] and sorted_.old == ()


@pytest.mark.parametrize(
    ("raw", "canonical"),
    [
        ("https://example.com/p?123", "https://example.com/p?123"),  # a bare key stays as it is
        ("https://example.com/p?q=a%20b&utm_campaign=x&ID=5", "https://example.com/p?q=a%20b&ID=5"),
        ("https://user:secret@Example.com./a", "https://example.com/a"),
        ("https://example.com/新闻/一", "https://example.com/%E6%96%B0%E9%97%BB/%E4%B8%80"),
        ("http://[::1]:8080/x#frag", "http://[::1]:8080/x"),
        ("https://example.com:99999/x", "https://example.com/x"),  # a broken port does not crash parsing
        ("https://m.example.com/a?share_token=abc&fbclid=1&mtm_source=x", "https://m.example.com/a"),
    ],
)
def test_canonical_url_cases(raw: str, canonical: str) -> None:
    assert canonical_url(raw) == canonical


def test_same_page_under_scheme_www_and_slash_variants() -> None:
    assert url_key("http://www.example.com/a/") == url_key("https://example.com/a")
    items = [
        make_item("T", "http://www.example.com/a/", "A", weight=0.5),
        make_item("T", "https://example.com/a", "B", 1.5),
    ]
    assert [i.source for i in dedupe_items(items)] == ["B"]
    stories = cluster_articles([Article(items[1], "")])
    sorted_ = sort_stories(stories, [], memory_keys({"http://www.example.com/a/?utm_source=x"}))
    assert (sorted_.fresh, len(sorted_.old)) == ((), 1)


# --- one page, another form (issue 18, kind 4) ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "variant",
    [
        "https://m.news.example/2026/11/aurora-3",
        "https://amp.news.example/2026/11/aurora-3",
        "https://www.news.example/2026/11/aurora-3/amp/",
        "https://news.example/amp/2026/11/aurora-3",
        "https://news.example/2026/11/aurora-3?amp=1",
        "https://news.example/2026/11/aurora-3?outputType=amp&utm_source=x",
        "https://news-example.cdn.ampproject.org/c/s/news.example/2026/11/aurora-3",
        "https://www.google.com/amp/s/www.news.example/2026/11/aurora-3",
    ],
)
def test_mobile_and_amp_editions_are_the_page(variant: str) -> None:
    page = "https://news.example/2026/11/aurora-3"
    assert url_key(canonical_url(variant)) == url_key(page)
    items = [make_item("Aurora-3", variant, "A"), make_item("Aurora-3", page, "A", minutes=5)]
    assert len(dedupe_items(items)) == 1
    assert seen_before(canonical_url(variant), memory_keys({page}))


def test_other_pages_stay_apart() -> None:
    assert url_key("https://news.example/camp") != url_key("https://news.example/c")
    assert url_key("https://news.example/a.html") != url_key("https://news.example/b.html")
    assert url_key("https://m.news.example/a") != url_key("https://news.example/b")


def article_of(
    title: str, url: str, source: str, text: str = "", page_url: str = "", minutes: int = 0
) -> Article:
    return Article(
        make_item(title, url, source, minutes=minutes), text, extracted=bool(text), page_url=page_url
    )


LEAD = "Northwind Labs said on Tuesday that its Aurora-3 inference chip would reach cloud customers in March."


def test_one_source_listing_one_page_twice_gives_one_article() -> None:
    canonical = "https://news.example/aurora-3"
    by_declared_url = [  # another slug, another guid; the page says which it is
        article_of("Aurora-3 ships", "https://news.example/p?id=81", "A", LEAD, canonical),
        article_of("Northwind's Aurora-3 ships in March", canonical, "A", LEAD + " More.", canonical, 3),
    ]
    by_text = [  # no declared URL: the same headline and the same lead
        article_of("Aurora-3 ships", "https://news.example/a", "A", LEAD),
        article_of("Aurora-3 ships", "https://news.example/b", "A", LEAD, minutes=3),
    ]
    for pair in (by_declared_url, by_text):
        kept, left_out = dedupe_articles(pair)
        assert (kept, left_out) == ([pair[0]], 1)


def test_what_is_not_one_page_stays() -> None:
    other_lead = "Kestrel Labs raised $40 million to build delivery robots, it said on Monday."
    cases = [
        # two sources: one more source of the story (the clustering's business)
        [
            article_of("Aurora-3 ships", "https://a.example/1", "A", LEAD),
            article_of("Aurora-3 ships", "https://b.example/1", "B", LEAD),
        ],
        # one source, one headline, another text (a recurring column)
        [
            article_of("Daily briefing", "https://a.example/1", "A", LEAD),
            article_of("Daily briefing", "https://a.example/2", "A", other_lead),
        ],
        # a site that gives every page its home page's URL
        [
            article_of("Aurora-3 ships", "https://a.example/1", "A", LEAD, "https://a.example/"),
            article_of("Kestrel raises $40M", "https://a.example/2", "A", other_lead, "https://a.example/"),
        ],
    ]
    for pair in cases:
        assert dedupe_articles(pair) == (pair, 0)
