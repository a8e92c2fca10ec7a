"""Pure parsing: the bytes of one feed into clean FeedItems, and the date window."""

from __future__ import annotations

import calendar
import logging
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import feedparser

from generator.config import SourceSettings
from generator.dedupe import canonical_url, item_id
from generator.errors import FeedError
from generator.models import FeedItem
from generator.text import clean_line, plain_text, truncate

log = logging.getLogger(__name__)

_CN_DATE = re.compile(
    r"^\s*(\d{4})\s*[年/-]\s*(\d{1,2})\s*[月/-]\s*(\d{1,2})\s*日?"
    r"(?:\s*(\d{1,2})[:：](\d{2})(?:[:：](\d{2}))?)?"
    r"\s*(?:(?:GMT|UTC)?\s*([+-])(\d{1,2})(?::?(\d{2}))?|(北京时间|CST))?\s*$"
)
_SHANGHAI = ZoneInfo("Asia/Shanghai")
_IMG_SRC = re.compile(r"""<img\b[^>]*?\bsrc\s*=\s*["']([^"']+)["']""", re.I)
MAX_TITLE = 200
MAX_SUMMARY = 1200


@dataclass(frozen=True)
class ParsedFeed:
    items: tuple[FeedItem, ...]
    dropped: int  # entries without a usable link or title
    undated: int
    future: int
    warning: str = ""


def parse_date(raw: str, zone: tzinfo) -> datetime | None:
    """RFC 822, RFC 3339 and Chinese formats; a date without a zone is read in `zone`."""
    raw = (raw or "").strip()
    if not raw:
        return None
    match = _CN_DATE.match(raw)
    if match:
        year, month, day, hour, minute, second, sign, off_h, off_m, cst = match.groups()
        tz: tzinfo = zone
        if sign:
            delta = timedelta(hours=int(off_h), minutes=int(off_m or 0))
            tz = timezone(delta if sign == "+" else -delta)
        elif cst:
            tz = _SHANGHAI
        try:
            return datetime(int(year), int(month), int(day), int(hour or 0), int(minute or 0), int(second or 0), tzinfo=tz)
        except ValueError:
            return None
    try:
        value = parsedate_to_datetime(raw)
    except (TypeError, ValueError, IndexError):
        value = None
    if value is None:
        try:
            value = datetime.fromisoformat(raw.replace("Z", "+00:00"))
        except ValueError:
            return None
    if value.tzinfo is None or "-0000" in raw:
        value = value.replace(tzinfo=zone)
    return value


def _register_cn_dates() -> None:
    """Make feedparser itself read Chinese dates (as Beijing time when no zone is given)."""

    def handler(raw: str) -> tuple[int, ...] | None:
        if not _CN_DATE.match(raw or ""):
            return None
        value = parse_date(raw, _SHANGHAI)
        return value.astimezone(UTC).timetuple() if value else None

    feedparser.registerDateHandler(handler)


_register_cn_dates()


def _entry_date(entry: Mapping, zone: tzinfo) -> datetime | None:
    for key in ("published", "updated", "created", "dc_date"):
        value = parse_date(entry.get(key, ""), zone)
        if value:
            return value
    for key in ("published_parsed", "updated_parsed"):
        parsed = entry.get(key)
        if parsed:
            return datetime.fromtimestamp(calendar.timegm(parsed), UTC)
    return None


def _entry_link(entry: Mapping) -> str:
    """The item's link; the guid instead when it is a clean permalink on the same host (feedparser hides
    isPermaLink once a link exists, so a query-less guid URL on the link's host is taken as the permalink)."""
    guid = str(entry.get("id", ""))
    link = str(entry.get("link", ""))
    if not guid.startswith(("http://", "https://")):
        return link
    if not link or entry.get("guidislink"):
        return guid
    guid_parts, link_parts = urlsplit(guid), urlsplit(link)
    if guid_parts.hostname == link_parts.hostname and not guid_parts.query and guid_parts.path not in ("", "/"):
        return guid
    return link


def _entry_image(entry: Mapping) -> str | None:
    for key in ("media_content", "media_thumbnail"):
        for media in entry.get(key) or []:
            url = media.get("url", "")
            if url.startswith(("http://", "https://")) and media.get("medium", "image") == "image":
                return url
    for link in entry.get("links") or []:
        if link.get("rel") == "enclosure" and str(link.get("type", "")).startswith("image/"):
            href = link.get("href", "")
            if href.startswith(("http://", "https://")):
                return href
    for block in [entry.get("summary", "")] + [c.get("value", "") for c in entry.get("content") or []]:
        match = _IMG_SRC.search(block or "")
        if match and match.group(1).startswith(("http://", "https://")):
            return match.group(1)
    return None


def parse_feed(
    content: bytes,
    headers: Mapping[str, str],
    source: SourceSettings,
    site_zone: tzinfo,
    fetched_at: datetime,
) -> ParsedFeed:
    """Parse one feed. No entries at all is a FeedError; a malformed feed with entries is kept."""
    parsed = feedparser.parse(content, response_headers={k.lower(): v for k, v in headers.items()})
    entries = parsed.get("entries") or []
    if not entries:
        reason = str(parsed.get("bozo_exception") or "no entries") if parsed.get("bozo") else "no entries"
        raise FeedError(f"{source.name}: not a usable feed ({clean_line(reason)[:120]})")
    zone = ZoneInfo(source.timezone) if source.timezone else site_zone
    items: list[FeedItem] = []
    dropped = undated = future = 0
    for entry in entries:
        link = _entry_link(entry)
        title = truncate(plain_text(entry.get("title", "")), MAX_TITLE)
        if not title or not link.startswith(("http://", "https://")):
            dropped += 1
            continue
        url = canonical_url(link)
        published = _entry_date(entry, zone)
        dated = published is not None
        if published is None:
            undated += 1
            published = fetched_at
        elif published > fetched_at + timedelta(minutes=10):
            future += 1
            published = fetched_at
        summary_html = entry.get("summary", "") or next((c.get("value", "") for c in entry.get("content") or []), "")
        items.append(
            FeedItem(
                id=item_id(url),
                source=source.name,
                title=title,
                url=url,
                published=published,
                summary=truncate(plain_text(summary_html), MAX_SUMMARY),
                image=_entry_image(entry),
                language=source.language,
                region=source.region,
                weight=source.weight,
                full_text=source.full_text,
                dated=dated,
            )
        )
    warning = clean_line(str(parsed.get("bozo_exception", "")))[:120] if parsed.get("bozo") else ""
    return ParsedFeed(tuple(items), dropped, undated, future, warning)


def window_bounds(day_start: datetime, hours: float) -> tuple[datetime, datetime]:
    """The window is the `hours` before `day_start` (the post date at the configured end time)."""
    return day_start - timedelta(hours=hours), day_start


def within_window(items: Iterable[FeedItem], start: datetime, end: datetime) -> list[FeedItem]:
    """Items published in [start, end)."""
    return [item for item in items if start <= item.published < end]
