"""Pure: the bytes of an article page into plain text, a lead image and the page's own publish time."""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from urllib.parse import urlsplit

import lxml.html

from generator.errors import NotArticleError
from generator.extract.decode import content_type, decode_page, drop_unwanted_char_refs
from generator.extract.maintext import main_text
from generator.extract.notarticle import PageSignals, drop_wall_lines, judge_page, page_signals, sniff_bytes
from generator.lang import parse_date
from generator.models import Article, FeedItem
from generator.text import truncate, xml_text
from generator.urls import absolute_http, canonical_url, is_public_url, link_scope, strip_local_urls

__all__ = ["MIN_TEXT", "PageText", "decode_page", "extract_article", "read_page"]

log = logging.getLogger(__name__)

_UTF8_PARSER = lxml.html.HTMLParser(encoding="utf-8")
# Where lazy-loading scripts keep an image's real URL while `src` shows a placeholder.
_LAZY_ATTRS = ("data-src", "data-original", "data-lazy-src", "data-actualsrc", "data-url", "data-echo")
_LAZY_SRCSETS = ("data-srcset", "data-lazy-srcset", "srcset")
# A placeholder's file name (blank.gif, spacer.png, 1x1.gif, loading.svg, …).
_PLACEHOLDER = re.compile(
    r"(?:^|[/_.-])(?:blank|spacer|pixel|placeholder|loading|loader|lazy|lazyload|transparent|empty|grey|gray|"
    r"clear|dot|1x1|px|t)\.(?:gif|png|svg|jpe?g|webp)$",
    re.I,
)
# Declared "images" that are not images a browser shows in <img>.
_NOT_IMAGE = re.compile(
    r"\.(?:mp4|m4v|webm|mov|avi|mkv|flv|ogv|ogg|mp3|m4a|wav|m3u8|mpd|ts|pdf|html?|php|js|json|swf)$", re.I
)
_MEDIA_TYPE = re.compile(r"^(?:video|audio|application|text)/", re.I)
MIN_TEXT = 80


@dataclass(frozen=True)
class PageText:
    """What a page says about itself: main text (paragraphs separated by blank lines, uncapped), lead image URL,
    publish time (aware, or None), its own URL, and the signals of a wall or an error page."""

    text: str
    image: str | None
    published: datetime | None
    page_url: str = ""  # <link rel="canonical">, else og:url: absolute, http(s), canonical_url; "" when none
    signals: PageSignals | None = (
        None  # what the whole page shows besides its main text (notarticle.judge_page)
    )


def _metas(tree: lxml.html.HtmlElement) -> dict[str, str]:
    """The page's <meta> values by property, name or itemprop (lower case); the first non-empty one wins."""
    found: dict[str, str] = {}
    for meta in tree.iter("meta"):
        content = (meta.get("content") or "").strip()
        for attr in ("property", "name", "itemprop"):
            key = (meta.get(attr) or "").strip().lower()
            if key and content:
                found.setdefault(key, content)
    return found


def _meta(metas: Mapping[str, str], *names: str) -> str:
    return next((metas[name.lower()] for name in names if name.lower() in metas), "")


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


def extract_article(
    item: FeedItem, content: bytes, headers: Mapping[str, str], page_url: str, max_chars: int
) -> Article:
    """The page's main text (cut to `max_chars`: what the editors get), lead image and publish time; the feed
    summary when the page cannot be read or its text is shorter than MIN_TEXT. An item whose link is not public
    (urls.link_scope) takes the URL the page declares for itself (rel=canonical, og:url) when that one is public.

    Raises NotArticleError when the page is not the article (generator.notarticle): bytes that are no web page
    (sniff_bytes, before any decoding), or a wall, a shell or an error page (judge_page); the caller keeps the
    feed's summary and counts it.
    """
    sniffed = sniff_bytes(content, content_type(headers))
    if sniffed is not None:
        raise NotArticleError(page_url, sniffed)
    fallback = Article(item=item, text=item.summary, image=item.image, extracted=False)
    try:
        page = read_page(content, headers, page_url, item)
    except Exception as error:  # noqa: BLE001 - lxml and the extractors raise many kinds; a bad page is skipped
        log.warning("extraction failed for %s: %s: %s", item.url, type(error).__name__, error)
        return fallback
    verdict = judge_page(page.signals, page.text, [item.title]) if page.signals else None
    if verdict is not None:
        raise NotArticleError(page_url, verdict)
    if page.page_url and not is_public_url(item.url) and is_public_url(page.page_url):
        item = replace(item, url=page.page_url)  # its id stays: the id of the item as listed
    if page.published is not None and not item.dated:
        item = replace(item, published=page.published, dated=True)
    image = page.image or item.image
    text = drop_wall_lines(
        page.text
    )  # a wall's own lines beside the article ("订阅后即可阅读全文") are not its text
    if len(text) < MIN_TEXT:
        return replace(fallback, item=item, image=image, page_url=page.page_url)
    return Article(
        item=item, text=truncate(text, max_chars), image=image, extracted=True, page_url=page.page_url
    )


def read_page(
    content: bytes, headers: Mapping[str, str], page_url: str, item: FeedItem | None = None
) -> PageText:
    """Decode and parse a page, and read its main text, lead image and publish time (in the feed item's time
    zone when the page gives none). The headlines known for it (the item's title, og:title, <title>) are
    dropped from the head of the text. Raises what lxml raises for a page it cannot parse at all."""
    # lxml and readability refuse XML-invalid characters, raw or as references
    page = drop_unwanted_char_refs(xml_text(decode_page(content, headers)))
    tree = lxml.html.document_fromstring(page.encode("utf-8", "replace"), parser=_UTF8_PARSER)
    zone = item.published.tzinfo if item is not None else None
    metas = _metas(tree)
    raw_date = _meta(
        metas, "article:published_time", "datePublished", "pubdate", "publishdate", "og:published_time"
    )
    published = parse_date(raw_date or _json_ld_date(tree), zone)
    signals = page_signals(tree)
    declared = _lead_image(tree, metas, page_url)
    own_url = _page_url(tree, metas, page_url)  # before main_text, which removes <link> elements
    _unveil_lazy_images(tree, page_url)
    titles = [item.title] if item is not None else []
    titles += [_meta(metas, "og:title", "twitter:title"), tree.findtext(".//title") or ""]
    text, main_html = main_text(tree, [t for t in titles if t])
    image = declared or (_first_image(main_html, page_url) if main_html else None)
    return PageText(strip_local_urls(text), image, published, own_url, signals)


def _page_url(tree: lxml.html.HtmlElement, metas: Mapping[str, str], page_url: str) -> str:
    """The URL the page declares for itself: <link rel="canonical"> (RFC 6596), else og:url (Open Graph); made
    absolute against the page's URL and canonical; "" when neither is an http(s) URL."""
    declared = [
        link.get("href", "")
        for link in tree.iter("link")
        if "canonical" in (link.get("rel") or "").lower().split()
    ]
    for candidate in (*declared[:1], _meta(metas, "og:url")):
        url = absolute_http(candidate, page_url)
        if url:
            return canonical_url(url)
    return ""


def _is_image_url(url: str) -> bool:
    """An image file a post could show: no video, document or placeholder file, no link-local or metadata
    address (urls.link_scope "never")."""
    path = urlsplit(url).path
    return not _NOT_IMAGE.search(path) and not _PLACEHOLDER.search(path) and link_scope(url) != "never"


def _lead_image(tree: lxml.html.HtmlElement, metas: Mapping[str, str], page_url: str) -> str | None:
    """The page's declared lead image: og:image, twitter:image, then <link rel="image_src">; one that names a
    video or other non-image type, or a placeholder file, is passed over."""
    declared_type = _meta(metas, "og:image:type")
    candidates = []
    if not _MEDIA_TYPE.match(declared_type):
        candidates.append(_meta(metas, "og:image", "og:image:url", "og:image:secure_url"))
    candidates.append(_meta(metas, "twitter:image", "twitter:image:src"))
    candidates.extend(tree.xpath('//link[@rel="image_src"]/@href')[:1])
    for candidate in candidates:
        url = absolute_http(candidate, page_url)
        if url and _is_image_url(url):
            return url
    return None


def _real_source(img: lxml.html.HtmlElement, page_url: str) -> str | None:
    """An <img>'s real image URL: a lazy-loading attribute, the widest srcset candidate, an <img> in the
    <noscript> right after it, then `src`, never a placeholder (data: URI, blank.gif, a 1×1 image)."""
    if img.get("width", "").strip() in ("0", "1") or img.get("height", "").strip() in ("0", "1"):
        return None
    urls = [img.get(attr, "") for attr in _LAZY_ATTRS]
    urls += [_widest(img.get(attr, "")) for attr in _LAZY_SRCSETS]
    after = img.getnext()
    if after is not None and after.tag == "noscript":
        urls += [i.get("src", "") for i in after.iter("img")]
    urls.append(img.get("src", ""))
    for url in urls:
        absolute = absolute_http(url, page_url)
        if absolute and _is_image_url(absolute):
            return absolute
    return None


def _widest(srcset: str) -> str:
    """The candidate of a srcset with the largest width or density descriptor (HTML §4.8.4.2)."""
    best, best_size = "", -1.0
    for candidate in srcset.split(","):
        parts = candidate.split()
        if not parts:
            continue
        size = 0.0
        if len(parts) > 1 and parts[-1][:-1].replace(".", "", 1).isdigit():
            size = float(parts[-1][:-1])
        if size > best_size:
            best, best_size = parts[0], size
    return best


def _unveil_lazy_images(tree: lxml.html.HtmlElement, page_url: str) -> None:
    """Give every <img> its real URL as `src` (or drop it when it has none), so that the extractors see it."""
    for img in list(tree.iter("img")):
        real = _real_source(img, page_url)
        if real is None:
            img.drop_tree()
        else:
            img.set("src", real)


def _first_image(main_html: str, page_url: str) -> str | None:
    """The first image of the main text (whose `src` _unveil_lazy_images has already made real)."""
    main = lxml.html.fragment_fromstring(main_html, create_parent="div")
    for img in main.iter("img"):
        url = absolute_http(img.get("src", ""), page_url)
        if url and _is_image_url(url):
            return url
    return None
