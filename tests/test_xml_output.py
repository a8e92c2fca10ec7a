"""Whatever text comes in (feeds, pages, the model, the config), the post, its front matter and what the site's
feeds print from them are valid XML 1.0 text and valid YAML: a property test over hostile strings in every field."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import frontmatter
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from generator.config import parse_settings
from generator.models import Article, Brief, Digest, Entry, FeedItem, LeadImage, Post, Story
from generator.post.front_matter import build_front_matter, dump_front_matter
from generator.post.leaderboard import Leaderboard, Row
from generator.post.render import LAYOUTS, Renderer
from generator.site.publish import check_gate, render_html
from generator.text import xml_text
from generator.urls import safe_url

ZONE = ZoneInfo("Asia/Shanghai")
RENDERERS = {layout: Renderer(layout, ZONE) for layout in LAYOUTS}  # compiling the templates once
OPTIONS = {
    layout: parse_settings({"sources": [{"name": "s", "url": "https://e.example/f"}]}).layouts.of(layout)
    for layout in LAYOUTS
}
# What broke feeds and posts before, and its relatives: controls, C1, lone surrogates, noncharacters, bidi and
# invisible characters, line separators, markup, CDATA ends, entities, YAML and Markdown syntax, emoji sequences.
HOSTILE = [
    "\x00",
    "\x07",
    "\x1b[31m",
    "\x7f",
    "\x85",
    "\x9f",
    "\ud800",
    "\udfff",
    "\ufffe",
    "\uffff",
    "\U0001fffe",
    "\U0010ffff",
    "\ufdd0",
    "\u202e",
    "\u2066",
    "\u200b",
    "\ufeff",
    "\u2028",
    "\r\n",
    "\t",
    "<marquee>",
    "</title>",
    "]]>",
    "<![CDATA[",
    "&",
    "&amp;",
    "&#xFFFE;",
    "---",
    "\n---\n",
    ": ",
    "- ",
    "? ",
    "#",
    "'",
    '"',
    "{: onclick=x }",
    "\\",
    "`",
    "*",
    "|",
    "[x](javascript:alert(1))",
    "🙂",
    "👩\u200d💻",
    "std::vector<bfloat16>",
    "null",
    "2026-11-16",
]
text = st.lists(
    st.one_of(
        st.sampled_from(HOSTILE), st.text(st.characters(codec=None, exclude_categories=()), max_size=8)
    ),
    min_size=1,
    max_size=6,
).map("".join)


def hostile_digest(t: list[str]) -> Digest:
    """Every field a post shows or its front matter holds, from the strings `t` (cycled)."""

    def s(n: int) -> str:
        return t[n % len(t)]

    def story(n: int) -> Story:
        item = FeedItem(
            id=f"id{n}",
            source=s(n + 1),  # a source name from the config
            title=s(n + 2),
            url=f"https://example.com/{n}/{s(n + 3)}",
            published=datetime(2026, 11, 15, 3 + n, tzinfo=UTC),
            image=f"https://img.example.com/{n}.png",
        )
        return Story((Article(item, s(n + 4)),))

    entries = tuple(
        Entry(
            story=story(n),
            headline=s(n),
            summary=s(n + 1),
            category=s(n + 2),
            insights=(s(n + 3),),
            impacts=(s(n + 4),),
            region=s(n + 5),
            reason=s(n + 6),
            tags=(s(n + 7),),
        )
        for n in range(3)
    )
    return Digest(
        day=date(2026, 11, 16),
        title=f"AI 日报｜{s(0)}",  # the editors always put the prefix first
        summary=tuple(t),
        entries=entries,
        briefs=(Brief(story(7), s(8)),),
        tags=tuple(t),
        keywords=tuple(reversed(t)),
        description=s(1) * 30,
        editor=s(2),  # the model's name from the config
        items_read=9,
        categories=(s(3),),
    )


def strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [x for k, v in value.items() for x in strings(k) + strings(v)]
    if isinstance(value, list | tuple):
        return [x for v in value for x in strings(v)]
    return []


def assert_post_is_xml_and_yaml_clean(layout: str, digest: Digest, t: list[str], html: bool = True) -> None:
    """The post (front matter + body) is XML 1.0 text and YAML; with `html`, its HTML also parses as strict XML
    and the post passes the gate (every link traced: a hostile URL must not make the day fail)."""
    leaderboard = Leaderboard(
        t[0],
        (Row(1, t[-1], 1.5),),
        date(2026, 11, 15),
        datetime(2026, 11, 16, tzinfo=ZONE),
        "https://d.example/s.json",
        t[0],
    )
    images = {"id0": LeadImage("https://img.example.com/0.png", 640, 360)}
    body = RENDERERS[layout].render_body(
        digest,
        "../../assets/covers/2026-11-16.png",
        {"leaderboard": leaderboard},
        images=images,
        generated=datetime(2026, 11, 16, 8, tzinfo=ZONE),
        site_name=t[0],
        options=OPTIONS[layout],
        plain_terms=t,
    )
    meta = build_front_matter(
        digest,
        published=datetime(2026, 11, 16, 8, tzinfo=ZONE),
        slug="ai-daily-2026-11-16",
        author="ainews",
        category=t[0],
        layout=layout,
        cover="c.png",
    )
    markdown = dump_front_matter(meta) + body
    assert xml_text(markdown) == markdown  # every character of the file is XML 1.0 text
    parsed = frontmatter.loads(markdown)  # the front matter is YAML (raises otherwise)
    assert parsed.metadata["title"] == meta["title"] and parsed.metadata["tags"] == meta["tags"]
    assert all(xml_text(value) == value for value in strings(parsed.metadata))
    if not html:
        return
    # The HTML a feed would carry: strict XML, once HTML's boolean attributes (Material's data-search-exclude
    # marker) are written out as XML wants them.
    markup = re.sub(r"(?<= )(data-search-exclude)(?=[ >])", r'\1=""', render_html(body))
    etree.fromstring(f"<div>{markup}</div>".encode())
    post_links = {safe_url(u) for story in digest.stories for u in story.urls}
    post = Post(digest.day, meta, body, markdown, b"")
    check_gate(
        post,
        min_stories=1,
        allowed_links=post_links | {"https://d.example/s.json"},
        allowed_images={"../../assets/covers/2026-11-16.png", "https://img.example.com/0.png"},
        authors={"ainews"},
    )


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(text, min_size=1, max_size=5), st.sampled_from(LAYOUTS))
def test_every_layout_writes_xml_valid_text_and_valid_yaml(t: list[str], layout: str) -> None:
    assert_post_is_xml_and_yaml_clean(layout, hostile_digest(t), t)


def test_every_hostile_piece_in_every_field() -> None:
    """The property test's examples are random; this runs each hostile piece through every field for sure."""
    for layout in LAYOUTS:
        for t in (HOSTILE, ["".join(HOSTILE)]):
            assert_post_is_xml_and_yaml_clean(layout, hostile_digest(t), t)
        for piece in HOSTILE:
            t = [f"A{piece}B", piece]
            assert_post_is_xml_and_yaml_clean(layout, hostile_digest(t), t, html=False)
