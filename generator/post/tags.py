"""Pure: one canonical form per tag, across editors and days.

Material's tags plugin gives every tag an anchor made by lower-casing and slugifying it, so "AI", "ai" and "Ai"
become three tags that share one anchor on the tags page, and two of them cannot be reached. A tag's key ignores
case, width (NFKC) and the spaces and dashes people put in names ("GPT-5", "GPT 5", "gpt5"); the form shown is the
configured one (`post.base_tags`), else the first one the site used (the oldest post), else the first one offered
today.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping

from generator.text import clean_line

_SEPARATORS = re.compile(r"[\s\-_·・.]+")


def tag_key(tag: str) -> str:
    """What makes two tags the same: NFKC, case-folded, without spaces, dashes, dots and middle dots."""
    return _SEPARATORS.sub("", unicodedata.normalize("NFKC", clean_line(tag))).casefold()


def known_forms(tag_lists: Iterable[Iterable[str]]) -> dict[str, str]:
    """{key: form} from tag lists in the order given (oldest post first): the first form of a key wins."""
    forms: dict[str, str] = {}
    for tags in tag_lists:
        for tag in tags:
            key = tag_key(tag)
            if key:
                forms.setdefault(key, clean_line(tag))
    return forms


def canonical_tags(tags: Iterable[str], known: Mapping[str, str]) -> tuple[str, ...]:
    """`tags` in their canonical forms (`known` first, else the first form in `tags`), each key once, order kept.

    Returns a tuple of non-empty tags; an empty or separator-only tag is dropped.
    """
    chosen: dict[str, str] = {}
    for tag in tags:
        key = tag_key(tag)
        if key and key not in chosen:
            chosen[key] = known.get(key) or clean_line(tag)
    return tuple(chosen.values())
