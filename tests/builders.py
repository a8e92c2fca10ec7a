"""Shared builders for the tests' fictional news: one feed item, its article, a story of articles.

Every field has a plain default, so a test names only what it is about:

    story(article("澄湖科技发布Lumen-4", n=1, text="……"), article("Chenghu ships Lumen-4", n=2, language="en"))

The defaults: id `item<n>`, source "源", url `https://news.example/<n>`, published 2026-11-15 12:00 UTC (the sample
day's window), text "正文" extracted. Any other FeedItem field (summary, image, language, region, weight, topic,
dated, date_only, full_text) is passed by keyword. Test files keep their own small helpers only for what their
stories share (a day, a numbering scheme), built on these.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from generator.models import Article, CitedText, FeedItem, Post, Story
from generator.post import dump_front_matter

PUBLISHED = datetime(2026, 11, 15, 12, tzinfo=UTC)


def feed_item(
    title: str = "标题",
    *,
    n: int | str = 1,
    id: str | None = None,  # noqa: A002 - the FeedItem field's own name
    source: str = "源",
    url: str | None = None,
    published: datetime = PUBLISHED,
    **fields: Any,
) -> FeedItem:
    """A FeedItem: `id` defaults to `item<n>`, `url` to `https://news.example/<n>`; other fields by keyword."""
    return FeedItem(
        id=id if id is not None else f"item{n}",
        source=source,
        title=title,
        url=url if url is not None else f"https://news.example/{n}",
        published=published,
        **fields,
    )


def article(
    title: str = "标题",
    *,
    text: str = "正文",
    extracted: bool | None = None,
    image: str | None = None,
    page_url: str = "",
    **item_fields: Any,
) -> Article:
    """An Article of `feed_item(title, **item_fields)`; extracted when it has text unless `extracted` says."""
    return Article(
        feed_item(title, **item_fields),
        text,
        image=image,
        extracted=bool(text) if extracted is None else extracted,
        page_url=page_url,
    )


def story(*articles: Article) -> Story:
    """A Story of `articles`, in the order given (Story.primary chooses the one that speaks for it)."""
    return Story(tuple(articles))


def post(
    body: str = "# 标题\n\n正文\n",
    *,
    day: date = date(2026, 11, 16),
    cited: tuple[CitedText, ...] = (),
    **meta: object,
) -> Post:
    """A daily Post as the gate sees it: complete front matter (any field replaced by keyword), `body`, its
    Markdown, a stand-in cover and the `cited` texts."""
    front = {
        "title": "标题",
        "date": day,
        "slug": f"ai-daily-{day}",
        "authors": ["ainews"],
        "categories": ["AI 日报"],
        "tags": ["AI"],
        "description": "d",
        "keywords": ["AI"],
        "image": f"assets/covers/{day}.png",
        "summary": ["s"],
        "sources": [],
        "items_read": 5,
        "stories_kept": 3,
        "editor": "offline",
        **meta,
    }
    return Post(day, front, body, dump_front_matter(front) + body, b"PNG", cited=cited)
