"""`python -m generator announce`: the channel post from the command line (the daily workflow runs
`announce --recent`)."""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from datetime import datetime

from generator.config import load_settings
from generator.errors import AnnounceError
from generator.feeds import latest_closed_day
from generator.site import SiteLayout, load_site


def announce_command(args: argparse.Namespace) -> int:
    """Send the day's posts (or, with --recent, every post of the last `ops.announce_days` days not sent yet) to
    every configured channel (generator.channels.channel: the only place that reads the channels' secrets, from
    the environment). Secrets are masked in everything logged while it runs. Raises AnnounceError when no channel
    is configured or a post could not be sent (after the others were tried)."""
    from generator.channels.announce import announce_day, announce_recent
    from generator.channels.channel import configured_channels, masked_in_log

    settings = load_settings(args.config)
    site = load_site(settings.paths.mkdocs)
    channels = configured_channels(os.environ)
    if not channels:
        raise AnnounceError(
            "set TELEGRAM_BOT_TOKEN (from @BotFather) and TELEGRAM_CHAT_ID (the channel's @name or numeric id) "
            "to post to Telegram"
        )
    layout = SiteLayout.of(settings.paths.docs, site)
    cache = settings.paths.cache
    for channel in channels:
        with contextlib.ExitStack() as masks:
            for secret in channel.secrets:
                masks.enter_context(masked_in_log(secret))
            if args.recent:
                latest = latest_closed_day(datetime.now(settings.zone), settings.window.end, settings.zone)
                done = announce_recent(latest, settings.ops.announce_days, layout, site, cache, channel)
            else:
                day = args.date or datetime.now(settings.zone).date()
                done = announce_day(day, layout, site, cache, channel)
        for path, sent in done.sent:
            print(f"{path.name}: sent to {channel.label} ({sent.method}, message {sent.message_id})")
        for path in done.already:
            print(f"{path.name}: already sent to {channel.label}; nothing sent again", file=sys.stderr)
    return 0
