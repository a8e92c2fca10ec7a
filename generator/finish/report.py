"""The 报错 link of every story of a daily post (issue 21 §2): a prefilled issue in the site's own repository.

GitHub's new-issue URL takes an issue form (`template=correction.yml`, .github/ISSUE_TEMPLATE/) and values for the
form's fields by their ids as query parameters (GitHub Docs, "Creating an issue from a URL query"): `day` (the
post's date), `story` (the story's anchor, what `python -m generator correct DATE STORY "text"` takes), `post` (the
story's address) and the issue's `title`. docs/javascripts/report.js adds the sentence the reader selected inside
the story (`sentence`) when the link is followed; without scripts the link opens the form all the same.

A post-build fix (generator.finish): on every built page that is a post (its `article:published_time`, written by
overrides/main.html) and tells stories (`id="s-…"`, generator.post.threads.story_anchor, on headings and list
items), each story's heading or list item gets the link at its end. Added after the build, it is in no search
index; `data-search-exclude` says so to any later indexer. Idempotent (a page that has the links is left as it is);
nothing is added without a repository address (mkdocs.yml's `repo_url`: the daily workflow passes REPO_URL).
Standard library only (the MkDocs hook imports it in every build): the words are the Chinese ones below unless the
caller passes its site's (post.words "pages": report_label, report_title, report_tooltip; the English edition's
hook does, so an English post's link says "Report an error" and carries the English post's address).
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from pathlib import Path
from urllib.parse import quote, urlencode

from generator.files import write_atomic
from generator.finish.fixes import FinishReport

FORM = "correction.yml"  # .github/ISSUE_TEMPLATE/correction.yml
LABEL = "报错"
TITLE = "更正：{day} {headline}"
TOOLTIP = "报告这条新闻中的错误"
HEADLINE_CHARS = 60
LINK_CLASS = "report-link"
_PUBLISHED = re.compile(r'<meta property="article:published_time" content="(\d{4}-\d{2}-\d{2})')
_CANONICAL = re.compile(r'<link rel="canonical" href="([^"]+)"')
_STORY = re.compile(r'<(h[2-6]|li)\b[^>]*\bid="(s-[0-9a-z]{1,40})"[^>]*>')
_MARKS = re.compile(r'<a [^>]*\bclass="(?:headerlink|cite)"[^>]*>.*?</a>', re.S)
_TAGS = re.compile(r"<[^>]+>")


def issue_url(repo: str, day: str, anchor: str, post: str, headline: str, title_format: str = TITLE) -> str:
    """The new-issue address of the correction form with its fields filled in (see the module docstring); the
    issue's title from `title_format` ({day}, {headline})."""
    title = title_format.format(day=day, headline=headline[:HEADLINE_CHARS]).strip()
    fields = {"template": FORM, "title": title, "day": day, "story": anchor}
    if post:
        fields["post"] = post
    return f"{repo}/issues/new?{urlencode(fields, quote_via=quote)}"


def headline_of(inner: str) -> str:
    """A story's heading or list item as plain text (its permalink mark and markers left out)."""
    return " ".join(html.unescape(_TAGS.sub("", _MARKS.sub("", inner))).split())


def with_report_links(page: str, repo: str, words: Mapping[str, object] | None = None) -> str:
    """The page with a 报错 link at the end of each story (see the module docstring); the page itself when it is
    no post, tells no story, has its links already, or `repo` is no http(s) address. `words`: the site's
    language's (report_label, report_title, report_tooltip), the Chinese ones when None."""
    label = html.escape(str(words["report_label"])) if words else LABEL
    title_format = str(words["report_title"]) if words else TITLE
    tooltip = html.escape(str(words["report_tooltip"])) if words else TOOLTIP
    repo = repo.rstrip("/")
    published = _PUBLISHED.search(page)
    if not published or not repo.startswith(("https://", "http://")) or f'class="{LINK_CLASS}"' in page:
        return page
    canonical = _CANONICAL.search(page)
    base = html.unescape(canonical.group(1)) if canonical else ""
    out, position = [], 0
    for match in _STORY.finditer(page):
        tag, anchor = match.group(1), match.group(2)
        close = page.find(f"</{tag}>", match.end())
        if close < 0 or close < position:
            continue
        headline = headline_of(page[match.end() : close])
        post = f"{base}#{anchor}" if base else ""
        url = issue_url(repo, published.group(1), anchor, post, headline, title_format)
        link = (
            f' <a class="{LINK_CLASS}" href="{html.escape(url)}" data-story="{anchor}" data-search-exclude'
            f' rel="nofollow" title="{tooltip}">{label}</a>'
        )
        out += [page[position:close], link]
        position = close
    return "".join(out) + page[position:]


def add_report_links(site_dir: Path, repo: str, words: Mapping[str, object] | None = None) -> FinishReport:
    """`with_report_links` on every page of the built site (`repo`: the repository's address, mkdocs.yml
    `repo_url`; nothing changes without one), in `words` (the Chinese ones when None)."""
    if not repo.startswith(("https://", "http://")):
        return FinishReport()
    changed: list[str] = []
    for path in sorted(site_dir.rglob("index.html")):
        text = path.read_text(encoding="utf-8")
        fixed = with_report_links(text, repo, words) if 'id="s-' in text else text
        if fixed != text:
            write_atomic(path, fixed.encode("utf-8"))
            changed.append(path.relative_to(site_dir).as_posix())
    return FinishReport(tuple(changed))
