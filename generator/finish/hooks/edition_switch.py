"""The language switch of the Chinese site, shown only when the English edition exists (issue 22).

Material's site language selector (`extra.alternate`, documented under "Changing the language") is static
configuration; the English edition is a second project beside mkdocs.yml (mkdocs.en.yml, docs-en/, built into
site/en/) that exists only once the generator has written an English post (`editions: [en]` in the generator's
config). This hook sets `extra.alternate` in on_config, the documented event for changing the configuration, when
that project has at least one post, so that a site without the edition is unchanged and one with it links both ways.
A site that sets `extra.alternate` itself keeps its own (the English project does, mkdocs.en.yml).

A post of both editions carries `alternates` in its front matter ({language: the other edition's page},
generator/edition.py). For such a page on_page_context (the documented event before a page is rendered) points the
switch and Material's `<link rel="alternate" hreflang>` tags at that page rather than the other site's home page,
and back to the site-wide links for every other page. Zensical runs no hooks: there, set `extra.alternate` in
mkdocs.yml by hand when the edition is on; the switch then leads to the other edition's home page.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils.yaml import yaml_load

EDITIONS = {"en": "mkdocs.en.yml"}  # a language → its project's config, beside mkdocs.yml
NAMES = {"zh": "中文", "en": "English"}  # each language in its own words, as a reader looks for it
_site_wide: list[dict[str, str]] = []  # the build's switch (on_config), restored for pages without alternates


def edition_posts(config_file: Path) -> bool:
    """Whether the edition whose MkDocs config is `config_file` has a post: a `.md` file in its blog's post_dir
    (the blog plugin's option, `blog/posts` by default) under its docs_dir."""
    if not config_file.is_file():
        return False
    with config_file.open("rb") as handle:
        data = yaml_load(handle) or {}
    posts = "blog/posts"
    for entry in data.get("plugins") or []:
        if isinstance(entry, dict) and isinstance(entry.get("blog"), dict):
            posts = str(entry["blog"].get("post_dir") or posts).replace("{blog}", "blog")
    folder = config_file.parent / str(data.get("docs_dir") or "docs") / posts
    return folder.is_dir() and any(folder.glob("*.md"))


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Add the language switch (this site first, then each edition with a post) unless the site sets its own."""
    _site_wide.clear()
    if config.extra.get("alternate"):
        _site_wide.extend(dict(alt) for alt in config.extra["alternate"])
        return config
    root = Path(config.config_file_path).parent
    language = str(config.theme.get("language") or "zh")
    editions = [lang for lang, name in EDITIONS.items() if lang != language and edition_posts(root / name)]
    if editions:
        config.extra["alternate"] = [
            {"name": NAMES.get(language, language), "link": "./", "lang": language},
            *({"name": NAMES[lang], "link": f"{lang}/", "lang": lang} for lang in editions),
        ]
        _site_wide.extend(config.extra["alternate"])
    return config


def on_page_context(
    context: dict[str, Any], page: Page, config: MkDocsConfig, nav: Navigation
) -> dict[str, Any]:
    """The switch of this page: a post with `alternates` links each language to its page in that edition (its own
    to itself); any other page has the site-wide switch."""
    if not _site_wide:
        return context
    pages = page.meta.get("alternates")
    own = str(config.theme.get("language") or "zh")
    if isinstance(pages, dict) and page.canonical_url:
        config.extra["alternate"] = [
            {
                **alt,
                "link": page.canonical_url
                if alt.get("lang") == own
                else str(pages.get(alt.get("lang")) or alt["link"]),
            }
            for alt in _site_wide
        ]
    else:
        config.extra["alternate"] = [dict(alt) for alt in _site_wide]
    return context
