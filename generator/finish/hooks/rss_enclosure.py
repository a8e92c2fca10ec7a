"""Works around mkdocs-rss-plugin 1.19 writing length="None" in enclosures (Guts/mkdocs-rss-plugin issue 197).

Post covers are enclosures. The plugin turns `image: assets/covers/DAY.png` (a path relative to docs/) into the
right absolute URL, but looks the file up relative to the *post's* directory (`Path(page.abs_src_path).parent /
image` in `util.get_local_image_length`), finds nothing and writes `length="None"`. RSS 2.0 says `length` is the
size in bytes. A thin wrapper: the fix is generator.finish.fix_enclosure_lengths (the size of the file in the
built site, or the enclosure left out), which `python -m generator finish-site` applies after any builder
(ARCHITECTURE.md, "Material's successor"); its warnings go to MkDocs' log, which --strict counts. Runs in
on_post_build, a documented MkDocs event, after the plugin wrote the feeds.
"""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority

from generator.finish import fix_enclosure_lengths

log = logging.getLogger("mkdocs.hooks.rss_enclosure")


@event_priority(-100)  # after mkdocs-rss-plugin's on_post_build (default priority 0)
def on_post_build(config: MkDocsConfig) -> None:
    for warning in fix_enclosure_lengths(Path(config.site_dir), config.site_url or "").warnings:
        log.warning("%s", warning)
