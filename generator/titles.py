"""A post's title: "<prefix>｜<what it says>", the prefix of the post's kind (config: the daily post's, the weekly
issue's; an edition's from its words table) and one separator of the post's language."""

from __future__ import annotations


def title_separator(language: str = "zh") -> str:
    """A post's title is "<prefix>｜<what it says>" (the daily post's or weekly issue's prefix: config); this is
    the separator in `language` (BCP 47: "zh", "en"), spaced in a language written with spaces ("AI Daily | …")."""
    return "｜" if language.lower().startswith(("zh", "ja")) else " | "


def prefixed_title(prefix: str, text: str, language: str = "zh") -> str:
    """ "AI 日报｜…": `text` after `prefix` (title_separator(language) between); `prefix` alone without text."""
    return f"{prefix}{title_separator(language)}{text}" if text else prefix


def unprefixed_title(title: str, prefix: str, language: str = "zh") -> str:
    """What a title says after its kind's prefix ("" when it is only the prefix); the title itself without one."""
    head = f"{prefix}{title_separator(language)}"
    return title.removeprefix(head) if title.startswith(head) else ("" if title == prefix else title)
