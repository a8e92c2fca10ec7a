"""Works around two "None"s mkdocs-rss-plugin 1.19 writes into RSS: github.com/Guts/mkdocs-rss-plugin/issues/197.

(Issue 197 asks for `page.meta.image` paths relative to docs/, which is the first case; the second has no issue.)
Runs in on_post_build, a documented MkDocs event, and only rewrites the feed files the plugin wrote.

1. Enclosures (post covers). The plugin turns `image: assets/covers/DAY.png` (a path relative to docs/)
   into the right absolute URL, but looks the file up relative to the *post's* directory
   (`Path(page.abs_src_path).parent / image` in `util.get_local_image_length`), finds nothing and
   writes `length="None"`. We put in the size of the file the URL points to in site_dir.
2. The channel <image>: its option must be an absolute URL (which depends on SITE_URL), and without it
   the template still writes `<url>None</url>`. We point it at site_url + assets/logo.png.

Runs after the rss plugin has written the feeds. The JSON feeds carry neither value.
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

ENCLOSURE = re.compile(r'<enclosure url="([^"]*)"([^>]*?)length="None"')
CHANNEL_LOGO = "assets/logo.png"


@event_priority(-100)  # after mkdocs-rss-plugin's on_post_build (default priority 0)
def on_post_build(config: MkDocsConfig) -> None:
    site_dir = Path(config.site_dir)
    site_url = config.site_url or ""
    for feed in site_dir.glob("feed_rss_*.xml"):
        text = feed.read_text(encoding="utf-8")
        fixed = ENCLOSURE.sub(lambda m: _with_length(m, site_url, site_dir), text)
        if (site_dir / CHANNEL_LOGO).is_file():
            fixed = fixed.replace("<url>None</url>", f"<url>{html.escape(site_url + CHANNEL_LOGO)}</url>", 1)
        else:
            fixed = re.sub(r"<image>\s*<url>None</url>.*?</image>", "", fixed, count=1, flags=re.S)
        if fixed != text:
            feed.write_text(fixed, encoding="utf-8")


def _with_length(match: re.Match[str], site_url: str, site_dir: Path) -> str:
    url = html.unescape(match.group(1))
    # The URL is site_url + a docs-relative path: compare paths, so that scheme and host don't matter.
    base_path = urlsplit(site_url).path or "/"
    path = unquote(urlsplit(url).path)
    target = (site_dir / path[len(base_path) :]).resolve()
    if not path.startswith(base_path) or site_dir.resolve() not in target.parents or not target.is_file():
        log.warning("RSS enclosure %s: no such file in the built site", url)
        return match.group(0)
    return f'<enclosure url="{match.group(1)}"{match.group(2)}length="{target.stat().st_size}"'
