"""Pure: the bytes of a fetched page into text, by its byte order mark, its declared charsets and its bytes.

The order follows the WHATWG HTML encoding sniffing algorithm (https://html.spec.whatwg.org/#encoding-sniffing-algorithm):
a byte order mark first, then the transport layer (the Content-Type header), then the page's own declaration
(`<meta charset>`, `<meta http-equiv>`, an XML declaration); a decoder replaces bytes it cannot decode (WHATWG
Encoding §4.1, "replacement" error mode) instead of giving the page up. Two deviations, both for pages the web
really serves: bytes that are valid UTF-8 are read as UTF-8 whatever is declared (legacy templates keep saying
gb2312 long after the site moved to UTF-8, and servers send a default ISO-8859-1), and a Latin-1 header loses to a
charset the page names itself.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Mapping

from charset_normalizer import from_bytes

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_.:-]+)""", re.I)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]+encoding\s*=\s*["']([a-zA-Z0-9_.:-]+)["']""", re.I)
_HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?([a-zA-Z0-9_.:-]+)", re.I)
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Labels as the WHATWG Encoding Standard resolves them (https://encoding.spec.whatwg.org/#names-and-labels) where
# Python's codec names differ: GBK and GB2312 pages use GB18030 characters (the standard's gbk decoder is the
# gb18030 decoder); Latin-1 and ASCII labels mean windows-1252; and a few labels real pages use.
_WIDER = {
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "x-gbk": "gb18030",
    "chinese": "gb18030",
    "iso-8859-1": "cp1252",
    "latin-1": "cp1252",
    "latin1": "cp1252",
    "l1": "cp1252",
    "us-ascii": "cp1252",
    "ascii": "cp1252",
    "big5": "big5hkscs",
    "x-sjis": "shift_jis",
    "windows-31j": "cp932",
    "tis-620": "cp874",
    "windows-874": "cp874",
    "unicode-1-1-utf-8": "utf-8",
    "unicode11utf8": "utf-8",
    "unicode20utf8": "utf-8",
    "x-unicode20utf8": "utf-8",
    "utf8mb4": "utf-8",  # MySQL's name, found in pages' meta tags
}
# Servers often send a default "ISO-8859-1" without knowing; a charset in the page itself is more specific.
_WEAK_HEADER = frozenset({"cp1252"})
# A page that names UTF-16 without a BOM is read as UTF-8 (WHATWG "get an encoding" for <meta>).
_NO_BOM_UTF16 = frozenset({"utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be"})
# Decoded with a codec, at least this share of a page's non-ASCII characters must come out valid for the
# codec to be trusted with replacement characters for the rest. Measured: the GBK sample pages read as UTF-8
# come out with 4 bad sequences to 1 valid character; UTF-8 pages with a few stray bytes, hundreds to one.
_MOSTLY_VALID = 2 / 3
# A numeric character reference (HTML §13.2.5.72-80: decimal or hexadecimal, the semicolon optional).
_NUMERIC_REF = re.compile(r"&#(?:[xX]([0-9a-fA-F]+)|([0-9]+));?")


def codec_name(label: str) -> str | None:
    """The Python codec for a charset label from a header or a page (case and spaces ignored), or None when
    the label names no codec we know."""
    label = label.strip().strip("\"';").lower()
    label = _WIDER.get(label, label)
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    return "utf-8" if name in _NO_BOM_UTF16 else name


def content_type(headers: Mapping[str, str]) -> str:
    """The Content-Type header, whatever its case."""
    return headers.get("Content-Type", "") or headers.get("content-type", "")


def declared_codecs(content: bytes, headers: Mapping[str, str]) -> list[str]:
    """Codecs the page declares, most trustworthy first: header, then page (meta, XML declaration); a
    Latin-1 header goes after a charset the page names. Unknown labels are left out."""
    match = _HEADER_CHARSET.search(content_type(headers))
    header = codec_name(match.group(1)) if match else None
    head = content[:4096]
    found = (_META_CHARSET.search(head), _XML_ENCODING.search(head))
    page = [c for c in (codec_name(m.group(1).decode("ascii", "ignore")) for m in found if m) if c]
    order = [header, *page] if header and not (header in _WEAK_HEADER and page) else [*page, header]
    return list(dict.fromkeys(c for c in order if c))


def decode_page(content: bytes, headers: Mapping[str, str]) -> str:
    """The page as text: str, never raises for any bytes.

    BOM; else valid UTF-8; else the declared codec that decodes every byte (when several do, the one whose text
    charset-normalizer finds least chaotic); else the first of the declared
    codecs and UTF-8 that decodes most of them (see _MOSTLY_VALID), with U+FFFD for the rest; else the charset
    charset-normalizer detects, with U+FFFD for what it cannot decode.
    """
    for bom, codec in _BOMS:
        if content.startswith(bom):
            return content.decode(codec, "replace")
    try:
        return content.decode("utf-8")
    except UnicodeDecodeError:
        pass
    declared = declared_codecs(content, headers)
    clean = {}
    for codec in declared:
        try:
            clean[codec] = content.decode(codec)
        except UnicodeDecodeError:
            continue
    if len(clean) > 1:  # two legacy codecs both take the bytes (Big5 and GBK do): the less chaotic reading
        best = from_bytes(content[:200_000], cp_isolation=list(clean)).best()
        if best is not None and best.encoding in clean:
            return clean[best.encoding]
    if clean:
        return next(iter(clean.values()))
    for codec in _unique([*declared, "utf-8"]):
        text = mostly_decodes(content, codec)
        if text is not None:
            return text
    best = from_bytes(content[:200_000]).best()
    if best is not None and best.encoding:
        return content.decode(best.encoding, "replace")
    return content.decode("utf-8", "replace")


def mostly_decodes(content: bytes, codec: str) -> str | None:
    """`content` decoded with replacement (U+FFFD) when most (`_MOSTLY_VALID`) of its non-ASCII characters decode
    in `codec`, else None: the one rule for text with a few stray bytes, pages and feeds alike."""
    replaced = content.decode(codec, "replace")
    ignored = content.decode(codec, "ignore")
    bad = replaced.count("\ufffd") - ignored.count("\ufffd")
    good = len(ignored) - len(ignored.encode("ascii", "ignore"))
    return replaced if good >= _MOSTLY_VALID * (good + bad) else None


def _unique(names: list[str]) -> list[str]:
    return list(dict.fromkeys(names))


def _unwanted(code: int) -> bool:
    """Whether a character reference names what no text may hold: no character at all (0, a surrogate, above
    U+10FFFF), a control other than tab, LF and CR (C1 controls 0x80-0x9F are not: HTML maps them to the
    windows-1252 characters), or a noncharacter (U+FDD0-U+FDEF, U+xFFFE, U+xFFFF)."""
    if code == 0 or code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
        return True
    if code < 0x20 and code not in (0x09, 0x0A, 0x0D) or code == 0x7F:
        return True
    return 0xFDD0 <= code <= 0xFDEF or code & 0xFFFE == 0xFFFE


def drop_unwanted_char_refs(page: str) -> str:
    """`page` (decoded HTML) without the numeric character references that name no character, a control or a
    noncharacter (`&#0;`, `&#xD800;`, `&#x0B;`, `&#xFFFE;` …): parsed, HTML turns them into U+FFFD or characters
    that split a paragraph (a vertical tab is a line break to str.splitlines) or that XML refuses; dropped, the
    words around them stay one word. Raw characters of the same kinds are text.xml_text's.

    Source: HTML Living Standard §13.2.5.80 (numeric character reference end state), XML 1.0 §2.2.
    """
    if "&#" not in page:
        return page

    def replace(match: re.Match[str]) -> str:
        hex_digits, digits = match.groups()
        number = hex_digits or digits
        if len(number) > 8:  # far above U+10FFFF, whatever the digits
            return ""
        return "" if _unwanted(int(number, 16) if hex_digits else int(number)) else match.group()

    return _NUMERIC_REF.sub(replace, page)
