"""Works around mkdocs-rss-plugin 1.19 dating a page whose meta has no update date by the build time
(Guts/mkdocs-rss-plugin#377, "Ability to configure fallback to creation date when as_update not found", open).

mkdocs.yml has the plugin read a post's update time from `updated` (`date_from_meta.as_update`), which a post has
only once it was corrected (generator/site/corrections.py). Without it the plugin takes the build time, so every
build would date every post anew in the feeds ordered by update (`feed_rss_updated.xml`, `feed_json_updated.json`,
the JSON Feed's `date_modified`). Here a page with a `date` and no `updated` gets its `date` as `updated`, in
on_page_markdown (the documented MkDocs event where page.meta may be changed), before the plugin reads the dates in
on_page_content. A corrected post keeps its own `updated`. MkDocs only: Zensical runs no hooks, and how its own
feeds date an update was not checked (ARCHITECTURE.md, "Material's successor").
"""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Give a page without `updated` its `date` as `updated`; return the Markdown unchanged."""
    if page.meta.get("updated") is None and page.meta.get("date") is not None:
        page.meta["updated"] = page.meta["date"]
    return markdown
