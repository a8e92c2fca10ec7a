"""The site as the generator sees it: what mkdocs.yml says, and where the generator's files go under docs/.

`load_site` reads mkdocs.yml (site name and URL, language, Telegram, the rss plugin's zone, the blog plugin's
folders, the Markdown extensions); `SiteLayout` is the one place that knows the folder layout (posts, covers,
downloaded images, the authors file) and how a post refers to a file of the site (`../../assets/…`).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path, PurePosixPath
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field

from generator.config import Settings
from generator.errors import ConfigError


class _SiteLoader(yaml.SafeLoader):
    """Reads mkdocs.yml: `!ENV [NAME, default]` is resolved, other tags (python names) become None."""


def _env_tag(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    if isinstance(node, yaml.ScalarNode):
        names, default = [loader.construct_scalar(node)], None
    else:
        values = loader.construct_sequence(node)
        names, default = values[:-1] or values, values[-1] if len(values) > 1 else None
    for name in names:
        if os.environ.get(str(name)):
            return os.environ[str(name)]
    return default


_SiteLoader.add_constructor("!ENV", _env_tag)
_SiteLoader.add_multi_constructor("", lambda loader, suffix, node: None)


@dataclass(frozen=True)
class MarkdownSpec:
    """The Markdown extensions MkDocs renders posts with (mkdocs.yml `markdown_extensions`), for the gate.

    Options that mkdocs.yml gives as Python objects (a `!!python/…` slugify function) are left out: they change
    heading ids, not what the gate checks.
    """

    extensions: tuple[str, ...] = ("attr_list", "md_in_html", "tables", "toc")
    configs: dict[str, dict[str, Any]] = field(default_factory=dict)


def _markdown_spec(entries: object) -> MarkdownSpec:
    names: list[str] = []
    configs: dict[str, dict[str, Any]] = {}
    for entry in entries if isinstance(entries, list) else []:
        if isinstance(entry, str):
            names.append(entry)
        elif isinstance(entry, dict):
            for name, options in entry.items():
                names.append(str(name))
                if isinstance(options, dict):
                    kept = {k: v for k, v in options.items() if v is not None}
                    if kept:
                        configs[str(name)] = kept
    return MarkdownSpec(tuple(names), configs) if names else MarkdownSpec()


class SiteInfo(BaseModel):
    """What the generator reads from mkdocs.yml (site name and URL, language, Telegram, the rss plugin's zone,
    the blog plugin's folders and post URLs, the Markdown extensions)."""

    model_config = ConfigDict(frozen=True, arbitrary_types_allowed=True)

    name: str = "AI 日报"
    url: str = ""
    repo_url: str = (
        ""  # the repository's address (mkdocs.yml repo_url): where a story's 报错 link opens an issue
    )
    language: str = "zh"
    telegram: dict[str, Any] = Field(default_factory=dict)
    feed_timezone: str | None = None  # the rss plugin's date_from_meta.default_timezone, if set
    posts_dir: str = "blog/posts"  # the blog plugin's post_dir, relative to docs/
    authors_file: str = "blog/.authors.yml"  # the blog plugin's authors_file, relative to docs/
    markdown: MarkdownSpec = Field(default_factory=MarkdownSpec)
    # How the blog plugin makes a post's URL (Material's defaults; generator.site.permalinks reads them).
    blog_dir: str = "blog"
    post_url_format: str = "{date}/{slug}"
    post_url_date_format: str = "yyyy/MM/dd"
    post_url_max_categories: int = 1
    pagination_url_format: str = "page/{page}"  # the blog index's pages 2…n (generator.site.finish)
    use_directory_urls: bool = True
    site_dir: str = "site"  # where the builder writes the site, relative to mkdocs.yml's folder


def _plugin(plugins: object, name: str) -> dict[str, Any]:
    """The options of plugin `name` in mkdocs.yml's `plugins:` (a list or a mapping, as MkDocs accepts both)."""
    entries = [plugins] if isinstance(plugins, dict) else plugins if isinstance(plugins, list) else []
    for entry in entries:
        options = entry.get(name) if isinstance(entry, dict) else None
        if isinstance(options, dict):
            return options
    return {}


def _blog_path(template: object, blog_dir: str, default: str) -> str:
    """A blog plugin path option with its `{blog}` placeholder (Material's docs) filled in, relative to docs/."""
    text = str(template or default).replace("{blog}", blog_dir)
    return PurePosixPath(text).as_posix().removeprefix("/") or default  # PurePosixPath drops "./" parts


def load_site(path: Path) -> SiteInfo:
    """Site-facing settings from mkdocs.yml's top level, `theme:`, `extra:`, `markdown_extensions:` and the rss and
    blog plugins' options; defaults when absent. Raises ConfigError when the file cannot be read or is not YAML."""
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_SiteLoader) or {}
    except OSError as error:
        raise ConfigError(
            f"cannot read {path}: {error.strerror or error} (set paths.mkdocs in the config)"
        ) from None
    except yaml.YAMLError:
        raise ConfigError(f"{path} is not valid YAML") from None
    extra = data.get("extra") or {}
    theme = data.get("theme") or {}
    dates = _plugin(data.get("plugins"), "rss").get("date_from_meta")
    blog = _plugin(data.get("plugins"), "blog")
    blog_dir = str(blog.get("blog_dir") or "blog")
    return SiteInfo(
        name=str(data.get("site_name") or "AI 日报"),
        url=str(data.get("site_url") or ""),
        repo_url=str(data.get("repo_url") or ""),
        language=str((theme.get("language") if isinstance(theme, dict) else None) or "zh"),
        telegram=extra.get("telegram") or {},
        feed_timezone=str(dates["default_timezone"])
        if isinstance(dates, dict) and dates.get("default_timezone")
        else None,
        posts_dir=_blog_path(blog.get("post_dir"), blog_dir, f"{blog_dir}/posts"),
        authors_file=_blog_path(blog.get("authors_file"), blog_dir, f"{blog_dir}/.authors.yml"),
        markdown=_markdown_spec(data.get("markdown_extensions")),
        blog_dir=blog_dir,
        post_url_format=str(blog.get("post_url_format") or "{date}/{slug}"),
        post_url_date_format=str(blog.get("post_url_date_format") or "yyyy/MM/dd"),
        post_url_max_categories=int(blog.get("post_url_max_categories", 1)),
        pagination_url_format=str(blog.get("pagination_url_format") or "page/{page}"),
        use_directory_urls=data.get("use_directory_urls") is not False,
        site_dir=str(data.get("site_dir") or "site"),
    )


def check_site(settings: Settings, site: SiteInfo, mkdocs: Path) -> None:
    """Start-up check that the site's settings agree with the generator's. Posts carry their publication moment
    with its UTC offset (front_matter.build_front_matter), so the RSS plugin needs no zone; a
    `date_from_meta.default_timezone` in mkdocs.yml applies to posts with a plain date and must be the site's
    zone. Raises ConfigError naming both settings when they disagree."""
    if site.feed_timezone is not None and site.feed_timezone != settings.timezone:
        raise ConfigError(
            f"two time zones: timezone is {settings.timezone} in the generator's config, but {mkdocs} sets the "
            f"rss plugin's date_from_meta.default_timezone to {site.feed_timezone}; remove the latter from "
            "mkdocs.yml (posts carry their UTC offset) or set it to the same zone"
        )


_DAILY_NAME = re.compile(r"\d{4}-\d{2}-\d{2}")
_WEEKLY_NAME = re.compile(r"(\d{4})-W(\d{2})")


@dataclass(frozen=True)
class SiteLayout:
    """Where the generator's files go under `docs`, and how a post refers to them: the one place for the site's
    folder layout. Paths given as strings are relative to docs/ with "/" separators (as mkdocs.yml writes them).

    posts    the blog plugin's post_dir: one `YYYY-MM-DD.md` per day, one `YYYY-Www.md` per weekly issue
    covers   one `YYYY-MM-DD.png` per post, `YYYY-Www.png` per weekly issue (1200×630)
    images   downloaded lead images, `images/YYYY-MM-DD/<sha256[:16]>.<ext>`
    authors  the blog plugin's authors file
    tags_page, status_page, opml, archive_page, corrections_page, subscribe_page  the tags page (mkdocs.yml's
             nav), the 信源状态 page, the sources' OPML file, the compact 归档 page, the 勘误 page and the 订阅 page,
             rewritten by `generate` and `correct` (generator.site.pages)
    """

    docs: Path
    posts: str = "blog/posts"
    covers: str = "assets/covers"
    images: str = "assets/images"
    authors: str = "blog/.authors.yml"
    tags_page: str = "tags.md"
    status_page: str = "status.md"
    opml: str = "sources.opml"
    archive_page: str = "archive.md"
    corrections_page: str = "corrections.md"
    subscribe_page: str = "subscribe.md"

    @classmethod
    def of(cls, docs: Path, site: SiteInfo) -> SiteLayout:
        """The layout of the site `site` was read from, with its docs/ folder at `docs`."""
        return cls(docs, posts=site.posts_dir, authors=site.authors_file)

    def post_file(self, day: date) -> Path:
        """The daily post of `day`: docs/<posts>/YYYY-MM-DD.md."""
        return self.docs / self.posts / f"{day.isoformat()}.md"

    @staticmethod
    def records_file(post_file: Path) -> Path:
        """The story records of a post, beside it: `2026-11-16.md` → `2026-11-16.stories.json`: the generator's
        memory, kept out of the built site (mkdocs.yml `exclude_docs`); the public derivative is each post's
        `stories.json` (generator.syndication)."""
        return post_file.with_name(f"{post_file.stem}.stories.json")

    def link_from_docs(self, post_file: Path) -> str:
        """A post's file as a page at the top of docs/ links to it ("blog/posts/2026-11-16.md")."""
        return f"{self.posts}/{post_file.relative_to(self.posts_folder()).as_posix()}"

    def post_link(self, day: date) -> str:
        """Another post's file as a post links to it ("2026-11-16.md": posts share one folder); MkDocs turns the
        link into that post's URL and `--strict` fails the build when the file is missing."""
        return f"{day.isoformat()}.md"

    def posts_folder(self) -> Path:
        """The folder of the blog's posts."""
        return self.docs / self.posts

    def weekly_file(self, week: str) -> Path:
        """The weekly issue of ISO week `week` (ISO 8601's `2026-W47`), beside the daily posts."""
        return self.docs / self.posts / f"{week}.md"

    def weekly_cover_ref(self, week: str) -> str:
        """The weekly issue's cover, relative to docs/."""
        return f"{self.covers}/{week}.png"

    @staticmethod
    def post_day(path: Path) -> date | None:
        """The last day a file of the posts folder covers: a daily post's day (`2026-11-16.md`), the Sunday of a
        weekly issue's ISO week (`2026-W47.md`); None for any other name (a hand-written post)."""
        try:
            if _DAILY_NAME.fullmatch(path.stem):
                return date.fromisoformat(path.stem)
            if match := _WEEKLY_NAME.fullmatch(path.stem):
                return date.fromisocalendar(int(match.group(1)), int(match.group(2)), 7)
        except ValueError:
            return None
        return None

    def cover_ref(self, day: date) -> str:
        """The cover's path relative to docs/ (what the front matter's `image` holds)."""
        return f"{self.covers}/{day.isoformat()}.png"

    def image_ref(self, day: date, name: str) -> str:
        """A downloaded lead image's path relative to docs/."""
        return f"{self.images}/{day.isoformat()}/{name}"

    def file(self, ref: str) -> Path:
        """The file of a docs/-relative path."""
        return self.docs.joinpath(*PurePosixPath(ref).parts)

    def authors_path(self) -> Path:
        """The blog plugin's authors file."""
        return self.file(self.authors)

    def from_post(self, ref: str) -> str:
        """A docs/-relative path as a post links to it: "../../assets/covers/D.png" for posts in blog/posts/."""
        return "../" * len(PurePosixPath(self.posts).parts) + ref
