"""Announcements elsewhere: which posts to send, and the Telegram channel."""

from __future__ import annotations

from generator.channels.announce import announce_day, announce_recent, recent_posts
from generator.channels.telegram import DEFAULT_API_BASE, BotApi, masked_in_log

__all__ = ["BotApi", "DEFAULT_API_BASE", "announce_day", "announce_recent", "masked_in_log", "recent_posts"]
