"""A reader feed as its two documents: RSS 2.0 (rssboard.org/rss-specification) and JSON Feed 1.1
(jsonfeed.org/version/1.1). Pure: a Feed in, bytes out.

RSS 2.0: a channel needs title, link and description; an item title or description; `guid` with isPermaLink="true"
is the item's permanent URL; dates are RFC 822 with a numeric zone; an enclosure has url, length (bytes) and type;
the channel's pubDate and lastBuildDate are its newest item's (the content's date, not the build's: a rebuild
changes nothing). Full content goes into `content:encoded` (the RSS content module, purl.org/rss/1.0/modules/
content/), which RSS-to-e-mail services read as an item's full content. `atom:link rel="self"` names the feed's
own address (RSS Advisory Board's best practices). Written with ElementTree, so every text is escaped for XML.

JSON Feed 1.1: version, title and items are required; `home_page_url` and `feed_url` given; each item has `id`
(here the same permanent URL as the RSS guid), `url`, `content_html` (and `summary`), RFC 3339 dates,
`tags`, `image`, and `attachments` (url, mime_type, title, size_in_bytes): the day's stories.json.
"""

from __future__ import annotations

import email.utils
import json
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from datetime import datetime

CONTENT_NS = "http://purl.org/rss/1.0/modules/content/"
ATOM_NS = "http://www.w3.org/2005/Atom"
JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"
ET.register_namespace("content", CONTENT_NS)
ET.register_namespace("atom", ATOM_NS)


@dataclass(frozen=True)
class Attachment:
    """A file related to an item (JSON Feed `attachments`): its absolute URL, MIME type, title, size in bytes."""

    url: str
    mime_type: str
    title: str
    size: int


@dataclass(frozen=True)
class Entry:
    """One item. `link` is its permanent address and also its guid / id (it never changes after publication);
    `summary` plain text; `content_html` the item's HTML (RSS description, JSON Feed content_html); `full_html`
    the mail-ready full content (RSS content:encoded; JSON Feed content_html when given); `image` the cover's
    absolute URL and `image_length` its size in bytes (0: no enclosure)."""

    link: str
    title: str
    published: datetime
    updated: datetime
    summary: str
    content_html: str
    tags: tuple[str, ...] = ()
    full_html: str = ""
    image: str = ""
    image_length: int = 0
    attachments: tuple[Attachment, ...] = ()


@dataclass(frozen=True)
class Feed:
    """A feed: its title, what it carries (`description`), the site's home page, its own two addresses, the
    site's language and logo URL ("" for none), and its entries, newest first."""

    title: str
    description: str
    home: str
    rss_url: str
    json_url: str
    language: str
    logo: str
    entries: tuple[Entry, ...] = field(default_factory=tuple)


def rss_document(feed: Feed) -> bytes:
    """The feed as an RSS 2.0 document (UTF-8, with its XML declaration)."""
    rss = ET.Element("rss", {"version": "2.0"})
    channel = ET.SubElement(rss, "channel")
    _text(channel, "title", feed.title)
    _text(channel, "link", feed.home)
    _text(channel, "description", feed.description)
    ET.SubElement(
        channel, f"{{{ATOM_NS}}}link", {"href": feed.rss_url, "rel": "self", "type": "application/rss+xml"}
    )
    _text(channel, "language", feed.language)
    if feed.entries:
        newest = email.utils.format_datetime(max(e.published for e in feed.entries))
        _text(channel, "pubDate", newest)
        _text(channel, "lastBuildDate", newest)
    if feed.logo:
        image = ET.SubElement(channel, "image")
        for name, value in (("url", feed.logo), ("title", feed.title), ("link", feed.home)):
            _text(image, name, value)
    for entry in feed.entries:
        item = ET.SubElement(channel, "item")
        _text(item, "title", entry.title)
        _text(item, "link", entry.link)
        _text(item, "description", entry.content_html or entry.summary)
        if entry.full_html:
            _text(item, f"{{{CONTENT_NS}}}encoded", entry.full_html)
        for tag in entry.tags:
            _text(item, "category", tag)
        ET.SubElement(item, "guid", {"isPermaLink": "true"}).text = entry.link
        _text(item, "pubDate", email.utils.format_datetime(entry.published))
        if entry.image and entry.image_length:
            attributes = {"url": entry.image, "length": str(entry.image_length), "type": "image/png"}
            ET.SubElement(item, "enclosure", attributes)
    return ET.tostring(rss, encoding="utf-8", xml_declaration=True)


def _text(parent: ET.Element, tag: str, text: str) -> None:
    ET.SubElement(parent, tag).text = text


def json_document(feed: Feed, author: str) -> bytes:
    """The feed as a JSON Feed 1.1 document (UTF-8, compact); `author` names the feed's author."""
    data: dict[str, object] = {
        "version": JSON_FEED_VERSION,
        "title": feed.title,
        "home_page_url": feed.home,
        "feed_url": feed.json_url,
        "description": feed.description,
        "language": feed.language,
        "authors": [{"name": author}],
    }
    if feed.logo:
        data["icon"] = feed.logo
    data["items"] = [_json_item(entry) for entry in feed.entries]
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _json_item(entry: Entry) -> dict[str, object]:
    item: dict[str, object] = {
        "id": entry.link,
        "url": entry.link,
        "title": entry.title,
        "content_html": entry.full_html or entry.content_html or entry.summary,
        "summary": entry.summary,
        "date_published": entry.published.isoformat(),
        "date_modified": entry.updated.isoformat(),
        "tags": list(entry.tags),
    }
    if entry.image:
        item["image"] = entry.image
    if entry.attachments:
        item["attachments"] = [
            {"url": a.url, "mime_type": a.mime_type, "title": a.title, "size_in_bytes": a.size}
            for a in entry.attachments
        ]
    return item
