from __future__ import annotations

from datetime import UTC, datetime

from generator.extract import decode_page, extract_article
from generator.models import FeedItem

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


def page(charset: str = "utf-8", head: str = "", body: str = BODY) -> str:
    return (
        f"<html><head><meta charset='{charset}'><title>T</title>{head}</head><body><nav>首页 | 关于</nav>"
        f"<article><h1>标题</h1>{body}</article><footer>版权所有</footer></body></html>"
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


def test_unusable_page_keeps_feed_summary() -> None:
    for content in (b"", b"\x00\x01\x02", b"<html><body><p>short</p></body></html>"):
        article = extract_article(ITEM, content, {}, "https://example.com/a", 5000)
        assert not article.extracted and article.text == "feed summary"


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
    head = '<script type="application/ld+json">{"@graph": [{"@type": "NewsArticle", "datePublished": "2026-11-15T09:00:00Z"}]}</script>'
    body = '<p><img src="data:image/gif;base64,R0lGOD" data-src="/lazy/lead.jpg"></p>' + BODY
    article = extract_article(ITEM, page(head=head, body=body).encode(), {}, "https://example.com/a", 5000)
    assert article.item.published == datetime(2026, 11, 15, 9, tzinfo=UTC)
    assert article.image == "https://example.com/lazy/lead.jpg"


def test_dated_items_keep_the_feed_date() -> None:
    from dataclasses import replace

    dated = replace(ITEM, dated=True)
    head = '<meta property="article:published_time" content="2020-01-01T00:00:00Z">'
    assert (
        extract_article(dated, page(head=head).encode(), {}, "https://example.com/a", 5000).item.published
        == ITEM.published
    )


def test_non_html_pages_keep_the_summary() -> None:
    for kind in ("application/pdf", "image/png", "application/octet-stream"):
        article = extract_article(
            ITEM, page().encode(), {"Content-Type": kind}, "https://example.com/a", 5000
        )
        assert not article.extracted and article.text == "feed summary"


def test_text_is_truncated_to_max_chars() -> None:
    article = extract_article(ITEM, page().encode(), {}, "https://example.com/a", 100)
    assert article.extracted and len(article.text) <= 100 and article.text.endswith("…")
