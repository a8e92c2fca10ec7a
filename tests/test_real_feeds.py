"""Seven real feeds (../shared/data/feeds/, see its README) read by parse_feed: every item's link is the article
URL the feed gives, every title is its clean text, every date is read (date-only ones as date-only).

The expected values are read from the raw XML with lxml, independently of feedparser.
"""

from __future__ import annotations

from datetime import datetime
from email.utils import parsedate_to_datetime
from pathlib import Path
from urllib.parse import urljoin
from zoneinfo import ZoneInfo

import pytest
from lxml import etree

from generator.feeds.parse import MAX_TITLE, parse_feed
from generator.models import FeedSource
from generator.text import clean_line, truncate, xml_text
from generator.urls import canonical_url

FEEDS = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "feeds"
ATOM = "{http://www.w3.org/2005/Atom}"
SHANGHAI = ZoneInfo("Asia/Shanghai")
NOW = datetime(2027, 1, 1, tzinfo=SHANGHAI)  # after every item: nothing is clamped as "in the future"

pytestmark = pytest.mark.skipif(not FEEDS.is_dir(), reason="real feeds absent (../shared/data/feeds)")


def expected_entries(path: Path, base_url: str) -> list[tuple[str, str, datetime]]:
    """(article URL, title text, date) per entry: RSS <link> and <pubDate>; Atom's alternate <link> (rel
    absent or "alternate") and <published>, else <updated>."""
    root = etree.parse(str(path)).getroot()
    found = []
    if root.tag == ATOM + "feed":
        for entry in root.iter(ATOM + "entry"):
            hrefs = [
                x.get("href")
                for x in entry.findall(ATOM + "link")
                if x.get("rel", "alternate") == "alternate"
            ]
            raw = entry.findtext(ATOM + "published") or entry.findtext(ATOM + "updated")
            value = datetime.fromisoformat(raw.strip())
            found.append((urljoin(base_url, hrefs[0]), entry.findtext(ATOM + "title"), value))
    else:
        for item in root.iter("item"):
            value = parsedate_to_datetime(item.findtext("pubDate").strip())
            found.append((urljoin(base_url, item.findtext("link").strip()), item.findtext("title"), value))
    return found


@pytest.mark.parametrize("path", sorted(FEEDS.glob("*.xml")) if FEEDS.is_dir() else [], ids=lambda p: p.stem)
def test_real_feed(path: Path) -> None:
    base_url = f"https://mirror.example/feeds/{path.name}"
    parsed = parse_feed(path.read_bytes(), {}, FeedSource(name=path.stem, url=base_url), SHANGHAI, NOW)
    expected = {
        canonical_url(url): (title, value) for url, title, value in reversed(expected_entries(path, base_url))
    }
    assert parsed.dropped == 0 and parsed.future == 0 and parsed.undated == 0
    assert len(parsed.items) + parsed.duplicates == len(expected_entries(path, base_url))
    for item in parsed.items:
        assert item.url in expected, f"{item.title!r}: {item.url} is no article link of the feed"
        title, value = expected[item.url]
        assert item.title == truncate(clean_line(title), MAX_TITLE)
        assert xml_text(item.title) == item.title
        assert item.published == value and item.dated
        assert item.date_only == (value.timetz().replace(tzinfo=None) == datetime.min.time())
        assert xml_text(item.summary) == item.summary
