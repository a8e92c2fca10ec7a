"""The pages `generate` rewrites beside each post, regenerated (never merged) when a push meets a moved branch.

They are the OPML file, the 信源状态 page, the tags page's descriptions, the archive, the 勘误 page and the 订阅 page
(generator.site.pages), and each edition's status page and archive (generator.edition.write_editions_pages,
whether the edition is on or not: a branch may have turned it on meanwhile).
Regenerating reads the tree as it is after the rebase (the config, every post) and the newest run summary under
the cache's runs/ folder whose result is a post written (this run's own): the same inputs `generate` used, plus
what the branch gained meanwhile.
"""

from __future__ import annotations

import json
import logging
from datetime import datetime
from pathlib import Path

from generator.config import Settings, load_settings
from generator.edition import EDITIONS, edition_config, write_editions_pages
from generator.errors import GeneratorError
from generator.ops.git import repo_path
from generator.site import SiteLayout, load_site, write_site_pages

log = logging.getLogger(__name__)


def generated_paths(settings: Settings, repo: Path) -> tuple[str, ...]:
    """The generated pages as paths relative to `repo` ("docs/status.md", …, "docs-en/status.md"), as git names
    them: the site's, then each edition's whose MkDocs config can be read."""
    layout = SiteLayout(settings.paths.docs)
    refs = (
        layout.status_page,
        layout.opml,
        layout.tags_page,
        layout.archive_page,
        layout.corrections_page,
        layout.subscribe_page,
    )
    paths = [repo_path(repo, layout.file(ref)) for ref in refs]
    for language in EDITIONS:
        config = edition_config(settings.paths.mkdocs, language)
        try:
            docs = config.parent / load_site(config).docs_dir
        except GeneratorError:
            continue
        edition = SiteLayout(docs)
        paths += [repo_path(repo, edition.file(ref)) for ref in (edition.status_page, edition.archive_page)]
    return tuple(paths)


def latest_summary(cache: Path) -> dict[str, object] | None:
    """The newest run summary (by its `started` time) under `cache`/runs whose result is "written" or "replaced";
    None when there is none. Unreadable files are skipped."""
    newest: tuple[datetime, dict[str, object]] | None = None
    for path in (cache / "runs").glob("*.json"):
        try:
            summary = json.loads(path.read_text(encoding="utf-8"))
            started = datetime.fromisoformat(str(summary["started"]))
        except (OSError, ValueError, KeyError, TypeError) as error:
            log.warning("skipping the run summary %s: %s", path, error)
            continue
        if summary.get("result") not in ("written", "replaced") or started.tzinfo is None:
            continue
        if newest is None or started > newest[0]:
            newest = (started, summary)
    return newest[1] if newest else None


def regenerate_pages(config: Path | None) -> list[Path]:
    """Rewrite the generated pages from the working tree (config and site read afresh) and the newest run summary.
    Returns the files written."""
    settings = load_settings(config)
    site = load_site(settings.paths.mkdocs)
    summary = latest_summary(settings.paths.cache)
    written, notes = write_site_pages(settings, site, summary)
    more, more_notes = write_editions_pages(settings, summary)
    written, notes = written + more, notes + more_notes
    for text in notes:
        log.warning("%s", text)
    return written
