"""The cover image: 1200×630 PNG drawn with Pillow and a CJK font; the same input gives the same bytes."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from generator.config import CoverSettings
from generator.errors import FontError

WIDTH, HEIGHT = 1200, 630
MARGIN = 72
# Looked up in this order after the configured path: (file, face index of Simplified Chinese).
FONT_CANDIDATES: tuple[tuple[str, int], ...] = (
    ("/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc", 2),
    ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 2),
    ("/usr/share/fonts/noto-cjk/NotoSansCJK-Bold.ttc", 2),
    ("/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc", 2),
    ("/usr/share/fonts/google-noto-cjk/NotoSansCJK-Bold.ttc", 2),
    ("/usr/share/fonts/opentype/noto/NotoSerifCJK-Bold.ttc", 2),
    ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0),
    ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 0),
    ("/usr/share/fonts/wenquanyi/wqy-zenhei/wqy-zenhei.ttc", 0),
    ("/usr/share/fonts/truetype/arphic/uming.ttc", 0),
    ("/System/Library/Fonts/PingFang.ttc", 0),
    ("/System/Library/Fonts/STHeiti Medium.ttc", 0),
    ("C:/Windows/Fonts/msyh.ttc", 0),
)
INSTALL_HINT = "install a CJK font (Debian/Ubuntu: sudo apt-get install fonts-noto-cjk) or set cover.font in the config"
# Characters that must not start a line (Chinese line-breaking rules).
NO_LINE_START = set("，。！？；：、）》」』】〉,.!?;:)]}%…—～·")
NO_LINE_END = set("（《「『【〈([{")


@dataclass(frozen=True)
class FontSpec:
    path: str
    index: int


def glyph_pixels(font: ImageFont.FreeTypeFont, char: str) -> bytes:
    """The pixels of one character drawn alone, to compare glyphs."""
    box = Image.new("L", (2 * font.size, 2 * font.size))
    ImageDraw.Draw(box).text((font.size // 2, font.size // 2), char, font=font, fill=255)
    return box.tobytes()


def draws_cjk(font: ImageFont.FreeTypeFont, sample: str = "日报新闻") -> bool:
    """True when the font has real glyphs for `sample` (not the empty box it draws for missing ones)."""
    missing = glyph_pixels(font, "\U0010fffd")
    return all((pixels := glyph_pixels(font, ch)) != missing and any(pixels) for ch in sample)


@lru_cache(maxsize=8)
def find_font(configured: str | None = None) -> FontSpec:
    """The first usable CJK font: the configured path, then FONT_CANDIDATES."""
    candidates: list[tuple[str, int]] = []
    if configured:
        path, _, index = configured.partition("#")
        candidates.append((path, int(index or 0)))
    candidates.extend(FONT_CANDIDATES)
    for path, index in candidates:
        if not Path(path).is_file():
            continue
        try:
            font = ImageFont.truetype(path, 40, index=index)
        except OSError:
            continue
        if draws_cjk(font):
            return FontSpec(path, index)
    if configured:
        raise FontError(f"the cover font {configured} cannot draw Chinese and no other CJK font was found: {INSTALL_HINT}")
    raise FontError(f"no CJK font found for the cover: {INSTALL_HINT}")


def _font(spec: FontSpec, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(spec.path, size, index=spec.index)


def wrap_text(text: str, font: ImageFont.FreeTypeFont, max_width: int, max_lines: int) -> list[str]:
    """Wrap by pixel width: CJK breaks anywhere, latin words stay whole, no line starts with closing punctuation."""
    tokens: list[str] = []
    for ch in text:
        if tokens and ch.isascii() and ch.isalnum() and tokens[-1][-1:].isascii() and tokens[-1][-1:].isalnum():
            tokens[-1] += ch
        else:
            tokens.append(ch)
    lines: list[str] = []
    current = ""
    for token in tokens:
        candidate = current + token
        if font.getlength(candidate) <= max_width or not current:
            current = candidate
            continue
        if token[0] in NO_LINE_START:  # pull the previous character down with it
            current, carried = current[:-1], current[-1:]
            token = carried + token
        elif current[-1] in NO_LINE_END:
            current, token = current[:-1], current[-1] + token
        lines.append(current.rstrip())
        current = token.lstrip()
    if current:
        lines.append(current)
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        last = lines[-1]
        while last and font.getlength(last + "…") > max_width:
            last = last[:-1]
        lines[-1] = last + "…"
    return lines


def _gradient(size: tuple[int, int], top: str, bottom: str) -> Image.Image:
    start = Image.new("RGB", (1, 1), top).getpixel((0, 0))
    end = Image.new("RGB", (1, 1), bottom).getpixel((0, 0))
    column = Image.new("RGB", (1, size[1]))
    for y in range(size[1]):
        t = y / (size[1] - 1)
        column.putpixel((0, y), tuple(round(a + (b - a) * t) for a, b in zip(start, end, strict=True)))
    return column.resize(size)


def render_cover(
    day: date,
    title: str,
    headlines: Sequence[str],
    site_name: str,
    settings: CoverSettings,
) -> bytes:
    """Draw the cover and return PNG bytes (1200×630)."""
    spec = find_font(settings.font)
    image = _gradient((WIDTH, HEIGHT), settings.background, "#020617")
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, 14, HEIGHT), fill=settings.accent)
    small = _font(spec, 30)
    draw.text((MARGIN, 56), site_name, font=small, fill=settings.accent)
    stamp = day.strftime("%Y 年 %m 月 %d 日")
    draw.text((WIDTH - MARGIN - small.getlength(stamp), 56), stamp, font=small, fill=settings.muted)
    title_font = _font(spec, 64)
    y = 130
    for line in wrap_text(title, title_font, WIDTH - 2 * MARGIN, 2):
        draw.text((MARGIN, y), line, font=title_font, fill=settings.foreground)
        y += 84
    y += 18
    draw.line((MARGIN, y, MARGIN + 120, y), fill=settings.accent, width=4)
    y += 34
    item_font = _font(spec, 32)
    for headline in list(headlines)[:3]:
        line = wrap_text(headline, item_font, WIDTH - 2 * MARGIN - 40, 1)[0]
        draw.ellipse((MARGIN, y + 14, MARGIN + 12, y + 26), fill=settings.accent)
        draw.text((MARGIN + 32, y), line, font=item_font, fill=settings.foreground)
        y += 54
    quantized = image.quantize(colors=64, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    buffer = io.BytesIO()
    quantized.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()
