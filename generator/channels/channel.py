"""The seam for announcements elsewhere: what a channel is given (an Announcement), what it answers (Sent), and the
registry of channels. A channel is one module of `generator/channels/` with a class that has a `name` (its markers
live under `<cache>/<name>/`) and `send(announcement) -> Sent`, and a `from_env` that builds it from the
environment (None when its secrets are not set); `CHANNELS` maps names to those factories, so a new channel (an
e-mail list, a Mastodon account) is one module and one line here, and nothing else changes.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol


@dataclass(frozen=True)
class Announcement:
    """What a channel says about one post: its title, 1-5 summary bullets, its public URL, its cover."""

    post: Path
    title: str
    bullets: tuple[str, ...]
    url: str
    cover: Path | None = None


@dataclass(frozen=True)
class Sent:
    """A channel's answer to a sent post: how it was sent (a method name) and the message's id there."""

    method: str
    message_id: int


class Channel(Protocol):
    """A place posts are announced: `name` (the markers' folder under the cache), `label` (how messages name it),
    `send` (raises AnnounceError when the post could not be sent), `secrets` (values to mask in everything logged
    while it runs)."""

    name: str
    label: str

    def send(self, announcement: Announcement) -> Sent:
        """Send one announcement; returns what was sent."""
        ...

    @property
    def secrets(self) -> tuple[str, ...]:
        """What must never be logged (tokens)."""
        ...


ChannelFactory = Callable[[Mapping[str, str], "str | None"], "Channel | None"]


def registry() -> dict[str, ChannelFactory]:
    """The known channels by name, each a factory from the environment and an edition (None: the site's own
    language; "en": the English edition's target, a second and optional one), None when not configured. Imported
    lazily: a channel's module loads only when announcing."""
    from generator.channels.telegram import TelegramChannel

    return {"telegram": TelegramChannel.from_env}


def configured_channels(env: Mapping[str, str], edition: str | None = None) -> list[Channel]:
    """The channels whose settings are in `env` for `edition` (None: the site's own), in the registry's order."""
    return [channel for factory in registry().values() if (channel := factory(env, edition)) is not None]


class _Mask(logging.Filter):
    """Replaces a secret in every record a handler emits (requests' and urllib3's debug lines name the URL, and a
    Bot API URL holds the token)."""

    def __init__(self, secret: str) -> None:
        super().__init__()
        self.secret = secret

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if self.secret in message:
            record.msg, record.args = message.replace(self.secret, "<token>"), None
        return True


@contextmanager
def masked_in_log(secret: str) -> Iterator[None]:
    """While the block runs, `secret` is masked in what every handler of the root logger writes."""
    mask = _Mask(secret)
    handlers = list(logging.getLogger().handlers)
    for handler in handlers:
        handler.addFilter(mask)
    try:
        yield
    finally:
        for handler in handlers:
            handler.removeFilter(mask)
