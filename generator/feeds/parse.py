"""Pure parsing: the bytes of one feed into clean FeedItems, and the date window.

How one entry is read (its link, text and image) lives in `generator.feeds.entry`.
"""

from __future__ import annotations

import calendar
import codecs
import io
import logging
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from zoneinfo import ZoneInfo

import feedparser

from generator.errors import FeedError
from generator.extract import codec_name, mostly_decodes
from generator.feeds.entry import detail_text, entry_image, entry_link, item_id, strip_boilerplate
from generator.lang import is_date_only, parse_date
from generator.models import FeedItem, FeedSource
from generator.text import clean_line, truncate
from generator.urls import canonical_url, is_http, strip_local_urls

log = logging.getLogger(__name__)

_CHAR_REF = re.compile(rb"&#(?:[xX]([0-9a-fA-F]+)|([0-9]+));")
_XML_ENCODING = re.compile(rb"^(?:\xef\xbb\xbf)?\s*<\?xml[^>]*?encoding\s*=\s*[\"']([\w.:-]+)[\"']")
_UTF16_32_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)
MAX_TITLE = 200
MAX_SUMMARY = 1200
FUTURE_TOLERANCE = timedelta(minutes=10)  # clocks differ a little: no correction below this
FUTURE_CLAMP = timedelta(days=1)  # up to this far ahead (a wrong zone, typically) the fetch time is used


@dataclass(frozen=True)
class ParsedFeed:
    """One feed parsed: its items and counts of what was dropped or changed (no link or title, no date,
    dated in the future, duplicates), plus a warning line for the health table.
    """

    items: tuple[FeedItem, ...]
    dropped: int  # entries without a usable link or title
    undated: int  # entries without a date (they get the fetch time)
    future: int  # entries dated in the future: clamped to the fetch time, or dropped when far ahead
    warning: str = ""
    duplicates: int = 0  # entries repeating an earlier entry's guid or URL


def _entry_date(entry: Mapping, zone: tzinfo) -> tuple[datetime, bool] | None:
    """(published, date_only) from the entry's raw date strings, then from feedparser's parsed UTC tuples."""
    for key in ("published", "updated", "created", "dc_date"):
        value = parse_date(str(entry.get(key) or ""), zone)
        if value:
            return value, is_date_only(value)
    for key in ("published_parsed", "updated_parsed"):
        parsed = entry.get(key)
        if parsed:
            return datetime.fromtimestamp(calendar.timegm(parsed), UTC), False
    return None


def _clean_char_refs(content: bytes) -> bytes:
    """Numeric character references that name no character (a lone UTF-16 surrogate, anything above U+10FFFF)
    make feedparser raise. A high and a low surrogate in a row (how JavaScript writes an emoji) become the
    character they encode; any other such reference is removed. Bytes of ASCII-compatible encodings only."""
    out, last, pending = [], 0, None
    for match in _CHAR_REF.finditer(content):
        hex_digits, digits = match.groups()
        code = int(hex_digits, 16) if hex_digits else int(digits)
        if code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF:
            pending = None
            continue
        if pending and pending[1] == match.start() and 0xDC00 <= code <= 0xDFFF:
            out.append(content[last : pending[0]])
            out.append(b"&#x%X;" % (0x10000 + ((pending[2] - 0xD800) << 10) + (code - 0xDC00)))
            last, pending = match.end(), None
            continue
        out.append(content[last : match.start()])
        last = match.end()
        pending = (match.start(), match.end(), code) if 0xD800 <= code <= 0xDBFF else None
    return b"".join(out) + content[last:] if out else content


def _decoding_fix(content: bytes, headers: Mapping[str, str]) -> tuple[bytes, dict[str, str]]:
    """(content, headers) for feedparser, so that UTF-8 is read as UTF-8 — the rule pages follow too
    (generator.extract.decode): valid UTF-8 is read as UTF-8 whatever other charset the feed or its server
    declares; bytes that mostly decode as UTF-8 (declared UTF-8 or undeclared) are decoded with U+FFFD for the few
    that do not (extract.mostly_decodes). feedparser would read either whole document in a single-byte codec
    (mojibake in every item). The charset goes in the Content-Type header, which feedparser reads first
    (RFC 3023)."""
    headers = dict(headers)
    if content.isascii() or content.startswith(_UTF16_32_BOMS):
        return content, headers
    media_type, _, params = headers.get("content-type", "application/xml").partition(";")
    header_charset = re.search(r"charset\s*=\s*[\"']?([\w.:-]+)", params, re.I)
    xml_charset = _XML_ENCODING.search(content[:300])
    labels = [header_charset.group(1)] if header_charset else []
    labels += [xml_charset.group(1).decode("ascii", "replace")] if xml_charset else []
    declared = {codec_name(label) or label.lower() for label in labels}
    try:
        content.decode("utf-8")
        valid = True
    except UnicodeDecodeError:
        valid = False
    if valid and declared - {"utf-8"}:
        pass  # valid UTF-8, declared in another charset: read it as UTF-8
    elif not valid and declared <= {"utf-8"} and (text := mostly_decodes(content, "utf-8")) is not None:
        content = text.encode("utf-8")
    else:
        return content, headers
    headers["content-type"] = f"{media_type.strip()}; charset=utf-8"
    return content, headers


def parse_feed(
    content: bytes,
    headers: Mapping[str, str],
    source: FeedSource,
    site_zone: tzinfo,
    fetched_at: datetime,
    base_url: str | None = None,
) -> ParsedFeed:
    """Parse one feed's bytes (feedparser reads the encoding from them and the headers) into clean FeedItems.

    Not a feed at all is a FeedError; so is any failure of the parser, whatever it raises. A malformed feed
    keeps the entries it has, with a warning; a valid feed without entries is an empty result; an entry that
    cannot be read is dropped and counted. Links follow `entries.entry_link` (relative ones resolved against
    `base_url`, the URL the feed came from after redirects; the source's URL by default). A date without a
    time of day gives `date_only=True`, published at 00:00 of that day on the feed's clock (see is_date_only).

    Raises:
        FeedError: the bytes are no usable feed, with the reason in plain words.
    """
    try:
        return _parse_feed(content, headers, source, site_zone, fetched_at, base_url or source.url)
    except FeedError:
        raise
    except Exception as error:  # noqa: BLE001 - one broken source must never end the run
        log.debug("parsing %s failed", source.name, exc_info=True)
        reason = clean_line(f"{type(error).__name__}: {error}")[:160]
        raise FeedError(f"{source.name}: the feed could not be parsed ({reason})") from error


def _parse_feed(
    content: bytes,
    headers: Mapping[str, str],
    source: FeedSource,
    site_zone: tzinfo,
    fetched_at: datetime,
    base_url: str,
) -> ParsedFeed:
    content, response_headers = _decoding_fix(
        _clean_char_refs(content), {k.lower(): v for k, v in headers.items()}
    )
    # A file object, never bytes: given bytes that look like a path, feedparser opens that local file. No base
    # URL (no content-location): feedparser would resolve ids against it and report them as links. No
    # sanitizing: every text is reduced to plain text here, and lazy-loading attributes (data-src) must survive.
    # No resolving of URIs inside HTML text: the resolver reads HTML with an SGML parser that drops a CDATA
    # section with all it holds (an escaped `&lt;![CDATA[…]]&gt;` summary came out empty); the links and images
    # we use are resolved by generator.entries.
    parsed = feedparser.parse(
        io.BytesIO(content),
        response_headers=response_headers,
        sanitize_html=False,
        resolve_relative_uris=False,
    )
    entries = parsed.get("entries") or []
    bozo = clean_line(str(parsed.get("bozo_exception", "")))[:120] if parsed.get("bozo") else ""
    version = str(parsed.get("version") or "")
    if not entries:
        if version:  # an RSS or Atom document, just empty (arXiv at weekends)
            return ParsedFeed((), 0, 0, 0, "; ".join(n for n in (bozo, "the feed has no entries") if n))
        raise FeedError(f"{source.name}: not a usable feed ({bozo or 'no entries'})")
    zone = ZoneInfo(source.timezone) if source.timezone else site_zone
    context = _Context(source, zone, fetched_at, version, base_url)
    items: list[FeedItem] = []
    seen: set[str] = set()
    counts = dict.fromkeys(("dropped", "duplicate", "future", "undated"), 0)
    for entry in entries:
        item, flags = _entry_item(entry, context)
        keys = {item.url, "guid:" + str(entry.get("id") or "")} - {"guid:"} if item is not None else set()
        if keys & seen:
            flags = ("duplicate",)
        seen |= keys
        for flag in flags:
            counts[flag] += 1
        if item is not None and "duplicate" not in flags:
            items.append(item)
    return _result(items, counts, bozo)


def _result(items: list[FeedItem], counts: Mapping[str, int], bozo: str) -> ParsedFeed:
    notes = [bozo] + [
        f"{counts[key]} {what}"
        for key, what in (
            ("dropped", "without a usable link or title"),
            ("duplicate", "duplicate"),
            ("future", "dated in the future"),
            ("undated", "undated"),
        )
        if counts[key]
    ]
    warning = "; ".join(n for n in notes if n)
    return ParsedFeed(
        tuple(items), counts["dropped"], counts["undated"], counts["future"], warning, counts["duplicate"]
    )


@dataclass(frozen=True)
class _Context:
    source: FeedSource
    zone: tzinfo  # for dates written without a zone
    fetched_at: datetime
    version: str  # feedparser's version of the feed ("rss20", "atom10" …)
    base_url: str  # the URL the feed came from


def _entry_item(entry: Mapping, context: _Context) -> tuple[FeedItem | None, tuple[str, ...]]:
    """One entry as a FeedItem (None when it is dropped) and what to count about it ("dropped", "future",
    "undated"). An entry whose fields cannot be read at all is dropped, with the reason logged."""
    try:
        link = entry_link(entry, context.version, context.base_url)
        title = truncate(strip_local_urls(detail_text(entry.get("title_detail"), context.version)), MAX_TITLE)
    except Exception:  # noqa: BLE001 - an entry that cannot be read is one dropped entry
        log.warning("%s: an entry could not be read", context.source.name, exc_info=True)
        return None, ("dropped",)
    if not title or not is_http(link):
        return None, ("dropped",)
    url = canonical_url(link)
    dated = _entry_date(entry, context.zone)
    published, date_only = dated or (context.fetched_at, False)
    flags = () if dated else ("undated",)
    if dated and published > context.fetched_at + FUTURE_TOLERANCE:
        if published > context.fetched_at + FUTURE_CLAMP:
            log.info(
                "%s: dropped %s, dated %s (in the future)", context.source.name, url, published.isoformat()
            )
            return None, ("future",)
        published, date_only, flags = context.fetched_at, False, ("future",)
    source = context.source
    return FeedItem(
        id=item_id(url),
        source=source.name,
        title=title,
        url=url,
        published=published,
        summary=_summary(entry, context.version, title),
        image=entry_image(entry, context.base_url),
        language=source.language,
        region=source.region,
        weight=source.weight,
        full_text=source.full_text,
        topic=source.topic,
        dated=dated is not None,
        date_only=date_only,
    ), flags


def _summary(entry: Mapping, version: str, title: str) -> str:
    """The summary (or the first content) as plain text, without boilerplate (generator.feeds.entry) and without
    URLs no reader can follow (urls.strip_local_urls); "" when it only repeats the title or is only boilerplate.
    The credits glued to it (bylines, datelines) are the extract package's to remove (ingest.fetch_sources)."""
    details = [entry.get("summary_detail")] + list(entry.get("content") or [])
    text = next((t for t in (detail_text(d, version, keep_paragraphs=True) for d in details) if t), "")
    text = truncate(strip_boilerplate(strip_local_urls(text)), MAX_SUMMARY)
    return "" if text.casefold() == title.casefold() else text


def window_closes(day: date, window_end: time, zone: tzinfo) -> datetime:
    """When the window of day D's post closes: D at `window_end` in `zone` (an aware datetime)."""
    return datetime.combine(day, window_end, tzinfo=zone)


def latest_closed_day(now: datetime, window_end: time, zone: tzinfo) -> date:
    """The latest day whose window has closed at `now` (an aware datetime): today from `window_end` on, else
    yesterday."""
    today = now.astimezone(zone).date()
    return today if now >= window_closes(today, window_end, zone) else today - timedelta(days=1)


def window_bounds(day_start: datetime, hours: float) -> tuple[datetime, datetime]:
    """The window is the `hours` before `day_start` (the post date at the configured end time)."""
    return day_start - timedelta(hours=hours), day_start


def within_window(items: Iterable[FeedItem], start: datetime, end: datetime) -> list[FeedItem]:
    """Items published in [start, end); a date-only item when its day overlaps [start, end).

    A date-only item's day runs from its `published` (00:00 of that day on the feed's clock) to the next 00:00,
    so with a window ending at 08:00 an item for day X belongs to the windows ending X 08:00 and X+1 08:00
    (the memory of recent posts stops it from appearing twice). Its `published` stays 00:00 of that day, the
    earliest moment the feed allows, so it sorts before the day's timed items.
    """
    return [item for item in items if _overlaps(item, start, end)]


def _overlaps(item: FeedItem, start: datetime, end: datetime) -> bool:
    if not item.date_only:
        return start <= item.published < end
    next_day = datetime.combine(
        item.published.date() + timedelta(days=1), time(0), tzinfo=item.published.tzinfo
    )
    return item.published < end and next_day > start


def place_undated(
    items: Iterable[FeedItem], start: datetime, end: datetime, seen_at: datetime, grace: timedelta
) -> tuple[list[FeedItem], int]:
    """Give items without a date a place in the window [start, end), or leave them out.

    An undated item can only be said to have appeared by `seen_at` (when this run fetched it). When the run comes
    before `end + grace` (the day's own run, or a retry that morning) the item is filed under this window at
    `seen_at` clamped into it; a later run (a backfill of a past day) cannot tell when it appeared, so it is left
    out. Returns (the items, dated ones unchanged and undated ones placed; how many undated ones were left out).
    """
    placed: list[FeedItem] = []
    left_out = 0
    last = end - timedelta(seconds=1)
    for item in items:
        if item.dated:
            placed.append(item)
        elif seen_at < end + grace:
            placed.append(replace(item, published=min(max(seen_at, start), last)))
        else:
            left_out += 1
    return placed, left_out
