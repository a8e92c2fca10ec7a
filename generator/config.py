"""The settings model: one YAML file, validated before anything touches the network."""

from __future__ import annotations

import ipaddress
import re
from datetime import time
from pathlib import Path
from typing import Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml
from pydantic import (
    Field,
    ValidationError,
    field_validator,
)

from generator.config_base import SettingsModel as _Model
from generator.config_editor import EditorSettings
from generator.config_look import (
    CoverSettings,
    LayoutOptions,
    LeaderboardSettings,
)
from generator.errors import ConfigError
from generator.urls import is_http

DEFAULT_CONFIG = Path(__file__).with_name("config.yml")


class SourceSettings(_Model):
    """One feed of `sources:` (see generator/config.yml): `url` an http(s) feed (RSS or Atom), `language` of
    its items, `region` cn (国内) or global (国际), `weight` 0-10 (how much the editors favour it), `full_text`
    (fetch each article's page), `timezone` for dates written without an offset (IANA name; None: the site's
    zone), `enabled`, `topic` (ai, or general tech media checked harder for AI relevance).
    """

    name: str = Field(min_length=1)
    url: str
    language: str = "zh"
    region: Literal["cn", "global"] = "global"
    weight: float = Field(default=1.0, ge=0, le=10)
    full_text: bool = True
    timezone: str | None = None
    enabled: bool = True
    # "ai": an AI-only source; "general": general tech media, whose items an AI-relevance filter should check harder.
    topic: Literal["ai", "general"] = "ai"

    @field_validator("url")
    @classmethod
    def _http_url(cls, value: str) -> str:
        if not is_http(value):
            raise ValueError("must be an http(s) URL")
        return value


class WindowSettings(_Model):
    """The window of the post for day D: the `hours` before D at `end` (site time zone), by default
    [D-1 08:00, D 08:00); `undated_grace_hours`: how late after the window a run may still file undated items.
    """

    hours: float = Field(default=24, gt=0, le=24 * 7)
    end: time = time(8, 0)
    # An item without a date is filed under the window of the run that first sees it, when that run comes at
    # most this long after the window closed (the daily run, or a retry that morning). A later run (a backfill)
    # cannot know when such an item appeared: it leaves the item out and counts it.
    undated_grace_hours: float = Field(default=12, ge=0, le=24 * 7)
    # A post written more than this long after its window closed is reported late (an annotation, the job
    # summary, the 信源状态 page): GitHub starts scheduled runs late on busy hours, or drops them.
    late_after_hours: float = Field(default=3, gt=0, le=24 * 7)


class FetchSettings(_Model):
    """Limits of every HTTP request (seconds, bytes): connect and read timeouts, a wall clock per try
    (`response_timeout_s`), a body cap, redirects, concurrency (overall and per host), retries with backoff, a
    deadline per fetching stage, the SSRF guard's exceptions (`allow_private_hosts`: true, or a list of networks),
    the User-Agent.
    """

    connect_timeout_s: float = Field(default=5, gt=0)
    read_timeout_s: float = Field(default=15, gt=0)
    response_timeout_s: float = Field(default=20, gt=0)  # wall clock of one try: connect, headers, body
    max_bytes: int = Field(default=5_000_000, gt=0)
    max_redirects: int = Field(default=5, ge=0)
    concurrency: int = Field(default=64, ge=1)
    per_host: int = Field(default=4, ge=1)
    retries: int = Field(default=2, ge=0)
    backoff_s: float = Field(default=0.5, ge=0)
    deadline_s: float = Field(default=120, gt=0)
    # true: any address; a list of networks (e.g. ["127.0.0.0/8"]): only those besides public ones.
    allow_private_hosts: bool | tuple[str, ...] = False
    user_agent: str = "ainews-daily/0.1 (+https://github.com/; AI news digest bot)"

    @field_validator("allow_private_hosts")
    @classmethod
    def _networks(cls, value: bool | tuple[str, ...]) -> bool | tuple[str, ...]:
        if not isinstance(value, bool):
            for network in value:
                ipaddress.ip_network(network, strict=False)  # ValueError names the bad entry
        return value


class ExtractSettings(_Model):
    """Article extraction: `enabled` (fetch pages at all), `max_chars` (what an article's text is cut to
    for the editors, in characters; extraction itself is not capped).
    """

    enabled: bool = True
    max_chars: int = Field(default=8000, gt=0)


class DedupeSettings(_Model):
    """`similarity`: the story score from which two articles are one story (cluster.SAME_STORY);
    `recent_days`: how many days of earlier posts a story is looked up in (memory and follow-ups).
    """

    similarity: float = Field(default=0.4, gt=0, le=1)
    recent_days: int = Field(default=7, ge=0)


def _slug_prefix(value: str) -> str:
    """A slug prefix: lowercase ASCII letters, digits and dashes (the gate's rule for slugs)."""
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", value):
        raise ValueError("must be lowercase ASCII letters, digits and dashes")
    return value


class PostSettings(_Model):
    """The daily post: the gate's minimum of stories, how many write-ups and one-liners, the author id
    (docs/blog/.authors.yml), category, slug and title prefixes, base tags, and lead images (hot-linked, or
    downloaded up to `image_max_bytes` bytes each).
    """

    min_stories: int = Field(default=3, ge=1)
    thin_below: int = Field(default=5, ge=1)  # a post with fewer stories kept is reported as a thin day
    max_entries: int = Field(default=8, ge=1)
    max_briefs: int = Field(default=12, ge=0)
    author: str = "ainews"
    category: str = "AI 日报"
    slug_prefix: str = "ai-daily"
    base_tags: tuple[str, ...] = ("AI", "AI 日报")
    title_prefix: str = "AI 日报"
    # Lead images (layouts that show them): hot-linked by default; true: downloaded through the fetcher into
    # docs/assets/images/YYYY-MM-DD/ (images only: PNG, JPEG, GIF, WebP; at most image_max_bytes each).
    download_images: bool = False
    image_max_bytes: int = Field(default=2_000_000, gt=0)

    @field_validator("slug_prefix")
    @classmethod
    def _ascii_slug(cls, value: str) -> str:
        return _slug_prefix(value)


class WeeklySettings(_Model):
    """The weekly issue (`python -m generator weekly`), made from one ISO week's daily posts.

    The daily workflow writes it on its first run after the week's last daily window closed (`weekly --if-due`).
    `min_days`: a week with fewer readable daily posts gets no issue. `top`: stories
    in 本周要闻; `max_threads`: threads in 持续跟踪; `max_tags`: the week's most frequent tags added to `base_tags`.
    """

    category: str = Field(default="每周回顾", min_length=1)
    title_prefix: str = Field(default="每周回顾", min_length=1)
    slug_prefix: str = "ai-weekly"
    base_tags: tuple[str, ...] = ("AI", "每周回顾")
    top: int = Field(default=10, ge=1, le=50)
    max_threads: int = Field(default=10, ge=0, le=50)
    max_tags: int = Field(default=5, ge=0, le=20)
    min_days: int = Field(default=3, ge=1, le=7)

    @field_validator("slug_prefix")
    @classmethod
    def _ascii_slug(cls, value: str) -> str:
        return _slug_prefix(value)


class OpsSettings(_Model):
    """How the daily workflow runs (generator.ops): `catch_up_days`, the days a run looks back for a missing post
    (today's counts once its window has closed); `announce_days`, the days whose posts the channel still gets when
    they were not sent; `watchdog_at`, the time of day (site time zone) by which the day's post must be live, or
    an issue is opened in the repository; `push_attempts`, how often a push is tried (fetch, rebase, push);
    `live_wait_s`, how long the watchdog waits for a post just deployed to answer.
    """

    catch_up_days: int = Field(default=3, ge=1, le=14)
    announce_days: int = Field(default=3, ge=1, le=14)
    watchdog_at: time = time(11, 0)
    push_attempts: int = Field(default=5, ge=1, le=10)
    live_wait_s: float = Field(default=60, ge=0, le=600)


class PathSettings(_Model):
    """Where the generator finds the site (`mkdocs.yml`, `docs/`) and keeps its cache (HTTP validators, LLM
    answers, run summaries); relative to the working directory.
    """

    mkdocs: Path = Path("mkdocs.yml")
    docs: Path = Path("docs")
    cache: Path = Path(".cache")


class Settings(_Model):
    """The whole config file (generator/config.yml), validated: an unknown key or a wrong type is a ConfigError
    naming the key (parse_settings).
    """

    timezone: str = "Asia/Shanghai"
    language: str = "zh"
    # More editions of each post (issue 22), beside the site's own language: "en" writes an English post into
    # the site of mkdocs.en.yml (generator.edition). Off by default.
    editions: tuple[Literal["en"], ...] = ()
    layout: str = "insight"
    window: WindowSettings = WindowSettings()
    sources: tuple[SourceSettings, ...] = Field(min_length=1)
    fetch: FetchSettings = FetchSettings()
    extract: ExtractSettings = ExtractSettings()
    dedupe: DedupeSettings = DedupeSettings()
    editor: EditorSettings = EditorSettings()
    post: PostSettings = PostSettings()
    weekly: WeeklySettings = WeeklySettings()
    ops: OpsSettings = OpsSettings()
    cover: CoverSettings = CoverSettings()
    layouts: LayoutOptions = LayoutOptions()
    leaderboard: LeaderboardSettings = LeaderboardSettings()
    paths: PathSettings = PathSettings()

    @field_validator("sources")
    @classmethod
    def _unique_names(cls, value: tuple[SourceSettings, ...]) -> tuple[SourceSettings, ...]:
        """Source names key the run summary, the health table and item attribution: each must be unique."""
        seen: set[str] = set()
        for source in value:
            if source.name in seen:
                raise ValueError(f"duplicate source name {source.name!r}")
            seen.add(source.name)
        return value

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"unknown time zone {value!r}") from None
        return value

    @property
    def zone(self) -> ZoneInfo:
        """The site's time zone (`timezone`)."""
        return ZoneInfo(self.timezone)

    @property
    def active_sources(self) -> tuple[SourceSettings, ...]:
        """The enabled sources, in config order."""
        return tuple(s for s in self.sources if s.enabled)


def _describe(error: ValidationError, origin: str) -> str:
    first = error.errors()[0]
    key = ".".join(str(part) for part in first["loc"]) or "(top level)"
    if first["type"] == "extra_forbidden":
        return f"{origin}: unknown key '{key}'"
    if first["type"] == "missing":
        return f"{origin}: missing key '{key}'"
    return f"{origin}: '{key}': {first['msg'].removeprefix('Value error, ')}"


def parse_settings(data: Any, origin: str = "config") -> Settings:
    """Validate a mapping into Settings; errors become one line naming the key."""
    if not isinstance(data, dict):
        raise ConfigError(f"{origin}: the file must hold a YAML mapping")
    try:
        return Settings.model_validate(data)
    except ValidationError as error:
        raise ConfigError(_describe(error, origin)) from None


def load_settings(path: Path | None = None) -> Settings:
    """Read and validate the YAML config file (the default one when `path` is None)."""
    path = path or DEFAULT_CONFIG
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise ConfigError(f"cannot read config file {path}: {error.strerror or error}") from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" line {mark.line + 1}" if mark else ""
        raise ConfigError(f"{path}:{where} is not valid YAML") from None
    return parse_settings(data, str(path))
