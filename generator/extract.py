"""Pure: the bytes of an article page into plain text, a lead image and the page's own publish time."""

from __future__ import annotations

import codecs
import json
import logging
import re
from collections.abc import Iterator, Mapping
from dataclasses import replace
from datetime import datetime
from urllib.parse import urljoin

import lxml.html
from charset_normalizer import from_bytes
from readability import Document

from generator.feeds import parse_date
from generator.models import Article, FeedItem
from generator.text import plain_text, truncate

log = logging.getLogger(__name__)

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_.:-]+)""", re.I)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]+encoding\s*=\s*["']([a-zA-Z0-9_.:-]+)["']""", re.I)
_HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?([a-zA-Z0-9_.:-]+)", re.I)
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
# GBK and GB2312 pages often use GB18030 characters; GB18030 is a superset of both. A page labelled
# Latin-1 is decoded as Windows-1252, as browsers do.
_WIDER = {
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "x-gbk": "gb18030",
    "iso-8859-1": "cp1252",
    "latin-1": "cp1252",
    "latin1": "cp1252",
    "us-ascii": "utf-8",
    "ascii": "utf-8",
    "big5": "big5hkscs",
}
# Servers often send a default "ISO-8859-1" without knowing; a charset in the page itself is more specific.
_WEAK_HEADER = frozenset({"cp1252"})
_HTML_TYPES = ("text/html", "application/xhtml+xml", "text/xml", "application/xml", "text/plain")
_UTF8_PARSER = lxml.html.HTMLParser(encoding="utf-8")
_LEAD_IMAGE_ATTRS = ("src", "data-src", "data-original", "data-lazy-src")
MIN_TEXT = 80


def _codec(name: str) -> str | None:
    name = name.strip().lower()
    name = _WIDER.get(name, name)
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def _declared(content: bytes, headers: Mapping[str, str]) -> Iterator[str]:
    """Codecs the page declares, most trustworthy first: BOM, page (meta, XML declaration), header.

    A header's charset usually comes first, except a Latin-1 default when the page names something else.
    """
    for bom, codec in _BOMS:
        if content.startswith(bom):
            yield codec
            return
    match = _HEADER_CHARSET.search(_content_type(headers))
    header = _codec(match.group(1)) if match else None
    head = content[:4096]
    matches = (_META_CHARSET.search(head), _XML_ENCODING.search(head))
    page = [c for c in (_codec(m.group(1).decode("ascii", "ignore")) for m in matches if m) if c]
    if header and not (header in _WEAK_HEADER and page):
        yield header
    yield from page


def _content_type(headers: Mapping[str, str]) -> str:
    return headers.get("Content-Type", "") or headers.get("content-type", "")


def decode_page(content: bytes, headers: Mapping[str, str]) -> str:
    """Decode by the declared charset (BOM, header, meta), with detection as the fallback."""
    for codec in _declared(content, headers):
        try:
            return content.decode(codec)
        except UnicodeDecodeError:
            continue
    try:
        return content.decode("utf-8")
    except UnicodeDecodeError:
        best = from_bytes(content[:200_000]).best()
        if best is not None and best.encoding:
            return content.decode(best.encoding, "replace")
        return content.decode("utf-8", "replace")


def _meta(tree: lxml.html.HtmlElement, *names: str) -> str:
    for name in names:
        for attr in ("property", "name", "itemprop"):
            found = tree.xpath(f'//meta[@{attr}="{name}"]/@content')
            if found and found[0].strip():
                return found[0].strip()
    return ""


def _json_ld_date(tree: lxml.html.HtmlElement) -> str:
    """datePublished from the page's JSON-LD (schema.org NewsArticle and friends), if any."""
    for block in tree.xpath('//script[@type="application/ld+json"]/text()'):
        try:
            data = json.loads(block)
        except ValueError:
            continue
        stack = [data]
        while stack:
            node = stack.pop()
            if isinstance(node, list):
                stack.extend(node)
            elif isinstance(node, dict):
                if isinstance(node.get("datePublished"), str):
                    return node["datePublished"]
                stack.extend(v for v in node.values() if isinstance(v, (dict, list)))
    return ""


def _http(url: str, base: str) -> str | None:
    if not url or url.strip().lower().startswith("data:"):
        return None
    try:
        absolute = urljoin(base, url.strip())
    except ValueError:
        return None
    return absolute if absolute.startswith(("http://", "https://")) else None


def _is_html(headers: Mapping[str, str]) -> bool:
    kind = _content_type(headers).split(";")[0].strip().lower()
    return not kind or kind in _HTML_TYPES


def extract_article(
    item: FeedItem, content: bytes, headers: Mapping[str, str], page_url: str, max_chars: int
) -> Article:
    """Readability's main text as plain paragraphs; the feed summary when that fails or is too short."""
    fallback = Article(item=item, text=item.summary, image=item.image, extracted=False)
    if not content.strip() or not _is_html(headers):
        return fallback
    try:
        text, image, published = _read_page(content, headers, page_url, item)
    except Exception as error:  # noqa: BLE001 - readability and lxml raise many kinds; a bad page is skipped
        log.info("extraction failed for %s: %s: %s", item.url, type(error).__name__, error)
        return fallback
    if published is not None and not item.dated:
        item = replace(item, published=published, dated=True)
    if len(text) < MIN_TEXT:
        return replace(fallback, item=item, image=image or item.image)
    return Article(item=item, text=truncate(text, max_chars), image=image or item.image, extracted=True)


def _read_page(
    content: bytes, headers: Mapping[str, str], page_url: str, item: FeedItem
) -> tuple[str, str | None, datetime | None]:
    page = decode_page(content, headers).replace("\x00", "")
    tree = lxml.html.document_fromstring(page.encode("utf-8", "replace"), parser=_UTF8_PARSER)
    image = _lead_image(tree, page_url)
    raw_date = _meta(
        tree, "article:published_time", "datePublished", "pubdate", "publishdate", "og:published_time"
    )
    published = parse_date(raw_date or _json_ld_date(tree), item.published.tzinfo)
    main_html = Document(page).summary(html_partial=True)  # no url: links are dropped anyway, no rewriting
    if image is None and main_html.strip():
        image = _first_image(lxml.html.fragment_fromstring(main_html, create_parent="div"), page_url)
    return plain_text(main_html, keep_paragraphs=True), image, published


def _lead_image(tree: lxml.html.HtmlElement, page_url: str) -> str | None:
    """The page's declared lead image: og:image, twitter:image, then <link rel="image_src">."""
    declared = _meta(
        tree, "og:image", "og:image:url", "og:image:secure_url", "twitter:image", "twitter:image:src"
    )
    linked = tree.xpath('//link[@rel="image_src"]/@href')
    return _http(declared, page_url) or (_http(linked[0], page_url) if linked else None)


def _first_image(main: lxml.html.HtmlElement, page_url: str) -> str | None:
    """The first image of the main text, lazy-loaded ones included (data-src and friends)."""
    for img in main.iter("img"):
        for attr in _LEAD_IMAGE_ATTRS:
            found = _http(img.get(attr, ""), page_url)
            if found:
                return found
    return None
