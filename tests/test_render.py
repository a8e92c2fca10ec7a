from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import lxml.html
import pytest

from generator.errors import ConfigError
from generator.models import Article, Brief, Digest, Entry, FeedItem, Story
from generator.publish import render_html
from generator.render import Renderer, build_front_matter, dump_front_matter, escape_md, safe_url

HOSTILE = [
    "<img src=x onerror=alert(1)>",
    "[x](javascript:alert(1))",
    "![p](https://evil.example/p.png)",
    "<script>alert(1)</script>",
    "<https://evil.example/auto>",
    "{: onclick=\"alert(1)\" }",
    "`code` *bold* _it_ # h | t |",
]


def story(title: str, url: str, source: str = "源") -> Story:
    item = FeedItem(id=url[-8:], source=source, title=title, url=url, published=datetime(2026, 11, 15, 12, tzinfo=UTC))
    return Story((Article(item, "正文"),))


def digest(texts: list[str]) -> Digest:
    entries = tuple(
        Entry(story=story(t, f"https://example.com/{n}", source=t), headline=t, summary=t, category=t,
              insights=(t,), impacts=(t,))
        for n, t in enumerate(texts)
    )  # fmt: skip
    briefs = (Brief(story(texts[0], "https://example.com/brief", source=texts[0]), texts[0]),)
    return Digest(day=date(2026, 11, 16), title=texts[0], summary=tuple(texts), entries=entries, briefs=briefs,
                  tags=("AI",), keywords=("AI",), description="d", editor="offline", items_read=9)  # fmt: skip


def built(body: str) -> lxml.html.HtmlElement:
    return lxml.html.fragment_fromstring(render_html(body), create_parent="div")


def test_hostile_text_never_becomes_html_or_links() -> None:
    body = Renderer("insight", ZoneInfo("Asia/Shanghai")).render_body(digest(HOSTILE), cover="../../assets/covers/x.png")
    tree = built(body)
    assert not tree.xpath("//script") and not tree.xpath("//*[@onerror or @onclick]")
    hrefs = set(tree.xpath("//a/@href"))
    assert hrefs == {"https://example.com/0", "https://example.com/1", "https://example.com/2", "https://example.com/3",
                     "https://example.com/4", "https://example.com/5", "https://example.com/6", "https://example.com/brief"}  # fmt: skip
    assert tree.xpath("//img/@src") == ["../../assets/covers/x.png"]
    text = tree.text_content()
    for hostile in HOSTILE:  # every hostile string survives as visible text
        assert hostile.strip() in text


@pytest.mark.parametrize("text", HOSTILE)
def test_escape_md_round_trips_as_text(text: str) -> None:
    tree = built(f"para {escape_md(text)} end")
    assert tree.text_content().strip() == f"para {text} end"
    assert not tree.xpath("//a|//img|//script|//code|//em|//strong")


def test_safe_url() -> None:
    assert safe_url("javascript:alert(1)") is None
    assert safe_url("data:text/html,x") is None
    assert safe_url("https://example.com/a b)c") == "https://example.com/a%20b%29c"


def test_unknown_layout_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="layout 'nope' does not exist"):
        Renderer("nope", UTC)


def test_front_matter_order_and_types() -> None:
    meta = build_front_matter(digest(["标题"]), slug="ai-daily-2026-11-16", author="ainews", category="AI 日报",
                              layout="insight", cover="assets/covers/2026-11-16.png")  # fmt: skip
    text = dump_front_matter(meta)
    assert text.startswith("---\ntitle: 标题\ndate: 2026-11-16\nslug: ai-daily-2026-11-16\n")
    assert "sources:\n- https://example.com/0\n- https://example.com/brief\n" in text
    assert meta["stories_kept"] == 2 and meta["items_read"] == 9
