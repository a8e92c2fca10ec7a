"""Announce a day's posts in a channel (generator.channels.channel: Telegram is one), each exactly once.

The posts of day D are those the blog files under D (their front matter `date`, in its own UTC offset): the daily
post, and any other post of that morning (a weekly issue). Each one sent leaves a marker per channel,
`<cache>/<channel>/<post file name>.json` (the method and the message id; never a chat id or a token), written
only after the channel said ok: a second run finds the marker and sends nothing. The daily workflow keeps that
folder with actions/cache, so a re-run of the workflow does not post again.

The daily workflow sends every post of the last few days that has no marker yet (`announce_recent`,
`ops.announce_days`), once the site that holds them is live: a run whose deploy failed sends nothing, and the
next run that deploys sends that day's posts too.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

import yaml

from generator.channels.channel import Announcement, Channel, Sent
from generator.channels.telegram import bullets_of
from generator.errors import AnnounceError
from generator.files import write_atomic
from generator.site import PostRecord, SiteInfo, SiteLayout, load_posts, post_url, read_story_records
from generator.text import clean_line

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class AnnounceReport:
    """What a run did: the posts sent (with Telegram's answer) and the posts already announced before."""

    sent: tuple[tuple[Path, Sent], ...] = ()
    already: tuple[Path, ...] = ()


def marker_path(cache: Path, post: Path, channel: str = "telegram") -> Path:
    """Where the marker of a post announced in `channel` lives under the cache folder."""
    return cache / channel / f"{post.stem}.json"


def announcement_of(record: PostRecord, layout: SiteLayout, site: SiteInfo) -> Announcement:
    """The channel post for one post: its title, summary bullets, public URL (generator.site.permalinks) and cover
    (front matter `image`, a docs/-relative path; None when it is not a file). Raises AnnounceError when the post
    has no title or its URL cannot be made."""
    meta = record.meta
    title = clean_line(str(meta.get("title") or ""))
    if not title:
        raise AnnounceError(f"{record.path.name} has no title: nothing to announce")
    try:
        url = post_url(site, meta, record.path.stem)
    except ValueError as error:
        raise AnnounceError(f"cannot make the address of {record.path.name}: {error}") from None
    image = str(meta.get("image") or "")
    cover = layout.file(image) if image and not image.startswith(("http://", "https://", "/")) else None
    if cover is not None and (".." in Path(image).parts or not cover.is_file()):
        cover = None
    try:
        headlines = [r.headline for r in read_story_records(record.path, record.day).records]
    except (OSError, ValueError, yaml.YAMLError):
        headlines = []  # the caption then has the summary lines only
    return Announcement(record.path, title, bullets_of(meta, headlines), url, cover)


def announce_day(
    day: date, layout: SiteLayout, site: SiteInfo, cache: Path, channel: Channel
) -> AnnounceReport:
    """Send each post of `day` that has no marker yet (oldest first) and write its marker. A post that fails does
    not stop the others. Returns the report. Raises AnnounceError when the day has no post, or after the others
    were tried when one failed (its marker is not written, so the next run tries it again)."""
    records = [r for r in load_posts(layout) if r.day == day]
    if not records:
        raise AnnounceError(f"no post is dated {day} in {layout.posts_folder()}: nothing to announce")
    return announce_records(records, layout, site, cache, channel)


def recent_posts(
    layout: SiteLayout, cache: Path, latest: date, days: int, channel: str = "telegram"
) -> list[PostRecord]:
    """The posts dated within the `days` days up to `latest` (both included) that have no marker of `channel` yet,
    oldest first."""
    first = latest - timedelta(days=days - 1)
    return [
        r
        for r in load_posts(layout)
        if first <= r.day <= latest and not marker_path(cache, r.path, channel).is_file()
    ]


def announce_recent(
    latest: date, days: int, layout: SiteLayout, site: SiteInfo, cache: Path, channel: Channel
) -> AnnounceReport:
    """Send every post of the `days` days up to `latest` that was not sent yet, each exactly once (its marker),
    oldest first. Returns the report (nothing sent when all were). Raises AnnounceError after the others were
    tried when one failed."""
    records = recent_posts(layout, cache, latest, days, channel.name)
    return announce_records(records, layout, site, cache, channel)


def announce_records(
    records: list[PostRecord], layout: SiteLayout, site: SiteInfo, cache: Path, channel: Channel
) -> AnnounceReport:
    """Send each of `records` that has no marker yet and write its marker; see announce_day."""
    sent: list[tuple[Path, Sent]] = []
    already: list[Path] = []
    failures: list[str] = []
    for record in records:
        marker = marker_path(cache, record.path, channel.name)
        if marker.is_file():
            already.append(record.path)
            continue
        try:
            result = channel.send(announcement_of(record, layout, site))
        except AnnounceError as error:
            failures.append(f"{record.path.name}: {error}")
            continue
        try:
            write_marker(marker, record.path, result)
        except OSError as error:
            raise AnnounceError(
                f"{record.path.name} was sent, but its marker {marker} cannot be written "
                f"({error.strerror or error}): a later run would send it again"
            ) from None
        sent.append((record.path, result))
    if failures:
        raise AnnounceError("; ".join(failures))
    return AnnounceReport(tuple(sent), tuple(already))


def write_marker(marker: Path, post: Path, sent: Sent) -> None:
    """Write the marker atomically (files.write_atomic): a half-written marker never exists."""
    record = {
        "post": post.name,
        "method": sent.method,
        "message_id": sent.message_id,
        "sent": datetime.now().astimezone().isoformat(timespec="seconds"),
    }
    write_atomic(marker, json.dumps(record, ensure_ascii=False, indent=2).encode("utf-8"))
