"""Works around Material's blog plugin (9.x) giving a post no link to the posts before and after it: no upstream
option or issue known (its navigation links pages of the site's `nav`, which posts are not in).

A reader of one morning's post has no way to the day before but the home page. This hook adds, at the end of
each daily post (`blog/posts/YYYY-MM-DD.md`), a line with links to the previous and the next daily post that the
site has, as relative links to their Markdown files: MkDocs resolves such links to the pages' URLs (the way the
blog plugin's documentation links posts), and `mkdocs build --strict` checks them. The weekly issues
(`2026-W47.md`) and other pages are left as they are. Events: on_files (the site's files, once a build) and
on_page_markdown (a page's Markdown before it is rendered), both documented MkDocs events. The words come from
the post's words table (generator/post/words.py); the line stays out of the search index (data-search-exclude).
Zensical runs no hooks: a site it builds has no such line (generator.finish does not add it yet).
"""

from __future__ import annotations

import re
from datetime import date

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from generator.post import POST_WORDS

POSTS = "blog/posts/"  # the blog plugin's post_dir in mkdocs.yml
_DAILY = re.compile(r"(\d{4}-\d{2}-\d{2})\.md")
_days: list[date] = []


def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Remember the days of the daily posts (their file names), oldest first."""
    found = set()
    for file in files.documentation_pages():
        folder, _, name = file.src_uri.rpartition("/")
        match = _DAILY.fullmatch(name)
        if folder + "/" == POSTS and match:
            found.add(date.fromisoformat(match.group(1)))
    _days[:] = sorted(found)
    return files


def neighbours_line(day: date, days: list[date]) -> str:
    """The Markdown line linking the daily posts before and after `day` among `days` ("" when it has none)."""
    earlier = [d for d in days if d < day]
    later = [d for d in days if d > day]
    links = []
    if earlier:
        links.append(f"[← {POST_WORDS['previous_day']}：{_label(earlier[-1])}]({earlier[-1].isoformat()}.md)")
    if later:
        links.append(f"[{POST_WORDS['next_day']}：{_label(later[0])} →]({later[0].isoformat()}.md)")
    return " · ".join(links)


def _label(day: date) -> str:
    return f"{day.month} 月 {day.day} 日"


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """A daily post's Markdown with the line of its neighbours at the end; other pages unchanged."""
    folder, _, name = page.file.src_uri.rpartition("/")
    match = _DAILY.fullmatch(name)
    if folder + "/" != POSTS or not match:
        return markdown
    line = neighbours_line(date.fromisoformat(match.group(1)), _days)
    if not line:
        return markdown
    return f"{markdown.rstrip()}\n\n{line}\n{{ .post-neighbours data-search-exclude }}\n"
