"""Announcements elsewhere: which posts to send, and the Telegram channel."""

from __future__ import annotations

from generator.channels.announce import announce_day, announce_recent, recent_posts
from generator.channels.channel import Announcement, Channel, Sent, configured_channels, masked_in_log
from generator.channels.command import announce_command
from generator.channels.telegram import DEFAULT_API_BASE, BotApi, TelegramChannel

__all__ = [
    "Announcement",
    "Channel",
    "Sent",
    "configured_channels",
    "BotApi",
    "DEFAULT_API_BASE",
    "announce_command",
    "announce_day",
    "announce_recent",
    "masked_in_log",
    "TelegramChannel",
    "recent_posts",
]
