"""Corrections (issue 21 §2): a dated 更正 note under a story of a published post, and the 勘误 page listing them all.

A reader's 报错 link (generator/finish/report.py) opens an issue form (.github/ISSUE_TEMPLATE/correction.yml)
prefilled with the post's day, the story's anchor and the sentence; the owner answers with
`python -m generator correct DATE STORY "text"` (`correct_command`), which:

- reads the post of DATE (SiteLayout.post_file) and finds the story by its anchor (`s-<id>`, as the link gives it,
  or the id alone); a missing post, a story the post does not tell or an empty text is a CorrectionError, and
  nothing is written;
- adds the note at the end of the story (after its heading's section, or after its list item and the notes it has
  already): `!!! note "更正 · 2026-11-18"` and the text, escaped (post.escape_md: one inert line, never a link);
- records it in the front matter: `corrections` (each `date`, `story`, the story's `headline`, `text`) and
  `updated`, the correction's
  moment with its offset, which the feeds read as the entry's update time (mkdocs.yml `date_from_meta.as_update`),
  as do the sitemap's `<lastmod>` and the JSON-LD's `dateModified` (overrides/); `date` and `slug` stay, so the
  permalink and the feeds' guid never change;
- writes the post in one atomic step (files.write_atomic), after checking that it still renders and links to
  nothing it did not link to before; then the 勘误 page and the archive are written again (site.pages).

Nothing is edited silently: the note shows in the post, `updated` moves the post up the feeds ordered by update,
and the 勘误 page lists every correction, newest first. A correction already recorded (same story, same text)
changes nothing.
"""

from __future__ import annotations

import argparse
import html
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import lxml.html

from generator.errors import CorrectionError
from generator.files import write_atomic
from generator.post import dump_front_matter, escape_md, story_anchor
from generator.site.layout import MarkdownSpec, SiteLayout
from generator.site.posts import PostRecord, read_story_records, split_front_matter
from generator.site.publish import render_html
from generator.text import clean_line, xml_text

NOTE_TITLE = "更正 · {day}"
_NOTE = re.compile(r'^!!! note "更正 · ')
_STORY = re.compile(r"(?:^|#)(?:s-)?([0-9a-z]{1,40})$")
_HEADING = re.compile(r"^(#{1,6}) ")
_END = re.compile(r"^(?:---\s*|<!-- more -->)$")


@dataclass(frozen=True)
class Corrected:
    """What `correct_post` did: the post's file, the story's anchor, and whether the note is new (False: that
    correction was there already, nothing changed)."""

    path: Path
    anchor: str
    added: bool


def anchor_of(story: str) -> str:
    """The anchor a story is told by ("s-1a2b3c4d") from what a reader or the issue form gives: the anchor, the
    id, or a link ending in "#s-…". Raises CorrectionError for anything else."""
    found = _STORY.search(story.strip().lower())
    if not found:
        raise CorrectionError(f"{story!r} is not a story's anchor like s-1a2b3c4d (the 报错 link gives it)")
    return story_anchor(found.group(1))


def note_lines(when: datetime, text: str) -> list[str]:
    """The Markdown of one 更正 note (an admonition titled with the day, the text escaped and indented)."""
    return [f'!!! note "{NOTE_TITLE.format(day=when.date().isoformat())}"', "", f"    {escape_md(text)}"]


def story_end(lines: Sequence[str], anchor: str) -> int:
    """Where a note goes under the story with `anchor`: after its heading's section (before the next heading of
    its level or above, the closing rule, or the end), or after its list item and the notes under it. Raises
    CorrectionError when no heading or list item carries the anchor."""
    mark = f"{{ #{anchor} }}"
    for index, line in enumerate(lines):
        heading = _HEADING.match(line)
        if heading and line.rstrip().endswith(mark):
            end = index + 1
            while end < len(lines) and not _END.match(lines[end]):
                found = _HEADING.match(lines[end])
                if found and len(found.group(1)) <= len(heading.group(1)):
                    break
                end += 1
            while end > index + 1 and not lines[end - 1].strip():
                end -= 1
            return end
        if line.strip() == mark and not heading:
            end = index + 1
            while end + 1 < len(lines) and not lines[end].strip() and _NOTE.match(lines[end + 1]):
                end += 2
                while end < len(lines) and (not lines[end].strip() or lines[end].startswith("    ")):
                    end += 1
                while not lines[end - 1].strip():
                    end -= 1
            return end
    anchors = re.findall(r"\{ #(s-[0-9a-z]+) \}", "\n".join(lines))
    told = ", ".join(anchors[:30]) or "none"
    raise CorrectionError(f"the post tells no story {anchor} (its stories: {told})")


def correct_post(
    layout: SiteLayout, day: date, story: str, text: str, when: datetime, spec: MarkdownSpec | None = None
) -> Corrected:
    """Add a 更正 note to the story `story` of the post of `day` (see the module docstring); `when` is the
    correction's moment (aware), `spec` mkdocs.yml's Markdown extensions (site.load_site). Returns what was done.
    Raises CorrectionError (nothing written) for a missing post, a story it does not tell, an empty text, or a
    post that would no longer render or would link elsewhere."""
    path = layout.post_file(day)
    words = xml_text(clean_line(text))
    if not words:
        raise CorrectionError("the correction's text is empty: say what was wrong and what is right")
    if when.utcoffset() is None:
        raise CorrectionError(f"the correction's time {when.isoformat()} has no UTC offset")
    if not path.is_file():
        raise CorrectionError(f"there is no post for {day}: {path} does not exist")
    original = path.read_text(encoding="utf-8")
    meta, body = split_front_matter(original)
    anchor = anchor_of(story)
    lines = body.lstrip("\n").split("\n")
    end = story_end(lines, anchor)
    recorded = [c for c in meta.get("corrections") or [] if isinstance(c, dict)]
    if any(c.get("story") == anchor and c.get("text") == words for c in recorded):
        return Corrected(path, anchor, added=False)
    lines[end:end] = ["", *note_lines(when, words), ""]
    new_body = re.sub(r"\n{3,}", "\n\n", "\n".join(lines))
    updated = {key: value for key, value in meta.items() if key != "updated"}
    fields = list(updated.items())
    at = next((k + 1 for k, (key, _) in enumerate(fields) if key == "date"), len(fields))
    fields.insert(at, ("updated", when))
    record = {
        "date": when,
        "story": anchor,
        "headline": story_headline(path, day, anchor, lines),
        "text": words,
    }
    meta = {**dict(fields), "corrections": [*recorded, record]}
    check_rendering(body, new_body, spec)
    write_atomic(path, (dump_front_matter(meta) + new_body).encode("utf-8"), replace=True)
    return Corrected(path, anchor, added=True)


def story_headline(path: Path, day: date, anchor: str, lines: Sequence[str]) -> str:
    """The story's headline as the post showed it: from its records file (SiteLayout.records_file), else from its
    heading's line or its one-liner; "" when none gives it."""
    try:
        records = read_story_records(path, day).records
    except (OSError, ValueError):
        records = ()
    found = next((r.headline for r in records if r.anchor == anchor), "")
    if found:
        return found
    mark = f"{{ #{anchor} }}"
    for index, line in enumerate(lines):
        if _HEADING.match(line) and line.rstrip().endswith(mark):
            return _plain(_HEADING.sub("", line.rstrip().removesuffix(mark)))
        if line.strip() == mark and index and lines[index - 1].startswith("- "):
            return _plain(re.split(r"[（(]\[", lines[index - 1][2:])[0])  # a one-liner, without its sources
    return ""


def _plain(markdown: str) -> str:
    """A line of our Markdown as plain text: backslash escapes and entities undone."""
    return clean_line(html.unescape(re.sub(r"\\(.)", r"\1", markdown)))


def check_rendering(before: str, after: str, spec: MarkdownSpec | None = None) -> None:
    """The corrected body renders (with `spec`), and links to exactly what the post linked to before. Raises
    CorrectionError."""
    try:
        links = [
            set(lxml.html.fragment_fromstring(render_html(b, spec), create_parent="div").xpath("//a/@href"))
            for b in (before, after)
        ]
    except Exception as error:  # noqa: BLE001 - any failure to render refuses the correction
        raise CorrectionError(
            f"the corrected post does not render ({type(error).__name__}: {error})"
        ) from None
    if links[0] != links[1]:
        raise CorrectionError("the correction would change the post's links; nothing was written")


CORRECTIONS_HEAD = """\
---
title: 勘误
description: AI 日报发布后更正过的内容：哪一期、哪条新闻、何时更正、更正了什么。
search:
  exclude: true
---

# 勘误

发现错误？每条新闻旁都有「报错」链接，可以直接提交。核实后，我们会在那条新闻下方加注更正和日期，并在这里列出；文章的订阅源也会显示它的更新时间。

"""


def render_corrections_page(posts: Sequence[PostRecord], layout: SiteLayout) -> str:
    """The 勘误 page (Markdown with front matter): every correction in the posts' front matter (`corrections`),
    newest first, one line each: when, the story's headline linking to its place in the post, the post's day, and
    the text; every value escaped (post.escape_md)."""
    found: list[tuple[datetime, str, str]] = []
    for post in posts:
        link = layout.link_from_docs(post.path)
        for item in post.meta.get("corrections") or []:
            when = item.get("date") if isinstance(item, dict) else None
            anchor = str(item.get("story") or "") if isinstance(item, dict) else ""
            if not isinstance(when, datetime) or not re.fullmatch(r"s-[0-9a-z]{1,40}", anchor):
                continue
            label = escape_md(item.get("headline") or post.meta.get("title") or post.path.stem)
            text = escape_md(item.get("text") or "")
            line = f"- {when:%Y-%m-%d} · [{label}]({link}#{anchor})（{post.day.isoformat()}）：{text}"
            found.append((when, post.path.name, line))
    if not found:
        return CORRECTIONS_HEAD + "还没有更正。\n"
    return CORRECTIONS_HEAD + "\n".join(line for *_, line in sorted(found, reverse=True)) + "\n"


def correct_command(args: argparse.Namespace) -> int:
    """`python -m generator correct DATE STORY TEXT`: the correction (correct_post) at `--now` (default: now in
    the site's zone), then the 勘误 page and the archive written again. Prints what it did."""
    from generator.config import load_settings
    from generator.site.layout import load_site
    from generator.site.pages import write_site_pages

    settings = load_settings(args.config)
    site = load_site(settings.paths.mkdocs)
    layout = SiteLayout.of(settings.paths.docs, site)
    when = (args.now or datetime.now(settings.zone)).astimezone(settings.zone)
    done = correct_post(layout, args.date, args.story, args.text, when, site.markdown)
    if not done.added:
        print(f"{done.path.name}: {done.anchor} already has this correction; nothing changed")
        return 0
    written, notes = write_site_pages(settings, site, None, status=False)
    for note in notes:
        print(f"note: {note}")
    print(
        f"{done.path.name}: 更正 added under {done.anchor} ({when:%Y-%m-%d %H:%M %z}); the 勘误 page lists it"
    )
    return 0
