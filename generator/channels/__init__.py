"""Announcements elsewhere: which posts to send, and the Telegram channel."""
