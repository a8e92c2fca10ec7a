"""Page bytes to an Article: decode, main text, boilerplate, and whether the page is the article at all."""

from __future__ import annotations

from generator.extract.article import extract_article, read_page
from generator.extract.boilerplate import strip_credits
from generator.extract.notarticle import KIND_WORDS, NotArticle

__all__ = ["KIND_WORDS", "NotArticle", "extract_article", "read_page", "strip_credits"]
