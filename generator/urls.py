"""One home for URL rules: which URLs we accept, their canonical form, and how one goes into Markdown safely.

Used by the feed parser (the article link), the extractor (images of a page), dedupe (one item per page, memory of
recent posts), the renderer and the gate (links and images in the post), the config (source URLs).
Sources of the rules: RFC 3986 (syntax, normalisation: lower-case scheme and host, default ports), the WHATWG URL
Standard (what a browser treats as the same page), HTML §13.2.5.72 (character references in attributes).
"""

from __future__ import annotations

import re
from urllib.parse import quote, unquote_plus, urljoin, urlsplit, urlunsplit

from generator.text import xml_text

HTTP_SCHEMES = ("http", "https")
# An absolute http(s) URL with a host (what the config accepts, what a link may be).
_HTTP_URL = re.compile(r"^https?://[^\s/]", re.I)
_CHAR_REF = re.compile(r"&(?=#|[A-Za-z][A-Za-z0-9]*;)")  # an "&" that HTML would read as a reference


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
