from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest

from generator.errors import NotArticleError
from generator.extract.article import decode_page, extract_article, read_page
from generator.models import FeedItem
from generator.text import xml_text

ITEM = FeedItem(
    id="abcd1234",
    source="S",
    title="T",
    url="https://example.com/a",
    summary="feed summary",
    published=datetime(2026, 11, 15, tzinfo=UTC),
    dated=False,
)
BODY = "".join(
    f"<p>第{n}段：星衡智能今天发布了新一代开源大模型，参数规模达到千亿级别，推理速度显著提升。</p>"
    for n in range(6)
)


def page(charset: str = "utf-8", head: str = "", body: str = BODY, h1: str = "标题") -> str:
    return (
        f"<html><head><meta charset='{charset}'><title>T</title>{head}</head><body><nav>首页 | 关于</nav>"
        f"<article><h1>{h1}</h1>{body}</article><footer>版权所有</footer></body></html>"
    )


def test_gbk_page_by_meta_and_by_header() -> None:
    raw = page("gbk").encode("gbk")
    assert "星衡智能" in decode_page(raw, {})
    assert "星衡智能" in decode_page(raw, {"Content-Type": "text/html; charset=GB2312"})


def test_undeclared_charset_is_detected() -> None:
    raw = page("").replace("<meta charset=''>", "").encode("gb18030")
    assert "星衡智能" in decode_page(raw, {"Content-Type": "text/html"})


def test_extracts_text_image_and_time() -> None:
    head = (
        '<meta property="og:image" content="/img/lead.png">'
        '<meta property="article:published_time" content="2026-11-15T21:30:00+08:00">'
    )
    article = extract_article(ITEM, page(head=head).encode(), {}, "https://example.com/a", 5000)
    assert article.extracted
    assert "第0段" in article.text and "版权所有" not in article.text and "首页" not in article.text
    assert article.image == "https://example.com/img/lead.png"
    assert article.item.published == datetime(2026, 11, 15, 13, 30, tzinfo=UTC) and article.item.dated


def test_hostile_page_becomes_plain_text() -> None:
    body = (
        BODY + '<p onclick="steal()">点击<script>alert(1)</script><a href="javascript:alert(2)">这里</a></p>'
    )
    article = extract_article(ITEM, page(body=body).encode(), {}, "https://example.com/a", 5000)
    assert "alert" not in article.text and "<" not in article.text and "onclick" not in article.text


def test_a_page_too_short_keeps_feed_summary() -> None:
    article = extract_article(
        ITEM, b"<html><body><p>short</p></body></html>", {}, "https://example.com/a", 5000
    )
    assert not article.extracted and article.text == "feed summary"


@pytest.mark.parametrize(
    ("content", "kind"), [(b"", "empty"), (b" \n", "empty"), (b"\x00\x01\x02", "binary")]
)
def test_bytes_that_are_no_page_are_not_the_article(content: bytes, kind: str) -> None:
    """The caller keeps the feed's summary and counts the page by its kind (ingest.extract_articles)."""
    with pytest.raises(NotArticleError) as raised:
        extract_article(ITEM, content, {}, "https://example.com/a", 5000)
    assert raised.value.verdict.kind == kind


def test_only_http_images() -> None:
    head = '<meta property="og:image" content="javascript:alert(1)">'
    article = extract_article(ITEM, page(head=head).encode(), {}, "https://example.com/a", 5000)
    assert article.image is None


def test_latin1_header_loses_to_the_page_charset() -> None:
    raw = page("gbk").encode("gbk")
    assert "星衡智能" in decode_page(raw, {"content-type": "text/html; charset=ISO-8859-1"})


def test_byte_order_mark_wins() -> None:
    raw = "\ufeff".encode() + page("gbk").encode("utf-8")  # a BOM beats a wrong meta
    assert "星衡智能" in decode_page(raw, {})


def test_xml_declared_xhtml_page() -> None:
    raw = ('<?xml version="1.0" encoding="gb18030"?>\n' + page("")).encode("gb18030")
    article = extract_article(
        ITEM, raw, {"Content-Type": "application/xhtml+xml"}, "https://example.com/a", 5000
    )
    assert article.extracted and "星衡智能" in article.text


def test_json_ld_date_and_lazy_lead_image() -> None:
    head = (
        '<script type="application/ld+json">'
        '{"@graph": [{"@type": "NewsArticle", "datePublished": "2026-11-15T09:00:00Z"}]}</script>'
    )
    body = '<p><img src="data:image/gif;base64,R0lGOD" data-src="/lazy/lead.jpg"></p>' + BODY
    article = extract_article(ITEM, page(head=head, body=body).encode(), {}, "https://example.com/a", 5000)
    assert article.item.published == datetime(2026, 11, 15, 9, tzinfo=UTC)
    assert article.image == "https://example.com/lazy/lead.jpg"


def test_microdata_date_published() -> None:
    head = '<meta itemprop="datePublished" content="2026-11-15T09:00:00Z">'
    article = extract_article(ITEM, page(head=head).encode(), {}, "https://example.com/a", 5000)
    assert article.item.published == datetime(2026, 11, 15, 9, tzinfo=UTC) and article.item.dated


def test_dated_items_keep_the_feed_date() -> None:
    dated = replace(ITEM, dated=True)
    head = '<meta property="article:published_time" content="2020-01-01T00:00:00Z">'
    assert (
        extract_article(dated, page(head=head).encode(), {}, "https://example.com/a", 5000).item.published
        == ITEM.published
    )


@pytest.mark.parametrize("declared", ["application/pdf", "image/png", "application/octet-stream", ""])
def test_a_web_page_is_read_whatever_its_headers_claim(declared: str) -> None:
    """The bytes decide (issue 18, kind 1): markup served under another type is the page."""
    article = extract_article(
        ITEM, page().encode(), {"Content-Type": declared}, "https://example.com/a", 5000
    )
    assert article.extracted and "第0段：星衡智能" in article.text


@pytest.mark.parametrize(
    ("content", "declared", "kind"),
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "text/html; charset=utf-8", "document"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(64), "text/html", "document"),
        (b"PK\x03\x04\x14\x00\x06\x00word/document.xml", "text/html", "archive"),
        (b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03", "text/html", "compressed"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "text/html", "image"),
        (b"RIFF\x24\x00\x00\x00WEBPVP8 ", "text/html", "image"),
        (b"\x00\x00\x00\x18ftypmp42\x00\x00", "text/html", "media"),
        (b'{"model": "Aurora-3", "score": 0.9}', "application/json", "not-html"),
    ],
)
def test_bytes_that_are_not_a_web_page_are_never_read_as_text(
    content: bytes, declared: str, kind: str
) -> None:
    with pytest.raises(NotArticleError) as raised:
        extract_article(ITEM, content, {"Content-Type": declared}, "https://example.com/a", 5000)
    assert raised.value.verdict.kind == kind


def test_text_is_truncated_to_max_chars() -> None:
    article = extract_article(ITEM, page().encode(), {}, "https://example.com/a", 100)
    assert article.extracted and len(article.text) <= 100 and article.text.endswith("…")


URL = "https://example.com/a"


def test_control_characters_in_a_page_do_not_lose_the_article() -> None:
    body = (
        BODY.replace("星衡智能", "星衡\x07智能", 3).replace("千亿", "千\x0b亿\ufffe", 2)
        + "<p>\x1b[31m\x00</p>"
    )
    article = extract_article(ITEM, page(body=body).encode(), {}, URL, 5000)
    assert article.extracted and article.text.count("星衡智能") == 6 and article.text.count("千亿级别") == 6
    assert not any(c in article.text for c in "\x00\x07\x0b\x1b\ufffe")


def test_byline_and_near_headline_leave_the_text() -> None:
    item = replace(ITEM, title="星衡智能开源千亿参数大模型“星织2”")
    h1 = "星衡智能开源千亿参数大模型 星织2 | 机器之芯"
    body = "<p>作者：李青禾 2026-11-15 10:30 来源：机器之芯</p>" + BODY + "<p>分享到：微信 微博 复制链接</p>"
    article = extract_article(item, page(body=body, h1=h1).encode(), {}, URL, 5000)
    assert article.text.startswith("第0段：星衡智能今天发布")
    assert article.text.endswith("推理速度显著提升。") and "作者" not in article.text


def lead_image(body: str, head: str = "") -> str | None:
    return extract_article(ITEM, page(head=head, body=body + BODY).encode(), {}, URL, 5000).image


@pytest.mark.parametrize(
    "img",
    [
        '<img src="/static/blank.gif" data-src="/real/lead.jpg">',
        '<img src="/img/spacer.png" data-original="/real/lead.jpg">',
        '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" data-lazy-src="/real/lead.jpg">',
        '<img src="/assets/placeholder.svg" srcset="/real/small.jpg 320w, /real/lead.jpg 1024w, /real/mid.jpg 640w">',
        '<img src="/i/loading.gif" data-srcset="/real/lead.jpg 2x, /real/small.jpg 1x">',
        '<img src="/i/pixel.gif"><noscript><img src="/real/lead.jpg"></noscript>',
        '<img src="/track/1.gif" width="1" height="1"><img src="/real/lead.jpg">',
    ],
)
def test_lazy_loaded_lead_image_is_the_real_one(img: str) -> None:
    assert lead_image(f"<p>{img}</p>") == "https://example.com/real/lead.jpg"


def test_og_image_comes_first_unless_it_is_not_an_image() -> None:
    body = '<p><img src="/real/lead.jpg"></p>'
    og = '<meta property="og:image" content="https://cdn.example.com/og.png">'
    assert lead_image(body, og) == "https://cdn.example.com/og.png"
    video = '<meta property="og:image" content="https://cdn.example.com/clip.mp4">'
    assert lead_image(body, video) == "https://example.com/real/lead.jpg"
    typed = (
        '<meta property="og:image" content="https://cdn.example.com/clip">'
        '<meta property="og:image:type" content="video/mp4">'
    )
    assert lead_image(body, typed) == "https://example.com/real/lead.jpg"
    blank = '<meta property="og:image" content="https://example.com/blank.gif">'
    assert lead_image(body, blank) == "https://example.com/real/lead.jpg"


def test_a_page_with_only_placeholders_has_no_image() -> None:
    assert lead_image('<p><img src="/blank.gif"><img src="data:image/png;base64,iVBOR"></p>') is None


def test_extraction_failure_keeps_the_feed_summary(monkeypatch: pytest.MonkeyPatch) -> None:
    import generator.extract.article as extract

    def broken(*args: object, **kwargs: object) -> None:
        raise MemoryError("huge page")

    monkeypatch.setattr(extract, "main_text", broken)
    article = extract_article(ITEM, page().encode(), {}, URL, 5000)
    assert not article.extracted and article.text == "feed summary"


@pytest.mark.parametrize(
    "fault",
    [
        "&#1;",
        "&#x0B;",
        "&#0;",
        "&#xD800;",
        "&#xFFFE;",
        "&#x1FFFF;",
        "&#9999999999;",
        "\x01",
        "\x1b",
        "\ufffe",
    ],
)
def test_controls_and_noncharacters_in_a_page_do_not_cost_the_article(fault: str) -> None:
    """Raw or as character references (issue 18, kind 5): the article is read, its words stay whole."""
    body = BODY.replace("星衡智能今天", f"星衡智能今{fault}天")
    for charset in ("utf-8", "gbk"):
        raw = page(charset, body=body).encode(charset if charset == "utf-8" else "gb18030", "surrogatepass")
        article = extract_article(ITEM, raw, {}, URL, 5000)
        assert article.extracted and "第0段：星衡智能今天发布" in article.text, (fault, charset)
        assert xml_text(article.text) == article.text and "\ufffd" not in article.text


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        (
            '<link rel="canonical" href="/2026/aurora-3?utm_source=rss"><meta property="og:url" content="https://x.example/o">',
            "https://m.news.example/2026/aurora-3",  # relative: on the page's own host
        ),
        (
            '<meta property="og:url" content="https://news.example/2026/aurora-3">',
            "https://news.example/2026/aurora-3",
        ),
        (
            '<link rel="Canonical alternate" href="https://news.example/2026/aurora-3#top">',
            "https://news.example/2026/aurora-3",
        ),
        ('<link rel="canonical" href="javascript:void(0)">', ""),
        ("", ""),
    ],
)
def test_the_url_a_page_declares_for_itself(head: str, expected: str) -> None:
    body = "".join(
        f"<p>Paragraph {n} of a long enough article about the Aurora-3 chip and its makers.</p>"
        for n in range(5)
    )
    page = f"<html><head>{head}</head><body><article>{body}</article></body></html>".encode()
    assert read_page(page, {}, "https://m.news.example/p?id=81").page_url == expected
