"""Every feed and data file the site publishes, checked against its format (what CI validates on each run).

RSS 2.0 (rssboard.org/rss-specification): a well-formed document (lxml, no recovery) with `<rss version="2.0">`;
a channel with title, link and description; each item with a title or a description; a guid unique in the feed,
and with isPermaLink="true" an absolute http(s) URL; RFC 822 dates with a numeric zone; an enclosure with url,
length in bytes and type; the channel's pubDate and lastBuildDate its newest item's. JSON Feed 1.1: the schema
tests/data/jsonfeed-1.1.schema.json (written from jsonfeed.org/version/1.1), validated by the `jsonschema`
library, plus ids unique in the feed. stories.json: docs/schemas/stories-1.schema.json, the schema the site
publishes. Every HTML carried by a feed has no script, no event handler and no javascript: link.
"""

from __future__ import annotations

import email.utils
import json
import re
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from pathlib import Path

import lxml.html
from jsonschema import Draft202012Validator
from lxml import etree

ROOT = Path(__file__).resolve().parents[1]
JSON_FEED_SCHEMA = ROOT / "tests" / "data" / "jsonfeed-1.1.schema.json"
STORIES_SCHEMA = ROOT / "docs" / "schemas" / "stories-1.schema.json"
STRICT_XML = etree.XMLParser(recover=False, resolve_entities=False, no_network=True, huge_tree=False)
CONTENT = "{http://purl.org/rss/1.0/modules/content/}encoded"
ATOM_LINK = "{http://www.w3.org/2005/Atom}link"
RFC822 = re.compile(
    r"(?:[A-Z][a-z]{2}, )?\d{1,2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}(?::\d{2})? (?!-0000)[+-]\d{4}"
)


@dataclass(frozen=True)
class Item:
    """One entry of a feed as the checks read it, in either format."""

    guid: str
    link: str
    title: str
    published: datetime
    updated: datetime | None
    html: str
    full: str
    attachments: tuple[str, ...]


@cache
def _validator(path: Path) -> Draft202012Validator:
    schema = json.loads(path.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def schema_errors(data: object, schema: Path) -> list[str]:
    """What is wrong with `data` under the JSON Schema at `schema` (empty when it is valid)."""
    return [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in _validator(schema).iter_errors(data)
    ]


def safe_html(fragment: str) -> list[str]:
    """Scripts, event handlers and javascript: links in an HTML fragment (none in a safe one)."""
    if not fragment.strip():
        return []
    problems = []
    for element in lxml.html.fragments_fromstring(f"<div>{fragment}</div>")[0].iter():
        if not isinstance(element.tag, str):
            continue
        if element.tag in ("script", "iframe", "object", "embed", "form", "style"):
            problems.append(f"<{element.tag}>")
        for name, value in element.attrib.items():
            if name.lower().startswith("on") or value.strip().lower().startswith("javascript:"):
                problems.append(f"{element.tag} {name}={value!r}")
    return problems


def check_rss(data: bytes, self_url: str | None = None) -> list[Item]:
    """Parse an RSS feed strictly and check it against RSS 2.0 (module docstring). Returns its items."""
    root = etree.fromstring(data, STRICT_XML)
    assert root.tag == "rss" and root.get("version") == "2.0"
    texts = [t.strip() for t in root.itertext()] + [v for el in root.iter() for v in el.attrib.values()]
    assert "None" not in texts and "null" not in texts, "a missing value was printed"
    channel = root.find("channel")
    for name in ("title", "link", "description"):
        assert channel.findtext(name), f"channel without {name}"
    if self_url is not None:
        (link,) = channel.findall(ATOM_LINK)
        assert link.get("href") == self_url and link.get("rel") == "self"
    image = channel.find("image")
    if image is not None:
        assert image.findtext("url") and image.findtext("title") and image.findtext("link")
    items, guids = [], set()
    for item in channel.findall("item"):
        title, description = item.findtext("title") or "", item.findtext("description") or ""
        assert title or description, "an item without title and description"
        guid = item.find("guid")
        assert guid is not None and guid.text and guid.text not in guids, f"guid of {title!r}"
        guids.add(guid.text)
        if guid.get("isPermaLink", "true") == "true":
            assert re.match(r"https?://\S+$", guid.text), guid.text
        raw = item.findtext("pubDate") or ""
        assert RFC822.fullmatch(raw), f"pubDate {raw!r}"
        for enclosure in item.findall("enclosure"):
            assert enclosure.get("url") and enclosure.get("type")
            assert (enclosure.get("length") or "").isdigit()
        full = item.findtext(CONTENT) or ""
        assert not safe_html(description) and not safe_html(full), title
        items.append(
            Item(
                guid.text,
                item.findtext("link") or "",
                title,
                email.utils.parsedate_to_datetime(raw),
                None,
                description,
                full,
                (),
            )
        )
    if items:
        newest = max(i.published for i in items)
        for name in ("pubDate", "lastBuildDate"):
            assert email.utils.parsedate_to_datetime(channel.findtext(name)) == newest, name
    return items


def check_json_feed(data: bytes, self_url: str | None = None) -> list[Item]:
    """Parse a JSON Feed strictly and validate it against JSON Feed 1.1's schema. Returns its items."""
    feed = json.loads(data.decode("utf-8"), parse_constant=_no_constant)
    assert schema_errors(feed, JSON_FEED_SCHEMA) == []
    if self_url is not None:
        assert feed["feed_url"] == self_url
    ids = [item["id"] for item in feed["items"]]
    assert len(ids) == len(set(ids)), "ids repeat"
    items = []
    for item in feed["items"]:
        assert not safe_html(item.get("content_html", "")), item["id"]
        modified = item.get("date_modified")
        items.append(
            Item(
                item["id"],
                item.get("url", ""),
                item.get("title", ""),
                datetime.fromisoformat(item["date_published"]),
                datetime.fromisoformat(modified) if modified else None,
                item.get("content_html", ""),
                "",
                tuple(a["url"] for a in item.get("attachments", ())),
            )
        )
    return items


def check_stories(data: bytes) -> dict:
    """A stories.json validated against the schema the site publishes; returns it."""
    document = json.loads(data.decode("utf-8"), parse_constant=_no_constant)
    assert schema_errors(document, STORIES_SCHEMA) == []
    return document


def _no_constant(name: str) -> object:
    raise ValueError(f"{name} is not JSON")
