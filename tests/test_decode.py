"""Decoding pages: declared charsets, BOMs, stray bytes and unknown labels (generator.extract.decode)."""

from __future__ import annotations

import codecs

import pytest

from generator.extract.decode import codec_name, decode_page, drop_unwanted_char_refs

ZH = "星衡智能今天发布了新一代开源大模型，参数规模达到千亿级别。"
EN = "The company’s new model — “Starweave” — is 60% cheaper."


def html(body: str, meta: str = "") -> str:
    head = f"<meta charset='{meta}'>" if meta else ""
    return f"<html><head>{head}<title>t</title></head><body><p>{body}</p><p>{body}</p></body></html>"


def with_stray_bytes(raw: bytes) -> bytes:
    """A page with three stray Latin-1 bytes (é, ©, ±) spliced in between characters."""
    cut = raw.index(b"<p>") + 3
    return raw[:cut] + b"caf\xe9 \xa9 \xb1 " + raw[cut:]


@pytest.mark.parametrize(
    "headers, meta",
    [
        ({"Content-Type": "text/html; charset=utf-8"}, ""),
        ({}, "utf-8"),
        ({}, ""),
        ({"Content-Type": "text/html; charset=ISO-8859-1"}, "utf-8"),
    ],
)
def test_utf8_page_with_stray_latin1_bytes_stays_utf8(headers: dict[str, str], meta: str) -> None:
    raw = with_stray_bytes(html(ZH + EN, meta).encode("utf-8"))
    text = decode_page(raw, headers)
    assert text.count(ZH + EN) == 2  # every character right, no mojibake anywhere
    assert "caf\ufffd \ufffd \ufffd " in text  # the stray bytes, and only they, became U+FFFD


def test_gbk_page_with_a_few_bad_bytes_stays_gbk() -> None:
    raw = html(ZH, "gbk").encode("gbk")
    cut = raw.index(b"<p>") + 3
    raw = raw[:cut] + b"\xff\xff" + raw[cut:]  # 0xFF is never a GBK lead byte
    text = decode_page(raw, {})
    assert text.count(ZH) == 2 and "\ufffd" in text


@pytest.mark.parametrize(
    "header, meta, encoding",
    [
        ("gbk", "utf-8", "utf-8"),  # header wrong, page right: valid UTF-8 is UTF-8
        ("utf-8", "gbk", "gbk"),  # header wrong, bytes are GBK: the header's codec fails on them
        ("big5", "gb2312", "gb18030"),
    ],
)
def test_header_and_meta_disagree(header: str, meta: str, encoding: str) -> None:
    raw = html(ZH, meta).encode(encoding)
    assert decode_page(raw, {"Content-Type": f"text/html; charset={header}"}).count(ZH) == 2


def test_byte_order_mark_beats_header_and_meta() -> None:
    page = html(ZH, "gbk")
    utf8 = codecs.BOM_UTF8 + page.encode("utf-8")
    assert decode_page(utf8, {"Content-Type": "text/html; charset=gbk"}).count(ZH) == 2
    utf16 = page.encode("utf-16")  # with its BOM
    assert decode_page(utf16, {"Content-Type": "text/html; charset=utf-8"}).count(ZH) == 2


@pytest.mark.parametrize("label", ["x-no-such-charset", "utf-9", '"', "utf8mb4"])
def test_unknown_or_odd_header_labels_fall_back_to_the_page(label: str) -> None:
    raw = html(ZH, "gb2312").encode("gb18030")
    assert decode_page(raw, {"Content-Type": f"text/html; charset={label}"}).count(ZH) == 2


def test_unknown_meta_label_on_undeclared_gbk_page_is_detected() -> None:
    raw = html(ZH * 5, "klingon-8").encode("gb18030")
    assert decode_page(raw, {}).count(ZH * 5) == 2


def test_windows_1252_page_declared_latin1() -> None:
    text = "Café prices rose 5% – “a record”, said the owner’s spokesperson. " * 3
    raw = html(text, "iso-8859-1").encode("cp1252")
    assert decode_page(raw, {}).count(text) == 2


def test_codec_names_follow_the_encoding_standard() -> None:
    assert codec_name("GB2312") == "gb18030"
    assert codec_name(" ISO-8859-1 ") == "cp1252"
    assert codec_name("utf8mb4") == "utf-8"
    assert codec_name("UTF-16") == "utf-8"  # a meta naming UTF-16 without a BOM means UTF-8
    assert codec_name("no-such") is None


@pytest.mark.parametrize(
    ("page", "expected"),
    [
        ("今&#1;天", "今天"),
        ("今&#x0B;天", "今天"),  # a vertical tab would split the paragraph (str.splitlines)
        ("今&#0;天&#xD800;发&#x110000;布&#9999999999;了", "今天发布了"),  # no character: not U+FFFD either
        ("A&#xFFFE;B&#65535;C&#xFDD0;D&#x1FFFF;E", "ABCDE"),  # noncharacters
        ("x&#x1f;y&#127;z", "xyz"),
        (
            "keep &#9;&#10;&#13; &#x4E2D; &#128; &amp; &#x1F600;",
            "keep &#9;&#10;&#13; &#x4E2D; &#128; &amp; &#x1F600;",
        ),
        ("no semicolon &#1 ok", "no semicolon  ok"),
    ],
)
def test_references_to_controls_and_noncharacters_are_dropped(page: str, expected: str) -> None:
    assert drop_unwanted_char_refs(page) == expected
