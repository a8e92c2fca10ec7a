from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pytest
from PIL import Image, ImageFont

from generator.config import parse_settings
from generator.config_look import CoverSettings
from generator.errors import ConfigError, FontError
from generator.post.cover import (
    NO_LINE_END,
    NO_LINE_START,
    TextFont,
    draws_cjk,
    find_emoji_font,
    find_font,
    footer_text,
    glyph_pixels,
    render_cover,
    wrap_text,
)
from generator.post.wrap import fit_lines

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
    import generator.post.cover as cover

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
    assert all(hanging_width(line, font) <= 500 for line in lines)
    assert all(line[0] not in NO_LINE_START for line in lines)
    assert "".join(lines) == text
    assert wrap_text("Northwind Labs releases", font, 400, 5)[0] == "Northwind"


def hanging_width(line: str, font: ImageFont.FreeTypeFont) -> float:
    """A line's width without a closing mark that hangs past the margin (悬挂标点, generator.post.wrap)."""
    return font.getlength(line[:-1] if line[-1] in NO_LINE_START else line)


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
        assert all(hanging_width(line, font) <= width for line in lines)


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


# --- characters the cover font lacks: emoji in colour, or left out -------------------------------------------

EMOJI_TITLE = "🔥 星衡智能开源 👩‍💻 模型 🇨🇳"
PLAIN_TITLE = "星衡智能开源 模型"


@pytest.fixture
def no_emoji_font(monkeypatch: pytest.MonkeyPatch):
    import generator.post.cover as cover

    monkeypatch.setattr(cover, "EMOJI_FONT_CANDIDATES", ())
    cover.find_emoji_font.cache_clear()
    yield
    cover.find_emoji_font.cache_clear()


def latin_font(size: int = 40) -> ImageFont.FreeTypeFont:
    candidates = list(Path("/usr/share/fonts").rglob("DejaVuSans.ttf"))
    if not candidates:
        pytest.skip("no latin-only font on this machine")
    return ImageFont.truetype(str(candidates[0]), size)


def test_characters_a_font_lacks_are_left_out() -> None:
    latin = TextFont(latin_font())
    assert latin.drawable("AI 日报 weekly") == "AI weekly"  # no CJK glyphs in DejaVu Sans: no empty boxes
    assert latin.runs("AI 日报") == [("AI ", False)]
    cjk = TextFont(font_at(40))  # no emoji font given
    assert cjk.drawable(EMOJI_TITLE) == PLAIN_TITLE and cjk.drawable("a\u0301 ok") == "a\u0301 ok"
    assert cjk.getlength(EMOJI_TITLE) == cjk.getlength(" 星衡智能开源  模型 ")


def test_without_an_emoji_font_the_cover_leaves_emoji_out(no_emoji_font: None) -> None:
    day, theme = date(2026, 11, 16), CoverSettings(footer="📰 example.github.io")
    with_emoji = render_cover(day, EMOJI_TITLE, ["🚀 一条", "1️⃣ 两条 👍🏽"], "AI 日报 📰", theme)
    plain = render_cover(
        day, PLAIN_TITLE, ["一条", "两条"], "AI 日报", CoverSettings(footer="example.github.io")
    )
    assert with_emoji == plain  # title, headlines, site name and footer: the same pixels as without the emoji


def test_emoji_are_drawn_in_colour_with_an_emoji_font() -> None:
    emoji = find_emoji_font()
    if emoji is None:
        pytest.skip("no colour emoji font installed (Debian/Ubuntu: fonts-noto-color-emoji)")
    font = TextFont(font_at(64), emoji)
    assert font.runs("A🔥B 👩‍💻1️⃣中") == [
        ("A", False),
        ("🔥", True),
        ("B ", False),
        ("👩‍💻1️⃣", True),
        ("中", False),
    ]
    assert 64 <= font.getlength("🔥") <= 64 * 1.4  # scaled to the text size

    def colourful(png: bytes) -> int:
        image = Image.open(io.BytesIO(png)).convert("RGB")
        return sum(1 for pixel in image.getdata() if max(pixel) - min(pixel) > 120)

    theme = CoverSettings(background="#000000", background_end="#000000", accent="#ffffff", muted="#ffffff")
    day = date(2026, 11, 16)
    plain = render_cover(day, PLAIN_TITLE, ["一条"], "AI 日报", theme)
    drawn = render_cover(day, EMOJI_TITLE, ["🚀 一条"], "AI 日报", theme)
    assert colourful(plain) == 0 and colourful(drawn) > 2000  # grey text on black, colour only from the emoji


def test_lines_break_between_words_and_never_inside_a_name() -> None:
    font = font_at(56)
    text = "Northwind Labs发布Aurora-3推理芯片、星衡智能开源千亿参数大模型“星织2”"
    for width in range(420, 1100, 23):
        lines = wrap_text(text, font, width, 50)
        assert "".join(lines).replace(" ", "") == text.replace(" ", "")
        joined = "|".join(lines)
        for name in ("Northwind", "Aurora-3", "星衡智能", "“星织2”", "千亿", "推理", "芯片"):
            assert name in joined, (width, lines)


def test_fit_lines_never_cuts() -> None:
    font = font_at(32)
    line = "人形机器人公司Lumenary完成3亿美元C轮融资，新资金将用于扩建组装工厂和研发机器人基础模型"
    assert fit_lines(line, font, 2000, 1) == [line]
    assert fit_lines(line, font, 700, 1) == ["人形机器人公司Lumenary完成3亿美元C轮融资"]
    assert fit_lines(line, font, 100, 1) == []


def test_the_cover_shows_the_summary_under_the_title(tmp_path: Path) -> None:
    settings = CoverSettings()
    title = "Northwind Labs发布Aurora-3推理芯片、星衡智能开源千亿参数大模型“星织2”"
    lines = ["海州市发布AI算力券新政", "人形机器人公司Lumenary完成3亿美元C轮融资"]
    with_lines = render_cover(date(2026, 11, 16), title, lines, "AI 日报", settings)
    other = render_cover(date(2026, 11, 16), title, lines[::-1], "AI 日报", settings)
    assert with_lines != other  # the lines are drawn, in their order
