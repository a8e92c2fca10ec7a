"""Pure: the main text of an article page. readability-lxml reads it first; trafilatura gives a second opinion
that settles where readability is short, fails, or carries page furniture around the text both found.

Measured on the ScrapingHub article-extraction benchmark by `scripts/bench extract`: the chooser (`arbitrate`) was
tuned on one half of its pages and checked on the other (F1 0.980 there; readability alone 0.954, trafilatura
alone 0.958).
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
_NOT_TEXT = tuple("script style template svg link meta select button input textarea object embed".split())
# Kept for their content, without the element: a page rendered by a script may carry its whole article in
# <noscript>, which both extractors drop. (<nav> is left to them: some pages wrap the article in one.)
_UNWRAP = ("noscript",)
# Tokens for comparing two texts: one per CJK character (those scripts put no spaces between words), else words.
_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af"
_TOKEN = re.compile(rf"[{_CJK}]|[^\W{_CJK}]+")
# Invisible inside a word (soft hyphen, zero-width space and non-joiner, word joiner, BOM): one text may have them
# where the other has not, and the two must still compare equal.
_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u2060\ufeff"))
_TABLE_RULE = re.compile(r"^[\s|:+-]*$")
_LIST_MARK = re.compile(r"^\s*(?:[-*•]\s+|\|\s*)")
# Arbitration: below this share of one text's 4-word shingles found in the other (both ways), the two extractors
# found different things (see `arbitrate`); the other text must have this many times the prose to win.
_DIFFERENT = 0.6
_CONTAINED = 0.9
_MOSTLY_SAME = 0.95
_PROSE_MARGIN = 1.0
# A prose paragraph (see `_is_prose`): its last character, its least number of words.
_SENTENCE_END = frozenset('.!?。！？…"”’」』')  # not ")": captions end with "(AP Photo/…)"
_PROSE_WORDS = 10
_CJK_CHAR = re.compile(f"[{_CJK}]")


def main_text(tree: lxml.html.HtmlElement, titles: Sequence[str] = ()) -> tuple[str, str]:
    """(the article's text as paragraphs separated by blank lines, readability's HTML of the main element); ""
    for what an extractor does not find.

    `tree` is the parsed page; it is changed (ruby readings and hidden elements removed). `titles` are the
    headlines known for the page (feed title, og:title, <title>): a leading line that repeats one is dropped.
    """
    etree.strip_elements(
        tree, *_RUBY, *_NOT_TEXT, etree.Comment, etree.ProcessingInstruction, with_tail=False
    )
    etree.strip_tags(tree, *_UNWRAP)
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
    """One text out of two extractors' texts of the same page (paragraphs separated by newlines): `first` is
    readability's, `second` trafilatura's (favouring precision).

    - `first` short or empty: the longer of the two.
    - `first` a listing (see _is_listing) and `second` not: `second`.
    - the two unrelated (each shares less than `_DIFFERENT` of its 4-word shingles with the other): the one with
      more prose (`_prose_weight`): a login prompt, a cookie dialog, a teaser or a badge that readability took for
      the article loses to the article trafilatura found, and the other way round.
    - otherwise both found the article (`_merge`): what both have, what only one has when it is prose (a lead,
      a section, an embedded quote), and what only trafilatura has between the paragraphs both have; page
      furniture only one of them kept (captions, related links, "Like this:") stays out.
    """
    if len(first) < SHORT_TEXT or not second:
        return second if len(second) > len(first) else first
    if _is_listing(first) and len(second) >= SHORT_TEXT and not _is_listing(second):
        return second
    first_shingles, second_shingles = _shingles(first), _shingles(second)
    first_in_second = _share(first_shingles, second_shingles)
    second_in_first = _share(second_shingles, first_shingles)
    if first_in_second < _DIFFERENT and second_in_first < _DIFFERENT:
        return second if _prose_weight(second) > _PROSE_MARGIN * _prose_weight(first) else first
    # `second` nearly all inside `first`, `first` 5-40 % more: the extra is page furniture around the text both
    # found (bylines, captions, related links), prose or not.
    furniture = second_in_first >= _CONTAINED and _DIFFERENT <= first_in_second < _MOSTLY_SAME
    return _merge(first, second, first_shingles, second_shingles, keep_first_prose=not furniture)


def _merge(
    first: str,
    second: str,
    first_shingles: set[tuple[str, ...]],
    second_shingles: set[tuple[str, ...]],
    keep_first_prose: bool = True,
) -> str:
    """The paragraphs of `first` in their order, with `second`'s own paragraphs put in after the last paragraph
    both have before them (before everything when none: a lead). A paragraph only one text has is kept when it
    is prose (`_is_prose`), or, for `second`'s, when it stands between paragraphs both have."""
    a, b = _paragraphs(first), _paragraphs(second)
    a_index, b_index = (_joined(first), first_shingles), (_joined(second), second_shingles)
    a_shared = [_found(p, b_index) for p in a]
    b_shared = [_found(p, a_index) for p in b]
    if not any(b_shared):
        return first
    first_b, last_b = b_shared.index(True), len(b_shared) - 1 - b_shared[::-1].index(True)
    after: dict[
        int, list[str]
    ] = {}  # position in `a` (-1: before it) → `second`'s own paragraphs to put there
    anchor = -1
    for i, paragraph in enumerate(b):
        if b_shared[i]:
            anchor = _position(paragraph, a, a_shared, anchor)
        elif first_b < i < last_b or _is_prose(paragraph):
            after.setdefault(anchor, []).append(paragraph)
    kept = list(after.get(-1, ()))
    for j, paragraph in enumerate(a):
        if a_shared[j] or (keep_first_prose and _is_prose(paragraph)):
            kept.append(paragraph)
        kept.extend(after.get(j, ()))
    return "\n\n".join(kept)


def _position(paragraph: str, a: list[str], a_shared: list[bool], after: int) -> int:
    """The index of the paragraph of `a` (one both texts have, from `after` on) that holds most of `paragraph`'s
    words; `after` when none does."""
    words = set(_tokens(paragraph))
    best, best_hits = after, 0
    for j in range(max(after, 0), len(a)):
        if a_shared[j]:
            hits = len(words & set(_tokens(a[j])))
            if hits > best_hits:
                best, best_hits = j, hits
    return best


def _is_prose(paragraph: str) -> bool:
    """A paragraph of running text: ends like a sentence and holds at least `_PROSE_WORDS` words (or twice as many
    CJK characters). Captions, related headlines, buttons and "Like this:" are not."""
    text = paragraph.strip()
    return (
        bool(text)
        and text[-1] in _SENTENCE_END
        and len(_tokens(text)) >= _PROSE_WORDS * (2 if _CJK_CHAR.search(text) else 1)
    )


def _prose_weight(text: str) -> int:
    """How much running text `text` holds: the tokens of its prose paragraphs."""
    return sum(len(_tokens(p)) for p in _paragraphs(text) if _is_prose(p))


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
    """Comparison tokens; soft hyphens and zero-width characters inside words do not split them."""
    return _TOKEN.findall(text.translate(_INVISIBLE).lower())


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
