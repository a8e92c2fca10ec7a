"""One home for URL rules: which URLs we accept, their canonical form, which ones a post may link to (link_scope,
publishable_url), and how one goes into Markdown safely.

Used by the feed parser (the article link), the extractor (images of a page), dedupe (one item per page, memory of
recent posts), the renderer and the gate (links and images in the post), the config (source URLs).
Sources of the rules: RFC 3986 (syntax, normalisation: lower-case scheme and host, default ports), the WHATWG URL
Standard (what a browser treats as the same page), HTML §13.2.5.72 (character references in attributes).
"""

from __future__ import annotations

import ipaddress
import re
import socket
import unicodedata
from urllib.parse import quote, unquote, unquote_plus, urljoin, urlsplit, urlunsplit

from generator.text import xml_text

HTTP_SCHEMES = ("http", "https")
# An absolute http(s) URL with a host (what the config accepts, what a link may be).
_HTTP_URL = re.compile(r"^https?://[^\s/]", re.I)
# An "&" that Markdown keeps as a character reference: Python-Markdown's ENTITY_RE (markdown/inlinepatterns.py)
# takes "&#…", and "&" + letters or digits + ";" ("&amp;", also "&0;", which no XML parser reads)
_CHAR_REF = re.compile(r"&(?=#|[A-Za-z0-9]+;)")


def is_http(url: str) -> bool:
    """True when `url` is an absolute http(s) URL with a host ("https://x…"); False for relative, data:,
    javascript: and every other scheme."""
    return bool(_HTTP_URL.match(url or ""))


def absolute_http(url: str, base: str) -> str | None:
    """`url` made absolute against `base` when the result is an http(s) URL; None for data:, javascript: and the
    like, and for what cannot be joined."""
    url = (url or "").strip()
    if not url or url.lower().startswith("data:"):
        return None
    try:
        absolute = urljoin(base, url)
    except ValueError:
        return None
    return absolute if is_http(absolute) else None


TRACKING_PARAMS = frozenset(
    {
        "spm",
        "from",
        "fromsource",
        "source",
        "src",
        "ref",
        "ref_src",
        "referrer",
        "share",
        "share_token",
        "fbclid",
        "gclid",
        "dclid",
        "msclkid",
        "mc_cid",
        "mc_eid",
        "igshid",
        "yclid",
        "_hsenc",
        "_hsmi",
        "scene",
        "sharer_sharetime",
        "sharer_shareid",
        "clicktime",
        "enterid",
        "wfr",
        "isappinstalled",
        "rss",
        "feed",
        "cmpid",
        "cmp",
        "mkt_tok",
        "sr_share",
        "s_channel",
        "s_trans",
        "guccounter",
        "ncid",
        "cid",
        "ocid",
        "smid",
        "taid",
        "xtor",
        "__twitter_impression",
        "via",
    }
)
TRACKING_PREFIXES = ("utm_", "at_", "pk_", "mtm_", "hmsr", "hmpl", "hmcu", "hmkw", "hmci")
_PATH_SAFE = "/%:@!$&'()*+,;=-._~"


def _is_tracking(segment: str) -> bool:
    key = unquote_plus(segment.split("=", 1)[0]).strip().lower()
    return key.startswith(TRACKING_PREFIXES) or key in TRACKING_PARAMS


def canonical_url(url: str) -> str:
    """Lower-case scheme and host, no credentials, no default port, no fragment, no tracking parameters.

    The remaining query is kept byte for byte (order and encoding), so a site's own parameters still work.
    """
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").rstrip(".")
    if ":" in host:
        host = f"[{host}]"
    try:
        port = parts.port
    except ValueError:
        port = None
    netloc = host if port is None or (scheme, port) in (("http", 80), ("https", 443)) else f"{host}:{port}"
    query = "&".join(seg for seg in parts.query.split("&") if seg and not _is_tracking(seg))
    path = quote(parts.path, safe=_PATH_SAFE) or "/"
    return urlunsplit((scheme, netloc, path, query, ""))


# Host names a site serves the same page under: the desktop, mobile and AMP editions ("www.", "m.", "amp.").
_EDITION_HOST = re.compile(r"^(?:www\d?|m|mobile|wap|amp|amp-www)\.(?=[^.]+\.)")
# An AMP page's path: ".../amp", ".../amp/", "/amp/...", "....amp.html", ".../article.amp".
_AMP_PATH = re.compile(r"(?:/amp)+/?$|^/amp(?=/)|\.amp(?=\.html?$|$)", re.I)
_AMP_QUERY = frozenset({"amp", "amp=1", "amp=true", "outputtype=amp", "output=amp", "_amp=true"})
# Caches that serve a publisher's AMP page under their own host: https://<x>.cdn.ampproject.org/c/s/<host>/<path>,
# https://www.google.com/amp/s/<host>/<path> (AMP cache URL format, amp.dev).
_AMP_CACHE = re.compile(
    r"^(?:[^/]+\.cdn\.ampproject\.org/(?:[cv]/)?|(?:www\.)?google\.[a-z.]+/amp/)(s/)?(.+)$"
)


def url_key(url: str) -> str:
    """What makes two canonical URLs the same page: scheme, a trailing slash, the site's mobile or AMP edition
    ("www.", "m.", "amp." hosts; "/amp" paths, ".amp.html", "?amp=1", an AMP cache's URL of the page) don't."""
    parts = urlsplit(url)
    cached = _AMP_CACHE.match(parts.netloc + parts.path)
    if cached:
        return url_key(("https://" if cached.group(1) else "http://") + cached.group(2) + _query(parts.query))
    host = _EDITION_HOST.sub("", parts.netloc)
    path = _AMP_PATH.sub("", parts.path).rstrip("/") or "/"
    query = "&".join(seg for seg in parts.query.split("&") if seg and seg.lower() not in _AMP_QUERY)
    return host + path + _query(query)


def _query(query: str) -> str:
    return "?" + query if query else ""


def safe_url(url: str | None) -> str | None:
    """`url` ready for a Markdown link or an HTML attribute, or None when it is not an absolute http(s) URL.

    What XML 1.0 forbids (controls, lone surrogates, noncharacters) is removed first; characters that could end a
    Markdown link or an HTML attribute are percent-encoded, and so is an "&" that would start a character reference
    ("&#xFFFE;", "&amp;": Markdown keeps those as references, so the link would lead elsewhere, or name a character
    XML forbids).
    """
    url = xml_text(url or "")
    if not is_http(url):
        return None
    return _CHAR_REF.sub("%26", quote(url, safe=":/?#@!$&*+,;=%~-._"))


# ---- which links may be published -------------------------------------------------------------------------------
# A reader can follow a link only to a public host. Names that mean something only on the publisher's machine or
# network: localhost (RFC 6761 §6.3), the special-use and private-use suffixes (RFC 6761 .localhost and .invalid,
# RFC 6762 .local, RFC 8375 .home.arpa, ICANN's .internal for private use) and the names intranets commonly use.
_LOCAL_NAMES = frozenset(
    {"localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback", "broadcasthost"}
)
_LOCAL_SUFFIXES = (
    ".localhost",
    ".local",
    ".internal",
    ".invalid",
    ".home.arpa",
    ".localdomain",
    ".lan",
    ".home",
    ".corp",
    ".intranet",
    ".private",
)
# Cloud metadata services: the instance's secrets, at link-local addresses or behind these names (Google Cloud,
# AWS, Tencent Cloud); and the addresses of the ones outside 169.254.0.0/16 (Alibaba Cloud, AWS over IPv6).
METADATA_NAMES = frozenset(
    {
        "metadata",
        "metadata.google.internal",
        "metadata.goog",
        "instance-data",
        "instance-data.ec2.internal",
        "metadata.tencentyun.com",
    }
)
METADATA_ADDRESSES = frozenset(
    {ipaddress.ip_address("100.100.100.200"), ipaddress.ip_address("fd00:ec2::254")}
)
_HEX_OR_NUMBER = re.compile(r"^(?:0x[0-9a-f]*|[0-9]+)$")
# What a host may not hold once percent-decoded (WHATWG URL Standard, "forbidden domain code point"; the colon of an
# IPv6 literal excepted, which urlsplit gives without its brackets).
_FORBIDDEN_HOST = re.compile(r"[\x00-\x20#%/<>?@\[\\\]^|\x7f]")


def is_link_local(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    """True for a link-local address (169.254.0.0/16, fe80::/10; an IPv4-mapped one too) or a cloud metadata
    service's address (METADATA_ADDRESSES): never fetched, never published (RFC 3927, RFC 4291 §2.5.6)."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    return address.is_link_local or address in METADATA_ADDRESSES


def link_scope(url: str) -> str:
    """Who can follow `url`: "public" (any reader), "local" (only the publisher's machine or network: loopback,
    private, shared, unspecified or reserved addresses, every IPv6 literal, localhost and the local names and
    suffixes of _LOCAL_SUFFIXES, single-label names) or "never" (not an http(s) URL with a host, a link-local
    address or a cloud metadata service, an address that cannot be read).

    The host is read as the WHATWG URL Standard reads it: percent-decoded (a forbidden code point then makes it no
    host at all), lower case, full-width forms folded (NFKC), a final dot
    dropped, and a host whose last label is a number is an IPv4 address in any of its forms ("127.1",
    "0x7f.0.0.1", "2130706433"; socket.inet_aton reads these as browsers do).
    """
    url = (url or "").strip()
    if not is_http(url):
        return "never"
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:
        return "never"
    host = unicodedata.normalize("NFKC", unquote(host)).lower().rstrip(".")
    if not host or _FORBIDDEN_HOST.search(host):
        return "never"
    if ":" in host:  # an IPv6 literal: never a public link, whatever its address
        try:
            address = ipaddress.IPv6Address(host.split("%")[0])
        except ValueError:
            return "never"
        return "never" if is_link_local(address) else "local"
    if _HEX_OR_NUMBER.match(host.rsplit(".", 1)[-1]):
        try:
            ipv4 = ipaddress.IPv4Address(socket.inet_aton(host))
        except (OSError, ValueError):
            return "never"
        if is_link_local(ipv4):
            return "never"
        return "public" if ipv4.is_global and not ipv4.is_multicast else "local"
    if host in METADATA_NAMES:
        return "never"
    if host in _LOCAL_NAMES or host.endswith(_LOCAL_SUFFIXES) or "." not in host:
        return "local"
    return "public"


def is_public_url(url: str) -> bool:
    """True when any reader can follow `url` (link_scope "public")."""
    return link_scope(url) == "public"


def publishable_url(url: str, fetched: bool) -> bool:
    """Whether a post may link to `url` (or show it as an image): a public URL; or a local one that this run
    actually fetched (`fetched`), which the fetcher only does from hosts `fetch.allow_private_hosts` allows (the
    tests' and the demo's servers on 127.0.0.1). A link-local or metadata address never."""
    scope = link_scope(url)
    return scope == "public" or (scope == "local" and fetched)


# A URL written in text: with a scheme, or a local host name or IPv4 address with a port or a path; and the spaces
# before it.
_TEXT_URL = re.compile(
    r"(\s*)(\bhttps?://(?:\[[^\]\s]+\])?[^\s<>\"'“”‘’（）()【】「」\[\]，。！？；、]*"
    r"|(?<![\w.@/-])(?:localhost|\d{1,3}(?:\.\d{1,3}){3})(?::\d{1,5}(?:/[^\s<>\"'“”‘’（）()，。！？；、]*)?"
    r"|/[^\s<>\"'“”‘’（）()，。！？；、]+))",
    re.I,
)


def strip_local_urls(text: str) -> str:
    """`text` without the URLs written in it that no reader can follow (link_scope not "public":
    "http://localhost:8080/x", "http://10.0.0.5/report", "192.168.1.20:3000/admin", "http://[fe80::1]/") and the
    spaces before each; public URLs stay as they are (text, never a link: the renderer escapes it)."""
    if "/" not in text and "localhost" not in text.lower():
        return text

    def replace(match: re.Match[str]) -> str:
        space, found = match.groups()
        url = found.rstrip(".,;:!?")  # the sentence's own punctuation after the URL stays
        absolute = url if url.lower().startswith(("http://", "https://")) else "http://" + url
        return space + found if is_public_url(absolute) else found[len(url) :]

    return _TEXT_URL.sub(replace, text)
