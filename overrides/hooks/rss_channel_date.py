"""Works around mkdocs-rss-plugin 1.19 dating the RSS channel with the build time, so every build says it changed.

RSS 2.0: the channel's <pubDate> is the publication date of its content and <lastBuildDate> the last time that
content changed. The plugin writes the build time into both (`get_build_timestamp()` in its on_config), so a
rebuild that adds nothing (a push to overrides/, a re-run) makes a new feed file. Here both become the newest
item's <pubDate>: the moment the channel's content last changed. A feed without items keeps the plugin's dates.
Runs in on_post_build, a documented MkDocs event, after the plugin wrote the feeds; only the RSS files change.
"""

from __future__ import annotations

import email.utils
import re
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority

CHANNEL_DATE = re.compile(r"<(pubDate|lastBuildDate)>[^<]*</\1>")
ITEM_DATE = re.compile(r"<pubDate>([^<]*)</pubDate>")


@event_priority(-100)  # after mkdocs-rss-plugin's on_post_build (default priority 0)
def on_post_build(config: MkDocsConfig) -> None:
    for feed in Path(config.site_dir).glob("feed_rss_*.xml"):
        text = feed.read_text(encoding="utf-8")
        head, found, items = text.partition("<item>")
        dates = [email.utils.parsedate_to_datetime(d) for d in ITEM_DATE.findall(items)]
        if not found or not dates:
            continue
        newest = email.utils.format_datetime(max(dates))
        fixed = CHANNEL_DATE.sub(rf"<\1>{newest}</\1>", head) + found + items
        if fixed != text:
            feed.write_text(fixed, encoding="utf-8")
