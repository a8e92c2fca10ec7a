"""Pure: the bytes of an article page into plain text, a lead image and the page's own publish time."""

from __future__ import annotations

import codecs
import logging
import re
from collections.abc import Mapping
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
_HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?([a-zA-Z0-9_.:-]+)", re.I)
# GBK and GB2312 pages often use GB18030 characters; GB18030 is a superset of both.
_WIDER = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "iso-8859-1": "cp1252", "ascii": "utf-8"}
MIN_TEXT = 80


def _codec(name: str) -> str | None:
    name = name.strip().lower()
    name = _WIDER.get(name, name)
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def decode_page(content: bytes, headers: Mapping[str, str]) -> str:
    """Decode by the declared charset (header, then meta), with detection as the fallback."""
    candidates: list[str] = []
    match = _HEADER_CHARSET.search(headers.get("Content-Type", "") or headers.get("content-type", ""))
    if match:
        candidates.append(match.group(1))
    meta = _META_CHARSET.search(content[:4096])
    if meta:
        candidates.append(meta.group(1).decode("ascii", "ignore"))
    for name in candidates:
        codec = _codec(name)
        if codec:
            try:
                return content.decode(codec)
            except UnicodeDecodeError:
                continue
    try:
        return content.decode("utf-8")
    except UnicodeDecodeError:
        best = from_bytes(content).best()
        return str(best) if best is not None else content.decode("utf-8", "replace")


def _meta(tree: lxml.html.HtmlElement, *names: str) -> str:
    for name in names:
        for attr in ("property", "name", "itemprop"):
            found = tree.xpath(f'//meta[@{attr}="{name}"]/@content')
            if found and found[0].strip():
                return found[0].strip()
    return ""


def _http(url: str, base: str) -> str | None:
    if not url:
        return None
    absolute = urljoin(base, url.strip())
    return absolute if absolute.startswith(("http://", "https://")) else None


def extract_article(item: FeedItem, content: bytes, headers: Mapping[str, str], page_url: str, max_chars: int) -> Article:
    """Readability's main text as plain paragraphs; the feed summary when that fails or is too short."""
    fallback = Article(item=item, text=item.summary, image=item.image, extracted=False)
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


def _read_page(content: bytes, headers: Mapping[str, str], page_url: str, item: FeedItem) -> tuple[str, str | None, datetime | None]:
    page = decode_page(content, headers).replace("\x00", "")
    tree = lxml.html.document_fromstring(page)
    main_html = Document(page, url=page_url).summary(html_partial=True)
    text = plain_text(main_html, keep_paragraphs=True)
    image = _http(_meta(tree, "og:image", "twitter:image"), page_url)
    if image is None:
        first = lxml.html.fragment_fromstring(main_html, create_parent="div").xpath("//img/@src")
        image = _http(first[0], page_url) if first else None
    published = parse_date(_meta(tree, "article:published_time", "datePublished", "pubdate"), item.published.tzinfo)
    return text, image, published
