"""Pure: the public URL of a post, as Material's blog plugin makes it, for links that leave the site (Telegram).

Material for MkDocs 9.x, plugins/blog/plugin.py (`_format_path_for_post`, `_format_date`) and
plugins/blog/structure/options.py (`PostDate`): the path is `post_url_format` with `{date}` (the post's creation
date written with `post_url_date_format`, a Babel pattern, default `yyyy/MM/dd`, in the date's own UTC offset; a
plain date counts as 00:00 UTC, a naive time as UTC), `{slug}` (the front matter's `slug`, else the title slugified),
`{categories}` (the first `post_url_max_categories` categories, slugified, joined by "/") and `{file}` (the file's
name without ".md"), under `blog_dir`. MkDocs then serves `path/` (use_directory_urls, the default) or `path.html`.

The slugify functions are Material's defaults (pymdownx.slugs.slugify, lower case, "-"): mkdocs.yml may name other
Python functions (`post_slugify`, `categories_slugify`), which the site loader does not import; a post with its own
`slug` (every generated post) does not depend on them.
"""

from __future__ import annotations

import posixpath
from collections.abc import Mapping
from datetime import UTC, date, datetime, time
from urllib.parse import quote

from babel.dates import format_date, format_datetime
from pymdownx.slugs import slugify

from generator.site.layout import SiteInfo

_SLUGIFY = slugify(case="lower")
_NAMED_FORMATS = frozenset({"full", "long", "medium", "short"})


def created_at(value: object) -> datetime | None:
    """A front matter `date` as the blog plugin reads it: a datetime (naive → UTC), a date (00:00 UTC), or the
    `created` key of Material's mapping form (`date: {created: …}`). None when it is none of these."""
    if isinstance(value, Mapping):
        value = value.get("created")
    if isinstance(value, datetime):
        return value if value.tzinfo is not None else value.replace(tzinfo=UTC)
    if isinstance(value, date):
        return datetime.combine(value, time()).replace(tzinfo=UTC)
    return None


def post_path(site: SiteInfo, meta: Mapping[str, object], file_stem: str) -> str:
    """The post's path under the site's root, as MkDocs serves it ("2026/11/16/ai-daily-2026-11-16/"), from its
    front matter `meta` (date, slug or title, categories) and its file name without ".md". Raises ValueError when
    the front matter has no usable date."""
    created = created_at(meta.get("date"))
    if created is None:
        raise ValueError(f"the post {file_stem} has no date the blog plugin can read")
    locale = site.language.replace("-", "_")
    pattern = site.post_url_date_format
    if pattern in _NAMED_FORMATS:
        day = format_date(created, format=pattern, locale=locale)
    else:
        day = format_datetime(created, format=pattern, locale=locale)
    categories = [str(c) for c in meta.get("categories") or [] if str(c)][: site.post_url_max_categories]
    slug = str(meta.get("slug") or "") or _SLUGIFY(str(meta.get("title") or ""), "-")
    path = site.post_url_format.format(
        categories="/".join(_SLUGIFY(name, "-") for name in categories),
        date=day,
        file=file_stem,
        slug=slug,
    )
    path = posixpath.normpath(posixpath.join(site.blog_dir, posixpath.normpath(path.strip("/"))))
    return f"{path}/" if site.use_directory_urls else f"{path}.html"


def post_url(site: SiteInfo, meta: Mapping[str, object], file_stem: str) -> str:
    """The post's absolute URL: site_url (mkdocs.yml, the daily workflow passes the Pages URL) joined with
    `post_path`, percent-encoded (UTF-8) outside ASCII. Raises ValueError when site_url is not set or the front
    matter has no date."""
    if not site.url.startswith(("http://", "https://")):
        raise ValueError("mkdocs.yml has no site_url: a post's public address is unknown")
    base = site.url if site.url.endswith("/") else f"{site.url}/"
    return base + quote(post_path(site, meta, file_stem), safe="/-._~")
