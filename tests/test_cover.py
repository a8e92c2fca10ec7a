from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pytest
from PIL import Image, ImageFont

from generator.config import CoverSettings, parse_settings
from generator.cover import (
    NO_LINE_END,
    NO_LINE_START,
    draws_cjk,
    find_font,
    footer_text,
    glyph_pixels,
    render_cover,
    wrap_text,
)
from generator.errors import ConfigError, FontError

TITLE = "AI 日报｜星衡智能开源千亿参数模型，机器人公司完成新一轮融资"


def test_cover_size_determinism_and_weight() -> None:
    args = (date(2026, 11, 16), TITLE, ["一条", "Two", "三条"], "AI 日报", CoverSettings())
    first, second = render_cover(*args), render_cover(*args)
    assert first == second
    assert len(first) <= 150_000
    assert Image.open(io.BytesIO(first)).size == (1200, 630)


def test_font_draws_real_chinese_glyphs() -> None:
    spec = find_font()
    font = ImageFont.truetype(spec.path, 48, index=spec.index)
    assert draws_cjk(font, "星衡智能开源千亿参数模型")
    missing = glyph_pixels(font, "\U0010fffd")
    assert len({glyph_pixels(font, ch) for ch in "星衡智能"}) == 4 and missing not in {
        glyph_pixels(font, ch) for ch in "星衡"
    }


def test_font_without_cjk_is_refused(tmp_path: Path) -> None:
    latin = Path(ImageFont.__file__).parent / "fonts"  # Pillow ships no CJK font; use DejaVu if present
    candidates = [p for p in Path("/usr/share/fonts").rglob("DejaVuSans.ttf")] + list(latin.glob("*.ttf"))
    if not candidates:
        pytest.skip("no latin-only font on this machine to compare with")
    assert not draws_cjk(ImageFont.truetype(str(candidates[0]), 40))


def test_missing_configured_font_falls_back_or_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    import generator.cover as cover

    monkeypatch.setattr(cover, "FONT_CANDIDATES", ())
    cover.find_font.cache_clear()
    try:
        with pytest.raises(FontError, match="fonts-noto-cjk"):
            cover.find_font("/nonexistent/font.ttf")
    finally:
        cover.find_font.cache_clear()


def test_wrap_respects_width_and_line_start_rules() -> None:
    spec = find_font()
    font = ImageFont.truetype(spec.path, 64, index=spec.index)
    text = "模型，芯片。" * 12
    lines = wrap_text(text, font, 500, 20)
    assert all(font.getlength(line) <= 500 for line in lines)
    assert all(line[0] not in NO_LINE_START for line in lines)
    assert "".join(lines) == text
    assert wrap_text("Northwind Labs releases", font, 400, 5)[0] == "Northwind"


def font_at(size: int) -> ImageFont.FreeTypeFont:
    spec = find_font()
    return ImageFont.truetype(spec.path, size, index=spec.index)


def test_no_line_ends_with_an_opening_bracket_or_starts_with_a_closing_one() -> None:
    font = font_at(40)
    text = "星衡智能“星织2”发布（开源）：支持128K上下文，《报告》称「性能」领先。" * 3
    for width in range(200, 700, 37):
        lines = wrap_text(text, font, width, 50)
        assert "".join(lines) == text
        assert all(line[0] not in NO_LINE_START and line[-1] not in NO_LINE_END for line in lines), lines
        assert all(font.getlength(line) <= width for line in lines)


def test_ellipsis_never_follows_an_opening_bracket_or_a_comma() -> None:
    font = font_at(40)
    for filler in range(1, 12):
        text = "模" * filler + "（开源模型，支持长上下文）" + "尾巴" * 20
        for line in wrap_text(text, font, 400, 2)[-1:]:
            assert (
                line.endswith("…")
                and line[-2] not in NO_LINE_END | set("，、")
                and font.getlength(line) <= 400
            )


def test_cover_theme_footer_and_determinism() -> None:
    theme = CoverSettings(
        background="#ffffff", background_end="#ffffff", foreground="#111111", accent="#ff0000"
    )
    args = (date(2026, 11, 16), TITLE, ["一条", "Two"], "AI 日报", theme)
    first = render_cover(*args, site_url="https://example.github.io/ai-news-daily/")
    assert first == render_cover(*args, site_url="https://example.github.io/ai-news-daily/")
    assert first != render_cover(*args) and first != render_cover(*args, site_url="https://other.example/")
    image = Image.open(io.BytesIO(first)).convert("RGB")

    def near(pixel: tuple[int, ...], colour: tuple[int, ...]) -> bool:  # 64-colour quantizing shifts a little
        return all(abs(a - b) <= 8 for a, b in zip(pixel, colour, strict=True))

    assert near(image.getpixel((600, 5)), (255, 255, 255)) and near(image.getpixel((5, 300)), (255, 0, 0))
    assert footer_text("https://example.github.io/ai-news-daily/") == "example.github.io/ai-news-daily"
    assert footer_text("") == ""


def test_cover_colours_are_validated() -> None:
    with pytest.raises(ConfigError, match="'cover.accent'.*not a colour"):
        parse_settings(
            {"sources": [{"name": "s", "url": "https://example.com/f"}], "cover": {"accent": "blue-ish"}}
        )
