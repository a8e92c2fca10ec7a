"""Pure: a post's reading time in whole minutes, for its front matter's `readtime`.

Material's blog plugin (9.x) counts reading time by splitting the page's text at non-word characters
(`re.split(r"\\W+", …)`), so a run of Chinese characters with no space in it counts as one word: 1,340 characters
read as "1 分钟". A post's `readtime` in front matter overrides that count (Material's blog plugin, "readtime",
documented under the post's metadata). Here Chinese, Japanese and Korean characters count at CJK_PER_MINUTE (the
rate commonly given for reading Chinese, about 300–500 characters a minute; we take 400) and the words of other
scripts at WORDS_PER_MINUTE (Material's own default, `post_readtime_words_per_minute`), plus Material's own
allowance for images (12 s for the first, one second less for each next one, at least 3 s).
"""

from __future__ import annotations

import math
import re

CJK_PER_MINUTE = 400  # characters of Chinese a minute
WORDS_PER_MINUTE = 265  # words of other scripts a minute (Material's post_readtime_words_per_minute default)

_FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.S)
_COMMENT = re.compile(r"<!--.*?-->", re.S)
_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_LINK = re.compile(r"\[((?:\\.|[^\]\\])*)\]\([^)]*\)")
_ATTRIBUTES = re.compile(r"\{[:]?\s*[^{}\n]*\}")
_TAG = re.compile(r"<[^>]+>")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")
_WORD = re.compile(r"[^\W_]+(?:['’.,-][^\W_]+)*")  # "Aurora-3", "don't", "1,340" and "4.5" are one word each


def reading_seconds(markdown: str) -> float:
    """Seconds to read the visible text of a post's Markdown (front matter, comments, URLs, attribute lists and
    HTML tags left out): CJK characters at CJK_PER_MINUTE, other words and numbers at WORDS_PER_MINUTE, plus
    Material's allowance per image."""
    text = _FRONT_MATTER.sub("", markdown)
    text = _COMMENT.sub(" ", text)
    images = len(_IMAGE.findall(text))
    text = _LINK.sub(r"\1", _IMAGE.sub(" ", text))
    text = _TAG.sub(" ", _ATTRIBUTES.sub(" ", text))
    characters = len(_CJK.findall(text))
    words = len(_WORD.findall(_CJK.sub(" ", text)))
    seconds = characters / CJK_PER_MINUTE * 60 + words / WORDS_PER_MINUTE * 60
    delta = 12
    for _ in range(images):
        seconds += delta
        delta = max(3, delta - 1)
    return seconds


def reading_minutes(markdown: str) -> int:
    """Whole minutes (rounded up, at least 1) to read a post's Markdown (see reading_seconds)."""
    return max(1, math.ceil(reading_seconds(markdown) / 60))
