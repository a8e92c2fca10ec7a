"""The cover image: 1200×630 PNG drawn with Pillow and a CJK font; the same input gives the same bytes.

Every text on the cover (site name, date, title, headlines, footer) is drawn through a TextFont: characters the
CJK font has are drawn with it; emoji it lacks are drawn in colour with an emoji font when one is installed
(EMOJI_FONT_CANDIDATES, e.g. Noto Color Emoji at its fixed 109 px size, scaled to the text); any other character
the fonts cannot draw is left out (never an empty box). Text is cut into user-perceived characters (grapheme
clusters, Unicode UAX #29, with the `regex` module), so an emoji ZWJ sequence or a flag stays whole.
"""

from __future__ import annotations

import io
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

import regex
from PIL import Image, ImageDraw, ImageFont

from generator.config_look import CoverSettings
from generator.errors import FontError
from generator.post.wrap import NO_LINE_END, NO_LINE_START, fit_lines, wrap_text
from generator.text import clean_line

__all__ = ["NO_LINE_END", "NO_LINE_START", "FontSpec", "find_font", "render_cover", "wrap_text"]

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
# Colour emoji fonts, first found wins; bitmap ones have fixed sizes (Noto Color Emoji: 109 px), tried in order.
EMOJI_FONT_CANDIDATES: tuple[str, ...] = (
    "/usr/share/fonts/truetype/noto/NotoColorEmoji.ttf",  # Debian/Ubuntu: fonts-noto-color-emoji
    "/usr/share/fonts/noto/NotoColorEmoji.ttf",  # Arch
    "/usr/share/fonts/google-noto-color-emoji-fonts/NotoColorEmoji.ttf",  # Fedora
    "/usr/share/fonts/google-noto-emoji/NotoColorEmoji.ttf",
    "/System/Library/Fonts/Apple Color Emoji.ttc",
    "C:/Windows/Fonts/seguiemj.ttf",
)
EMOJI_SIZES = (109, 160, 96, 64, 48)
# What makes a cluster an emoji (ZWJ sequences, emoji presentation, keycaps, skin tones, tag sequences): drawn
# with the emoji font. Joiners and selectors are drawn by no font on their own: they are not probed.
_EMOJI_MARKS = regex.compile(r"[\u200d\ufe0f\u20e3\U0001f3fb-\U0001f3ff\U000e0020-\U000e007f]")
_IGNORABLE = regex.compile(r"[\u200c\u200d\ufe00-\ufe0f\U000e0020-\U000e007f]")
MISSING = "\U0010fffd"  # a private-use code point no font maps: draws the font's "missing glyph"
INSTALL_HINT = (
    "install a CJK font (Debian/Ubuntu: sudo apt-get install fonts-noto-cjk) or set cover.font in the config"
)


@dataclass(frozen=True)
class FontSpec:
    """A font file and the face index of Simplified Chinese in it (.ttc collections hold several)."""

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


@lru_cache(maxsize=16)
def _probe_font(path: str, index: int, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(path, size, index=index)


def _pixels(font: ImageFont.FreeTypeFont, text: str) -> bytes:
    box = Image.new("RGBA", (4 * font.size, 2 * font.size))
    ImageDraw.Draw(box).text(
        (font.size // 2, font.size // 2), text, font=font, fill="white", embedded_color=True
    )
    return box.tobytes()


@lru_cache(maxsize=8192)
def has_glyph(path: str, index: int, size: int, char: str) -> bool:
    """Whether the font (file, face, a size it has) draws `char` (one code point or one emoji cluster) with a
    glyph of its own: what it draws differs from its missing glyph, or, for fonts whose missing glyph is empty
    (Noto Color Emoji), is not empty. A combining mark is probed after "o" (alone, a shaper adds a dotted
    circle). Whitespace always counts as drawable."""
    if char.isspace():
        return True
    font = _probe_font(path, index, size)
    base = "o" if len(char) == 1 and unicodedata.category(char).startswith("M") else ""
    drawn, missing = _pixels(font, base + char), _pixels(font, base + MISSING)
    return drawn != missing and (any(drawn) or not any(missing))


def _draws(font: ImageFont.FreeTypeFont, text: str) -> bool:
    return has_glyph(str(font.path), font.index, font.size, text)


@lru_cache(maxsize=1)
def find_emoji_font() -> ImageFont.FreeTypeFont | None:
    """The first installed colour emoji font of EMOJI_FONT_CANDIDATES (at the first size it has), or None."""
    for path in EMOJI_FONT_CANDIDATES:
        if not Path(path).is_file():
            continue
        for size in EMOJI_SIZES:
            try:
                font = ImageFont.truetype(path, size)
            except OSError:
                continue
            if _draws(font, "\U0001f525"):
                return font
    return None


@dataclass(frozen=True)
class TextFont:
    """The cover font at one size, with an emoji font (scaled to that size) for the emoji it lacks.

    `getlength` and `size` make it usable wherever a FreeTypeFont is measured (wrap_text)."""

    main: ImageFont.FreeTypeFont
    emoji: ImageFont.FreeTypeFont | None = None

    @property
    def size(self) -> int:
        return int(self.main.size)

    def runs(self, text: str) -> list[tuple[str, bool]]:
        """`text` as (run, drawn with the emoji font) pieces; clusters neither font can draw are left out."""
        pieces: list[tuple[str, bool]] = []
        for cluster in regex.findall(r"\X", text):
            visible = _IGNORABLE.sub("", cluster)
            emoji_style = bool(_EMOJI_MARKS.search(cluster))
            in_main = bool(visible) and all(_draws(self.main, ch) for ch in visible)
            use_emoji = (
                self.emoji is not None and (emoji_style or not in_main) and _draws(self.emoji, cluster)
            )
            if not (use_emoji or in_main):
                continue
            if pieces and pieces[-1][1] == use_emoji:
                pieces[-1] = (pieces[-1][0] + cluster, use_emoji)
            else:
                pieces.append((cluster, use_emoji))
        return pieces

    def drawable(self, text: str) -> str:
        """`text` without what neither font can draw, spaces collapsed."""
        return " ".join("".join(run for run, _ in self.runs(text)).split())

    def _scale(self) -> float:
        return self.size / self.emoji.size if self.emoji else 1.0

    def getlength(self, text: str) -> float:
        """The advance width of `text` in pixels, as `draw` lays it out."""
        return sum(
            (
                self.emoji.getlength(run) * self._scale()
                if is_emoji and self.emoji
                else self.main.getlength(run)
            )
            for run, is_emoji in self.runs(text)
        )

    def draw(self, image: Image.Image, xy: tuple[float, float], text: str, fill: str) -> None:
        """Draw `text` with its top-left at `xy` (the main font's ascender line); emoji on the same baseline."""
        x, y = xy
        baseline = y + self.main.getmetrics()[0]
        draw = ImageDraw.Draw(image)
        for run, is_emoji in self.runs(text):
            if not (is_emoji and self.emoji):
                draw.text((x, y), run, font=self.main, fill=fill)
                x += self.main.getlength(run)
                continue
            ascent, descent = self.emoji.getmetrics()
            tile = Image.new("RGBA", (max(1, round(self.emoji.getlength(run))), ascent + descent))
            ImageDraw.Draw(tile).text((0, 0), run, font=self.emoji, embedded_color=True)
            scale = self._scale()
            tile = tile.resize(
                (max(1, round(tile.width * scale)), max(1, round(tile.height * scale))),
                Image.Resampling.LANCZOS,
            )
            image.paste(tile, (round(x), round(baseline - ascent * scale)), tile)
            x += tile.width


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


def _font(spec: FontSpec, size: int) -> TextFont:
    return TextFont(ImageFont.truetype(spec.path, size, index=spec.index), find_emoji_font())


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


MAX_ITEMS = 3  # story lines under the title
ITEM_LINE = 54  # pixels per story line
ITEMS_BOTTOM = HEIGHT - 78 - 14  # the story lines end above the footer's rule


def _title_lines(spec: FontSpec, title: str, width: int) -> tuple[TextFont, list[str]]:
    """The title's font and lines: the whole title in two lines at 64 px, else at 56 px; else its longest head of
    whole clauses (a "、" between two headlines, a "，" …) that fits two lines at 56 px; only a title whose first
    clause does not fit ends in "…", after a whole word."""
    for size in (64, 56):
        font = _font(spec, size)
        lines = fit_lines(title, font, width, 2)
        if lines and "".join(lines).replace(" ", "") == title.replace(" ", ""):
            return font, lines
    font = _font(spec, 56)
    return font, fit_lines(title, font, width, 2) or wrap_text(title, font, width, 2)


@dataclass(frozen=True)
class CoverText:
    """What the cover shows: the title's lines and font, and each story line's lines (under the title, from
    `items_top` down) with their font."""

    title_font: TextFont
    title: list[str]
    item_font: TextFont
    items: list[list[str]]
    items_top: int


def lay_out(spec: FontSpec, title: str, headlines: Sequence[str]) -> CoverText:
    """Where the cover's texts break: the title (`_title_lines`), then up to MAX_ITEMS story lines, each in one
    line, or its leading whole clauses in one, or in two lines when there is room; a line that fits none of
    these is left out, never cut."""
    text_width = WIDTH - 2 * MARGIN
    title_font, lines = _title_lines(spec, title, text_width)
    top = 130 + len(lines) * round(title_font.size * 1.31) + 18 + 34
    item_font = _font(spec, 32)
    items: list[list[str]] = []
    y = top
    for headline in (h for h in map(item_font.drawable, map(clean_line, headlines)) if h):
        room = (ITEMS_BOTTOM - y) // ITEM_LINE
        item_lines = fit_lines(headline, item_font, text_width - 32, 1) or (
            fit_lines(headline, item_font, text_width - 32, 2) if room >= 2 else []
        )
        if not item_lines or len(item_lines) > room:
            continue
        items.append(item_lines)
        y += ITEM_LINE * len(item_lines)
        if len(items) == MAX_ITEMS:
            break
    return CoverText(title_font, lines, item_font, items, top)


def cover_text(title: str, headlines: Sequence[str], settings: CoverSettings) -> CoverText:
    """The cover's texts as `render_cover` draws them (for checks: no line is ever cut)."""
    spec = find_font(settings.font)
    return lay_out(spec, _font(spec, 30).drawable(clean_line(title)), headlines)


def render_cover(
    day: date,
    title: str,
    headlines: Sequence[str],
    site_name: str,
    settings: CoverSettings,
    site_url: str = "",
) -> bytes:
    """Draw the cover and return PNG bytes (1200×630): the same input gives the same bytes.

    Texts are cleaned (clean_line) and cut to what the fonts can draw (TextFont.drawable) before wrapping."""
    spec = find_font(settings.font)
    image = _gradient((WIDTH, HEIGHT), settings.background, settings.background_end)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, 14, HEIGHT), fill=settings.accent)
    small = _font(spec, 30)
    small.draw(image, (MARGIN, 56), small.drawable(clean_line(site_name)), settings.accent)
    stamp = day.strftime("%Y 年 %m 月 %d 日")
    small.draw(image, (WIDTH - MARGIN - small.getlength(stamp), 56), stamp, settings.muted)
    layout = lay_out(spec, small.drawable(clean_line(title)), headlines)
    y = 130
    for line in layout.title:
        layout.title_font.draw(image, (MARGIN, y), line, settings.foreground)
        y += round(layout.title_font.size * 1.31)
    y += 18
    draw.line((MARGIN, y, MARGIN + 120, y), fill=settings.accent, width=4)
    y = layout.items_top
    for item in layout.items:
        draw.ellipse((MARGIN, y + 14, MARGIN + 12, y + 26), fill=settings.accent)
        for line in item:
            layout.item_font.draw(image, (MARGIN + 32, y), line, settings.foreground)
            y += ITEM_LINE
    text_width = WIDTH - 2 * MARGIN
    footer_font = _font(spec, 24)
    footer = footer_font.drawable(
        clean_line(settings.footer if settings.footer is not None else footer_text(site_url))
    )
    if footer:
        draw.line((MARGIN, HEIGHT - 78, WIDTH - MARGIN, HEIGHT - 78), fill=settings.muted, width=1)
        footer_font.draw(
            image, (MARGIN, HEIGHT - 62), wrap_text(footer, footer_font, text_width, 1)[0], settings.muted
        )
    # 64 colours keep the gradient and the anti-aliased text smooth at about 30 KB; zlib level 6 instead of
    # `optimize` is ten times faster for a few KB more.
    quantized = image.quantize(colors=64, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE)
    buffer = io.BytesIO()
    quantized.save(buffer, format="PNG", compress_level=6)
    return buffer.getvalue()
