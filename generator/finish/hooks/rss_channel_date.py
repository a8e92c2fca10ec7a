"""Works around mkdocs-rss-plugin 1.19 dating the RSS channel with the build time, so every build says it changed.

RSS 2.0: the channel's <pubDate> is the publication date of its content and <lastBuildDate> the last time that
content changed. The plugin writes the build time into both (`get_build_timestamp()` in its on_config), so a
rebuild that adds nothing (a push to overrides/, a re-run) makes a new feed file. Both become the newest item's
<pubDate>. A thin wrapper: the fix is generator.finish.date_feed_channels, which `python -m generator finish-site`
applies after any builder (ARCHITECTURE.md, "Material's successor"). Runs in on_post_build, a documented MkDocs
event, after the plugin wrote the feeds.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority

from generator.finish import date_feed_channels


@event_priority(-100)  # after mkdocs-rss-plugin's on_post_build (default priority 0)
def on_post_build(config: MkDocsConfig) -> None:
    date_feed_channels(Path(config.site_dir))
