"""`python -m generator announce`: the channel post from the command line (the daily workflow runs
`announce --recent`)."""

from __future__ import annotations

import argparse
import os
import sys
from datetime import datetime

from generator.config import load_settings
from generator.errors import AnnounceError
from generator.site import SiteLayout, load_site


def announce_command(args: argparse.Namespace) -> int:
    """Send the day's posts to the Telegram channel (generator.channels.announce): the only place that reads
    TELEGRAM_BOT_TOKEN and TELEGRAM_CHAT_ID. The token is masked in everything logged while it runs."""
    from generator.channels.announce import announce_day, announce_recent
    from generator.channels.telegram import DEFAULT_API_BASE, BotApi, masked_in_log
    from generator.ops import latest_closed_day

    settings = load_settings(args.config)
    site = load_site(settings.paths.mkdocs)
    token = os.environ.get("TELEGRAM_BOT_TOKEN", "").strip()
    chat_id = os.environ.get("TELEGRAM_CHAT_ID", "").strip()
    if not token or not chat_id:
        raise AnnounceError(
            "set TELEGRAM_BOT_TOKEN (from @BotFather) and TELEGRAM_CHAT_ID (the channel's @name or numeric id) "
            "to post to Telegram"
        )
    base = os.environ.get("TELEGRAM_API_BASE", "").strip() or DEFAULT_API_BASE
    if not base.startswith(("https://", "http://")):
        raise AnnounceError("TELEGRAM_API_BASE must be an http(s) address, like https://api.telegram.org")
    layout = SiteLayout.of(settings.paths.docs, site)
    api, cache = BotApi(token, base), settings.paths.cache
    with masked_in_log(token):
        if args.recent:
            latest = latest_closed_day(datetime.now(settings.zone), settings.window.end, settings.zone)
            done = announce_recent(latest, settings.ops.announce_days, layout, site, cache, api, chat_id)
        else:
            day = args.date or datetime.now(settings.zone).date()
            done = announce_day(day, layout, site, cache, api, chat_id)
    for path, sent in done.sent:
        print(f"{path.name}: sent to Telegram ({sent.method}, message {sent.message_id})")
    for path in done.already:
        print(f"{path.name}: already sent to Telegram; nothing sent again", file=sys.stderr)
    return 0
