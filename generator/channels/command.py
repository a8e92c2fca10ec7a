"""`python -m generator announce`: the channel post from the command line (the daily workflow runs
`announce --recent`)."""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

from generator.channels.channel import Channel
from generator.config import Settings, load_settings
from generator.errors import AnnounceError, GeneratorError
from generator.feeds import latest_closed_day
from generator.site import SiteInfo, SiteLayout, load_posts, load_site


@dataclass(frozen=True)
class Target:
    """Where an edition's posts are announced from: its language (None: the site's own), site and folder layout."""

    edition: str | None
    site: SiteInfo
    layout: SiteLayout


def announce_command(args: argparse.Namespace) -> int:
    """Send the day's posts (or, with --recent, every post of the last `ops.announce_days` days not sent yet) to
    every configured channel (generator.channels.channel: the only place that reads the channels' secrets, from
    the environment), the site's own posts first, then each edition's (config `editions`) to that edition's
    target when one is set (TELEGRAM_CHAT_ID_EN). Secrets are masked in everything logged while it runs. One
    target that fails never stops the others: all are tried, then AnnounceError names every failure (the CLI's
    error line and, on Actions, its annotation). Raises AnnounceError when no channel is configured."""
    settings = load_settings(args.config)
    from generator.channels.channel import configured_channels

    if not configured_channels(os.environ):
        raise AnnounceError(
            "set TELEGRAM_BOT_TOKEN (from @BotFather) and TELEGRAM_CHAT_ID (the channel's @name or numeric id) "
            "to post to Telegram"
        )
    failures = []
    for target in targets(settings):
        for channel in configured_channels(os.environ, target.edition):
            try:
                announce_target(args, settings, target, channel)
            except AnnounceError as error:
                failures.append(f"{channel.label}: {error}" if target.edition else str(error))
    if failures:
        raise AnnounceError("; ".join(failures))
    return 0


def targets(settings: Settings) -> Iterator[Target]:
    """The site's own posts, then each edition's (generator.edition's site of it); an edition whose site cannot
    be read is skipped with a line on stderr (its posts cannot have been written either)."""
    site = load_site(settings.paths.mkdocs)
    yield Target(None, site, SiteLayout.of(settings.paths.docs, site))
    from generator.edition import edition_site

    for language in settings.editions:
        try:
            edition = edition_site(settings, language)
        except GeneratorError as error:
            print(f"the {language} edition has no site to announce from: {error}", file=sys.stderr)
            continue
        yield Target(language, edition.site, edition.layout)


def announce_target(args: argparse.Namespace, settings: Settings, target: Target, channel: Channel) -> None:
    """Announce one target's posts in one channel and print what was sent; an edition's day without a post is a
    line on stderr, not an error (the day's run said why: its "edition" degradation). Raises AnnounceError."""
    from generator.channels.announce import announce_day, announce_recent
    from generator.channels.channel import masked_in_log

    cache = settings.paths.cache
    day = args.date or datetime.now(settings.zone).date()
    if not args.recent and target.edition and not any(r.day == day for r in load_posts(target.layout)):
        print(f"no {target.edition} post is dated {day}: nothing sent to {channel.label}", file=sys.stderr)
        return
    with contextlib.ExitStack() as masks:
        for secret in channel.secrets:
            masks.enter_context(masked_in_log(secret))
        if args.recent:
            latest = latest_closed_day(datetime.now(settings.zone), settings.window.end, settings.zone)
            days = settings.ops.announce_days
            done = announce_recent(latest, days, target.layout, target.site, cache, channel)
        else:
            done = announce_day(day, target.layout, target.site, cache, channel)
    for path, sent in done.sent:
        print(f"{path.name}: sent to {channel.label} ({sent.method}, message {sent.message_id})")
    for path in done.already:
        print(f"{path.name}: already sent to {channel.label}; nothing sent again", file=sys.stderr)
