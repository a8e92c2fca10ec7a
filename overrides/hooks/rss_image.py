"""Works around mkdocs-rss-plugin's `image` option taking only an absolute URL, which mkdocs.yml cannot derive.

The feeds' logo (RSS 2.0 channel <image>, JSON Feed 1.1 "icon") is the site's assets/logo.png (144×144, within
RSS 2.0's 144-pixel limit), so its URL follows site_url, which the daily workflow sets through SITE_URL. A value
in mkdocs.yml cannot be built from another (`!ENV` gives whole values only), and without the option the plugin
writes `<url>None</url>` and `"icon": null`. In on_config, a documented MkDocs event, before the plugin's own
on_config reads its options, this sets the documented `image` option to site_url + assets/logo.png; an owner's
own `image:` in mkdocs.yml is kept.
"""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority

log = logging.getLogger("mkdocs.hooks.rss_image")

LOGO = "assets/logo.png"


@event_priority(100)  # before mkdocs-rss-plugin's on_config (default priority 0)
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    plugin = config.plugins.get("rss")
    if plugin is None or plugin.config.image:
        return config
    if not config.site_url:
        log.warning("no site_url: the feeds get no logo")
    elif not (Path(config.docs_dir) / LOGO).is_file():
        log.warning("%s is missing: the feeds get no logo", LOGO)
    else:
        plugin.config.image = config.site_url + LOGO
    return config
