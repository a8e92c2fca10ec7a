"""Works around Material's blog plugin (9.x) giving its generated pages no front matter: no upstream issue known.

The blog plugin generates the archive, category and pagination pages (page/2/ of the home page, archive/2026/,
category/…/ and their page/N/) from a one-line heading or a copy of the index; Material's search plugin then indexes
each of them, so a search for a word of a post title also lists dozens of pages that only link to posts. Their files
carry `generated_by = "material/blog"` (MkDocs' documented File.generated_by, set to the plugin's entry point name),
and Material's search plugin skips a page whose meta holds `search: exclude: true` (documented under "Search
exclusion", https://squidfunk.github.io/mkdocs-material/setup/setting-up-site-search/#search-exclusion). This hook
sets that meta in on_page_markdown, the documented event where page.meta is read and may be changed, before the
search plugin indexes the page in on_page_context. Hand-written pages say it in their own front matter
(docs/tags.md); the posts mark the blocks they keep out of the index with `{ data-search-exclude }`
(generator/post/templates/). Zensical runs no hooks and indexes the pagination pages (with the index's
title and no text); `python -m generator finish-site` removes them from its index (generator.finish.
compact_search_index).
"""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

GENERATED_BY = "material/blog"  # the blog plugin's entry point name, which MkDocs puts in File.generated_by


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Mark the blog plugin's generated pages `search: exclude: true`; return the Markdown unchanged."""
    if page.file.generated_by == GENERATED_BY:
        search = page.meta.get("search")
        page.meta["search"] = {**(search if isinstance(search, dict) else {}), "exclude": True}
    return markdown
