"""Page bytes to an Article: decode, main text, boilerplate."""

from __future__ import annotations

from generator.extract.article import extract_article, read_page

__all__ = ["extract_article", "read_page"]
