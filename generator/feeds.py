"""Pure parsing: the bytes of one feed into clean FeedItems, and the date window."""

from __future__ import annotations

import calendar
import io
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
_GMT_OFFSET = re.compile(r"\b(?:GMT|UTC)\s*([+-])(\d{1,2})(?::?(\d{2}))?\b")
_CST = re.compile(r"\bCST\b")
_SHANGHAI = ZoneInfo("Asia/Shanghai")
_IMG_SRC = re.compile(r"""<img\b[^>]*?\bsrc\s*=\s*["']([^"']+)["']""", re.I)
MAX_TITLE = 200
MAX_SUMMARY = 1200
FUTURE_TOLERANCE = timedelta(minutes=10)  # clocks differ a little: no correction below this
FUTURE_CLAMP = timedelta(days=1)  # up to this far ahead (a wrong zone, typically) the fetch time is used


@dataclass(frozen=True)
class ParsedFeed:
    items: tuple[FeedItem, ...]
    dropped: int  # entries without a usable link or title
    undated: int  # entries without a date (they get the fetch time)
    future: int  # entries dated in the future: clamped to the fetch time, or dropped when far ahead
    warning: str = ""
    duplicates: int = 0  # entries repeating an earlier entry's guid or URL


def parse_date(raw: str, zone: tzinfo) -> datetime | None:
    """RFC 822, RFC 3339 and Chinese formats; a date without a zone is read in `zone`.

    "GMT+8" style offsets are understood, and "CST" means China Standard Time when `zone` is UTC+8
    (email.utils reads it as US Central Time).
    """
    raw = (raw or "").strip()
    if not raw:
        return None
    match = _CN_DATE.match(raw)
    if match:
        return _cn_date(match, zone)
    raw = _GMT_OFFSET.sub(lambda m: f"{m.group(1)}{int(m.group(2)):02d}{m.group(3) or '00'}", raw)
    if _CST.search(raw) and _is_utc8(zone):
        raw = _CST.sub("+0800", raw)
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


def _cn_date(match: re.Match[str], zone: tzinfo) -> datetime | None:
    year, month, day, hour, minute, second, sign, off_h, off_m, cst = match.groups()
    tz: tzinfo = zone
    if sign:
        delta = timedelta(hours=int(off_h), minutes=int(off_m or 0))
        tz = timezone(delta if sign == "+" else -delta)
    elif cst:
        tz = _SHANGHAI
    try:
        return datetime(
            int(year), int(month), int(day), int(hour or 0), int(minute or 0), int(second or 0), tzinfo=tz
        )
    except ValueError:
        return None


def _is_utc8(zone: tzinfo) -> bool:
    return datetime(2026, 1, 1, tzinfo=zone).utcoffset() == timedelta(hours=8)


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
    if (
        guid_parts.hostname == link_parts.hostname
        and not guid_parts.query
        and guid_parts.path not in ("", "/")
    ):
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
    base_url: str | None = None,
) -> ParsedFeed:
    """Parse one feed's bytes (feedparser reads the encoding from them and the headers).

    Not a feed at all is a FeedError; a malformed feed keeps the entries it has, with a warning; a valid
    feed without entries is an empty result. Relative links are resolved against `base_url` (the URL the
    feed came from, after redirects; the source's URL by default).
    """
    response_headers = {k.lower(): v for k, v in headers.items()}
    response_headers.setdefault("content-location", base_url or source.url)
    # A file object, never bytes: given bytes that look like a path, feedparser opens that local file.
    parsed = feedparser.parse(io.BytesIO(content), response_headers=response_headers)
    entries = parsed.get("entries") or []
    bozo = clean_line(str(parsed.get("bozo_exception", "")))[:120] if parsed.get("bozo") else ""
    if not entries:
        if parsed.get("version"):  # an RSS or Atom document, just empty (arXiv at weekends)
            return ParsedFeed((), 0, 0, 0, "; ".join(n for n in (bozo, "the feed has no entries") if n))
        raise FeedError(f"{source.name}: not a usable feed ({bozo or 'no entries'})")
    zone = ZoneInfo(source.timezone) if source.timezone else site_zone
    items: list[FeedItem] = []
    seen: set[str] = set()
    dropped = undated = future = duplicates = 0
    for entry in entries:
        link = _entry_link(entry)
        title = truncate(plain_text(entry.get("title", "")), MAX_TITLE)
        if not title or not link.startswith(("http://", "https://")):
            dropped += 1
            continue
        url = canonical_url(link)
        keys = {url, "guid:" + str(entry.get("id", ""))} - {"guid:"}
        if keys & seen:
            duplicates += 1
            continue
        seen |= keys
        published = _entry_date(entry, zone)
        dated = published is not None
        if published is None:
            undated += 1
            published = fetched_at
        elif published > fetched_at + FUTURE_TOLERANCE:
            future += 1
            if published > fetched_at + FUTURE_CLAMP:
                log.info("%s: dropped %s, dated %s (in the future)", source.name, url, published.isoformat())
                continue
            published = fetched_at
        items.append(_feed_item(entry, source, title, url, published, dated))
    notes = [bozo] + [
        f"{n} {what}"
        for n, what in (
            (dropped, "without a usable link or title"),
            (duplicates, "duplicate"),
            (future, "dated in the future"),
            (undated, "undated"),
        )
        if n
    ]
    return ParsedFeed(tuple(items), dropped, undated, future, "; ".join(n for n in notes if n), duplicates)


def _feed_item(
    entry: Mapping, source: SourceSettings, title: str, url: str, published: datetime, dated: bool
) -> FeedItem:
    summary_html = entry.get("summary", "") or next(
        (c.get("value", "") for c in entry.get("content") or []), ""
    )
    return FeedItem(
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


def window_bounds(day_start: datetime, hours: float) -> tuple[datetime, datetime]:
    """The window is the `hours` before `day_start` (the post date at the configured end time)."""
    return day_start - timedelta(hours=hours), day_start


def within_window(items: Iterable[FeedItem], start: datetime, end: datetime) -> list[FeedItem]:
    """Items published in [start, end)."""
    return [item for item in items if start <= item.published < end]
