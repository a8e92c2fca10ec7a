"""The weekly issue of each edition (issue 22): after the site's own issue, each language of the config's
`editions` gets its own from its own daily posts of the same week (generator.edition's site of it), in its words.
An edition's issue that cannot be written is reported, never raised: the site's own issue stands either way."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from generator.config import Settings
from generator.edition import edition_site
from generator.errors import GeneratorError, ThinWeekError
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
    week: IsoWeek, settings: Settings, now: datetime, *, force: bool = False, dry_run: bool = False
) -> list[EditionWeek]:
    """Each edition's issue of `week` (run_week with its site, layout and words), in the config's order; an
    edition whose site cannot be read or whose issue fails (too few of its daily posts, its gate) is an
    EditionWeek with its reason."""
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
            )
        except GeneratorError as error:
            done.append(EditionWeek(language, None, str(error), isinstance(error, ThinWeekError)))
            continue
        done.append(EditionWeek(language, result))
    return done
