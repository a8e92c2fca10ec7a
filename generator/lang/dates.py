"""Pure: dates as news feeds and pages write them, in English and Chinese: RFC 822, RFC 3339 and ISO 8601, Chinese
formats (2026年11月16日 20时30分), "GMT+8" offsets and China Standard Time.
"""

from __future__ import annotations

import re
from datetime import datetime, time, timedelta, timezone, tzinfo
from email.utils import parsedate_to_datetime
from zoneinfo import ZoneInfo

_CN_DATE = re.compile(
    r"^\s*(\d{4})\s*[年/-]\s*(\d{1,2})\s*[月/-]\s*(\d{1,2})\s*日?"
    r"(?:\s*(\d{1,2})[:：](\d{2})(?:[:：](\d{2}))?)?"
    r"\s*(?:(?:GMT|UTC)?\s*([+-])(\d{1,2})(?::?(\d{2}))?|(北京时间|CST))?\s*$"
)
_CN_TIME = re.compile(r"(\d{1,2})\s*[时點点]\s*(\d{1,2})\s*分(?:\s*(\d{1,2})\s*秒)?")  # 20时30分(15秒)
_GMT_OFFSET = re.compile(r"\b(?:GMT|UTC)\s*([+-])(\d{1,2})(?::?(\d{2}))?\b")
_CST = re.compile(r"\bCST\b")
_SHANGHAI = ZoneInfo("Asia/Shanghai")
_RFC822_DAY = re.compile(r"^(?:[A-Za-z]{3},?\s*)?(\d{1,2})\s+([A-Za-z]{3,9})\.?\s+(\d{4}|\d{2})$")
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


def parse_date(raw: str, zone: tzinfo) -> datetime | None:
    """RFC 822, RFC 3339 and Chinese formats, with or without a time; a date without a zone is read in `zone`.

    "GMT+8" style offsets are understood, and "CST" means China Standard Time when `zone` is UTC+8
    (email.utils reads it as US Central Time).
    """
    raw = (raw or "").strip()
    if not raw:
        return None
    raw = _CN_TIME.sub(lambda m: ":".join(f"{int(g):02d}" for g in m.groups() if g), raw)
    match = _CN_DATE.match(raw)
    if match:
        return _cn_date(match, zone)
    match = _RFC822_DAY.match(raw)
    if match:  # RFC 822 without a time: "Thu, 30 Apr 2026"
        return _rfc822_day(match, zone)
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


def _rfc822_day(match: re.Match[str], zone: tzinfo) -> datetime | None:
    day, month, year = match.groups()
    number = _MONTHS.index(month[:3].lower()) + 1 if month[:3].lower() in _MONTHS else 0
    try:
        return datetime(int(year) + (2000 if len(year) == 2 else 0), number, int(day), tzinfo=zone)
    except ValueError:
        return None


def is_date_only(value: datetime) -> bool:
    """True when `value` is a day rather than a moment: exactly 00:00:00 on its own clock.

    A date written without a time ("2026-04-30", "30 Apr 2026") parses to that; generators that know only the
    day write it too ("Fri, 14 Aug 2026 00:00:00 +0000", "2026-04-30T00:00:00Z"). A story really published at
    midnight to the second is rare, and treating it as date-only costs only the time of day in the post.
    """
    return value.timetz().replace(tzinfo=None) == time(0)
