from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pytest
from PIL import Image, ImageFont

from generator.config import CoverSettings
from generator.cover import NO_LINE_START, draws_cjk, find_font, glyph_pixels, render_cover, wrap_text
from generator.errors import FontError

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
    assert len({glyph_pixels(font, ch) for ch in "星衡智能"}) == 4 and missing not in {glyph_pixels(font, ch) for ch in "星衡"}


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
