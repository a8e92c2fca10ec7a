"""Lead images of the featured stories: hot-linked http(s) URLs, or copies downloaded next to the post.

With `post.download_images`, each image is fetched through the Fetcher (SSRF guard, timeouts), must declare
and really be a PNG, JPEG, GIF or WebP (never SVG: it can carry scripts), at most `post.image_max_bytes`,
and is stored as docs/assets/images/YYYY-MM-DD/<sha256[:16]>.<ext> by the publisher with the post.
An image that fails is left out (never hot-linked instead) and the run notes say why.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from generator.config import PostSettings
from generator.errors import DataError
from generator.fetch import Fetcher
from generator.models import Fetched, Story
from generator.render import safe_url

log = logging.getLogger(__name__)

# Magic bytes → (file extension, accepted Content-Type values).
_SIGNATURES: tuple[tuple[bytes, str, frozenset[str]], ...] = (
    (b"\x89PNG\r\n\x1a\n", "png", frozenset({"image/png"})),
    (b"\xff\xd8\xff", "jpg", frozenset({"image/jpeg", "image/jpg", "image/pjpeg"})),
    (b"GIF87a", "gif", frozenset({"image/gif"})),
    (b"GIF89a", "gif", frozenset({"image/gif"})),
)


@dataclass(frozen=True)
class LeadImages:
    """src of each story's lead image (by story id), and the files to write (path relative to docs/)."""

    sources: dict[str, str] = field(default_factory=dict)
    files: dict[str, bytes] = field(default_factory=dict)


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


def image_file(day: date, fetched: Fetched, max_bytes: int) -> tuple[str, bytes]:
    """(path relative to docs/, bytes) for a fetched image, or DataError."""
    if len(fetched.content) > max_bytes:
        raise DataError(f"{len(fetched.content)} bytes is over the {max_bytes}-byte cap")
    ext = image_type(fetched.content, str(fetched.headers.get("Content-Type", "")))
    digest = hashlib.sha256(fetched.content).hexdigest()[:16]
    return f"assets/images/{day.isoformat()}/{digest}.{ext}", fetched.content


def collect_images(
    stories: Sequence[Story],
    day: date,
    post: PostSettings,
    fetcher: Fetcher,
    notes: list[str],
    wanted: bool = True,
) -> LeadImages:
    """Lead images for `stories` (only when the layout shows them: `wanted`), downloaded if configured."""
    remote = {s.id: url for s in stories if (url := safe_url(s.image))} if wanted else {}
    if not post.download_images or not remote:
        return LeadImages(sources=remote)
    results = fetcher.get_many(remote.values())
    sources: dict[str, str] = {}
    files: dict[str, bytes] = {}
    failed = 0
    for story_id, url in remote.items():
        result = results[url]
        try:
            if result.value is None:
                raise DataError(result.reason)
            path, content = image_file(day, result.value, post.image_max_bytes)
        except DataError as error:
            log.info("lead image %s left out: %s", url, error)
            failed += 1
            continue
        files[path] = content
        sources[story_id] = f"../../{path}"  # posts live in docs/blog/posts/
    if failed:
        notes.append(f"{failed} lead image(s) could not be downloaded and are left out")
    return LeadImages(sources=sources, files=files)
