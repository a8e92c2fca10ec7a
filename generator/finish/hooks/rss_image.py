"""Works around mkdocs-rss-plugin's `image` option taking only an absolute URL, which mkdocs.yml cannot derive.

The feeds' logo (RSS 2.0 channel <image>, JSON Feed 1.1 "icon") is the site's assets/logo.png (144×144, within
RSS 2.0's 144-pixel limit), so its URL follows site_url, which the daily workflow sets through SITE_URL. A value
in mkdocs.yml cannot be built from another (`!ENV` gives whole values only), and without the option the plugin
writes `<url>None</url>` and `"icon": null`. In on_config, a documented MkDocs event, before the plugin's own
on_config reads its options, this sets the documented `image` option to generator.finish.feed_logo_url (site_url +
assets/logo.png); an owner's own `image:` in mkdocs.yml is kept. After a builder without hooks (Zensical),
`python -m generator finish-site` gives the feeds the same logo (generator.finish.add_feed_logo).
"""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority

from generator.finish import FEED_LOGO, feed_logo_url

log = logging.getLogger("mkdocs.hooks.rss_image")


@event_priority(100)  # before mkdocs-rss-plugin's on_config (default priority 0)
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    plugin = config.plugins.get("rss")
    if plugin is None or plugin.config.image:
        return config
    logo = feed_logo_url(config.site_url or "", Path(config.docs_dir))
    if logo is None:
        log.warning(
            "%s: the feeds get no logo", "no site_url" if not config.site_url else f"{FEED_LOGO} is missing"
        )
    else:
        plugin.config.image = logo
    return config
