"""The one escape of untrusted text into Markdown (ARCHITECTURE.md, "Models and trust"): feeds, pages and model
output become inert text, never HTML, a script or a link."""

from __future__ import annotations

import html
import re

from generator.text import clean_line

# The characters Python-Markdown lets a backslash escape ("|" through the tables extension).
_MD_SYNTAX = re.compile(r"([\\`*_{}\[\]()#+\-.!|])")


def escape_md(value: object) -> str:
    """Untrusted text → inert Markdown: one line (text.clean_line), HTML entities for <>&, a backslash before
    every character Markdown reads as syntax."""
    return escape_piece(clean_line(str(value)))


def escape_piece(text: str) -> str:
    """escape_md for a piece of an already cleaned line (its edge spaces are kept)."""
    return _MD_SYNTAX.sub(r"\\\1", html.escape(text, quote=False))
