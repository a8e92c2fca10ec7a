"""Hand-written daily posts for the weekly issue's tests: front matter as generate writes it (front_matter.py), a
short body with its one H1 and excerpt mark, and a cover file so that the site's feeds list them as they list
generated posts."""

from __future__ import annotations

import io
import json
from collections.abc import Sequence
from datetime import date, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

from PIL import Image

from generator.post.front_matter import dump_front_matter

ZONE = ZoneInfo("Asia/Shanghai")


def tiny_png() -> bytes:
    """A small PNG: a stand-in cover for hand-written posts (the feeds' enclosure only needs the file)."""
    buffer = io.BytesIO()
    Image.new("RGB", (120, 63), "#0f172a").save(buffer, format="PNG")
    return buffer.getvalue()


def record(
    story_id: str,
    headline: str,
    *,
    importance: int = 3,
    sources: int = 1,
    urls: Sequence[str] = (),
    category: str = "模型与研究",
    kind: str = "entry",
    follows: tuple[date, str] | None = None,
) -> dict[str, object]:
    """A story record as front_matter.story_records writes it (`follows` as the continuity stage adds it)."""
    data: dict[str, object] = {
        "id": story_id,
        "headline": headline,
        "titles": [headline],
        "urls": list(urls) or [f"https://news.example/{story_id}"],
        "sources": sources,
        "importance": importance,
        "category": category if kind != "brief" else "",
        "kind": kind,
    }
    if follows:
        data["follows"] = {"date": follows[0], "id": follows[1]}
    return data


def write_daily(
    docs: Path,
    day: date,
    stories: Sequence[dict[str, object]],
    *,
    title: str = "",
    tags: Sequence[str] = ("AI", "AI 日报"),
    items_read: int = 30,
    cover: bytes | None = None,
    records_in_front_matter: bool = False,
) -> Path:
    """Write `docs/blog/posts/<day>.md`, its cover, and these story records beside it (`<day>.stories.json`; in
    the front matter's `stories` instead, as posts written before the records file did, with
    `records_in_front_matter`); returns the post's path."""
    records = [s for s in stories if isinstance(s, dict)]
    headline = str(records[0].get("headline")) if records else "无"
    meta = {
        "title": title or f"AI 日报｜{headline}",
        "date": datetime.combine(day, time(8), tzinfo=ZONE),
        "slug": f"ai-daily-{day.isoformat()}",
        "authors": ["ainews"],
        "categories": ["AI 日报"],
        "tags": list(tags),
        "description": headline[:160],
        "keywords": list(tags),
        "image": f"assets/covers/{day.isoformat()}.png",
        "summary": [str(s.get("headline")) for s in records[:3]],
        "sources": [u for s in records for u in s.get("urls") or []],
        "items_read": items_read,
        "stories_kept": len(stories),
        "editor": "offline",
        "layout": "insight",
    }
    if records_in_front_matter:
        meta["stories"] = list(stories)
    post = docs / "blog" / "posts" / f"{day.isoformat()}.md"
    post.parent.mkdir(parents=True, exist_ok=True)
    if not records_in_front_matter:
        document = {"date": day.isoformat(), "stories": list(stories)}
        text = json.dumps(document, ensure_ascii=False, default=lambda d: d.isoformat())
        post.with_name(f"{day.isoformat()}.stories.json").write_text(text, encoding="utf-8")
    post.write_text(
        dump_front_matter(meta) + f"# {meta['title']}\n\n本日要闻。\n\n<!-- more -->\n\n正文。\n",
        encoding="utf-8",
    )
    cover_file = docs / "assets" / "covers" / f"{day.isoformat()}.png"
    cover_file.parent.mkdir(parents=True, exist_ok=True)
    cover_file.write_bytes(cover or tiny_png())
    return post
