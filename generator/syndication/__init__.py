"""What the built site publishes for readers and agents beyond its pages (issue 21 §3-4): the reader feeds (快讯,
全文 for mail, one per category and per top tag; RSS 2.0 and JSON Feed 1.1 each) and each day's stories.json.
Written after the build from docs/ and the built pages (`write_reader_feeds`)."""

from __future__ import annotations

from generator.syndication.build import MAIN_JSON_FEEDS, FeedsReport, write_reader_feeds
from generator.syndication.documents import Attachment, Entry, Feed, json_document, rss_document
from generator.syndication.issues import Archive, Issue, load_issues
from generator.syndication.items import FULL_ENTRIES, KUAIXUN_ENTRIES, KUAIXUN_LINES, STORY_ENTRIES
from generator.syndication.mail import mail_html
from generator.syndication.stories import STORIES_FILE, stories_data

__all__ = [
    "FULL_ENTRIES",
    "KUAIXUN_ENTRIES",
    "KUAIXUN_LINES",
    "MAIN_JSON_FEEDS",
    "STORIES_FILE",
    "STORY_ENTRIES",
    "Archive",
    "Attachment",
    "Entry",
    "Feed",
    "FeedsReport",
    "Issue",
    "json_document",
    "load_issues",
    "mail_html",
    "rss_document",
    "stories_data",
    "write_reader_feeds",
]
