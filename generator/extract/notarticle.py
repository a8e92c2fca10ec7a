"""Pure: is a fetched page the article at all? A PDF, an Office document, an archive, compressed bytes or an image
served as the page; a paywall, a cookie or consent wall, a shell that needs JavaScript (or a bot check), an error
page served with 200. For such a page the run keeps the feed's own summary and says so; its bytes are never read
as text and never tagged from.

Two looks, before and after the main text is extracted (generator.extract):

- `sniff_bytes`: the bytes, whatever the headers claim. A file signature (a small table of documented magic numbers:
  the WHATWG MIME Sniffing Standard §6-7 and the formats' own specifications; python-magic needs the libmagic C
  library, and a dozen fixed signatures need no dependency), then what a body that is neither markup nor text is.
- `judge_page`: the page's signals and its main text. Never one phrase: a kind of wall is recognised when two
  pieces of evidence agree (two of its phrases in either language, a phrase and its markup: a `paywall` or
  `cookie-consent` class, schema.org `isAccessibleForFree: false`, a `<noscript>` asking for JavaScript, an error
  title) and no article is left beside it (the main text without the wall's paragraphs is short, or does not
  tell the headline's story).
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

import lxml.html
from lxml import etree

from generator.text import title_tokens

# What the run summary calls each kind (the note counts pages by these words).
KIND_WORDS = {
    "document": "document (PDF, Office, RTF)",
    "archive": "archive",
    "compressed": "compressed bytes",
    "image": "image",
    "media": "audio or video",
    "binary": "binary data",
    "not-html": "not a web page",
    "empty": "empty page",
    "paywall": "paywall",
    "consent": "cookie or consent wall",
    "script": "JavaScript or bot-check shell",
    "error": "error page",
}

# (offset, signature, kind, name). WHATWG MIME Sniffing §6.1 (images), §6.2 (audio and video), §6.4 (archives),
# §7.1 (PDF, PostScript); the ZIP (PKWARE APPNOTE §4.3.7), OLE2 compound file ([MS-CFB] §2.2), RTF, xz, Zstandard
# (RFC 8878 §3.1.1), 7z, RAR 5, ISO BMFF (`ftyp` box), WebAssembly and ELF specifications for the others.
_SIGNATURES: tuple[tuple[int, bytes, str, str], ...] = (
    (0, b"%PDF-", "document", "a PDF document"),
    (0, b"%!PS-Adobe-", "document", "a PostScript document"),
    (0, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "document", "an Office document (OLE2)"),
    (0, b"{\\rtf", "document", "an RTF document"),
    (0, b"PK\x03\x04", "archive", "a ZIP archive (or an Office Open XML document)"),
    (0, b"PK\x05\x06", "archive", "an empty ZIP archive"),
    (0, b"7z\xbc\xaf\x27\x1c", "archive", "a 7z archive"),
    (0, b"Rar!\x1a\x07", "archive", "a RAR archive"),
    (0, b"\x1f\x8b\x08", "compressed", "gzip-compressed bytes"),
    (0, b"\xfd7zXZ\x00", "compressed", "xz-compressed bytes"),
    (0, b"\x28\xb5\x2f\xfd", "compressed", "Zstandard-compressed bytes"),
    (0, b"\x89PNG\r\n\x1a\n", "image", "a PNG image"),
    (0, b"\xff\xd8\xff", "image", "a JPEG image"),
    (0, b"GIF87a", "image", "a GIF image"),
    (0, b"GIF89a", "image", "a GIF image"),
    (8, b"WEBP", "image", "a WebP image"),  # after "RIFF" and the size
    (0, b"\x00\x00\x01\x00", "image", "an ICO image"),
    (0, b"II*\x00", "image", "a TIFF image"),
    (0, b"MM\x00*", "image", "a TIFF image"),
    (4, b"ftypavif", "image", "an AVIF image"),
    (4, b"ftypheic", "image", "a HEIC image"),
    (4, b"ftypmif1", "image", "a HEIF image"),
    (4, b"ftyp", "media", "an MP4 or QuickTime file"),
    (8, b"WAVE", "media", "a WAVE file"),
    (8, b"AVI ", "media", "an AVI file"),
    (0, b"\x1aE\xdf\xa3", "media", "a WebM or Matroska file"),
    (0, b"ID3", "media", "an MP3 file"),
    (0, b"OggS\x00", "media", "an Ogg file"),
    (0, b"fLaC", "media", "a FLAC file"),
    (0, b"\x00asm", "binary", "a WebAssembly module"),
    (0, b"\x7fELF", "binary", "an executable (ELF)"),
    (0, b"wOFF", "binary", "a font (WOFF)"),
    (0, b"wOF2", "binary", "a font (WOFF2)"),
)
# A body that starts like markup (WHATWG MIME Sniffing §7.1, "text/html" patterns, and XML) after spaces and a BOM.
_MARKUP_START = re.compile(
    rb"^(?:\xef\xbb\xbf)?[\t\n\x0c\r ]*<(?:!doctype html|html|head|script|iframe|h1|div|font|table|a|style|title|"
    rb"b|body|br|p|!--|\?xml|meta|link|article|section|main|header|nav|span|svg|rss|feed)(?:[\t\n\x0c\r >/])",
    re.I,
)
# WHATWG MIME Sniffing §7.2: a binary data byte (a control that text never holds).
_BINARY_BYTE = re.compile(rb"[\x00-\x08\x0b\x0e-\x1a\x1c-\x1f]")
_TEXT_TYPES = ("text/html", "application/xhtml+xml", "text/xml", "application/xml", "text/plain", "")


@dataclass(frozen=True)
class NotArticle:
    """Why a page is not the article: `kind` (a key of KIND_WORDS) and `evidence` in plain words."""

    kind: str
    evidence: str

    def __str__(self) -> str:
        return f"{KIND_WORDS.get(self.kind, self.kind)}: {self.evidence}"


def sniff_bytes(content: bytes, content_type: str = "") -> NotArticle | None:
    """What a page body is when it is not a web page, from its bytes (a file signature, binary data bytes), then
    from its declared type when the bytes are text that does not start like markup; None for a page to read.

    `content_type` is the Content-Type header's value (its media type is what counts). A page whose bytes start
    like markup is read whatever it declares; a few stray control bytes in one do not make it binary.
    """
    head = content[:1024]
    if not head.strip():
        return NotArticle("empty", "the body is empty")
    for offset, signature, kind, name in _SIGNATURES:
        if head[offset : offset + len(signature)] == signature and (offset != 8 or head[:4] == b"RIFF"):
            return NotArticle(kind, f"the bytes are {name}")
    if _MARKUP_START.match(head):
        return None
    if _BINARY_BYTE.search(head):
        return NotArticle("binary", "the bytes hold control characters no text has")
    declared = content_type.split(";")[0].strip().lower()
    if declared not in _TEXT_TYPES:
        return NotArticle("not-html", f"text that is not markup, served as {declared}")
    return None


# ---- walls, shells and error pages ---------------------------------------------------------------------------

# Each kind's phrases, English and Chinese (alternatives of one regular expression, case ignored).
_PHRASE_LISTS: dict[str, tuple[str, ...]] = {
    "paywall": (
        r"subscribe (?:now )?to (?:continue|keep|read)",
        r"subscribers? only",
        r"only (?:available )?(?:to|for) (?:subscribers|members)",
        r"already (?:a subscriber|subscribed|a member|have an account)",
        r"(?:sign|log) ?in to (?:continue|read|keep reading|unlock)",
        r"create a free account to (?:continue|read)",
        r"(?:become|join as) a (?:member|subscriber)",
        r"start your (?:free )?trial",
        r"unlock (?:this|the full) (?:article|story)",
        r"to continue reading",
        r"register (?:for free )?to (?:continue|read)",
        r"this (?:article|story) is for (?:subscribers|members)",
        r"you(?:'|’)ve reached your (?:free )?(?:article )?limit",
        r"free articles? (?:left|remaining)",
        r"订阅后(?:即可)?(?:阅读|查看)",
        r"订阅即可(?:阅读|查看)",
        r"付费(?:阅读|内容|用户专享)",
        r"会员专(?:享|属)",
        r"(?:开通|成为|加入)会员",
        r"登录后(?:即可)?(?:阅读|查看|继续)",
        r"注册后(?:即可)?(?:阅读|查看)",
        r"购买后(?:即可)?(?:阅读|查看)",
        r"解锁全文",
        r"(?:阅读|查看)(?:剩余|完整)(?:内容|全文)",
        r"剩余\d+%?(?:的)?内容",
        r"已是(?:订阅|付费)?(?:用户|会员)",
        r"本文为付费",
        r"免费阅读(?:次数|额度)已用完",
    ),
    "consent": (
        r"we use cookies",
        r"this (?:site|website) uses cookies",
        r"cookie (?:policy|settings|preferences|notice)",
        r"manage (?:cookies|preferences|consent)",
        r"accept all(?: cookies)?",
        r"reject all",
        r"allow all cookies",
        r"your privacy choices",
        r"we (?:and our|value your) (?:partners|privacy)",
        r"legitimate interest",
        r"by (?:continuing|clicking)[^.]{0,40}you (?:agree|consent)",
        r"consent to (?:the use|our use) of",
        r"(?:本|我们的?)(?:网站|站点)?使用\s*cookies?",
        r"cookies?\s*(?:政策|设置|偏好)",
        r"接受(?:所有|全部)\s*(?:cookies?)?",
        r"全部接受",
        r"拒绝(?:所有|全部)",
        r"隐私(?:设置|偏好|选择)",
        r"同意并继续",
        r"继续(?:浏览|使用)(?:本站)?即(?:表示)?(?:您)?同意",
    ),
    "script": (
        r"enable javascript",
        r"javascript (?:is )?(?:disabled|required|is not enabled|must be enabled)",
        r"(?:requires|need) javascript",
        r"turn on javascript",
        r"browser (?:does not|doesn(?:'|’)t) support javascript",
        r"enable cookies and javascript",
        r"checking (?:if the site connection is secure|your browser)",
        r"verify (?:that )?you are (?:a )?human",
        r"are you a robot",
        r"just a moment\.\.\.",
        r"(?:请|需要)(?:启用|开启|打开|允许)\s*javascript",
        r"javascript\s*(?:已被)?(?:禁用|未启用)",
        r"浏览器(?:不支持|未启用|禁用了?)\s*javascript",
        r"(?:访问|安全|人机)验证",
        r"请完成(?:安全)?验证",
        r"正在检查(?:您的)?浏览器",
    ),
    "error": (
        r"page (?:not found|does not exist|doesn(?:'|’)t exist|cannot be found|could not be found|is missing)",
        r"404 (?:error|not found)",
        r"error 404",
        r"the page you (?:requested|are looking for|were looking for)",
        r"(?:this|the) (?:page|article|story) (?:is )?no longer (?:available|exists)",
        r"(?:has been|was) (?:removed|deleted)",
        r"internal server error",
        r"service (?:temporarily )?unavailable",
        r"something went wrong",
        r"an error (?:has )?occurred",
        r"页面不存在",
        r"页面未找到",
        r"找不到(?:该|此|您要的)?页面",
        r"您(?:所)?(?:访问|请求|查找)的(?:页面|内容|文章)(?:不存在|已删除|走丢了)",
        r"(?:文章|内容|页面)(?:不存在|已(?:被)?删除|已下线)",
        r"页面(?:出错|走丢了)",
        r"服务器(?:错误|繁忙)",
        r"系统(?:错误|繁忙)",
    ),
}
# Each phrase on its own, over lower-cased text: five times faster than one alternation with re.I (the phrases
# start with literals, which the regular expression engine finds quickly).
_PHRASES = {kind: tuple(re.compile(p) for p in phrases) for kind, phrases in _PHRASE_LISTS.items()}


def _found(kind: str, text: str) -> set[str]:
    """The distinct phrases of `kind` in `text` (lower case)."""
    lowered = text.lower()
    return {m.group() for pattern in _PHRASES[kind] for m in pattern.finditer(lowered)}


def _has_phrase(text: str) -> bool:
    lowered = text.lower()
    return any(pattern.search(lowered) for patterns in _PHRASES.values() for pattern in patterns)


_MARKUP_CLASSES: dict[str, re.Pattern[str]] = {
    "paywall": re.compile(
        r"(?:^|[\s_-])(?:paywall|pay-wall|regwall|reg-wall|meter-?wall|metered|subscriber-only|subscribe-wall|"
        r"premium-(?:wall|gate|content)|tp-modal|tp-container-inner|login-wall|loginwall|members?-only)(?:$|[\s_-])",
        re.I,
    ),
    "consent": re.compile(
        r"(?:^|[\s_-])(?:cookie|cookies|consent|gdpr|cmp|onetrust|didomi|cookiebot|truste|qc-cmp2|sp_message)"
        r"(?:$|[\s_-])",
        re.I,
    ),
    "error": re.compile(r"(?:^|[\s_-])(?:error-?404|page-?404|not-?found|error-?page)(?:$|[\s_-])", re.I),
}
_ERROR_TITLE = re.compile(r"\b(?:404|410|500|503)\b|not found|error|页面不存在|找不到|出错|错误", re.I)
_ANY_MARKUP = re.compile("|".join(f"(?:{p.pattern})" for p in _MARKUP_CLASSES.values()), re.I)
_MOUNT_IDS = frozenset({"root", "app", "__next", "__nuxt", "main-app", "app-root"})
_VISIBLE_TEXT = etree.XPath("//text()[not(ancestor::script or ancestor::style or ancestor::template)]")
_CLASS_AND_ID = etree.XPath("//@class | //@id")
_NOSCRIPT_TEXT = etree.XPath("//noscript//text()")
_EMPTY_MOUNT = etree.XPath(
    "//div[" + " or ".join(f"@id='{name}'" for name in sorted(_MOUNT_IDS)) + "][not(normalize-space(.))]"
)
_JSON_LD = etree.XPath("//script[@type='application/ld+json']/text()")
_CJK_CHAR = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3040-\u30ff\uac00-\ud7af]")
_WORD = re.compile(r"\w+")
_TITLE_PARTS = re.compile(r"\s+[-|–—·:]\s+|\s*[｜|_]\s*")
_VISIBLE_LIMIT = 60_000  # characters of a page's text searched for phrases (a wall says what it is early)
ARTICLE_MIN = (
    100  # text_size (CJK characters + other words): less beside a wall is its teaser, not the article
)
WALL_LINE_SIZE = 20  # text_size: a paragraph this short holding a wall's phrase is the wall's own line
MIN_TEXT = 80  # characters: less main text than this is no text at all (extract.MIN_TEXT)
TITLE_SHARE = 0.4  # a text tells the headline's story when it has this share of the headline's tokens


@dataclass(frozen=True)
class PageSignals:
    """What a page shows besides its main text, read from the whole parsed page before extraction: its visible
    text (scripts and styles left out; `<noscript>` and hidden dialogs kept), the kinds whose markup it carries
    (KIND_WORDS keys), and its `<title>`."""

    visible: str
    markup: frozenset[str] = field(default_factory=frozenset)
    title: str = ""


def page_signals(tree: lxml.html.HtmlElement) -> PageSignals:
    """The PageSignals of a parsed page (see PageSignals); `tree` is not changed. Read with XPath (in lxml's C
    code): a walk over every element in Python costs more than the rest of the recognition together."""
    visible = " ".join(_VISIBLE_TEXT(tree))[:_VISIBLE_LIMIT]
    markup: set[str] = set()
    for names in _CLASS_AND_ID(tree):
        if _ANY_MARKUP.search(names):
            markup.update(kind for kind, pattern in _MARKUP_CLASSES.items() if pattern.search(names))
    if any(_found("script", text) for text in _NOSCRIPT_TEXT(tree)) or _EMPTY_MOUNT(tree):
        markup.add("script")
    if any(_not_free(block) for block in _JSON_LD(tree)):
        markup.add("paywall")
    title = (tree.findtext(".//title") or "").strip()
    if _ERROR_TITLE.search(title):
        markup.add("error")
    return PageSignals(visible, frozenset(markup), title)


def _not_free(block: str) -> bool:
    """Whether a JSON-LD block says the content is not free (schema.org `isAccessibleForFree`, as Google's
    documentation for paywalled content uses it)."""
    if "isAccessibleForFree" not in block:
        return False
    try:
        data = json.loads(block)
    except ValueError:
        return bool(re.search(r'"isAccessibleForFree"\s*:\s*(?:false|"false")', block))
    stack = [data]
    while stack:
        node = stack.pop()
        if isinstance(node, list):
            stack.extend(node)
        elif isinstance(node, dict):
            if str(node.get("isAccessibleForFree", "")).lower() == "false":
                return True
            stack.extend(v for v in node.values() if isinstance(v, dict | list))
    return False


def judge_page(signals: PageSignals, main_text: str, titles: Sequence[str]) -> NotArticle | None:
    """The wall, shell or error page a page is, or None when it is (or still holds) the article.

    `main_text` is what extraction found (paragraphs separated by newlines), `titles` the headlines known for the
    article (the feed's first). A kind is recognised when two pieces of its evidence agree (two distinct phrases in
    the page's visible text, or one and its markup; see the module docstring), no article is left beside it (the
    main text without its wall lines, see drop_wall_lines, is under ARTICLE_MIN in size or does not tell the
    headline's story), and the wall is what the post would get: its phrases are in the main text, the main text is
    under MIN_TEXT characters, it is a paywall (what is left beside one is its teaser), or it is an error page
    whose main text does not tell the story (the links to other stories such pages list).
    """
    walls = []
    for kind in _PHRASES:
        found = _found(kind, signals.visible)
        if min(len(found), 2) + (kind in signals.markup) >= 2:
            walls.append((kind, found))
    if not walls:  # most pages: no need to read the main text at all
        return None
    rest = drop_wall_lines(main_text)
    title_keys = set().union(*(title_tokens(_headline(t)) for t in titles if t))
    if text_size(rest) >= ARTICLE_MIN and _tells(rest, title_keys):
        return None
    for kind, found in walls:
        in_main = bool(_found(kind, main_text))
        teaser = kind == "paywall"  # what is left beside a paywall is its teaser
        elsewhere = kind == "error" and not _tells(
            main_text, title_keys
        )  # an error page's links to other stories
        if in_main or len(main_text) < MIN_TEXT or teaser or elsewhere:
            return NotArticle(kind, _evidence_words(found, kind in signals.markup, signals.title))
    return None


def _headline(title: str) -> str:
    """A title without the site's name around it ("Story – Site", "Site | Story"): its longest part."""
    return max(_TITLE_PARTS.split(title), key=len)


def drop_wall_lines(text: str) -> str:
    """`text` (paragraphs separated by newlines) without its wall lines: short paragraphs (WALL_LINE_SIZE at most,
    see text_size) that hold a wall's phrase ("订阅后即可阅读全文", "Already a subscriber? Sign in", "Accept all").
    A longer paragraph that mentions one tells a story and stays."""
    paragraphs = [p for p in text.splitlines() if p.strip()]
    return "\n\n".join(p for p in paragraphs if text_size(p) > WALL_LINE_SIZE or not _has_phrase(p))


def text_size(text: str) -> int:
    """How much a text says, comparable across languages: its CJK characters plus its other words."""
    return len(_CJK_CHAR.findall(text)) + len(_WORD.findall(_CJK_CHAR.sub(" ", text)))


def _tells(text: str, title_keys: set[str]) -> bool:
    """Whether `text` tells the headline's story: it has TITLE_SHARE of the headline's tokens (text.title_tokens:
    CJK bigrams, words, numbers); True when there is no headline to compare with."""
    if not title_keys:
        return True
    return len(title_keys & title_tokens(text)) >= TITLE_SHARE * len(title_keys)


def _evidence_words(found: set[str], markup: bool, title: str) -> str:
    phrases = ", ".join(f"“{p}”" for p in sorted(found)[:3])
    parts = [f"says {phrases}"] if phrases else []
    if markup:
        parts.append(f"its markup says so too (title “{title[:40]}”)" if title else "its markup says so too")
    return "; ".join(parts)
