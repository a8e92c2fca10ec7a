"""Pure reading of one parsed feed entry (a feedparser entry): its article link, its text, its lead image.

Each rule names its source; feedparser's documented entry fields are the only input
(https://feedparser.readthedocs.io/en/latest/reference.html).
"""

from __future__ import annotations

import hashlib
import html
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import PurePosixPath
from urllib.parse import urljoin, urlsplit

import lxml.html
from lxml import etree
from lxml.html import defs

from generator.text import clean_line, plain_text
from generator.urls import is_http, is_public_url, link_scope


def item_id(url: str) -> str:
    """A short stable ID for an item (8 hex digits of its URL's SHA-1): the model sees it, answers with it, and
    we look it up."""
    return hashlib.sha1(url.encode()).hexdigest()[:8]


_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml", "html", "xhtml"})
# HTML's elements: lxml's list and the few HTML5 ones it lacks (https://html.spec.whatwg.org/#elements-3).
HTML_ELEMENTS = frozenset(defs.tags) | frozenset(
    "bdi data dialog image main nobr picture search slot template".split()
)
# A "tag" naming no HTML element, in text said to be HTML: "std::vector<bfloat16>", "<Model-X>". Namespaced names
# (Word's <o:p>) are markup.
_UNKNOWN_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)(?=[\s/>])")
# An HTML end tag, or a line break or image (the empty elements prose markup uses): text that has one is markup,
# not prose about markup.
_HTML_MARK = re.compile(r"</\s*([a-z][a-z0-9]*)\s*>|<\s*(br|hr|img|wbr)\b[^<>]*>", re.I)


# ---- the article link ------------------------------------------------------------------------------------------


def entry_link(entry: Mapping, version: str, base_url: str) -> str:
    """The entry's article URL, or "" when it has none.

    - Atom (RFC 4287 §4.2.7.2): the `<link>` whose rel is "alternate" (a link without rel is one), an HTML-typed
      one first; self, enclosure, related, via and edit links are not the article.
    - RSS 2.0 / RSS 1.0: the item's `<link>`. Without one, an RSS 2.0 `<guid>` is the link only when it is a
      permalink (isPermaLink absent or "true", RSS 2.0 spec) and an absolute http(s) URL as written.
    - An id is never resolved into a URL. Every link feedparser reports was in `entry.links` (a guid never is);
      a relative link (after the document's xml:base) is resolved against `base_url`, the URL the feed came from.
    - A reader must be able to follow it (urls.link_scope): when the link is on a local host (localhost, a private
      address, an intranet name), the first public one of the other alternate links and the guid or Atom id (an
      absolute http(s) URL as written) is the link instead; without one, the local link stays (a page fetched
      from a host the config allows may still be published, see urls.publishable_url).

    `version` is feedparser's `version` of the feed ("atom10", "rss20", …); feedparser is read without a base
    URL so that relative ids stay as written (it resolves guids against the document's URL and reports them
    as links, `guidislink`).
    """
    alternates = [
        link
        for link in entry.get("links") or []
        if link.get("rel", "alternate") == "alternate" and str(link.get("href") or "").strip()
    ]
    alternates.sort(key=lambda link: str(link.get("type") or "text/html") not in _HTML_TYPES)
    links = [urljoin(base_url, str(link["href"]).strip()) for link in alternates]
    guid = str(entry.get("id") or "").strip()
    if links and not is_public_url(links[0]):
        return next((url for url in [*links[1:], guid] if is_public_url(url)), links[0])
    if links:
        return links[0]
    if not version.startswith("atom") and entry.get("guidislink") and is_http(guid):
        return guid
    return ""


# ---- text ------------------------------------------------------------------------------------------------------


def detail_text(detail: Mapping | None, version: str, keep_paragraphs: bool = False) -> str:
    """The text of a feedparser text construct (`title_detail`, `summary_detail`, a `content` item).

    HTML is parsed as HTML: Atom says which (RFC 4287 §3.1, type="html"/"xhtml"); RSS never says, and feedparser
    guesses text/html when the text has a closing tag or an entity of its own safe subset of HTML. Its guess is
    kept, and any text (an Atom type="text" too) is also read as HTML when it has an HTML end tag or empty element
    (`</script>`, `<br/>`): escaped markup, which a headline never shows. "the <marquee> element",
    "std::vector<bfloat16>" or a CDATA "<Model-X>" stay text; in HTML, a tag that names no HTML element
    ("<bfloat16>", "<Model-X>") is kept as text: it is text escaped once too few.

    Escaped once too often, the text is read again, up to twice: a CDATA section written as text
    (`&lt;![CDATA[…]]&gt;`, or nested in another) gives its content (see unwrap_cdata), character references left
    after one reading ("AT&amp;amp;T", "&amp;#8217;") are decoded once more, and markup that only appears then
    ("&amp;lt;p&amp;gt;…&amp;lt;/p&amp;gt;") is read as HTML.
    Returns one clean line, or paragraphs separated by blank lines with `keep_paragraphs`.
    """
    if not detail:
        return ""
    value = unwrap_cdata(str(detail.get("value") or ""))
    kind = str(detail.get("type") or "text/plain").lower()
    text = _as_text(value, kind in _HTML_TYPES or _looks_like_markup(value), keep_paragraphs)
    for _ in range(2):
        again = unwrap_cdata(_REFERENCE.sub(lambda m: html.unescape(m.group()), text))
        markup = _looks_like_markup(again)
        if again == text and not markup:
            break
        text = _as_text(again, markup, keep_paragraphs)
    return text


def _as_text(value: str, markup: bool, keep_paragraphs: bool) -> str:
    if markup:
        return plain_text(_escape_unknown_tags(value), keep_paragraphs=keep_paragraphs)
    if keep_paragraphs:
        return "\n\n".join(line for line in (clean_line(p) for p in value.splitlines()) if line)
    return clean_line(value)


# A CDATA section (XML 1.0 §2.7) that reached the text: its start and end as written, its content between them.
_CDATA_SECTION = re.compile(r"<!\[CDATA\[((?:(?!<!\[CDATA\[).)*?)\]\]>", re.S)
_CDATA_START = re.compile(r"<!\[CDATA\[")
_CDATA_EDGE_END = re.compile(r"^\s*\]\]>|\]\]>\s*$")
# A character reference (HTML §13.5), named or numeric, with its semicolon.
_REFERENCE = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


def unwrap_cdata(value: str) -> str:
    """`value` with each CDATA section that is text rather than XML syntax replaced by its content, innermost first
    ("<![CDATA[<![CDATA[Title]]>]]>" → "Title"); a start or end left without its other half (a feed cut inside
    one) is removed too. A feed that escapes its CDATA (`&lt;![CDATA[…]]&gt;`) or wraps one in another gives these
    to the reader as text; XML 1.0 §2.7 says the section's content is the text."""
    if "<![CDATA[" not in value and "]]>" not in value:
        return value
    for _ in range(8):
        unwrapped = _CDATA_SECTION.sub(r"\1", value)
        if unwrapped == value:
            break
        value = unwrapped
    return _CDATA_EDGE_END.sub("", _CDATA_START.sub("", value))


def _looks_like_markup(value: str) -> bool:
    return any((m.group(1) or "").lower() in HTML_ELEMENTS or m.group(2) for m in _HTML_MARK.finditer(value))


def _escape_unknown_tags(markup: str) -> str:
    """`<` of a tag that names no HTML element becomes `&lt;`: it was text that lost one level of escaping."""
    return _UNKNOWN_TAG.sub(
        lambda m: m.group(0) if m.group(2).lower() in HTML_ELEMENTS else "&lt;" + m.group(1) + m.group(2),
        markup,
    )


# Feed-summary boilerplate: text about the entry (its score, its comments, where it first appeared, a "read more"
# link), not about the story. Each is (where it comes from, pattern); see strip_boilerplate.
_HN_FIELD = (
    r"(?:(?:Article URL|Comments URL|Discussion):\s*\S+|"
    r"(?:Points|Score|#\s*Comments|Comments):\s*\d+|By:\s*\S+)"
)
BOILERPLATE_RUNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    # hnrss.org: "Article URL: … Comments URL: … Points: 394 # Comments: 202"; other Hacker News feeds:
    # "Score: 394 Comments: 202 By: someone Discussion: …". Two or more such fields in a row.
    ("Hacker News", re.compile(rf"{_HN_FIELD}(?:\s+{_HN_FIELD})+")),
    # Reddit: "submitted by /u/someone [link] [comments]".
    (
        "Reddit",
        re.compile(r"submitted by\s+/?u/\S+(?:\s+to\s+/?r/\S+)?(?:\s*\[link\])?(?:\s*\[comments\])?", re.I),
    ),
    ("Reddit", re.compile(r"\[link\]\s*\[comments\]", re.I)),
)
BOILERPLATE_TRAILERS: tuple[tuple[str, re.Pattern[str]], ...] = (
    # WordPress (Yoast and others): a last sentence "The post X appeared first on Y." (X and Y one sentence each)
    (
        "WordPress",
        re.compile(
            r"(?:^|(?<=[.!?。！？]\s))The post (?:(?![.!?]\s).){1,300}? (?:appeared first|first appeared) on"
            r" (?:(?![.!?]\s).){1,200}$"
        ),
    ),
    # "Continue reading …", "Read more »", "Read the full story" starting the last sentence of an excerpt
    # ("… read more widely" in prose is no link).
    (
        "read more",
        re.compile(
            r"(?:^|(?<=[.!?…\]»]\s))(?:Continue reading|Keep reading|Read more|Read the (?:full|rest of the|whole)"
            r" (?:article|story|post)|Read full (?:article|story))\b.{0,150}$",
            re.I,
        ),
    ),
    (
        "read more (zh)",
        re.compile(r"(?:阅读全文|查看全文|阅读原文|继续阅读|点击阅读|展开全文)\s*(?:>>|»|→|›|…)?\s*$"),
    ),
)
_EXCERPT_MARK = re.compile(r"\s*\[(?:…|\.\.\.|&hellip;)\]\s*$")  # WordPress's excerpt end "[…]"


def strip_boilerplate(text: str) -> str:
    """`text` (paragraphs separated by newlines) without feed boilerplate, as one line; "" when nothing else.

    Trailers (BOILERPLATE_TRAILERS) are cut from the end of each paragraph, then field runs
    (BOILERPLATE_RUNS) are removed from the joined text, and WordPress's "[…]" becomes "…".
    """
    paragraphs = []
    for paragraph in text.splitlines():
        for _, pattern in BOILERPLATE_TRAILERS:
            paragraph = pattern.sub("", paragraph.strip()).strip()
        paragraphs.append(paragraph)
    joined = " ".join(p for p in paragraphs if p)
    for _, pattern in BOILERPLATE_RUNS:
        joined = pattern.sub(" ", joined)
    result = clean_line(_EXCERPT_MARK.sub("…", joined))
    return result if result.strip(" …") else ""


# ---- the lead image --------------------------------------------------------------------------------------------

IMAGE_EXTENSIONS = frozenset(
    ".jpg .jpeg .png .gif .webp .avif .bmp .svg .jfif .pjpeg .pjp .heic .heif".split()
)
# Files that name a kind other than an image: never an image, whatever the feed declares.
NOT_IMAGE_EXTENSIONS = frozenset(
    ".mp4 .m4v .mov .webm .mkv .avi .wmv .flv .mpg .mpeg .3gp .ogv .m3u8 "
    ".mp3 .m4a .aac .ogg .oga .opus .wav .flac .pdf .zip .htm .html".split()
)
# Names lazy-loading scripts and trackers give the image they put in `src` (or send as a 1×1 pixel).
_PLACEHOLDER_NAMES = frozenset(
    "blank pixel spacer transparent placeholder 1x1 clear empty dot b t lazy".split()
)
_PLACEHOLDER_NAME = re.compile(
    r"^(?:blank|spacer|transparent|placeholder|lazy[-_]?load\w*|1x1)(?:[-_.]\w*)?$"
)
_TRACKER_HOSTS = ("feeds.feedburner.com", "feedproxy.google.com", "stats.wordpress.com", "pixel.wp.com")
_LAZY_ATTRIBUTES = ("data-src", "data-original", "data-lazy-src", "data-actualsrc", "src")
MIN_SIDE = 16  # px: a declared side below this is a spacer, a tracking pixel or an icon, never a lead image


@dataclass(frozen=True)
class _Candidate:
    url: str
    mime: str = ""  # declared MIME type, lower case
    medium: str = ""  # Media RSS medium ("image", "video", …)
    width: int | None = None
    height: int | None = None
    implied: bool = False  # the element itself means an image (a Media RSS thumbnail, an HTML <img>)


def entry_image(entry: Mapping, base_url: str) -> str | None:
    """The entry's lead image URL (absolute http(s)), or None.

    Candidates, in this order: `<media:content>`, RSS `<enclosure>` / Atom `rel="enclosure"` links,
    `<media:thumbnail>`, `<img>` in the summary and content (its data-src / data-original before a placeholder
    `src`). A candidate counts when it is an image: Media RSS medium="image" or an `image/*` type, or, when it
    declares neither, an image file extension; a thumbnail (an image by the Media RSS spec) and an `<img>` count
    without one too (CDN URLs often have none). A file named as a video, audio or document (`.mp4`, `.mp3`,
    `.pdf` …, NOT_IMAGE_EXTENSIONS) never counts. Spacers, tracking pixels and placeholders (see
    `_is_placeholder`), `data:` URLs and link-local or metadata addresses (urls.link_scope "never") are skipped.
    Of the rest the one with the largest declared
    width × height wins, the first one on a tie (or when none declares a size).
    """
    best: tuple[int, str] | None = None
    for candidate in _candidates(entry):
        url = urljoin(base_url, candidate.url.strip())
        if link_scope(url) == "never" or not _is_image(candidate, url) or _is_placeholder(candidate, url):
            continue
        area = (candidate.width or 0) * (candidate.height or 0)
        if best is None or area > best[0]:
            best = (area, url)
    return best[1] if best else None


def _candidates(entry: Mapping) -> Iterator[_Candidate]:
    for media in entry.get("media_content") or []:
        yield _candidate(media, str(media.get("url") or ""))
    for link in entry.get("links") or []:
        if link.get("rel") == "enclosure":
            yield _candidate(link, str(link.get("href") or ""))
    for media in entry.get("media_thumbnail") or []:
        yield _candidate(media, str(media.get("url") or ""), implied=True)
    blocks = [entry.get("summary") or ""] + [c.get("value") or "" for c in entry.get("content") or []]
    for block in blocks:
        yield from _img_candidates(str(block))


def _candidate(attributes: Mapping, url: str, implied: bool = False) -> _Candidate:
    return _Candidate(
        url,
        str(attributes.get("type") or "").lower(),
        str(attributes.get("medium") or "").lower(),
        _pixels(attributes.get("width")),
        _pixels(attributes.get("height")),
        implied,
    )


def _img_candidates(markup: str) -> Iterable[_Candidate]:
    """`<img>` elements of an HTML fragment; a lazy-loading attribute (data-src, data-original…) before `src`."""
    if "<img" not in markup.lower():
        return []
    try:
        root = lxml.html.fragment_fromstring(markup, create_parent="div")
    except (etree.ParserError, ValueError):
        return []
    found = []
    for img in root.iter("img"):
        url = next((img.get(a).strip() for a in _LAZY_ATTRIBUTES if (img.get(a) or "").strip()), "")
        if url:
            width, height = _pixels(img.get("width")), _pixels(img.get("height"))
            found.append(_Candidate(url, width=width, height=height, implied=True))
    return found


def _pixels(value: object) -> int | None:
    match = re.match(r"\s*(\d{1,6})(?:\s*px)?\s*$", str(value or ""))
    return int(match.group(1)) if match else None


def _is_image(candidate: _Candidate, url: str) -> bool:
    extension = PurePosixPath(urlsplit(url).path).suffix.lower()
    if extension in NOT_IMAGE_EXTENSIONS:
        return False
    if candidate.medium or candidate.mime:
        return candidate.medium == "image" or candidate.mime.startswith("image/")
    return candidate.implied or extension in IMAGE_EXTENSIONS


def _is_placeholder(candidate: _Candidate, url: str) -> bool:
    """A spacer or tracking pixel: a declared side under MIN_SIDE, a placeholder's file name (blank.gif,
    pixel.gif, spacer.gif, 1x1.png, lazyload.png …) or a feed tracker's host (FeedBurner, WordPress stats)."""
    if any(side is not None and side < MIN_SIDE for side in (candidate.width, candidate.height)):
        return True
    parts = urlsplit(url)
    stem = PurePosixPath(parts.path).stem.lower()
    host = (parts.hostname or "").lower()
    return stem in _PLACEHOLDER_NAMES or bool(_PLACEHOLDER_NAME.match(stem)) or host in _TRACKER_HOSTS
