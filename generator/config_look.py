"""The settings of what a post looks like: the cover (colours, font, footer), the options of each layout, and the
leaderboard a layout may show. Part of the config file (generator/config.yml), validated with it."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field, field_validator

from generator.config_base import SettingsModel as _Model
from generator.urls import is_http


class CoverSettings(_Model):
    """The cover (docs/assets/covers/YYYY-MM-DD.png, 1200×630): `font` (a .ttf/.otf/.ttc path, `#N` for face N;
    None: the first installed CJK font that draws Chinese), colours (any CSS-style colour Pillow reads: the
    gradient's top and bottom, the accent, the text, the muted date and footer), `footer` (None: the site URL).
    """

    font: str | None = None
    background: str = "#0f172a"
    background_end: str = "#020617"  # the gradient's bottom colour
    accent: str = "#38bdf8"
    foreground: str = "#f8fafc"
    muted: str = "#94a3b8"
    footer: str | None = None  # the bottom line; None: the site URL's host and path

    @field_validator("background", "background_end", "accent", "foreground", "muted")
    @classmethod
    def _colour(cls, value: str) -> str:
        from PIL import ImageColor

        try:
            ImageColor.getrgb(value)
        except ValueError:
            raise ValueError(f'{value!r} is not a colour (use e.g. "#0f172a")') from None
        return value


class LeaderboardSettings(_Model):
    """A model leaderboard from a JSON file in the lmarena-history `scores.json` shape (layouts that show it)."""

    url: str | None = None
    keys: tuple[str, ...] = ("text", "overall")
    vendors: tuple[str, ...] = ()
    top: int = Field(default=10, ge=1, le=100)
    title: str = "模型排行榜"
    source_name: str = "LMArena"  # shown as text; the post links only the data it fetched (url)
    max_bytes: int = Field(default=100_000_000, gt=0)
    timeout_s: float = Field(default=60, gt=0)

    @field_validator("url")
    @classmethod
    def _http_url(cls, value: str | None) -> str | None:
        if value is not None and not is_http(value):
            raise ValueError("must be an http(s) URL")
        return value


class BriefingOptions(_Model):
    """The briefing layout (S1): `sections` maps the editors' categories to its three fixed headings;
    `summary_paragraphs`: how many paragraphs 今日摘要 spreads the summary over.
    """

    sections: dict[str, str] = Field(
        default_factory=lambda: {
            "模型与研究": "技术底座",
            "算力与芯片": "技术底座",
            "产品与应用": "行业动态",
            "政策与安全": "行业动态",
            "资本与商业": "产业商业",
        }
    )
    summary_paragraphs: int = Field(default=3, ge=1, le=10)


class TrackerOptions(_Model):
    """The tracker layout (S3): `highlights`, the items of 今日要点."""

    highlights: int = Field(default=10, ge=1, le=50)


class DispatchOptions(_Model):
    """The dispatch layout (S4): `short_items` per region in the short version; `important_from`, the
    importance (1-5) from which an item is marked 🔥.
    """

    short_items: int = Field(default=10, ge=1, le=50)
    important_from: int = Field(default=4, ge=1, le=5)


class LayoutOptions(_Model):
    """Options of each layout, given to its template as `options`."""

    briefing: BriefingOptions = BriefingOptions()
    tracker: TrackerOptions = TrackerOptions()
    dispatch: DispatchOptions = DispatchOptions()

    def of(self, layout: str) -> dict[str, Any]:
        """The options of `layout` as a plain dict ({} for a layout without options)."""
        value = getattr(self, layout, None)
        return value.model_dump() if isinstance(value, BaseModel) else {}
