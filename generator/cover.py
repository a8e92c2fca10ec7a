"""The cover image: 1200×630 PNG drawn with Pillow and a CJK font; the same input gives the same bytes."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

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
INSTALL_HINT = (
    "install a CJK font (Debian/Ubuntu: sudo apt-get install fonts-noto-cjk) or set cover.font in the config"
)
# Chinese line-breaking rules (kinsoku): characters that must not start a line, and ones that must not end one.
NO_LINE_START = set("，。！？；：、）》」』】〉〕”’,.!?;:)]}%…—～·ー")
NO_LINE_END = set("（《「『【〈〔“‘([{")
ELLIPSIS = "…"


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
        raise FontError(
            f"the cover font {configured} cannot draw Chinese and no other CJK font was found: {INSTALL_HINT}"
        )
    raise FontError(f"no CJK font found for the cover: {INSTALL_HINT}")


def _font(spec: FontSpec, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(spec.path, size, index=spec.index)


def _tokens(text: str, font: ImageFont.FreeTypeFont, max_width: int) -> list[str]:
    """Latin words and numbers stay whole (unless wider than a line); every other character is a token."""
    tokens: list[str] = []
    for ch in text:
        if (
            tokens
            and ch.isascii()
            and ch.isalnum()
            and tokens[-1][-1:].isascii()
            and tokens[-1][-1:].isalnum()
        ):
            tokens[-1] += ch
        else:
            tokens.append(ch)
    return [
        piece
        for token in tokens
        for piece in ([token] if font.getlength(token) <= max_width else list(token))
    ]


def _fit_ellipsis(line: str, font: ImageFont.FreeTypeFont, max_width: int) -> str:
    """`line` cut so that it ends in "…" within max_width, never after an opening bracket or a comma."""
    line = line.rstrip()
    while line and (
        font.getlength(line + ELLIPSIS) > max_width or line[-1] in NO_LINE_END or line[-1] in "，、；：,;: "
    ):
        line = line[:-1]
    return line + ELLIPSIS


def wrap_text(text: str, font: ImageFont.FreeTypeFont, max_width: int, max_lines: int) -> list[str]:
    """Wrap by pixel width: CJK breaks anywhere, latin words stay whole, and no line starts with closing
    punctuation or ends with an opening bracket (the characters move to the next line together).
    More than `max_lines` lines: the last one ends in "…"."""
    lines: list[list[str]] = []
    current: list[str] = []
    for token in _tokens(" ".join(text.split()), font, max_width):
        if not current and token.isspace():
            continue
        if not current or font.getlength("".join(current) + token) <= max_width:
            current.append(token)
            continue
        carried = [token]
        while len(current) > 1 and (
            carried[0][0] in NO_LINE_START or current[-1][-1] in NO_LINE_END or current[-1].isspace()
        ):
            carried.insert(0, current.pop())
        lines.append(current)
        current = carried[1:] if carried[0].isspace() else carried
    if current:
        lines.append(current)
    texts = ["".join(line).strip() for line in lines]
    if len(texts) > max_lines:
        texts = texts[: max_lines - 1] + [_fit_ellipsis(texts[max_lines - 1], font, max_width)]
    return texts


def footer_text(site_url: str) -> str:
    """'example.github.io/ai-news-daily' from the site URL."""
    parts = urlsplit(site_url)
    return f"{parts.netloc}{parts.path}".rstrip("/") if parts.netloc else ""


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
    site_url: str = "",
) -> bytes:
    """Draw the cover and return PNG bytes (1200×630): the same input gives the same bytes."""
    spec = find_font(settings.font)
    image = _gradient((WIDTH, HEIGHT), settings.background, settings.background_end)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, 14, HEIGHT), fill=settings.accent)
    small = _font(spec, 30)
    draw.text((MARGIN, 56), site_name, font=small, fill=settings.accent)
    stamp = day.strftime("%Y 年 %m 月 %d 日")
    draw.text((WIDTH - MARGIN - small.getlength(stamp), 56), stamp, font=small, fill=settings.muted)
    y = 130
    text_width = WIDTH - 2 * MARGIN
    title_font, lines = _font(spec, 64), []
    for size in (64, 56):  # a smaller size when the title needs more than two lines at the larger one
        title_font = _font(spec, size)
        lines = wrap_text(title, title_font, text_width, 2)
        if not lines or not lines[-1].endswith(ELLIPSIS) or title.endswith(ELLIPSIS):
            break
    for line in lines:
        draw.text((MARGIN, y), line, font=title_font, fill=settings.foreground)
        y += round(title_font.size * 1.31)
    y += 18
    draw.line((MARGIN, y, MARGIN + 120, y), fill=settings.accent, width=4)
    y += 34
    item_font = _font(spec, 32)
    for headline in [h for h in headlines if h.strip()][:3]:
        line = wrap_text(headline, item_font, text_width - 32, 1)[0]
        draw.ellipse((MARGIN, y + 14, MARGIN + 12, y + 26), fill=settings.accent)
        draw.text((MARGIN + 32, y), line, font=item_font, fill=settings.foreground)
        y += 54
    footer = settings.footer if settings.footer is not None else footer_text(site_url)
    if footer:
        footer_font = _font(spec, 24)
        draw.line((MARGIN, HEIGHT - 78, WIDTH - MARGIN, HEIGHT - 78), fill=settings.muted, width=1)
        draw.text(
            (MARGIN, HEIGHT - 62),
            wrap_text(footer, footer_font, text_width, 1)[0],
            font=footer_font,
            fill=settings.muted,
        )
    # 64 colours keep the gradient and the anti-aliased text smooth at about 30 KB; zlib level 6 instead of
    # `optimize` is ten times faster for a few KB more.
    quantized = image.quantize(colors=64, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE)
    buffer = io.BytesIO()
    quantized.save(buffer, format="PNG", compress_level=6)
    return buffer.getvalue()
