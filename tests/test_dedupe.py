from __future__ import annotations

from datetime import UTC, datetime, timedelta

from generator.dedupe import canonical_url, cluster_articles, dedupe_items, drop_recent, item_id
from generator.models import Article, FeedItem

T0 = datetime(2026, 11, 15, 12, 0, tzinfo=UTC)


def make_item(title: str, url: str, source: str = "S", weight: float = 1.0, minutes: int = 0) -> FeedItem:
    url = canonical_url(url)
    return FeedItem(id=item_id(url), source=source, title=title, url=url, published=T0 + timedelta(minutes=minutes), weight=weight)


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


def test_cluster_same_story_across_sources_zh_and_en() -> None:
    articles = [
        Article(make_item("星衡智能发布千亿参数开源大模型", "https://a.example/1", "A"), ""),
        Article(make_item("星衡智能开源千亿参数大模型，性能追平闭源", "https://b.example/2", "B", weight=1.2), ""),
        Article(make_item("Northwind Labs raises $200M to build AI chips", "https://c.example/3", "C"), ""),
        Article(make_item("AI chip startup Northwind Labs raises $200M", "https://d.example/4", "D"), ""),
        Article(make_item("国家发布生成式人工智能服务管理新规", "https://e.example/5", "E"), ""),
    ]
    stories = cluster_articles(articles, threshold=0.5)
    groups = sorted(sorted(a.item.source for a in s.articles) for s in stories)
    assert groups == [["A", "B"], ["C", "D"], ["E"]]
    merged = next(s for s in stories if len(s.articles) == 2 and "B" in s.source_names)
    assert merged.primary.item.source == "B"  # the heavier source leads


def test_same_source_items_are_not_merged() -> None:
    articles = [Article(make_item("模型发布会今日举行", f"https://a.example/{n}", "A"), "") for n in range(2)]
    assert len(cluster_articles(articles, 0.5)) == 2


def test_drop_recent() -> None:
    stories = cluster_articles([Article(make_item("一", "https://a.example/1"), ""), Article(make_item("二二二", "https://a.example/2"), "")], 0.5)
    kept, dropped = drop_recent(stories, {"https://a.example/1"})
    assert dropped == 1 and [s.url for s in kept] == ["https://a.example/2"]
