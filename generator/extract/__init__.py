"""Page bytes to an Article: decode, main text, boilerplate, and whether the page is the article at all."""

from __future__ import annotations

from generator.extract.article import extract_article, read_page
from generator.extract.boilerplate import strip_credits
from generator.extract.decode import codec_name, mostly_decodes
from generator.extract.notarticle import KIND_WORDS, NotArticle

__all__ = [
    "KIND_WORDS",
    "NotArticle",
    "codec_name",
    "extract_article",
    "mostly_decodes",
    "read_page",
    "strip_credits",
]
