"""Digest → Markdown with front matter. Every untrusted string is escaped here, once, automatically."""

from __future__ import annotations

import html
import re
from collections.abc import Mapping, Sequence
from datetime import datetime, tzinfo
from pathlib import Path
from urllib.parse import quote

import jinja2
import yaml
from markupsafe import Markup

from generator.errors import ConfigError
from generator.models import Digest, Entry, Story
from generator.text import clean_line

TEMPLATES = Path(__file__).with_name("templates")
LAYOUTS = ("insight", "briefing", "tracker", "dispatch")
# The characters Python-Markdown lets a backslash escape ("|" through the tables extension).
_MD_SYNTAX = re.compile(r"([\\`*_{}\[\]()#+\-.!|])")


def escape_md(value: object) -> str:
    """Untrusted text → inert Markdown: one line, HTML entities for <>&, backslash before syntax."""
    text = html.escape(clean_line(str(value)), quote=False)
    return _MD_SYNTAX.sub(r"\\\1", text)


def safe_url(url: str | None) -> str | None:
    """Only http(s); characters that could end a Markdown link or an HTML attribute are percent-encoded."""
    if not url or not re.match(r"^https?://[^\s/]", url, re.I):
        return None
    return quote(url, safe=":/?#@!$&*+,;=%~-._")


def _finalize(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, Markup | int | float):
        return value
    return escape_md(value)


def _link(url: str | None, label: object) -> Markup:
    target = safe_url(url)
    text = label if isinstance(label, Markup) else escape_md(label)
    return Markup(f"[{text}]({target})") if target else Markup(text)


def _image(url: str | None, alt: object) -> Markup:
    target = safe_url(url)
    return Markup(f"![{escape_md(alt)}]({target})") if target else Markup("")


class Renderer:
    """Renders a Digest with one of the layout templates; adding a layout is adding a template."""

    def __init__(self, layout: str, zone: tzinfo, templates: Path = TEMPLATES) -> None:
        self.zone = zone
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(str(templates)),
            finalize=_finalize,
            autoescape=False,
            keep_trailing_newline=True,
            trim_blocks=True,
            lstrip_blocks=True,
            undefined=jinja2.StrictUndefined,
        )
        self.env.filters.update(link=_link, image=_image, time=self.format_time, sources=self.sources_line)
        try:
            self.template = self.env.get_template(f"{layout}.md.j2")
        except jinja2.TemplateNotFound:
            names = ", ".join(sorted(p.name.removesuffix(".md.j2") for p in templates.glob("*.md.j2")))
            raise ConfigError(f"layout {layout!r} does not exist (available: {names})") from None

    def format_time(self, value: datetime) -> str:
        return value.astimezone(self.zone).strftime("%m-%d %H:%M")

    def sources_line(self, story: Story) -> Markup:
        """'来源：[A](url) · [B](url) · 11-15 20:30' from our own records."""
        links = " · ".join(_link(a.item.url, a.item.source) for a in story.articles)
        return Markup(f"{links} · {escape_md(self.format_time(story.published))}")

    def render_body(self, digest: Digest, cover: str, extra: Mapping[str, object] | None = None) -> str:
        sections = group_entries(digest.entries, digest.categories)
        body = self.template.render(
            digest=digest,
            sections=sections,
            cover=Markup(cover),
            **(extra or {}),
        )
        return re.sub(r"\n{3,}", "\n\n", body).strip() + "\n"


def group_entries(entries: Sequence[Entry], order: Sequence[str]) -> list[tuple[str, list[Entry]]]:
    """Entries grouped by category, in the configured order, unknown categories last."""
    groups: dict[str, list[Entry]] = {}
    for entry in entries:
        groups.setdefault(entry.category, []).append(entry)
    ranked = sorted(groups, key=lambda c: (order.index(c) if c in order else len(order), c))
    return [(category, groups[category]) for category in ranked]


def dump_front_matter(front_matter: Mapping[str, object]) -> str:
    text = yaml.safe_dump(dict(front_matter), allow_unicode=True, sort_keys=False, default_flow_style=False, width=4096)
    return f"---\n{text}---\n\n"


def build_front_matter(digest: Digest, *, slug: str, author: str, category: str, layout: str, cover: str) -> dict[str, object]:
    """The keys DESIGN.md promises, in a stable order."""
    return {
        "title": clean_line(digest.title),
        "date": digest.day,
        "slug": slug,
        "authors": [author],
        "categories": [category],
        "tags": [clean_line(t) for t in digest.tags],
        "description": clean_line(digest.description)[:160],
        "keywords": [clean_line(k) for k in digest.keywords],
        "image": cover,
        "summary": [clean_line(s) for s in digest.summary],
        "sources": [url for story in digest.stories for url in story.urls],
        "items_read": digest.items_read,
        "stories_kept": digest.stories_kept,
        "editor": digest.editor,
        "layout": layout,
    }
