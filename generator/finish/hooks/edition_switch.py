"""The language switch of the Chinese site, shown only when the English edition exists (issue 22).

Material's site language selector (`extra.alternate`, documented under "Changing the language") is static
configuration; the English edition is a second project beside mkdocs.yml (mkdocs.en.yml, docs-en/, built into
site/en/) that exists only once the generator has written an English post (`editions: [en]` in the generator's
config). This hook sets `extra.alternate` in on_config, the documented event for changing the configuration, when
that project has at least one post, so that a site without the edition is unchanged and one with it links both ways.
A site that sets `extra.alternate` itself keeps its own (the English project does, mkdocs.en.yml).

The switch links each site's home page, as Material documents it: Material's own script then stays on the page
when the other site has the same path (it reads that site's sitemap.xml), which takes a reader of a Chinese post to
the same post in English. Each post's exact counterpart is in the sitemaps (`alternates` in its front matter,
overrides/sitemap.xml: hreflang per URL, as the sitemap protocol's extension for languages has it). Zensical runs no
hooks: there, set `extra.alternate` in mkdocs.yml by hand when the edition is on.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.utils.yaml import yaml_load

from generator.post import words_for

EDITIONS = {"en": "mkdocs.en.yml"}  # a language → its project's config, beside mkdocs.yml


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


def language_name(language: str) -> str:
    """A language in its own words, as a reader looks for it in the switch (post.words, "edition")."""
    try:
        return str(words_for(language)["edition"]["language_name"])
    except KeyError:
        return language


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Add the language switch (this site first, then each edition with a post) unless the site sets its own."""
    if config.extra.get("alternate"):
        return config
    root = Path(config.config_file_path).parent
    language = str(config.theme.get("language") or "zh")
    editions = [lang for lang, name in EDITIONS.items() if lang != language and edition_posts(root / name)]
    if editions:
        config.extra["alternate"] = [
            {"name": language_name(language), "link": "./", "lang": language},
            *({"name": language_name(lang), "link": f"{lang}/", "lang": lang} for lang in editions),
        ]
    return config
