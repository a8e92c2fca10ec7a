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
    r"^[(\[（【]?\s*(?:(?:photo(?:graph)?s?|images?|pictures?|illustration|video|credits?)"
    r"(?:\s+(?:credits?|source|courtesy))?\s*(?:by\b|of\b|[:：])|"
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

# ---- credits glued to a paragraph (strip_credits) -------------------------------------------------------------
# Who wrote, edited or photographed it, and where and when it was filed, written at the start or end of a
# paragraph of the story itself (news agencies' and papers' conventions, Chinese and English). A name is a short
# run without sentence punctuation; the label or the brackets around it are what make it a credit.
_CN_ROLE = r"(?:特约|见习|实习|驻[\u4e00-\u9fff]{1,4})?(?:记者|通讯员|编译|撰稿|撰文|作者|摄影|摄|编辑|责编|责任编辑)"
_CN_NAME = r"[^\s，。！？；：:（）()【】]{1,12}"
_CN_CREDIT_PARENS = rf"[（(]\s*(?:本报|本刊)?{_CN_ROLE}(?:\s*[:：/]?\s*{_CN_NAME})+\s*[）)]"
_SENTENCE_ENDS = ("。", "！", "？", "…", ".", "!", "?", "”", "」")
_LEADING_CREDITS = tuple(
    re.compile(p)
    for p in (
        # 本报讯 / 本刊讯, and a dateline: 本报北京11月15日电, 新华网上海11月15日电, 某某社11月15日讯, 某某网消息
        r"^(?:本报讯|本刊讯|本站讯|本网讯)",
        r"^(?:本报|本刊|[\u4e00-\u9fff]{2,8}(?:社|网|报|台|新闻))[\u4e00-\u9fff]{0,6}"
        r"(?:\d{1,2}|[一二三四五六七八九十]{1,3})月(?:\d{1,2}|[一二三四五六七八九十]{1,3})日(?:电|讯)",
        r"^[\u4e00-\u9fff]{2,8}(?:网|社|客户端)消息",
        # (记者 林晓 通讯员 赵六), 本报记者 林晓 报道
        rf"^{_CN_CREDIT_PARENS}",
        rf"^(?:本报|本刊)?{_CN_ROLE}(?:\s*{_CN_NAME}){{1,4}}?\s*报道",
        # 来源：某某日报  作者：王五  (a label, its value, then a space before the story goes on)
        r"^[【\[]?(?:来源|出处|作者|记者|编辑|责编|责任编辑|通讯员|文|图|摄影|图片来源|图源)\s*[:：|丨｜/]\s*"
        r"[^\s，。！？；]{1,20}[】\]]?\s+(?=\S)",
        # SAN FRANCISCO (Wire Service) — / LONDON, Nov 15 (Agency) - / NEW YORK —
        # (a place of one word has four letters at least: "AI — …" is no dateline)
        r"^(?:[A-Z][A-Z.'’]{3,}|[A-Z][A-Z.'’]+(?:[ -][A-Z][A-Z.'’]+){1,3})"
        r"(?:,\s*[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:,\s*\d{4})?)?"
        r"\s*(?:\([A-Z][\w .&'’-]{1,40}\)\s*)?[—–-]{1,2}\s+(?=\S)",
        # By Mira Castell | … / By Mira Castell, Staff Writer · …
        r"^By\s+[A-Z][\w'’.-]*(?:\s+(?:and\s+)?[A-Z][\w'’.-]*){0,5}(?:,\s*[A-Za-z][\w ]{1,30}?)?\s*[|·•]\s*",
    )
)
_TRAILING_CREDITS = tuple(
    re.compile(p, re.I)
    for p in (
        # （责编：李四） （来源：某某日报） （编辑 王五 审核 赵六） (Reporting by …; Editing by …)
        r"[（(]\s*(?:责任编辑|责编|编辑|来源|稿件来源|记者|作者|审核|审校|校对|编审|监制|终审|二审|初审|"
        r"图片来源|图源|摄影|文)\s*[:：/]?\s*[^（）()]{1,60}[）)]\s*$",
        r"\((?:additional\s+)?(?:reporting|writing|editing|edited|compiled)\s+by\b[^()]{1,160}\)\s*$",
        # …上线。责任编辑：李四  / …上线。 来源：某某日报
        r"(?<=[。！？!?.”」』])\s*(?:(?:责任编辑|责编|编辑|来源|审核|校对|图片来源|图源)\s*[:：]\s*"
        r"[^。！？\s]{1,20}\s*){1,4}$",
    )
)
# A credit in brackets inside a paragraph: （图片来源：…） (Photo: … / …) [Image credit: …] （记者 林晓） （责编：李四）
# (a feed's summary is one line: the credits of its paragraphs are inside it).
_CREDIT_ANYWHERE = re.compile(
    r"\s*(?:[（(\[]\s*(?:(?:图片来源|图源|图片|配图|摄影|图)\s*[:：/／|丨｜]|"
    r"(?:photo(?:graph)?s?|images?|pictures?|illustration)(?:\s+(?:credit|source|courtesy))?\s*(?::|by\b)|"
    r"credit\s*:)[^（）()\[\]]{1,80}[）)\]]"
    rf"|{_CN_CREDIT_PARENS}"
    r"|[（(]\s*(?:责任编辑|责编|来源|稿件来源|审核|审校|校对)\s*[:：/][^（）()]{1,60}[）)])",
    re.I,
)
_WORDS = re.compile(r"\W+")


def clean_lines(text: str, titles: Sequence[str] = ()) -> str:
    """`text` (paragraphs, one per line) without leading headline/byline/time lines, furniture lines anywhere, and
    trailing share/copyright lines or a closing "Related" list. Paragraphs are separated by blank lines."""
    lines = [strip_credits(line) for line in text.splitlines()]
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


def strip_credits(paragraph: str) -> str:
    """`paragraph` without the credits glued to it: a dateline or 本报讯 and a byline in brackets at its start
    ("本报北京11月15日电（记者 林晓）", "（记者 林晓 通讯员 赵六）", "本报记者 林晓 报道", "来源：某某日报 ",
    "SAN FRANCISCO (Wire Service) — ", "By Mira Castell | "), the editors and sources at its end ("（责编：李四）",
    "。责任编辑：李四", "(Reporting by …; Editing by …)"), and photo credits in brackets anywhere ("（图片来源：…）",
    "(Photo: … / …)"). A sentence that only mentions a reporter ("记者近日走访发现…", "By 2030, …") stays whole.
    Returns the stripped paragraph ("" when it was only credits).
    """
    text = paragraph.strip()
    if is_meta_line(text) and not text.endswith(_SENTENCE_ENDS):  # a whole byline or time line: clean_lines
        return text  # drops it where it stands
    for _ in range(4):  # a dateline, then the byline after it …
        before = text
        for pattern in _LEADING_CREDITS:
            text = pattern.sub("", text, count=1).lstrip(" ：:，,—–-|·")
        for pattern in _TRAILING_CREDITS:
            text = pattern.sub("", text).rstrip()
        if text == before:
            break
    return _CREDIT_ANYWHERE.sub("", text).strip()


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
