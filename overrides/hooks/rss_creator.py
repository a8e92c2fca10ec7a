"""Works around mkdocs-rss-plugin 1.19 writing names where RSS 2.0 wants e-mail addresses (<author>, <managingEditor>).

RSS 2.0 (rssboard.org/rss-specification): an item's <author> and the channel's <managingEditor> hold an e-mail
address, optionally followed by a name in parentheses ("editor@example.com (Name)"). The plugin writes the blog
authors' names (docs/blog/.authors.yml) and site_author there. A site has names, not addresses it wants published,
so a value that is not an address becomes <dc:creator>, Dublin Core's element for a creator's name, which readers
show as the author (RSS 2.0 allows elements from a namespace; the plugin's template declares the dc namespace).
The text is escaped for XML on the way (the plugin writes these values unescaped). Runs in on_post_build, a
documented MkDocs event, after the plugin wrote the feeds, and only rewrites the RSS feed files.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority

PERSON = re.compile(r"<(author|managingEditor)>(.*?)</\1>", re.S)
ADDRESS = re.compile(r"[^@\s()<>]+@[^@\s()<>]+\.[^@\s()<>]+(?: \([^()]+\))?")


@event_priority(-100)  # after mkdocs-rss-plugin's on_post_build (default priority 0)
def on_post_build(config: MkDocsConfig) -> None:
    for feed in Path(config.site_dir).glob("feed_rss_*.xml"):
        text = feed.read_text(encoding="utf-8")
        fixed = PERSON.sub(_creator, text)
        if fixed != text:
            feed.write_text(fixed, encoding="utf-8")


def _creator(match: re.Match[str]) -> str:
    value = html.unescape(match.group(2)).strip()
    if ADDRESS.fullmatch(value):
        return f"<{match.group(1)}>{html.escape(value, quote=False)}</{match.group(1)}>"
    return f"<dc:creator>{html.escape(value, quote=False)}</dc:creator>" if value else ""
