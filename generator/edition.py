"""A second edition of the day (issue 22): the English post beside the Chinese one, from the same Digest.

The English edition is a second MkDocs project beside mkdocs.yml (`mkdocs.en.yml`: INHERIT of mkdocs.yml, its own
docs_dir `docs-en/`, built into site/en/, Material's English search, its own RSS and JSON Feed), as Material
documents a site in several languages. When the config says `editions: [en]`, `run_day` hands the day's
Chinese Digest and post here once they passed the gate:

    the English digest (editor.english, offline: English headlines and sentences, frames of Chinese-only stories)
    → render with the same layout in the English words (post.words_en) → front matter, cover (a Latin font)
    → the gate, with the language rule (site.language: no Chinese outside names and quotes) → written in docs-en/

Both posts carry `alternates` in their front matter ({language: absolute URL of the other's page}), which
overrides/main.html gives as `<link rel="alternate" hreflang>` and overrides/partials/alternate.html uses for the
language switch. An English post that fails the gate is not written and the day is degraded ("edition"), never
silently; the Chinese post is written either way. An existing English post is kept unless --force.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path

import yaml

from generator.config import Settings
from generator.editor import EnglishEdition, EnglishEditor
from generator.errors import GeneratorError
from generator.models import Digest, Post, Story, unprefixed_title
from generator.post import (
    Renderer,
    build_front_matter,
    cover_font,
    dump_front_matter,
    escape_md,
    reading_minutes,
    render_cover,
    story_records,
    words_for,
)
from generator.run_summary import Degradation, StageReport
from generator.site import (
    SiteInfo,
    SiteLayout,
    check_gate,
    language_problems,
    load_posts,
    load_site,
    post_url,
    read_authors,
    read_front_matter,
    read_story_records,
    recent_post_links,
    write_edition_pages,
    write_post,
)
from generator.urls import link_scope, safe_url

log = logging.getLogger(__name__)

EDITIONS = ("en",)  # the languages an edition can have (config `editions`, a words table each)


@dataclass(frozen=True)
class EditionSite:
    """An edition's site: its language, its mkdocs config file, what it says (SiteInfo) and its folder layout."""

    language: str
    config: Path
    site: SiteInfo
    layout: SiteLayout


@dataclass(frozen=True)
class EditionResult:
    """What happened to one edition's post: `status` written, replaced, exists, dry-run or failed; its file; the
    post (None when it exists or failed); the reason when it failed."""

    language: str
    status: str
    post_file: Path
    post: Post | None = None
    reason: str = ""


def edition_config(mkdocs: Path, language: str) -> Path:
    """The edition's MkDocs config beside the site's: mkdocs.yml → mkdocs.en.yml."""
    return mkdocs.with_name(f"{mkdocs.stem}.{language}{mkdocs.suffix}")


def edition_site(settings: Settings, language: str) -> EditionSite:
    """The site of edition `language` (its config beside `paths.mkdocs`, its docs_dir relative to that config).
    Raises ConfigError when the config cannot be read."""
    config = edition_config(settings.paths.mkdocs, language)
    site = load_site(config)
    return EditionSite(language, config, site, SiteLayout.of(config.parent / site.docs_dir, site))


def built_editions(mkdocs: Path) -> list[tuple[str, Path]]:
    """The editions beside the site of `mkdocs` that have a post, so a build must include them: [(language, its
    config)], in EDITIONS' order. An edition whose config cannot be read is left out (its own build would fail
    where it is written)."""
    found = []
    for language in EDITIONS:
        config = edition_config(mkdocs, language)
        if not config.is_file():
            continue
        try:
            site = load_site(config)
        except GeneratorError:
            continue
        if any(SiteLayout.of(config.parent / site.docs_dir, site).posts_folder().glob("*.md")):
            found.append((language, config))
    return found


def alternates(pages: Mapping[str, str], language: str) -> dict[str, str]:
    """The other editions' pages of a post: {language: URL} without `language`'s own."""
    return {lang: url for lang, url in pages.items() if lang != language and url}


def with_alternates(post: Post, pages: Mapping[str, str]) -> Post:
    """The post with `alternates` ({language: absolute URL}) in its front matter, its Markdown dumped again."""
    if not pages:
        return post
    front_matter = {**post.front_matter, "alternates": dict(pages)}
    return replace(post, front_matter=front_matter, markdown=dump_front_matter(front_matter) + post.body)


def page_url(site: SiteInfo, post: Post) -> str:
    """A post's public URL (site.permalinks.post_url), "" when it cannot be made (no site_url)."""
    try:
        return post_url(site, post.front_matter, post.day.isoformat())
    except ValueError:
        return ""


def render_english(
    digest: Digest, settings: Settings, edition: EditionSite, published: datetime, generated: datetime | None
) -> Post:
    """The English post of the day: digest (editor.english), body, front matter and cover (see module docstring)."""
    words = words_for(edition.language)["edition"]
    prefix = str(words["title_prefix"])
    layout = edition.layout
    editor = EnglishEditor(
        EnglishEdition(
            prefix,
            tuple(words["base_tags"]),  # type: ignore[call-overload]
            lambda d: layout.post_file(d).exists(),
            lambda d, anchor: earlier_headline(layout, d, anchor),
        )
    )
    english = editor.edit(digest)
    renderer = Renderer(settings.layout, settings.zone, language=edition.language)
    day = digest.day
    body = renderer.render_body(
        english,
        cover=layout.from_post(layout.cover_ref(day)),
        generated=generated,
        site_name=edition.site.name,
        options=settings.layouts.of(settings.layout),
        plain_terms=tuple(words["base_tags"]),  # type: ignore[call-overload]
    )
    front_matter = build_front_matter(
        english,
        published=published,
        slug=f"{settings.post.slug_prefix}-{day.isoformat()}",
        author=settings.post.author,
        category=str(words["category"]),
        layout=settings.layout,
        cover=layout.cover_ref(day),
        readtime=reading_minutes(body),
    )
    headline = unprefixed_title(english.title, prefix, edition.language)
    texts = [edition.site.name, headline, *map(str, english.summary)]
    cover = render_cover(
        day,
        headline,
        english.summary,
        edition.site.name,
        settings.cover,
        site_url=edition.site.url,
        date_format=str(words["cover_date"]),
        font=cover_font(texts, settings.cover.font),
    )
    return Post(
        day=day,
        front_matter=front_matter,
        body=body,
        markdown=dump_front_matter(front_matter) + body,
        cover_png=cover,
        records=tuple(story_records(english)),
        cited=english.cited,
    )


def earlier_headline(layout: SiteLayout, day: date, anchor: str) -> str:
    """The headline the edition's post of `day` gave the story at `anchor` (its records file), "" when unknown."""
    try:
        records = read_story_records(layout.post_file(day), day).records
    except (OSError, ValueError, yaml.YAMLError):
        return ""
    return next((r.headline for r in records if r.anchor == anchor and anchor), "")


def gate_english(post: Post, digest: Digest, settings: Settings, edition: EditionSite) -> None:
    """The daily gate for the English post (its links: the day's fetched items and the English posts a follow-up
    links to; its one image, its cover; the English blog's authors) plus the language rule: no Chinese outside the
    stories' names (in either script), their sources' names and quotes. Raises GateError."""
    layout = edition.layout
    stories: Sequence[Story] = digest.stories
    traced = [url for story in stories for url in story.urls]
    links = {safe_url(url) for url in traced if link_scope(url) != "never"}
    links |= recent_post_links(layout, post.day, settings.dedupe.recent_days)
    names = [form for names in digest.story_names.values() for name in names for form in name.split(" / ")]
    names += [*digest.tags, *digest.keywords, *(a.item.source for s in stories for a in s.articles)]
    names += [escape_md(name) for name in names]  # as the body writes them ("流光1\.5")
    check_gate(
        post,
        stories=stories,
        min_stories=settings.post.min_stories,
        allowed_links=links - {None},
        allowed_images={layout.from_post(layout.cover_ref(post.day))},
        authors=read_authors(layout),
        markdown_spec=edition.site.markdown,
        name=f"the {edition.language} post for {post.day}",
        extra_problems=language_problems(post.markdown, names),
    )


def prepare_editions(
    digest: Digest,
    post: Post,
    site: SiteInfo,
    settings: Settings,
    *,
    published: datetime,
    generated: datetime | None,
    force: bool,
    dry_run: bool,
) -> tuple[Post, list[EditionResult]]:
    """Each edition of `settings.editions` for the day whose Chinese `digest` and `post` passed the gate, rendered
    and gated but not written (`write_editions` writes them after the Chinese post): the Chinese post with
    `alternates` to the editions it will have, and each edition's result ("pending" to write, "dry-run",
    "exists", "failed"), each post with its `alternates`. An edition that fails (its gate, its site's config) is
    reported, never raised: the Chinese post goes on."""
    results: list[EditionResult] = []
    pages: dict[str, str] = {settings.language: page_url(site, post)}
    for language in settings.editions:
        try:
            edition = edition_site(settings, language)
        except GeneratorError as error:
            results.append(EditionResult(language, "failed", settings.paths.mkdocs, reason=str(error)))
            continue
        target = edition.layout.post_file(digest.day)
        if target.exists() and not force and not dry_run:
            results.append(EditionResult(language, "exists", target))
            pages[language] = _existing_url(edition, target)
            continue
        try:
            english = render_english(digest, settings, edition, published, generated)
            gate_english(english, digest, settings, edition)
        except GeneratorError as error:
            log.warning("the %s edition of %s: %s", language, digest.day, error)
            results.append(EditionResult(language, "failed", target, reason=str(error)))
            continue
        pages[language] = page_url(edition.site, english)
        results.append(EditionResult(language, "dry-run" if dry_run else "pending", target, english))
    done = [
        replace(r, post=with_alternates(r.post, alternates(pages, r.language))) if r.post is not None else r
        for r in results
    ]
    return with_alternates(post, alternates(pages, settings.language)), done


def write_editions(results: Sequence[EditionResult], settings: Settings, force: bool) -> list[EditionResult]:
    """Write each pending edition's post (site.write_post: atomic, never over an existing one without `force`);
    the results with "written" or "replaced"."""
    done = []
    for result in results:
        if result.status == "pending" and result.post is not None:
            existed = result.post_file.exists()
            write_post(result.post, edition_site(settings, result.language).layout, force=force)
            result = replace(result, status="replaced" if existed else "written")
        done.append(result)
    return done


def edition_report(results: Sequence[EditionResult], seconds: float) -> StageReport:
    """The editions' stage report: how many were written, a note per edition, a degradation ("edition") for each
    that failed, with its reason (run_summary: the summary, the annotations, the 信源状态 page)."""
    notes = tuple(
        f"{r.language} edition: {r.status} ({r.post_file})" for r in results if r.status != "failed"
    )
    failed = tuple(
        Degradation("edition", f"the {r.language} edition was not written: {r.reason}")
        for r in results
        if r.status == "failed"
    )
    written = sum(r.status in ("written", "replaced") for r in results)
    return StageReport("editions", seconds, written, notes=notes, degradations=failed)


def _existing_url(edition: EditionSite, target: Path) -> str:
    """The URL of an edition's post already written (its front matter), "" when it cannot be read."""
    try:
        meta = read_front_matter(target)
        return post_url(edition.site, meta, target.stem)
    except (OSError, ValueError, yaml.YAMLError):
        return ""


def write_editions_pages(
    settings: Settings, summary: Mapping[str, object] | None, *, status: bool = True
) -> tuple[list[Path], list[str]]:
    """Each edition's status page and archive (site.write_edition_pages) after a run: the status page from the
    run's `summary` with the edition's own post of that day (its address and title, when it has one; else none:
    the page then names no post), in the edition's language. An edition whose site cannot be read is a note.
    Returns (the files written, notes), as site.write_site_pages."""
    written: list[Path] = []
    notes: list[str] = []
    for language in settings.editions:
        try:
            edition = edition_site(settings, language)
        except GeneratorError as error:
            notes.append(f"the {language} edition's pages not updated: {error}")
            continue
        own = dict(summary) if summary else None
        if own is not None:
            own.update(edition_post(edition, str(own.get("date") or "")))
        done, failed = write_edition_pages(edition.layout, own, settings.zone, language, status=status)
        written += done
        notes += failed
    return written, notes


def edition_post(edition: EditionSite, day: str) -> dict[str, str]:
    """The `post` (address) and `title` of the edition's post of `day` (YYYY-MM-DD), both "" when it has none."""
    for record in load_posts(edition.layout):
        if record.day.isoformat() == day and record.path.stem == day:
            try:
                return {
                    "post": post_url(edition.site, record.meta, day),
                    "title": str(record.meta.get("title")),
                }
            except ValueError:
                break
    return {"post": "", "title": ""}
