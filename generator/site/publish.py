"""The only writer into docs/: the gate, atomic writes that refuse to clobber, history and run summaries."""

from __future__ import annotations

import json
import logging
import os
import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, timedelta
from pathlib import Path, PurePosixPath

import lxml.html
import markdown
import yaml

from generator.errors import GateError, PostExistsError, PublishError
from generator.files import write_atomic
from generator.models import DESCRIPTION_CHARS, CitedText, Post, Story, StoryRecord
from generator.site.layout import MarkdownSpec, SiteLayout
from generator.site.posts import read_front_matter, read_story_records
from generator.stories import sentence_problem
from generator.text import xml_text
from generator.urls import is_http

log = logging.getLogger(__name__)

_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")
# What an <img> of a post may carry (generator/post/render.py writes them through attr_list): its size, lazy loading,
# and no Referer (required when it is hot-linked). Anything else is refused. None: any positive integer.
IMAGE_ATTRIBUTES: dict[str, frozenset[str] | None] = {
    "src": None,
    "alt": None,
    "width": None,
    "height": None,
    "loading": frozenset({"lazy"}),
    "referrerpolicy": frozenset({"no-referrer"}),
}
REQUIRED_KEYS = (
    "title",
    "date",
    "slug",
    "authors",
    "categories",
    "tags",
    "description",
    "keywords",
    "image",
    "summary",
    "sources",
    "items_read",
    "stories_kept",
    "editor",
)


def read_authors(layout: SiteLayout) -> set[str]:
    """The author ids of the blog plugin's authors file ({} when it is missing or unreadable)."""
    try:
        data = yaml.safe_load(layout.authors_path().read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError):
        return set()
    return set((data.get("authors") or {}).keys())


def recent_source_urls(layout: SiteLayout, day: date, days: int) -> set[str]:
    """Source URLs of the posts of the `days` days before `day`: the cross-day memory."""
    urls: set[str] = set()
    for offset in range(1, days + 1):
        path = layout.post_file(day - timedelta(days=offset))
        if not path.is_file():
            continue
        try:
            meta = read_front_matter(path)
        except (OSError, ValueError, yaml.YAMLError) as error:
            log.warning("cannot read the sources of %s: %s", path, error)
            continue
        urls.update(str(u) for u in meta.get("sources") or [])
    return urls


def recent_story_records(layout: SiteLayout, day: date, days: int) -> list[StoryRecord]:
    """The story records of the posts of the `days` days before `day` (newest post first): what today's stories
    are matched against (stories.continuity). Records that are not valid are skipped (a warning names the post);
    a post that cannot be read is skipped with a warning; nothing here raises."""
    records: list[StoryRecord] = []
    for offset in range(1, days + 1):
        earlier = day - timedelta(days=offset)
        path = layout.post_file(earlier)
        if not path.is_file():
            continue
        try:
            read = read_story_records(path, earlier)
        except (OSError, ValueError, yaml.YAMLError) as error:
            log.warning("cannot read the stories of %s: %s", path, error)
            continue
        if read.dropped:
            log.warning("%s: %d of its story records are not valid and were skipped", path, read.dropped)
        records.extend(read.records)
    return records


def recent_post_links(layout: SiteLayout, day: date, days: int) -> set[str]:
    """How the post for `day` may link to the posts of the `days` days before it that exist (SiteLayout.post_link):
    the only relative links the gate accepts."""
    return {
        layout.post_link(day - timedelta(days=offset))
        for offset in range(1, days + 1)
        if layout.post_file(day - timedelta(days=offset)).is_file()
    }


def post_tag_lists(layout: SiteLayout, before: date) -> list[list[str]]:
    """The `tags` of every post dated before `before`, oldest first (what the site has published so far): daily
    posts by their day, weekly issues by their week's Sunday (SiteLayout.post_day).

    Only the front matter is read (with libyaml when available: a thousand posts take well under a second).
    """
    lists: list[list[str]] = []
    for path in sorted(
        layout.posts_folder().glob("*.md"), key=lambda p: (layout.post_day(p) or before, p.name)
    ):
        day = layout.post_day(path)  # daily posts and weekly issues (their Sunday); others are not ours
        if day is None or day >= before:
            continue
        try:
            meta = read_front_matter(path)
        except (OSError, ValueError, yaml.YAMLError) as error:
            log.warning("cannot read the tags of %s: %s", path, error)
            continue
        tags = meta.get("tags")
        if isinstance(tags, list):
            lists.append([str(t) for t in tags])
    return lists


def render_html(body: str, spec: MarkdownSpec | None = None) -> str:
    """`body` rendered as HTML with the Markdown extensions of mkdocs.yml (`spec`, from site.load_site; the
    defaults of MarkdownSpec when None)."""
    spec = spec or MarkdownSpec()
    return markdown.markdown(body, extensions=list(spec.extensions), extension_configs=spec.configs)


def check_gate(
    post: Post,
    *,
    stories: Sequence[Story] = (),
    min_stories: int,
    allowed_links: Iterable[str],
    allowed_images: Iterable[str],
    authors: set[str],
    markdown_spec: MarkdownSpec | None = None,
    name: str = "",
) -> None:
    """Refuse a post that is too thin, has an untraced link or image, an image attribute other than its size,
    lazy loading and referrerpolicy (IMAGE_ATTRIBUTES), text that XML 1.0 forbids (it would make the site's
    feeds invalid), invalid front matter, a body that does not render, or a sentence its citations do not back
    (`citation_problems`, against `stories`, the stories the post tells). Raises GateError with every reason,
    naming the post by `name` ("the post for <day>" when empty)."""
    meta = post.front_matter
    problems: list[str] = []
    missing = [key for key in REQUIRED_KEYS if key not in meta]
    if missing:
        problems.append(f"front matter lacks {', '.join(missing)}")
    kept = int(meta.get("stories_kept") or 0)
    if kept < min_stories:
        problems.append(f"only {kept} stories (the minimum is {min_stories})")
    if not str(meta.get("title") or "").strip():
        problems.append("the title is empty")
    if not _SLUG.match(str(meta.get("slug") or "")):
        problems.append(f"the slug {meta.get('slug')!r} is not lowercase ASCII")
    if not isinstance(meta.get("date"), date):
        problems.append("the date is not a YAML date")
    if len(str(meta.get("description") or "")) > DESCRIPTION_CHARS:
        problems.append(f"the description is longer than {DESCRIPTION_CHARS} characters")
    unknown = [a for a in meta.get("authors") or [] if a not in authors]
    if unknown:
        problems.append(f"author {unknown[0]!r} is not in the blog's authors file")
    try:
        problems.extend(_check_body(post.body, set(allowed_links), set(allowed_images), markdown_spec))
    except Exception as error:  # noqa: BLE001 - any failure to render is a gate failure
        problems.append(f"the body does not render ({type(error).__name__}: {error})")
    if post.markdown and xml_text(post.markdown) != post.markdown:
        problems.append("the post contains characters XML 1.0 forbids")
    problems.extend(citation_problems(post.cited, stories))
    if problems:
        raise GateError(f"{name or f'the post for {post.day}'} failed the gate: " + "; ".join(problems))


# What the gate says of a sentence its citations do not back (stories.sentence_problem's reasons).
CITATION_WORDS = {
    "uncited": "has no marker",
    "outside": "has a marker outside its story's sources",
    "misquoted": "quotes what its sources do not say",
    "number": "gives a figure none of its cited sources gives",
    "name": "gives a name none of its cited sources gives",
}


def citation_problems(cited: Iterable[CitedText], stories: Sequence[Story]) -> list[str]:
    """Issue 21 §1: a model's sentence without a marker, a marker (anyone's) that is not its own story's source of
    that number, a model's sentence whose quote, figure or name none of the sources it cites gives
    (stories.sentence_problem), and a cited text about a story the post does not tell."""
    by_id = {story.id: story for story in stories}
    problems = []
    for text in cited:
        story = by_id.get(text.story)
        if story is None:
            problems.append(f"a cited text is about a story the post does not tell ({text.story[:40]})")
            continue
        for sentence in text.sentences:
            if reason := sentence_problem(sentence, story):
                problems.append(f"the sentence “{sentence.text[:60]}” {CITATION_WORDS[reason]}")
    return problems


_STORY_ANCHOR = re.compile(r"s-[0-9a-z]{1,40}")


def _check_body(body: str, links: set[str], images: set[str], spec: MarkdownSpec | None) -> list[str]:
    tree = lxml.html.fragment_fromstring(render_html(body, spec), create_parent="div")
    problems: list[str] = []
    if not tree.xpath("//h1"):
        problems.append("the body has no heading")
    if tree.xpath("//script|//iframe|//object|//embed|//style|//form"):
        problems.append("the body contains active HTML")
    if any(
        name.lower().startswith("on") for el in tree.iter() if isinstance(el.tag, str) for name in el.attrib
    ):
        problems.append("the body contains an event handler attribute")
    for href in tree.xpath("//a/@href"):
        if href.startswith("#"):
            continue
        # A story's place in one of our own posts ("2026-11-16.md#s-1a2b3c4d", post.story_anchor) is a link to
        # that post; any other fragment is checked as written.
        base, _, fragment = href.partition("#")
        target = base if not is_http(href) and _STORY_ANCHOR.fullmatch(fragment) else href
        if target not in links:
            problems.append(f"the link {href[:100]} is not one of the fetched items")
    for image in tree.xpath("//img"):
        src = image.get("src", "")
        if src not in images:
            problems.append(f"the image {src[:100]} is not ours")
        problems.extend(_image_attribute_problems(src, dict(image.attrib)))
    return problems


def _image_attribute_problems(src: str, attributes: dict[str, str]) -> list[str]:
    """Attributes outside IMAGE_ATTRIBUTES, wrong values, and a hot-linked image that would send a Referer."""
    problems = []
    for name, value in attributes.items():
        if name not in IMAGE_ATTRIBUTES:
            problems.append(f"the image {src[:100]} has the attribute {name!r}")
        elif name in ("width", "height") and not (value.isascii() and value.isdigit() and int(value) > 0):
            problems.append(f"the image {src[:100]} has {name}={value[:20]!r}")
        elif (allowed := IMAGE_ATTRIBUTES[name]) is not None and value not in allowed:
            problems.append(f"the image {src[:100]} has {name}={value[:20]!r}")
    if is_http(src) and attributes.get("referrerpolicy") != "no-referrer":
        problems.append(f"the hot-linked image {src[:100]} lacks referrerpolicy=no-referrer")
    return problems


def _write_atomic(path: Path, data: bytes, replace: bool) -> None:
    """files.write_atomic, with a post that exists (and `replace` False) refused as PostExistsError."""
    try:
        write_atomic(path, data, replace=replace)
    except FileExistsError:
        raise PostExistsError(f"{path} already exists; use --force to replace it") from None


def asset_path(layout: SiteLayout, relative: str) -> Path:
    """A post's extra file (a downloaded image): only inside the layout's images folder, never outside.
    Raises PublishError for any other path."""
    parts = PurePosixPath(relative).parts
    folder = PurePosixPath(layout.images).parts
    if (
        PurePosixPath(relative).is_absolute()
        or any(part in ("..", ".", "") for part in parts)
        or parts[: len(folder)] != folder
        or len(parts) <= len(folder)
    ):
        raise PublishError(f"refused to write {relative!r}: extra files go under docs/{layout.images}/")
    return layout.file(relative)


def write_post(post: Post, layout: SiteLayout, force: bool) -> tuple[Path, Path]:
    """Write the extra files, the cover and the story records, then the post (the post is the commit point).
    Returns the post's and the cover's paths."""
    return write_post_files(post, layout, layout.post_file(post.day), layout.cover_ref(post.day), force)


def write_post_files(
    post: Post, layout: SiteLayout, post_file: Path, cover_ref: str, force: bool
) -> tuple[Path, Path]:
    """write_post for a post with its own file names (the weekly issue): `post_file`, and the cover at
    `cover_ref` (relative to docs/). Raises PostExistsError when `post_file` exists and not `force`."""
    cover_file = layout.file(cover_ref)
    if post_file.exists() and not force:
        raise PostExistsError(f"{post_file} already exists; use --force to replace it")
    files = [(asset_path(layout, relative), data) for relative, data in sorted(post.assets.items())]
    files.append((cover_file, post.cover_png))
    if post.records is not None:
        files.append((layout.records_file(post_file), records_json(post)))
    new_files = [path for path, _ in files if not path.exists()]
    try:
        for path, data in files:
            _write_atomic(path, data, replace=True)
        _write_atomic(post_file, post.markdown.encode("utf-8"), replace=force)
    except BaseException:  # cleanup only (an interrupt too): the new assets go, the error goes on
        if not post_file.exists():
            for path in new_files:
                path.unlink(missing_ok=True)
        raise
    return post_file, cover_file


def records_json(post: Post) -> bytes:
    """The records file of a post (SiteLayout.records_file): UTF-8 JSON, `{"date": "YYYY-MM-DD", "stories":
    [records…]}`, dates as ISO 8601 strings."""
    document = {"date": post.day.isoformat(), "stories": list(post.records or ())}
    text = json.dumps(document, ensure_ascii=False, indent=1, default=_iso)
    return (text + "\n").encode("utf-8")


def _iso(value: object) -> str:
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON")


def write_site_file(path: Path, data: bytes) -> bool:
    """Write one of the site's generated files (generator.site.pages) atomically, unless it already holds `data`.
    Returns whether the file was written. Raises OSError when it cannot be."""
    if path.is_file() and path.read_bytes() == data:
        return False
    _write_atomic(path, data, replace=True)
    return True


def write_summary(summary: Mapping[str, object], cache: Path, markdown_text: str) -> Path:
    """The run summary as JSON under .cache/runs/, and as Markdown in $GITHUB_STEP_SUMMARY when set."""
    runs = cache / "runs"
    try:
        runs.mkdir(parents=True, exist_ok=True)
        path = runs / f"{summary['date']}-{summary['started'].replace(':', '').replace('-', '')[:15]}.json"
        path.write_text(json.dumps(summary, ensure_ascii=False, indent=2, default=str), encoding="utf-8")
    except OSError as error:
        raise PublishError(f"cannot write the run summary under {runs}: {error.strerror or error}") from None
    step_summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if step_summary:
        with open(step_summary, "a", encoding="utf-8") as handle:
            handle.write(markdown_text + "\n")
    return path
