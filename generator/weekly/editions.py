"""The weekly issue of each edition (issue 22): after the site's own issue, each language of the config's
`editions` gets its own from its own daily posts of the same week (generator.edition's site of it), in its words.
An edition's issue that cannot be written is reported, never raised: the site's own issue stands either way."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from generator.config import Settings
from generator.edition import alternates, edition_site
from generator.errors import GeneratorError, ThinWeekError
from generator.site import SiteInfo
from generator.weekly.digest import IsoWeek
from generator.weekly.issue import WeeklyResult, run_week


@dataclass(frozen=True)
class EditionWeek:
    """One edition's issue: its language, the result (None when it failed) and the reason it failed ("" when it
    did not); `thin` when the reason is a week with too few daily posts of that edition."""

    language: str
    result: WeeklyResult | None
    reason: str = ""
    thin: bool = False


def run_edition_weeks(
    week: IsoWeek,
    settings: Settings,
    now: datetime,
    *,
    force: bool = False,
    dry_run: bool = False,
    pages: Mapping[str, str] | None = None,
) -> list[EditionWeek]:
    """Each edition's issue of `week` (run_week with its site, layout and words), in the config's order, with
    `alternates` to the other issues of `pages` (issue_pages); an edition whose site cannot be read or whose issue
    fails (too few of its daily posts, its gate) is an EditionWeek with its reason."""
    done = []
    for language in settings.editions:
        try:
            edition = edition_site(settings, language)
            result = run_week(
                week,
                settings,
                edition.site,
                now,
                force=force,
                dry_run=dry_run,
                edition=language,
                layout=edition.layout,
                alternates=alternates(pages or {}, language),
            )
        except GeneratorError as error:
            done.append(EditionWeek(language, None, str(error), isinstance(error, ThinWeekError)))
            continue
        done.append(EditionWeek(language, result))
    return done


def issue_pages(week: IsoWeek, settings: Settings, site: SiteInfo, now: datetime) -> dict[str, str]:
    """{language: public URL} of each issue of `week` that can be written, the site's own and each edition's, as
    the daily posts' twins are found (generator.edition): each rendered and gated in a dry run, nothing written.
    {} without editions, or when fewer than two issues stand (one issue has no twin to name)."""
    if not settings.editions:
        return {}
    pages = {}
    try:
        pages[settings.language] = run_week(week, settings, site, now, dry_run=True).url
    except GeneratorError:
        return {}
    for done in run_edition_weeks(week, settings, now, dry_run=True):
        if done.result is not None and done.result.url:
            pages[done.language] = done.result.url
    return pages if len(pages) > 1 and all(pages.values()) else {}
