"""The 报错 link of every story of a daily post (issue 21 §2): no upstream behaviour is worked around, the hook only
runs the post-build fix generator.finish.add_report_links after an MkDocs build (`python -m generator finish-site`
runs it after any builder). Runs in on_post_build, a documented MkDocs event, once every page is written; the
repository's address is mkdocs.yml's `repo_url` (the daily workflow passes REPO_URL). The link speaks the site's
language (theme.language: post.words "pages"), so the English edition (mkdocs.en.yml) says "Report an error".
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig

from generator.finish import add_report_links
from generator.post import words_for


def on_post_build(config: MkDocsConfig) -> None:
    language = str(config.theme.get("language") or "zh")
    try:
        words = words_for(language)["pages"]
    except KeyError:
        words = None  # a language without a words table: the Chinese words
    add_report_links(Path(config.site_dir), str(config.repo_url or ""), words)
