"""Pure: the lines around an article's text that are not the article: the headline again, the byline and time
line, "5 min read", share and copyright lines, "Advertisement", a closing list of related links.

Extractors keep them because they sit inside the article element; they then reach summaries and tags. Each rule
is checked against the gold texts of the ScrapingHub benchmark (`scripts/bench extract`): it must not remove
lines the gold text has.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from difflib import SequenceMatcher

# How far into the text a headline, byline or time line is looked for, and how long such a line can be.
_HEAD_LINES = 6
_META_MAX = 100
_TAIL_MAX = 200
_RELATED_ITEM_MAX = 150
_BYLINE = re.compile(
    r"^(?:by|written by|posted by|reported by|words by|story by|text by|photos? by|reporting by)\s+[^\W\d]",
    re.I,
)
_LABEL = re.compile(
    r"^[【\[(（]?\s*(?:作者|来源|出处|编辑|责编|责任编辑|记者|通讯员|撰文|撰稿|文|图|文图|图文|摄影|发布时间|"
    r"发布日期|发表时间|发表于|发布于|时间|日期|更新时间|更新于|原标题|原创|字号|阅读|浏览|阅读量|浏览量|点击|"
    r"author|source|published|updated|posted|date|last updated)\s*[:：|丨｜/]",
    re.I,
)
# What a line that only says when (or how long to read) is made of.
_WHEN = re.compile(
    r"\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?|\d{1,2}\s*月\s*\d{1,2}\s*日|\d{1,2}\s*[:：]\s*\d{2}"
    r"(?:\s*[:：]\s*\d{2})?|\d+(?:st|nd|rd|th)?(?![a-z\d])|"
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?|"
    r"\b(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)[a-z]*\b|"
    r"\b(?:[ap]\.?m\.?|utc|gmt|[ecmp][sd]t|akst|hst|aest|aedt|cet|cest|bst|ist|jst|kst|sgt|hkt|z)\b|"
    r"\b(?:published|updated|posted|last|modified|created|on|at|ago|just|now|today|yesterday|an?|read|reading|"
    r"time|min|mins|minutes?|hours?|hrs?|h|days?|weeks?|months?|years?|seconds?|secs?|s)\b|"
    r"分钟前|小时前|天前|秒前|刚刚|今天|昨天|前天|分钟|阅读|发布于|发布|更新于|更新|星期[一二三四五六日天]|周[一二三四五六日]",
    re.I,
)
_FURNITURE = re.compile(
    r"^(?:advertisements?|ad|sponsored(?: content)?|skip advertisement|story continues below(?: advertisement)?|"
    r"continue reading(?: below| the main story)?|scroll to continue with content|广告|推广)$",
    re.I,
)
# A photo credit on a line of its own ("Photo: …", "Photograph by …", "(Image: … / Getty Images)", "图片来源：…").
_CREDIT = re.compile(
    r"^[(\[（【]?\s*(?:(?:photo(?:graph)?s?|images?|pictures?|illustration|video|credits?)\s*(?:by\b|[:：])|"
    r"(?:图|图片|图片来源|摄影|配图|视频)\s*[:：|丨｜/])",
    re.I,
)
_TAIL = re.compile(
    r"^(?:©|\(c\)\s|copyright\b|all rights reserved|版权所有|版权声明|未经(?:授权|许可)|转载请|"
    r"本文(?:来源|转载|转自|由)|"
    r"责任编辑|编辑\s*[:：]|来源\s*[:：]|share (?:this|on)\b|share$|分享到|分享$|tags?\s*[:：]|标签\s*[:：]|"
    r"follow us\b|关注我们)",
    re.I,
)
_RELATED = re.compile(
    r"^(?:related(?: articles| stories| posts| content| reading| coverage| links)?|more from\b.*|read more|"
    r"recommended(?: for you| reading)?|you (?:may|might) also like|"
    r"更多阅读|相关阅读|相关文章|相关新闻|推荐阅读|延伸阅读)\s*[:：]?$",
    re.I,
)
_SEPARATORS = re.compile(r"\s+[-|–—:·]\s+|\s*[_｜|]\s*|\s+::\s+")
_WORDS = re.compile(r"\W+")


def clean_lines(text: str, titles: Sequence[str] = ()) -> str:
    """`text` (paragraphs, one per line) without leading headline/byline/time lines, furniture lines anywhere, and
    trailing share/copyright lines or a closing "Related" list. Paragraphs are separated by blank lines."""
    lines = [line.strip() for line in text.splitlines()]
    lines = [line for line in lines if line and not _is_furniture(line)]
    keys = _title_keys(titles)
    start = 0
    while start < min(len(lines), _HEAD_LINES) and (
        is_meta_line(lines[start]) or _is_title(lines[start], keys)
    ):
        start += 1
    lines = lines[start:]
    lines = lines[: _related_start(lines)]
    while lines and len(lines[-1]) <= _TAIL_MAX and _TAIL.match(lines[-1]):
        lines.pop()
    return "\n\n".join(lines)


def _is_furniture(line: str) -> bool:
    """An "Advertisement" line or a photo credit line, wherever it stands."""
    return bool(_FURNITURE.match(line.strip(" .:-–—")) or (len(line) <= _META_MAX and _CREDIT.match(line)))


def is_meta_line(line: str) -> bool:
    """Whether a line is a byline, a source or time line, or a reading time: "By Staff Writer · 2026-11-25
    06:00", "作者：… 2026-11-25 06:00", "来源：… 发布时间：…", "Published 3 hours ago", "5 min read"."""
    line = line.strip()
    if not line or len(line) > _META_MAX:
        return False
    if _LABEL.match(line):
        return True
    if _BYLINE.match(line) and not line.endswith((".", "?", "!", "。", "？", "！")):
        return True
    rest = _WHEN.sub(" ", line)
    return rest != line and not _WORDS.sub("", rest)


def _title_keys(titles: Sequence[str]) -> list[str]:
    """Each title as compared (lower case, letters and digits only), whole and without a site name."""
    keys: list[str] = []
    for title in titles:
        parts = [title, *sorted(_SEPARATORS.split(title), key=len, reverse=True)[:1]]
        for part in parts:
            key = _key(part)
            if len(key) >= 4 and key not in keys:
                keys.append(key)
    return keys


def _key(text: str) -> str:
    return _WORDS.sub("", text).lower()


def _is_title(line: str, keys: Sequence[str]) -> bool:
    """Whether a line repeats a headline: the same letters and digits, give or take punctuation, spacing, a site
    name or a few edits (difflib ratio ≥ 0.85)."""
    key = _key(line)
    if not key:
        return False
    for title in keys:
        if key == title or (title in key and len(key) <= 1.4 * len(title)):
            return True
        matcher = SequenceMatcher(None, key, title, autojunk=False)
        if matcher.real_quick_ratio() >= 0.85 and matcher.quick_ratio() >= 0.85 and matcher.ratio() >= 0.85:
            return True
    return False


def _related_start(lines: list[str]) -> int:
    """Where a closing list of related links starts (a "Related …" heading followed only by short lines up to
    the end), or len(lines)."""
    for index in range(len(lines) - 1, max(-1, len(lines) - 30), -1):
        if _RELATED.match(lines[index]):
            if all(len(line) <= _RELATED_ITEM_MAX for line in lines[index + 1 :]):
                return index
            break
    return len(lines)
