"""Line breaking for the cover (issue 19 §5: cover lines break at word boundaries and never cut a name).

A line breaks only between words: a Latin word or number stays whole, Chinese text breaks between the words of
jieba's segmentation, and a name in Chinese quotes or title marks (“星织2”, 《办法》, at most QUOTED_CHARS
characters) is one word. Words are glued where a break would cut a name or a figure: a single character to the
word before it, a company suffix (智能, 科技) to its name, a unit to its number ("3亿美元", "C轮"). Chinese
line-breaking rules (kinsoku) hold too: no line starts with closing punctuation or ends with an opening bracket; a
closing mark may hang one character past the margin (悬挂标点) rather than take a word down with it. Only a word
wider than a whole line is broken, between grapheme clusters.

`fit_lines` never cuts: a text that does not fit its lines gives its longest head of whole clauses that does
(up to a "，" "、" "；" "：" "｜"), or nothing. `wrap_text` is the last resort, with "…" after a whole word.
"""

from __future__ import annotations

import logging
import re
from typing import Protocol

import regex

# Chinese line-breaking rules (kinsoku): characters that must not start a line, and ones that must not end one.
NO_LINE_START = set("，。！？；：、）》」』】〉〕”’,.!?;:)]}%…—～·ー")
NO_LINE_END = set("（《「『【〈〔“‘([{")
ELLIPSIS = "…"
QUOTED_CHARS = 12  # a quoted name up to this long is never broken
_QUOTED = re.compile(rf"[“《「『][^“”《》「」『』]{{1,{QUOTED_CHARS}}}[”》」』]")
_WHOLE = re.compile(
    rf"[“《「『][^“”《》「」『』]{{1,{QUOTED_CHARS}}}[”》」』]|[A-Za-z0-9](?:[A-Za-z0-9._+'’-]*[A-Za-z0-9+%])?"
)
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_CLAUSE = re.compile(r"[，、；：｜,;:|]")


class Measure(Protocol):
    """What wrapping needs of a font: the advance width of a text in pixels."""

    def getlength(self, text: str) -> float: ...


def _words(text: str) -> list[str]:
    """`text` as words: quoted names and Latin words ("Aurora-3", "v1.2", "128K") whole, Chinese runs by
    jieba's segmentation, every other grapheme cluster alone."""
    pieces: list[str] = []
    position = 0
    for match in _WHOLE.finditer(text):
        pieces += _segment(text[position : match.start()], pieces)
        pieces.append(match.group())
        position = match.end()
    return pieces + _segment(text[position:], pieces)


# Words that belong to the word before them: company suffixes, and units after a number ("3亿美元", "C轮").
_SUFFIX_WORDS = frozenset("智能 科技 集团 公司 实验室 研究院 大学 机器人".split())
_UNIT_START = re.compile(r"^[亿万千百十元美欧英港%％倍轮个款台家年月日号代]")


def _segment(text: str, before: list[str]) -> list[str]:
    """Words of a piece of text without quoted names or Latin words; a unit or a single character is glued to
    the word before it (the last of `before` when the piece starts with one)."""
    if not text:
        return []
    if not _CJK.search(text):
        return regex.findall(r"\X", text)
    import jieba  # loads its dictionary once (~1 s); the offline editor has usually loaded it already

    jieba.setLogLevel(logging.WARNING)
    words: list[str] = []
    for word in jieba.lcut(text):
        if not words and before and _glued(before[-1], word):
            before[-1] += word
            continue
        if words and _glued(words[-1], word):
            words[-1] += word
        else:
            words += [word] if _CJK.search(word) else regex.findall(r"\X", word)
    return words


def _glued(previous: str, word: str) -> bool:
    """Whether a Chinese word belongs to the word before it: a single character, a company suffix, a unit after
    a number or a Latin word."""
    if not (previous and _CJK.search(word)):
        return False
    last = previous[-1]
    latin = last.isascii() and last.isalnum()
    single = len(word) == 1 and bool(_CJK.search(last) or latin)
    return single or word in _SUFFIX_WORDS or (latin and bool(_UNIT_START.match(word)))


def tokens(text: str, font: Measure, max_width: int) -> list[str]:
    """The words a line may break between (see the module docstring); a word wider than `max_width` is split into
    grapheme clusters (an emoji sequence stays one)."""
    joined = _words(text)
    return [
        piece
        for token in joined
        for piece in ([token] if font.getlength(token) <= max_width else regex.findall(r"\X", token))
    ]


def _break(text: str, font: Measure, max_width: int) -> list[str]:
    """All the lines of `text` within `max_width`, broken between words, kinsoku respected."""
    lines: list[list[str]] = []
    current: list[str] = []
    for token in tokens(" ".join(text.split()), font, max_width):
        if not current and token.isspace():
            continue
        width = font.getlength("".join(current) + token)
        hangs = token in NO_LINE_START and width <= max_width + font.getlength("。")  # 悬挂标点
        if not current or width <= max_width or hangs:
            current.append(token)
            continue
        carried = [token]
        while len(current) > 1 and (
            carried[0][0] in NO_LINE_START or current[-1][-1] in NO_LINE_END or current[-1].isspace()
        ):
            carried.insert(0, current.pop())
        lines.append(current)
        current = carried[1:] if carried[0].isspace() else carried
    if current:
        lines.append(current)
    return ["".join(line).strip() for line in lines]


def fit_lines(text: str, font: Measure, max_width: int, max_lines: int) -> list[str]:
    """The lines of `text` when it fits in `max_lines`; else of its longest head of whole clauses that fits
    (without the clause mark); [] when not even its first clause fits. Never an ellipsis."""
    text = " ".join(text.split())
    heads = [text] + [
        text[: m.start()].rstrip() for m in reversed(list(_CLAUSE.finditer(text))) if m.start() > 0
    ]
    for head in heads:
        lines = _break(head, font, max_width)
        if head and len(lines) <= max_lines and all(_width(line, font) <= max_width for line in lines):
            return lines
    return []


def _width(line: str, font: Measure) -> float:
    """A line's width without a closing mark that hangs past the margin (悬挂标点)."""
    return font.getlength(line[:-1] if line and line[-1] in NO_LINE_START else line)


def _fit_ellipsis(line: str, font: Measure, max_width: int) -> str:
    """`line` shortened by whole words so that it ends in "…" within max_width, never after an opening bracket or
    a comma."""
    words = tokens(line.rstrip(), font, max_width)
    while words and (
        font.getlength("".join(words).rstrip() + ELLIPSIS) > max_width
        or words[-1][-1] in NO_LINE_END
        or words[-1][-1] in "，、；：,;: "
        or words[-1].isspace()
    ):
        words.pop()
    return "".join(words).rstrip() + ELLIPSIS


def wrap_text(text: str, font: Measure, max_width: int, max_lines: int) -> list[str]:
    """Wrap by pixel width between words (see the module docstring). More than `max_lines` lines: the last one
    ends in "…" after a whole word (the last resort; `fit_lines` never cuts)."""
    texts = _break(text, font, max_width)
    if len(texts) > max_lines:
        texts = texts[: max_lines - 1] + [_fit_ellipsis(texts[max_lines - 1], font, max_width)]
    return texts
