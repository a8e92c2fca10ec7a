"""The HTTP cache of feeds: validators and bodies, so an unchanged feed costs a 304 (RFC 9110 §13.1)."""

from __future__ import annotations

import hashlib
import json
import logging
from pathlib import Path

from generator.files import write_atomic
from generator.models import Fetched

log = logging.getLogger(__name__)


class HttpCache:
    """Validators (ETag, Last-Modified) and bodies of feeds, so an unchanged feed costs a 304.

    One `<key>.json` (URL, validators, content type) and one `<key>.body` (the bytes) per URL, each written
    to a temporary file and renamed, so a crash never leaves a half-written entry.
    """

    def __init__(self, directory: Path) -> None:
        self.directory = directory

    def _paths(self, url: str) -> tuple[Path, Path]:
        key = hashlib.sha256(url.encode()).hexdigest()[:32]
        return self.directory / f"{key}.json", self.directory / f"{key}.body"

    def load(self, url: str) -> dict[str, str] | None:
        """The validators for `url`, or None when nothing usable is cached."""
        meta_path, body_path = self._paths(url)
        try:
            record = json.loads(meta_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if not isinstance(record, dict) or record.get("url") != url or not body_path.is_file():
            return None
        return {k: str(v) for k, v in record.items()}

    def body(self, url: str) -> bytes | None:
        """The cached body of `url`, or None."""
        try:
            return self._paths(url)[1].read_bytes()
        except OSError:
            return None

    def save(self, url: str, fetched: Fetched) -> None:
        """Keep `fetched`'s validators (ETag, Last-Modified) and body for the next conditional request."""
        etag = fetched.headers.get("ETag")
        modified = fetched.headers.get("Last-Modified")
        if not (etag or modified):
            return
        record = {
            "url": url,
            "etag": etag or "",
            "last_modified": modified or "",
            "content_type": fetched.headers.get("Content-Type", ""),
        }
        meta_path, body_path = self._paths(url)
        try:
            write_atomic(body_path, fetched.content)
            write_atomic(meta_path, json.dumps(record).encode())
        except OSError as error:
            log.warning("could not cache %s: %s", url, error)
