"""Lead images of the featured stories: verified, then hot-linked or downloaded next to the post.

Every image a layout shows is first fetched through the Fetcher (SSRF guard, size cap, time limits) and read
with Pillow. It is shown only when the server declares an image type and the bytes really are a PNG, JPEG, GIF or
WebP of that type (never SVG: it can carry scripts; a `.mp4` or an HTML page never becomes an `<img>`) that
Pillow can read; its real width and height go into the post (no layout shift). Declared sizes (og:image:width,
media:content width) are not used: they prove neither that the URL is an image nor that it still answers.
A story whose images all fail shows none (never a broken one); the next article's image is tried first.

Hot-linked by default (with referrerpolicy="no-referrer" and loading="lazy", see generator/post/render.py). With
`post.download_images`, each verified image, at most `post.image_max_bytes`, is stored as
<images folder of the SiteLayout>/YYYY-MM-DD/<sha256[:16]>.<ext> by the publisher with the post.
Cost: one GET per candidate image (the whole body, capped by fetch.max_bytes), concurrent with the others.
"""

from __future__ import annotations

import hashlib
import io
import logging
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Protocol

from PIL import Image

from generator.config import PostSettings
from generator.errors import DataError
from generator.models import Fetched, LeadImage, Story
from generator.net import Fetcher, FetchResult
from generator.urls import link_scope, safe_url

log = logging.getLogger(__name__)

# Magic bytes → (file extension, accepted Content-Type values).
_SIGNATURES: tuple[tuple[bytes, str, frozenset[str]], ...] = (
    (b"\x89PNG\r\n\x1a\n", "png", frozenset({"image/png"})),
    (b"\xff\xd8\xff", "jpg", frozenset({"image/jpeg", "image/jpg", "image/pjpeg"})),
    (b"GIF87a", "gif", frozenset({"image/gif"})),
    (b"GIF89a", "gif", frozenset({"image/gif"})),
)
# Pillow's format names → our file extensions (Image.open reads only these).
_PILLOW_FORMATS = {"PNG": "png", "JPEG": "jpg", "GIF": "gif", "WEBP": "webp"}
# A lead image narrower or lower than this is a spacer, a lazy-load placeholder, a tracking pixel or an icon.
MIN_SIDE = 64


@dataclass(frozen=True)
class LeadImages:
    """Each story's verified lead image (by story id), the files to write (path relative to docs/), and notes for
    the run summary (images left out, and why)."""

    sources: dict[str, LeadImage] = field(default_factory=dict)
    files: dict[str, bytes] = field(default_factory=dict)
    notes: tuple[str, ...] = ()


def image_type(content: bytes, content_type: str) -> str:
    """The file extension when the bytes are an image of the declared type; DataError otherwise."""
    declared = content_type.split(";")[0].strip().lower()
    if not declared.startswith("image/"):
        raise DataError(f"not an image (Content-Type {declared or 'missing'})")
    if content[:4] == b"RIFF" and content[8:12] == b"WEBP":
        kind, accepted = "webp", frozenset({"image/webp"})
    else:
        match = next(((ext, ok) for magic, ext, ok in _SIGNATURES if content.startswith(magic)), None)
        if match is None:
            raise DataError(f"the bytes are not a PNG, JPEG, GIF or WebP image (declared {declared})")
        kind, accepted = match
    if declared not in accepted:
        raise DataError(f"declared {declared} but the bytes are {kind}")
    return kind


def image_size(content: bytes, content_type: str) -> tuple[str, int, int]:
    """(file extension, width, height in pixels) of an image that declares and really is a PNG, JPEG, GIF or
    WebP (image_type) and that Pillow can read; DataError otherwise: also for a decompression bomb (more
    pixels than Pillow's Image.MAX_IMAGE_PIXELS) and for an image under MIN_SIDE pixels on a side."""
    kind = image_type(content, content_type)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(content), formats=list(_PILLOW_FORMATS)) as image:
                width, height = image.size
                found = _PILLOW_FORMATS.get(str(image.format), "")
                image.verify()
    except (
        OSError,
        SyntaxError,
        ValueError,
        Image.DecompressionBombError,
        Image.DecompressionBombWarning,
    ) as error:
        raise DataError(f"not a readable {kind} image ({type(error).__name__}: {error})") from None
    if found != kind:
        raise DataError(f"not a readable {kind} image")
    if min(width, height) < MIN_SIDE:
        raise DataError(f"{width}×{height} pixels is smaller than {MIN_SIDE}×{MIN_SIDE} (not a lead image)")
    return kind, width, height


def image_name(content: bytes, kind: str, max_bytes: int) -> str:
    """The file name to store a verified image under (`<sha256[:16]>.<kind>`); DataError when it is over
    `max_bytes`."""
    if len(content) > max_bytes:
        raise DataError(f"{len(content)} bytes is over the {max_bytes}-byte cap")
    return f"{hashlib.sha256(content).hexdigest()[:16]}.{kind}"


def image_candidates(story: Story) -> list[str]:
    """The story's image URLs in article order (the primary article's first), http(s) only, each once; never a
    link-local or metadata address (urls.link_scope "never", which even `fetch.allow_private_hosts: true` does not
    open). A local one is shown only once fetched (urls.publishable_url): the fetcher refuses it unless the
    config allows its host."""
    raw = (a.image or a.item.image or "" for a in story.articles)
    urls = (
        safe_url(url) for url in raw if link_scope(url) != "never"
    )  # before safe_url encodes an IPv6 host
    return list(dict.fromkeys(url for url in urls if url))


def _verify(result: FetchResult[Fetched] | None) -> tuple[Fetched, str, int, int]:
    if result is None or result.value is None:
        raise DataError(result.reason if result else "not fetched")
    fetched = result.value
    kind, width, height = image_size(fetched.content, str(fetched.headers.get("Content-Type", "")))
    return fetched, kind, width, height


class ImageFolder(Protocol):
    """Where downloaded lead images go (the site's layout, generator.site.SiteLayout, is one)."""

    def image_ref(self, day: date, name: str) -> str:
        """The docs/-relative path of image `name` of the post of `day`."""
        ...

    def from_post(self, ref: str) -> str:
        """A docs/-relative path as the post links it (relative to the post's file)."""
        ...


def collect_images(
    stories: Sequence[Story],
    day: date,
    post: PostSettings,
    fetcher: Fetcher,
    wanted: bool = True,
    layout: ImageFolder | None = None,
) -> LeadImages:
    """Verified lead images for `stories` (only when the layout shows them: `wanted`), downloaded if configured
    into `layout`'s images folder (required when `post.download_images` is set).

    Returns LeadImages: by story id, the src (the remote URL, or ../../assets/images/… for a download) and the
    size, and a note for the run summary when stories had to go without one. Nothing is raised.
    """
    if post.download_images and layout is None:
        raise ValueError("collect_images needs the site's layout to download images")
    candidates = {s.id: image_candidates(s) for s in stories} if wanted else {}
    urls = [url for found in candidates.values() for url in found]
    if not urls:
        return LeadImages()
    results = fetcher.get_many(urls)
    sources: dict[str, LeadImage] = {}
    files: dict[str, bytes] = {}
    reasons: list[str] = []
    for story_id, found in candidates.items():
        for url in found:
            try:
                fetched, kind, width, height = _verify(results.get(url))
                src = url
                if post.download_images and layout is not None:
                    path = layout.image_ref(day, image_name(fetched.content, kind, post.image_max_bytes))
                    files[path], src = fetched.content, layout.from_post(path)
            except DataError as error:
                log.info("lead image %s left out: %s", url, error)
                reasons.append(str(error))
                continue
            sources[story_id] = LeadImage(src, width, height)
            break
    failed = sum(1 for found in candidates.values() if found) - len(sources)
    notes = (
        (f"{failed} lead image(s) left out: none of the story's images could be verified ({reasons[0]})",)
        if failed
        else ()
    )
    return LeadImages(sources=sources, files=files, notes=notes)
