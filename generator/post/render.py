"""Digest → Markdown with front matter. Every untrusted string is escaped here, once, automatically.

A layout is one template, `templates/<name>.md.j2`, over the same context:

    digest        the Digest (entries, briefs, summary, counts: digest.items_read, digest.stories_kept)
    sections      [(category, [Entry, …]), …] in the configured category order
    chapters      [Section(heading, subtitle, items), …]: the model's themes, else the categories, with the
                  follow-ups placed among the entries by importance (generator/post/sections.py); an item is
                  an Entry or, `is follow_up`, a FollowUp
    cover         the cover's path relative to the post (Markup); `cover | cover_image(alt)` shows it
    images        {story id: LeadImage} of the verified lead images to show (remote http(s) or downloaded
                  copies, with their size; generator/post/images.py); none when not given
    generated     when the post was made (aware datetime) or None
    site_name     the site's name
    options       this layout's options from the config (`layouts.<name>`), a dict
    plain_terms   words never emphasised (the base tags)
    digest.follow_ups, digest.skipped_old
                  stories of recent posts with new developments (FollowUp), and how many with nothing new were
                  left out; `_follow_ups.md.j2` shows the former, `continuity_counts(digest)` says both in words
    + extras      data a layout asks for by using its name (e.g. `leaderboard`, see generator/post/extras.py);
                  None when unavailable

Every `{{ … }}` is escaped for Markdown and HTML unless it is Markup, which only the filters below make:
`link`, `image`, `cover_image`, `lead_image`, `sources`, `source_links`, `emphasize`, `earlier_post` (the only
relative link to a page: a recent post's file, "2026-11-16.md", which the gate checks against the posts that
exist). Each layout must have one H1 and a `<!-- more -->` after its lead part (the blog's excerpt). The filters
`source_count`, `follow_up_news`, `follow_up_sentence` and the function `continuity_counts` (generator.post.threads)
give plain words; `anchor` gives a story's stable anchor as an attribute list (`{ #s-1a2b3c4d }`), which every
layout puts on each story's heading or list item (the records file names it: a later post links there).

Valid XML 1.0 text everywhere: every value a template shows goes through `escape_md` (the environment's
finalize, and the filters), which cleans it with `clean_line`; every string of the front matter goes through
`clean_line` (text) or `xml_text` (URLs, ids) in `build_front_matter`, and `dump_front_matter` removes what XML
1.0 forbids from every string it writes. The site's RSS and JSON feeds are made from the front matter and body.

Times: a story's time is `Story.time_shown` (the `story_time` filter and `sources`): a date without a time for
date-only items, nothing for undated ones.

Images: the cover is above the fold (no lazy loading) and carries its size; a lead image carries its size,
`loading="lazy"` and, hot-linked, `referrerpolicy="no-referrer"` (attr_list; the gate accepts exactly these).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from datetime import date, datetime, tzinfo
from functools import partial
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from generator.errors import ConfigError
from generator.models import CitedText, Digest, FollowUp, LeadImage, Story
from generator.post.cover import HEIGHT as COVER_HEIGHT
from generator.post.cover import WIDTH as COVER_WIDTH
from generator.post.escape import escape_md, escape_piece
from generator.post.markers import cited_markdown
from generator.post.needs import declared_needs, template_names
from generator.post.sections import group_entries, sections
from generator.post.threads import (
    continuity_counts,
    follow_up_news,
    follow_up_sentence,
    source_count,
    story_anchor,
)
from generator.post.wording import (
    by_region,
    credit,
    framed,
    reason_of,
    region_of,
    sayer,
    tags_of,
    trusted_words,
)
from generator.post.words import CITE_WORDS, FOLLOW_UP_WORDS, words_for
from generator.text import clean_line
from generator.urls import is_http, safe_url

TEMPLATES = Path(__file__).with_name("templates")
# The layouts: one template each (names starting with "_" are partials).
LAYOUTS = tuple(sorted(p.name.removesuffix(".md.j2") for p in TEMPLATES.glob("[!_]*.md.j2")))
MORE = "<!-- more -->"
_SENTENCE_END = tuple("。！？!?…；;.")


def _finalize(value: object, cite: Mapping[str, str] = CITE_WORDS) -> object:
    """Every `{{ … }}`: Markup and numbers as they are, a cited text with its markers (post.markers, named in the
    language's `cite` words), any other value escaped (post.escape)."""
    if value is None:
        return ""
    if isinstance(value, Markup | int | float):
        return value
    if isinstance(value, CitedText):
        return cited_markdown(value, cite=cite)
    return escape_md(value)


def _link(url: str | None, label: object) -> Markup:
    target = safe_url(url)
    text = label if isinstance(label, Markup) else escape_md(label)
    return Markup(f"[{text}]({target})") if target else Markup(text)


def _image(url: str | None, alt: object) -> Markup:
    return _image_markup(safe_url(url), alt)


def _image_markup(target: str | None, alt: object, attributes: Mapping[str, str] | None = None) -> Markup:
    """`![alt](target){ name="value" … }` (attr_list); the values are our own numbers and keywords."""
    if not target:
        return Markup("")
    extra = " ".join(f'{name}="{value}"' for name, value in (attributes or {}).items())
    return Markup(f"![{escape_md(alt)}]({target})" + (f"{{ {extra} }}" if extra else ""))


def _cover_image(cover: object, alt: object) -> Markup:
    """The cover with its size (no layout shift); not lazy: it is the first thing a post shows."""
    return _image_markup(str(cover), alt, {"width": str(COVER_WIDTH), "height": str(COVER_HEIGHT)})


def lead_image_attributes(image: LeadImage) -> dict[str, str]:
    """attr_list attributes of a lead image: its size, lazy loading, and no Referer when it is hot-linked
    (many hosts refuse a foreign Referer; HTML Living Standard, `referrerpolicy` and `loading`)."""
    attributes = {"width": str(image.width), "height": str(image.height), "loading": "lazy"}
    if is_http(image.src):
        attributes["referrerpolicy"] = "no-referrer"
    return attributes


def _local_or_safe(src: str | None) -> str | None:
    """A lead image's src: a downloaded copy (a relative path of the shape images.py makes: up the post's folders,
    then plain folder names and a hash-named image file) or a remote http(s) URL."""
    if src and re.fullmatch(r"(\.\./)+[A-Za-z0-9_-]+(/[A-Za-z0-9_-]+)*/[0-9a-f]+\.(png|jpg|gif|webp)", src):
        return src
    return safe_url(src)


@jinja2.pass_context
def _lead_image(context: jinja2.runtime.Context, story: Story, alt: object) -> Markup:
    """The story's verified lead image with alt text, or nothing (the layout decides where it goes)."""
    images = context.get("images")
    image = images.get(story.id) if isinstance(images, Mapping) else None
    if not isinstance(image, LeadImage):
        return Markup("")
    return _image_markup(_local_or_safe(image.src), alt, lead_image_attributes(image))


_POST_FILE = re.compile(r"\d{4}-\d{2}-\d{2}\.md")
_ANCHOR = re.compile(r"s-[0-9a-z]{1,40}")


def earlier_post(
    item: FollowUp, label: str | None = None, words: Mapping[str, str] = FOLLOW_UP_WORDS
) -> Markup:
    """`[前文：<earlier headline>](2026-11-16.md#s-1a2b3c4d)（2026-11-16）`: the link to the story's own place in
    the post a follow-up continues (`earlier_anchor`; the top of the post when that post has no anchors), a post
    file of the same folder (SiteLayout.post_link); only the text when the link has another shape. `words`: the
    language's follow-up words (post.words), `label` in place of its "earlier"."""
    shown = label if label is not None else words["earlier"]
    text = escape_md(words["earlier_link"].format(label=shown, headline=item.earlier_headline))
    when = words["earlier_day"].format(day=item.earlier.isoformat())
    if _POST_FILE.fullmatch(item.earlier_link):
        anchor = f"#{item.earlier_anchor}" if _ANCHOR.fullmatch(item.earlier_anchor) else ""
        return Markup(f"[{text}]({item.earlier_link}{anchor}){when}")
    return Markup(text + when)


def anchor_attribute(story_id: str) -> Markup:
    """`{ #s-1a2b3c4d }`: the attribute list (attr_list) that gives a heading or a list item the story's stable
    anchor (threads.story_anchor), at a heading's end or on a list item's own last line."""
    return Markup(f"{{ #{story_anchor(story_id)} }}")


def paragraphs(lines: Sequence[object], count: int, cite: Mapping[str, str] = CITE_WORDS) -> list[Markup]:
    """Spread summary lines over at most `count` paragraphs, each line ending as a sentence; a cited line keeps
    its markers (post.markers), any other is escaped."""
    texts = [line for line in lines if clean_line(str(line))]
    if not texts:
        return []
    size = math.ceil(len(texts) / max(1, count))
    return [
        Markup("".join(_shown(_as_sentence(t), cite) for t in texts[start : start + size]))
        for start in range(0, len(texts), size)
    ]


def _as_sentence(line: object) -> object:
    """A line that ends as a sentence ("。" added when it does not), still citing what it cites."""
    if str(line).endswith(_SENTENCE_END):
        return line
    if isinstance(line, CitedText) and line.sentences:
        *head, last = line.sentences
        return CitedText((*head, replace(last, text=clean_line(last.text) + "。")), line.story)
    return clean_line(str(line)) + "。"


def _shown(text: object, cite: Mapping[str, str]) -> str:
    return cited_markdown(text, cite=cite) if isinstance(text, CitedText) else escape_md(text)


def emphasize(
    text: object,
    terms: Iterable[object],
    skip: Iterable[object] = (),
    limit: int = 3,
    cite: Mapping[str, str] = CITE_WORDS,
) -> Markup:
    """Escaped text with the first occurrence of up to `limit` key terms (three characters or more) in bold; a
    cited text sentence by sentence, each followed by its markers (post.markers)."""
    terms = tuple(terms)
    if isinstance(text, CitedText):
        shown: list[str] = []

        def show(sentence: str) -> str:
            used = sum(piece.count("**") // 2 for piece in shown)
            shown.append(
                emphasize(sentence, terms, skip, limit - used) if used < limit else escape_md(sentence)
            )
            return shown[-1]

        return cited_markdown(text, show, cite)
    plain = clean_line(str(text))
    skipped = {clean_line(str(s)).lower() for s in skip}
    spans: list[tuple[int, int]] = []
    candidates = [clean_line(str(t)) for t in dict.fromkeys(terms)]
    for term in sorted(
        (t for t in candidates if len(t) >= 3 and t.lower() not in skipped), key=len, reverse=True
    ):
        pattern = re.escape(term)
        if term.isascii():
            pattern = rf"(?<![A-Za-z0-9]){pattern}(?![A-Za-z0-9])"
        match = re.search(pattern, plain, re.I)
        if match and not any(match.start() < end and start < match.end() for start, end in spans):
            spans.append(match.span())
        if len(spans) == limit:
            break
    pieces, position = [], 0
    for start, end in sorted(spans):
        pieces += [escape_piece(plain[position:start]), f"**{escape_piece(plain[start:end])}**"]
        position = end
    pieces.append(escape_piece(plain[position:]))
    return Markup("".join(pieces))


class Renderer:
    """Renders a Digest with one of the layout templates in one language's words (post.words: `language`, "zh"
    by default); adding a layout is adding a template, a language a words table."""

    def __init__(self, layout: str, zone: tzinfo, templates: Path = TEMPLATES, language: str = "zh") -> None:
        self.layout = layout
        self.zone = zone
        self.language = language
        table = words_for(language)
        post_words, follow_words = table["post"], table["follow_up"]
        regions = table["regions"]
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(str(templates)),
            finalize=partial(_finalize, cite=table["cite"]),
            autoescape=False,
            keep_trailing_newline=True,
            trim_blocks=True,
            lstrip_blocks=True,
            undefined=jinja2.StrictUndefined,
        )
        self.env.filters.update(
            link=_link,
            image=_image,
            cover_image=_cover_image,
            lead_image=_lead_image,
            time=self.format_time,
            story_time=self.story_time,
            sources=self.sources_line,
            source_links=self.source_links,
            paragraphs=partial(paragraphs, cite=table["cite"]),
            emphasize=partial(emphasize, cite=table["cite"]),
            region=partial(region_of, regions=regions),
            source_count=partial(source_count, words=post_words),
            follow_up_news=partial(follow_up_news, words=post_words),
            follow_up_sentence=partial(follow_up_sentence, words=follow_words),
            earlier_post=partial(earlier_post, words=follow_words),
            anchor=anchor_attribute,
            unsearched=self.unsearched_sources,
            credit=partial(credit, words=post_words),
        )
        self.env.tests["follow_up"] = lambda value: isinstance(value, FollowUp)
        self.env.globals.update(
            by_region=partial(by_region, regions=regions),
            reason=partial(reason_of, words=post_words),
            tags_of=tags_of,
            continuity_counts=partial(continuity_counts, words=post_words),
            framed=framed,
            words=trusted_words(post_words),
            follow_words=follow_words,
            say=sayer(post_words),
            story_key=None,
        )
        name = f"{layout}.md.j2"
        if layout.startswith("_") or not (templates / name).is_file():
            names = ", ".join(sorted(p.name.removesuffix(".md.j2") for p in templates.glob("[!_]*.md.j2")))
            raise ConfigError(f"layout {layout!r} does not exist (available: {names})")
        self.template = self.env.get_template(name)
        self.names = frozenset(template_names(self.env, name))
        self.needs = declared_needs(self.env, name)

    def uses(self, name: str) -> bool:
        """Whether the layout reads the context variable or uses the filter `name`."""
        return name in self.names

    def format_time(self, value: datetime, fmt: str = "%m-%d %H:%M") -> str:
        """A moment we know exactly (when the post was generated, a fetch), in the site's time zone."""
        return value.astimezone(self.zone).strftime(fmt)

    def story_time(self, story: Story, with_year: bool = False) -> str:
        """When the story was published, as precisely as its feeds said (Story.time_shown): "11-15 20:30",
        "11-15" for a date-only item, "" when no article was dated. `with_year`: "2026-11-15 20:30"."""
        shown = story.time_shown(self.zone)
        if isinstance(shown, datetime):
            return shown.strftime("%Y-%m-%d %H:%M" if with_year else "%m-%d %H:%M")
        if isinstance(shown, date):
            return shown.strftime("%Y-%m-%d" if with_year else "%m-%d")
        return ""

    def source_links(self, story: Story) -> Markup:
        """'[A](url) · [B](url)': every source of the story, each linking to its own article."""
        return Markup(" · ".join(_link(a.item.url, a.item.source) for a in story.articles))

    def unsearched_sources(self, story: Story, before: str = "", after: str = "") -> Markup:
        """The sources line (sources_line) between `before` and `after`, in an inline element Material's search
        leaves out of its index (`data-search-exclude`, honoured on any element): a one-liner's headline is
        searchable, its sources and time are not."""
        line = f"{escape_md(before)}{self.sources_line(story)}{escape_md(after)}"
        return Markup(f"<span data-search-exclude>{line}</span>")

    def sources_line(self, story: Story) -> Markup:
        """'[A](url) · [B](url) · 11-15 20:30' from our own records (no time when no article was dated)."""
        when = self.story_time(story)
        return Markup(f"{self.source_links(story)} · {escape_md(when)}" if when else self.source_links(story))

    def render_body(
        self,
        digest: Digest,
        cover: str,
        extra: Mapping[str, object] | None = None,
        *,
        images: Mapping[str, LeadImage] | None = None,
        generated: datetime | None = None,
        site_name: str = "",
        options: Mapping[str, Any] | None = None,
        plain_terms: Sequence[str] = (),
    ) -> str:
        """The Markdown body. `extra`: layout extras by name (missing ones are None)."""
        known = self.env.filters.keys() | self.env.globals.keys()
        context: dict[str, object] = {name: None for name in self.names - known}
        context.update(extra or {})
        context.update(
            digest=digest,
            sections=group_entries(digest.entries, digest.categories),
            chapters=sections(digest, follow_up_section=self.env.globals["follow_words"]["section"]),
            cover=Markup(cover),
            images=dict(images or {}),
            generated=generated,
            site_name=site_name,
            options=dict(options or {}),
            plain_terms=tuple(plain_terms),
        )
        body = re.sub(r"\n{3,}", "\n\n", self.template.render(**context)).strip() + "\n"
        if MORE not in body:
            raise ConfigError(
                f"the {self.layout} layout has no {MORE} after its lead part (the blog needs one)"
            )
        if len(re.findall(r"^# ", body, re.M)) != 1:
            raise ConfigError(f"the {self.layout} layout must have exactly one H1")
        return body
