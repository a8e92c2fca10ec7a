"""The published posts as their front matter: what the channel post, the tags page and later pages read back.

Only the YAML block at the top of each post is parsed (with libyaml when available), so a thousand posts take
well under a second; a post whose front matter cannot be read is skipped with a warning.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import yaml

from generator.site.layout import SiteLayout
from generator.site.permalinks import created_at

log = logging.getLogger(__name__)
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_FRONT_MATTER = re.compile(r"---[ \t]*\r?\n(.*?\r?\n)?---[ \t]*(?:\r?\n|$)", re.S)


@dataclass(frozen=True)
class PostRecord:
    """One post: its file, its front matter (a mapping), and the moment the blog plugin files it under."""

    path: Path
    meta: dict[str, Any]
    created: datetime

    @property
    def day(self) -> date:
        """The post's day as its URL and the archive show it: the date of `created` in its own UTC offset."""
        return self.created.date()


def split_front_matter(text: str) -> tuple[dict[str, Any], str]:
    """A Markdown text's front matter (the YAML between a first line "---" and the next line "---"; {} when there
    is none or it is not a mapping) and the text after it. Raises yaml.YAMLError when the front matter is not
    YAML."""
    match = _FRONT_MATTER.match(text)
    if not match:
        return {}, text
    data = yaml.load(match.group(1) or "", Loader=_LOADER)
    return (data if isinstance(data, dict) else {}), text[match.end() :]


def read_front_matter(path: Path) -> dict[str, Any]:
    """The front matter of a Markdown file ({} when it has none). Raises OSError, UnicodeDecodeError or
    yaml.YAMLError when the file cannot be read or its front matter is not YAML."""
    return split_front_matter(path.read_text(encoding="utf-8"))[0]


def load_posts(layout: SiteLayout) -> list[PostRecord]:
    """Every post in the blog's posts folder (recursively, as the blog plugin reads it) that has a readable date,
    oldest first (by date, then file name)."""
    records = []
    for path in sorted(layout.posts_folder().rglob("*.md")):
        try:
            meta = read_front_matter(path)
        except (OSError, ValueError, yaml.YAMLError) as error:
            log.warning("cannot read the front matter of %s: %s", path, error)
            continue
        created = created_at(meta.get("date"))
        if created is not None:
            records.append(PostRecord(path, meta, created))
    return sorted(records, key=lambda r: (r.created, r.path.name))
