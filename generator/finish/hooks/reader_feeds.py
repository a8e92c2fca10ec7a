"""The reader feeds and each day's stories.json (generator.syndication), written after the build: not a
workaround, the site's own output that mkdocs-rss-plugin does not make (one feed per category and per top tag, a
headlines-only 快讯 feed, a full-content feed for mail; issue 21 §3-4).

A thin wrapper in on_post_build, a documented MkDocs event, after the rss plugin and the other post-build hooks
(the main JSON feeds get their attachments after the logo fix); `python -m generator finish-site` does the same
after any builder (ARCHITECTURE.md, "Material's successor"). Its warnings go to MkDocs' log, which --strict
counts.
"""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority

from generator.finish import feed_logo_url

log = logging.getLogger("mkdocs.hooks.reader_feeds")


@event_priority(-110)  # after the rss plugin (0) and the feed fixes (-100)
def on_post_build(config: MkDocsConfig) -> None:
    from generator.site import load_site
    from generator.syndication import write_reader_feeds

    site = load_site(Path(config.config_file_path)).model_copy(update={"url": config.site_url or ""})
    site_dir = Path(config.site_dir)
    logo = feed_logo_url(config.site_url or "", site_dir)
    for warning in write_reader_feeds(Path(config.docs_dir), site_dir, site, logo).warnings:
        log.warning("%s", warning)
