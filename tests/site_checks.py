"""Checks of a built site shared by the end-to-end and site tests: the feeds parsed strictly, Chinese line breaks.

RSS 2.0: rssboard.org/rss-specification (required channel and item elements, RFC 822 dates, e-mail addresses in
<author>, <enclosure> with url, length in bytes and type). JSON Feed 1.1: jsonfeed.org/version/1.1 (RFC 3339
dates). The sitemap protocol: sitemaps.org/protocol.html (W3C Datetime in <lastmod>).
"""

from __future__ import annotations

import email.utils
import json
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from urllib.parse import unquote, urlsplit

import lxml.html
from lxml import etree

STRICT_XML = etree.XMLParser(recover=False, resolve_entities=False, no_network=True, huge_tree=False)
DC = "http://purl.org/dc/elements/1.1/"
SITEMAP = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}
# RSS 2.0's e-mail form: "address" or "address (Name)".
ADDRESS = re.compile(r"[^@\s()<>]+@[^@\s()<>]+\.[^@\s()<>]+(?: \([^()]+\))?")
# RFC 822 as RSS 2.0 uses it, with a numeric zone ("-0000" says the zone is unknown, so it is refused).
RFC822 = re.compile(
    r"(?:[A-Z][a-z]{2}, )?\d{1,2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}(?::\d{2})? (?!-0000)[+-]\d{4}"
)
RFC3339 = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})")
# Han, kana, CJK symbols and punctuation, full-width forms.
CJK = "[\u2e80-\u303f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef]"
CJK_LINE_BREAK = re.compile(f"{CJK}[ \\t]*\\n\\s*{CJK}")


@dataclass(frozen=True)
class FeedItem:
    """One item of a site feed, as the checks read it."""

    title: str
    link: str
    published: datetime
    description: str
    categories: tuple[str, ...]
    image: str


def site_file(site: Path, url: str, site_url: str) -> Path:
    """The file in the built site that a URL under site_url points to (asserts that it is under site_url)."""
    assert url.startswith(site_url), f"{url} is not under {site_url}"
    base = urlsplit(site_url).path
    path = site / unquote(urlsplit(url).path)[len(base) :]
    assert path.is_file(), f"{url}: no such file in the built site"
    return path


def rss_items(site: Path, name: str, site_url: str, language: str) -> list[FeedItem]:
    """Parse an RSS feed of the site with lxml (no recovery) and check the channel and every item against RSS 2.0.
    Returns the items."""
    root = etree.fromstring((site / name).read_bytes(), STRICT_XML)
    assert root.tag == "rss" and root.get("version") == "2.0"
    texts = [t.strip() for t in root.itertext()] + [v for el in root.iter() for v in el.attrib.values()]
    assert "None" not in texts and "null" not in texts, f"{name}: a missing value was printed"
    channel = root.find("channel")
    assert (
        channel.findtext("title") and channel.findtext("description") and channel.findtext("link") == site_url
    )
    assert channel.findtext("language") == language
    for editor in channel.findall("managingEditor") + channel.findall("webMaster"):
        assert ADDRESS.fullmatch(editor.text or ""), f"{name}: {editor.tag} is not an e-mail address"
    site_file(site, channel.findtext("image/url"), site_url)
    items = [_rss_item(item, site, name, site_url) for item in channel.findall("item")]
    newest = max((i.published for i in items), default=None)
    for date in ("pubDate", "lastBuildDate"):  # when the content last changed: the newest item, not the build
        if newest is not None:
            assert RFC822.fullmatch(channel.findtext(date)), f"{name}: channel {date}"
            assert email.utils.parsedate_to_datetime(channel.findtext(date)) == newest
    return items


def _rss_item(item: etree._Element, site: Path, name: str, site_url: str) -> FeedItem:
    title, link, description = item.findtext("title"), item.findtext("link"), item.findtext("description")
    assert title and description and link.startswith(site_url), f"{name}: {title!r}"
    guid = item.find("guid")
    assert guid.text == link and guid.get("isPermaLink") == "true"
    raw_date = item.findtext("pubDate")
    assert RFC822.fullmatch(raw_date), f"{name}: pubDate {raw_date!r} is not RFC 822 with a zone"
    published = email.utils.parsedate_to_datetime(raw_date)
    categories = tuple(c.text for c in item.findall("category"))
    assert categories and len(set(categories)) == len(categories), f"{name}: categories {categories}"
    assert all(ADDRESS.fullmatch(a.text or "") for a in item.findall("author")), (
        f"{name}: <author> not an e-mail"
    )
    creators = [c.text for c in item.findall(f"{{{DC}}}creator")]
    assert (creators and all(creators)) or item.findall("author"), f"{name}: an item without its author"
    (enclosure,) = item.findall("enclosure")
    cover = site_file(site, enclosure.get("url"), site_url)
    assert enclosure.get("type") == "image/png" and int(enclosure.get("length")) == cover.stat().st_size
    return FeedItem(title, link, published, description, categories, enclosure.get("url"))


def _no_constant(name: str) -> object:
    raise ValueError(f"{name} is not JSON")


def json_items(site: Path, name: str, site_url: str, language: str) -> list[FeedItem]:
    """Parse a JSON feed of the site strictly (no NaN) and check the feed and every item against JSON Feed 1.1.
    Returns the items (categories from their tags)."""
    feed = json.loads((site / name).read_bytes().decode("utf-8"), parse_constant=_no_constant)
    assert feed["version"] == "https://jsonfeed.org/version/1.1" and feed["title"]
    assert feed["home_page_url"] == site_url and feed["feed_url"] == site_url + name
    assert isinstance(feed["icon"], str) and site_file(site, feed["icon"], site_url)
    assert feed["language"] == language
    items = []
    for item in feed["items"]:
        assert item["id"] == item["url"] and item["url"].startswith(site_url) and item["title"]
        for key in ("date_published", "date_modified"):
            assert RFC3339.fullmatch(item[key]), f"{name}: {key} {item[key]!r} is not RFC 3339 with an offset"
        content = item.get("content_html") or item.get("content_text") or item.get("summary")
        assert content and site_file(site, item["image"], site_url)
        assert all(author.get("name") for author in item["authors"])
        tags = tuple(item["tags"])
        assert len(set(tags)) == len(tags)
        published = datetime.fromisoformat(item["date_published"])
        items.append(FeedItem(item["title"], item["url"], published, content, tags, item["image"]))
    return items


def sitemap_lastmod(site: Path) -> dict[str, str | None]:
    """{loc: lastmod or None} of the built sitemap.xml."""
    root = etree.fromstring((site / "sitemap.xml").read_bytes(), STRICT_XML)
    return {
        url.findtext("sm:loc", namespaces=SITEMAP): url.findtext("sm:lastmod", namespaces=SITEMAP)
        for url in root
    }


def cjk_line_breaks(page: lxml.html.HtmlElement) -> list[str]:
    """Places in the page's content (Material's .md-content: Markdown pages, post lists, the Telegram card) where
    a line break sits between two Chinese characters (or Chinese punctuation) in one block of text: a browser
    shows it as a space. Returns a snippet of each."""
    found = []
    blocks = "p h1 h2 h3 h4 h5 h6 li dt dd td th figcaption summary blockquote".split()
    content = page.xpath('//*[contains(concat(" ", @class, " "), " md-content ")]')
    for block in (block for area in content for block in area.iter(*blocks)):
        if block.tag in ("li", "blockquote") and block.xpath("./p|./ul|./ol|./div|./table|./nav"):
            continue  # its blocks are checked one by one
        text = block.text_content()
        found += [text[max(0, m.start() - 12) : m.end() + 12] for m in CJK_LINE_BREAK.finditer(text)]
    return found
