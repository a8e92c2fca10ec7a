"""Works around MkDocs themes writing page.meta into <head> unescaped: github.com/mkdocs/mkdocs/issues/1822.

Runs in on_page_markdown, the documented MkDocs event where page.meta is read and may be changed.

MkDocs does not autoescape templates, and Material's base.html writes `page.meta.title`,
`page.meta.description` and `page.meta.author` into <title> and <meta content="…"> as they are. Post front
matter is built from feed and model text, so a `"` or `<` there could end the attribute or the <title>.
The generator is meant to keep these fields plain; this hook is the safety net: it swaps the few
dangerous ASCII characters for their full-width look-alikes, which read naturally in Chinese text.
It cannot run after the build: Zensical (which runs no hooks) writes page.meta into <head> unescaped too, so
there the generator's front matter is the only guard (ARCHITECTURE.md, "Material's successor").
"""

from __future__ import annotations

import logging

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

log = logging.getLogger("mkdocs.hooks.meta_guard")

RAW_FIELDS = ("title", "description", "author")
LOOK_ALIKES = str.maketrans({'"': "＂", "<": "＜", ">": "＞"})
# Lists printed raw by Material (tag chips) and mkdocs-rss-plugin (<category>, where "&" breaks the XML too).
RAW_LISTS = ("tags", "categories")
LIST_LOOK_ALIKES = str.maketrans({'"': "＂", "<": "＜", ">": "＞", "&": "＆"})


@event_priority(100)  # before other plugins read page.meta
def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    for field in RAW_FIELDS:
        value = page.meta.get(field)
        if isinstance(value, str) and value != (safe := value.translate(LOOK_ALIKES)):
            log.info("%s: replaced quotes or angle brackets in '%s'", page.file.src_uri, field)
            page.meta[field] = safe
    for field in RAW_LISTS:
        values = page.meta.get(field)
        if isinstance(values, list) and any(
            isinstance(v, str) and v != v.translate(LIST_LOOK_ALIKES) for v in values
        ):
            log.info("%s: replaced markup characters in '%s'", page.file.src_uri, field)
            page.meta[field] = [v.translate(LIST_LOOK_ALIKES) if isinstance(v, str) else v for v in values]
    return markdown
