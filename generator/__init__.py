"""AI 日报: read the day's AI news from feeds and write one Markdown post for MkDocs Material."""

from __future__ import annotations

__version__ = "0.1.0"
