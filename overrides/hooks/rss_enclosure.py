"""Works around mkdocs-rss-plugin 1.19 writing length="None" in enclosures (Guts/mkdocs-rss-plugin issue 197).

Runs in on_post_build, a documented MkDocs event, and only rewrites the RSS feed files the plugin wrote.

Post covers are enclosures. The plugin turns `image: assets/covers/DAY.png` (a path relative to docs/) into the
right absolute URL, but looks the file up relative to the *post's* directory (`Path(page.abs_src_path).parent /
image` in `util.get_local_image_length`), finds nothing and writes `length="None"`. RSS 2.0 says `length` is the
size in bytes: we put in the size of the file the URL points to in site_dir, or leave the enclosure out (with a
warning) when there is no such file. The JSON feeds carry no length.
"""

from __future__ import annotations

import html
import logging
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority

log = logging.getLogger("mkdocs.hooks.rss_enclosure")

ENCLOSURE = re.compile(r'<enclosure url="([^"]*)"([^>]*?)length="None"\s*/>')


@event_priority(-100)  # after mkdocs-rss-plugin's on_post_build (default priority 0)
def on_post_build(config: MkDocsConfig) -> None:
    site_dir = Path(config.site_dir)
    site_url = config.site_url or ""
    for feed in site_dir.glob("feed_rss_*.xml"):
        text = feed.read_text(encoding="utf-8")
        fixed = ENCLOSURE.sub(lambda m: _with_length(m, site_url, site_dir), text)
        if fixed != text:
            feed.write_text(fixed, encoding="utf-8")


def _with_length(match: re.Match[str], site_url: str, site_dir: Path) -> str:
    url = html.unescape(match.group(1))
    # The URL is site_url + a docs-relative path: compare paths, so that scheme and host don't matter.
    base_path = urlsplit(site_url).path or "/"
    path = unquote(urlsplit(url).path)
    target = (site_dir / path[len(base_path) :]).resolve()
    if not path.startswith(base_path) or site_dir.resolve() not in target.parents or not target.is_file():
        log.warning("RSS enclosure %s: no such file in the built site, left out", url)
        return ""
    return f'<enclosure url="{match.group(1)}"{match.group(2)}length="{target.stat().st_size}" />'
