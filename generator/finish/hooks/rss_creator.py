"""Works around mkdocs-rss-plugin 1.19 writing names where RSS 2.0 wants e-mail addresses (<author>, <managingEditor>).

RSS 2.0 (rssboard.org/rss-specification): an item's <author> and the channel's <managingEditor> hold an e-mail
address, optionally followed by a name in parentheses ("editor@example.com (Name)"). The plugin writes the blog
authors' names (docs/blog/.authors.yml) and site_author there, unescaped. A value that is not an address becomes
<dc:creator>, escaped for XML. A thin wrapper: the fix is generator.finish.name_feed_creators, which `python -m
generator finish-site` applies after any builder (ARCHITECTURE.md, "Material's successor"). Runs in
on_post_build, a documented MkDocs event, after the plugin wrote the feeds.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority

from generator.finish import name_feed_creators


@event_priority(-100)  # after mkdocs-rss-plugin's on_post_build (default priority 0)
def on_post_build(config: MkDocsConfig) -> None:
    name_feed_creators(Path(config.site_dir))
