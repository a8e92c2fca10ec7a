"""The 报错 link of every story of a daily post (issue 21 §2): a prefilled issue in the site's own repository.

GitHub's new-issue URL takes an issue form (`template=correction.yml`, .github/ISSUE_TEMPLATE/) and values for the
form's fields by their ids as query parameters (GitHub Docs, "Creating an issue from a URL query"): `day` (the
post's date), `story` (the story's anchor, what `python -m generator correct DATE STORY "text"` takes), `post` (the
story's address) and the issue's `title`. docs/javascripts/report.js adds the sentence the reader selected inside
the story (`sentence`) when the link is followed; without scripts the link opens the form all the same.

Runs in on_page_content (a documented MkDocs event), on the HTML of a daily post (blog/posts/YYYY-MM-DD.md): every
heading or list item with a story's anchor (`id="s-…"`, generator/post/threads.py story_anchor) gets the link at
its end, kept out of the search index (`data-search-exclude`). Nothing is added without mkdocs.yml's `repo_url`
(the daily workflow passes the repository's address as REPO_URL).
"""

from __future__ import annotations

import html
import re
from urllib.parse import quote, urlencode

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

FORM = "correction.yml"  # .github/ISSUE_TEMPLATE/correction.yml
LABEL = "报错"
TITLE = "更正：{day} {headline}"
DAILY = re.compile(r"blog/posts/(\d{4}-\d{2}-\d{2})\.md")
STORY = re.compile(r'<(h[2-6]|li)\b[^>]*\bid="(s-[0-9a-z]{1,40})"[^>]*>')
TAGS = re.compile(r"<[^>]+>")
HEADLINE_CHARS = 60


def issue_url(repo: str, day: str, anchor: str, post: str, headline: str) -> str:
    """The new-issue address of the correction form with its fields filled in (see the module docstring)."""
    title = TITLE.format(day=day, headline=headline[:HEADLINE_CHARS])
    fields = {"template": FORM, "title": title, "day": day, "story": anchor, "post": post}
    return f"{repo}/issues/new?{urlencode(fields, quote_via=quote)}"


def headline_of(inner: str) -> str:
    """A story's heading or list item as plain text (its permalink mark and markers left out)."""
    inner = re.sub(r'<a [^>]*\bclass="(?:headerlink|cite)"[^>]*>.*?</a>', "", inner)
    return " ".join(html.unescape(TAGS.sub("", inner)).split())


def on_page_content(content: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Add the 报错 link to every story of a daily post (see the module docstring)."""
    repo = str(config.repo_url or "").rstrip("/")
    daily = DAILY.fullmatch(page.file.src_uri)
    if not daily or not repo.startswith(("https://", "http://")):
        return content
    out, position = [], 0
    for match in STORY.finditer(content):
        tag, anchor = match.group(1), match.group(2)
        close = content.find(f"</{tag}>", match.end())
        if close < 0 or close < position:
            continue
        post = f"{page.canonical_url or ''}#{anchor}"
        url = issue_url(repo, daily.group(1), anchor, post, headline_of(content[match.end() : close]))
        link = (
            f' <a class="report-link" href="{html.escape(url)}" data-story="{anchor}" data-search-exclude '
            f'rel="nofollow" title="报告这条新闻中的错误">{LABEL}</a>'
        )
        out += [content[position:close], link]
        position = close
    return "".join(out) + content[position:]
