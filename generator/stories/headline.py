"""Pure: the language of a headline and our own brand in it, for every stage that picks or shows headlines
(the editors, story continuity)."""

from __future__ import annotations

import re
from collections.abc import Sequence

from generator.models import Article
from generator.text import has_cjk

HEADLINE_CHARS = 80  # a headline as an entry or a one-liner shows it (cut at a word boundary)
_DATE = r"(?:\s*(?:\d{4}[年/.-])?\d{1,2}[月/.-]\d{1,2}日?)?"
_BRACKETS = ("[【\\[［(（]?", "[】\\]］)）]?")
_SEPARATORS = r"[\s:：|｜\-–—·,，]*"


def in_language(article: Article, language: str) -> bool:
    """Whether the article is in `language` (its source's language; for Chinese its headline must hold Chinese)."""
    wanted = language.lower().split("-")[0]
    if article.item.language.lower().split("-")[0] != wanted:
        return False
    return has_cjk(article.item.title) if wanted in ("zh", "ja") else True


def strip_brand(headline: str, brands: Sequence[str]) -> str:
    """`headline` without a leading or trailing brand of ours ("AI日报：…", "【AI 日报】11月16日｜…", "… | AI 日报"):
    a post titled "AI 日报｜…" never names itself twice. Spaces inside a brand do not matter. "" when only the
    brand was left."""
    for brand in (b for b in brands if b.strip()):
        name = r"\s*".join(re.escape(ch) for ch in brand if not ch.isspace())
        lead = rf"^\s*{_BRACKETS[0]}\s*{name}\s*{_BRACKETS[1]}{_DATE}{_SEPARATORS}"
        headline = re.sub(lead, "", headline, flags=re.I)
        headline = re.sub(
            rf"{_SEPARATORS}{_BRACKETS[0]}\s*{name}\s*{_BRACKETS[1]}\s*$", "", headline, flags=re.I
        )
    return headline.strip()
