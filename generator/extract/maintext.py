"""Pure: the main text of an article page. readability-lxml reads it first; trafilatura gives a second opinion
that settles where readability is short, fails, or carries page furniture around the text both found.

Measured on the ScrapingHub article-extraction benchmark by `scripts/bench extract` (see there for the figures).
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Sequence

import lxml.html
import trafilatura
from lxml import etree
from readability import Document

from generator.extract.boilerplate import clean_lines
from generator.text import plain_text

log = logging.getLogger(__name__)

# Shorter than this, a text is no article (a teaser, a cookie notice): the other extractor's text is used.
SHORT_TEXT = 200
# Ruby annotations (readings over the base text) are not text of their own: 漢字(かんじ) would read 漢字かんじ.
_RUBY = ("rt", "rp")
# Never article text, and a fifth of a page's elements: removed before both extractors (-6 ms a page).
_NOT_TEXT = tuple(
    "script style noscript template svg link meta select button input textarea object embed nav".split()
)
# Tokens for comparing two texts: one per CJK character (those scripts put no spaces between words), else words.
_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af"
_TOKEN = re.compile(rf"[{_CJK}]|[^\W{_CJK}]+")
_TABLE_RULE = re.compile(r"^[\s|:+-]*$")
_LIST_MARK = re.compile(r"^\s*(?:[-*•]\s+|\|\s*)")
# Arbitration thresholds, shares of one text's 4-word shingles found in the other (see `arbitrate`).
_CONTAINED = 0.9
_MOSTLY_SAME = 0.95
_DIFFERENT = 0.6


def main_text(tree: lxml.html.HtmlElement, titles: Sequence[str] = ()) -> tuple[str, str]:
    """(the article's text as paragraphs separated by blank lines, readability's HTML of the main element); ""
    for what an extractor does not find.

    `tree` is the parsed page; it is changed (ruby readings and hidden elements removed). `titles` are the
    headlines known for the page (feed title, og:title, <title>): a leading line that repeats one is dropped.
    """
    etree.strip_elements(
        tree, *_RUBY, *_NOT_TEXT, etree.Comment, etree.ProcessingInstruction, with_tail=False
    )
    main_html, first = _readability(tree)
    second = _trafilatura(tree)
    return clean_lines(arbitrate(first, second), titles), main_html


def _readability(tree: lxml.html.HtmlElement) -> tuple[str, str]:
    """(readability's HTML of the main element, its plain text), ("", "") when it fails."""
    try:  # Document accepts a parsed tree; it cleans a copy of it, and drops hidden elements from it
        main_html = Document(tree).summary(html_partial=True)
        return main_html, plain_text(main_html, keep_paragraphs=True)
    except Exception as error:  # noqa: BLE001 - readability raises many kinds on odd pages; the other opinion stays
        log.warning("readability failed: %s: %s", type(error).__name__, error)
        return "", ""


def _trafilatura(tree: lxml.html.HtmlElement) -> str:
    try:  # trafilatura.extract works on a copy of a tree it is given
        text = trafilatura.extract(tree, include_comments=False, favor_precision=True, fast=True) or ""
    except Exception as error:  # noqa: BLE001 - as above
        log.warning("trafilatura failed: %s: %s", type(error).__name__, error)
        return ""
    lines = (
        _LIST_MARK.sub("", line).strip(" |") for line in text.splitlines() if not _TABLE_RULE.match(line)
    )
    return plain_text("\n".join(line for line in lines if line), keep_paragraphs=True)


def arbitrate(first: str, second: str) -> str:
    """One text out of two extractors' texts of the same page (paragraphs separated by newlines).

    - `first` short or empty: the longer of the two.
    - `first` a listing (see _is_listing) and `second` not: `second`.
    - `second` (nearly) all inside `first`, but `first` has 5-40 % more: the extra is page furniture around the
      text both found (bylines, captions, related links): `first`'s paragraphs that are in `second`.
    - `first` (nearly) all inside `second`, and `second` has more: `second` from the first paragraph they share
      to the last one (what `first` skipped in between, e.g. embedded quotes; not what lies outside).
    - otherwise `first`.
    """
    if len(first) < SHORT_TEXT or not second:
        return second if len(second) > len(first) else first
    if _is_listing(first) and len(second) >= SHORT_TEXT and not _is_listing(second):
        return second
    first_shingles, second_shingles = _shingles(first), _shingles(second)
    first_in_second = _share(first_shingles, second_shingles)
    second_in_first = _share(second_shingles, first_shingles)
    if second_in_first >= _CONTAINED and _DIFFERENT <= first_in_second < _MOSTLY_SAME:
        index = (_joined(second), second_shingles)
        return "\n\n".join(p for p in _paragraphs(first) if _found(p, index))
    if first_in_second >= _MOSTLY_SAME and second_in_first < _CONTAINED:
        paragraphs = _paragraphs(second)
        index = (_joined(first), first_shingles)
        found = [i for i, p in enumerate(paragraphs) if _found(p, index)]
        if found:
            return "\n\n".join(paragraphs[found[0] : found[-1] + 1])
    return first


def _is_listing(text: str) -> bool:
    """Whether a text looks like a list of teasers rather than an article: half or more of its paragraphs (at
    least 3) start with the same three words ("Share Tweet Pin …", "Read more: …")."""
    starts = Counter(" ".join(_tokens(p)[:3]) for p in _paragraphs(text))
    if not starts:
        return False
    count = starts.most_common(1)[0][1]
    return count >= 3 and 2 * count >= sum(starts.values())


def _paragraphs(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.strip()]


def _tokens(text: str) -> list[str]:
    return _TOKEN.findall(text.lower())


def _shingles(text: str) -> set[tuple[str, ...]]:
    tokens = _tokens(text)
    return {tuple(tokens[i : i + 4]) for i in range(max(1, len(tokens) - 3))} if tokens else set()


def _share(part: set[tuple[str, ...]], whole: set[tuple[str, ...]]) -> float:
    return len(part & whole) / len(part) if part else 0.0


def _joined(text: str) -> str:
    return " " + " ".join(_tokens(text)) + " "


def _found(paragraph: str, index: tuple[str, set[tuple[str, ...]]]) -> bool:
    """Whether a paragraph of one text is in the other (given as its joined tokens and its shingles): the same
    words in a row, or half of the paragraph's shingles."""
    tokens = _tokens(paragraph)
    if not tokens:
        return True
    joined, shingles = index
    if f" {' '.join(tokens)} " in joined:
        return True
    return len(tokens) >= 4 and _share(_shingles(paragraph), shingles) >= 0.5
