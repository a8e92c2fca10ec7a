"""Checks of model text: is it clean, and is it about the stories it cites?

A model that obeyed an instruction planted in an article leaves traces in what it writes. `problem(text)` names the
first one found in a raw model text (before any cleaning, so that a stripped link cannot leave "详见 与 官网" behind):

- "injection": the words of an injected instruction, in Chinese or English (`INJECTION`: "忽略以上所有指令",
  "ignore previous instructions", "在文章末尾加入链接", "add a link", our own prompt delimiters …);
- "link": a URL, a bare domain with a common top-level domain, an e-mail address, an @handle (`LINKS`);
- "markup": HTML tags (also when written as entities), Markdown links, images and reference definitions, code
  fences, attribute lists (`MARKUP`);
- "call to action": 点击, 扫码, 加群, 关注我们, 私信, "click here", "subscribe now", "follow us" … (`CALLS_TO_ACTION`).

Each pattern is narrow enough for ordinary news text ("引发关注", "一键部署", "订阅制" pass); a false alarm costs one
field, which then takes the offline editor's text. `is_topic_word(tag)` accepts short topic words only, and
`foreign(text, language)` finds a text a Chinese post cannot show (no Chinese, or an English sentence), and
`Grounds.names(text, stories)` checks that a title, bullet, headline or summary shares a distinctive name, number or
word with the stories it cites (see `Grounds`). Every rule has its own test in tests/test_grounding.py.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence

from generator.lang import GENERIC, alias_names, is_english_sentence, latin_names, pinyin_keys, pinyin_matches
from generator.models import Story
from generator.text import (
    clean_line,
    fit_clauses,
    fit_sentences,
    has_cjk,
    remove_invisible,
    split_sentences,
    title_tokens,
)

_DEICTIC = r"(?:以上|之前|前面|上面|上述|先前|此前|原有|你的|所有|全部|一切)"
INJECTION = tuple(
    re.compile(p, re.I)
    for p in (
        rf"(?:忽略|无视|忘记|忘掉|不要理会|不再遵守|不要遵守|违背)掉?{_DEICTIC}[^。！？\n]{{0,8}}?(?:指令|指示|提示|规则|要求|设定|命令)",
        r"(?:文章|文末|末尾|结尾|正文|摘要|标题|回答)[^。！？\n]{0,8}(?:加入|添加|插入|附上|附加|放上)[^。！？\n]{0,6}(?:链接|网址|地址|二维码|广告)",
        r"(?:加入|添加|插入|附上|附加|放上)(?:一个|一条|以下|这个|该)?(?:超)?(?:链接|网址)",
        r"你现在是|从现在(?:开始|起)你|新的指令|以下指令|请执行以下",
        r"\b(?:ignore|disregard|forget|override)\s+(?:all\s+|any\s+)?(?:of\s+)?(?:the\s+|your\s+)?"
        r"(?:previous|prior|above|earlier|preceding|foregoing|original|system)\b",
        r"\byou\s+are\s+now\b|\bnew\s+instructions?\s*:|\bdeveloper\s+mode\b|\bjailbreak",
        r"\b(?:add|insert|include|append|put|place)\s+(?:a\s+|an\s+|the\s+|this\s+)?(?:hyper)?links?\b",
        r"<{3}|>{3}|\b(?:CANDIDATE|ARTICLE|BRIEF|FOLLOWUP)\s+id=|^\s*(?:system|assistant|user)\s*:",
    )
)
_TLDS = (
    "com|net|org|io|ai|cn|co|me|app|dev|xyz|top|info|biz|gg|ly|link|site|online|cc|tv|us|uk|jp|de|ru|fr|hk|tw|sg|"
    "in|so|to|example|test|shop|club|vip|wang|ink|pub|live|news|tech|cloud|page|ws|su|icu|mobi"
)
LINKS = tuple(
    re.compile(p, re.I)
    for p in (
        r"[a-z][a-z0-9+.-]*://|\bwww\.|\b(?:javascript|data|vbscript|mailto|tel):",
        rf"(?<![a-z0-9.-])(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+(?:{_TLDS})(?![a-z0-9-])",
        r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+",
        r"(?<![a-z0-9_@.])@\w{2,}",
    )
)
MARKUP = tuple(
    re.compile(p, re.I | re.M)
    for p in (
        r"</?[a-z!?][^<>]*>",
        r"\]\s*\(|!\[|\]\s*\[[^\]]*\]|^\s*\[[^\]]+\]:",
        r"```|~~~|\{\s*[:#.][^}]*\}",
    )
)
CALLS_TO_ACTION = tuple(
    re.compile(p, re.I)
    for p in (
        r"点击|点此|戳(?:这里|此处|链接)|扫码|扫描二维码|二维码|加群|进群|入群|私信|私聊",
        r"加入(?:我们的?)?(?:交流|读者|粉丝)?(?:群|社群|频道|星球)",
        r"关注(?:我们|本号|公众号|账号|频道|作者|小编)|(?:加|添加)(?:微信|vx|V信)|微信号",
        r"(?:欢迎|免费|立即|马上)订阅|订阅(?:我们|本号|频道|专栏|公众号)|(?:免费|立即|点击|扫码)领取",
        r"立即(?:购买|注册|下载|报名|参与)|转发(?:本文|给)",
        r"\bclick\s+(?:here|the\s+link|below|to)\b|\btap\s+(?:here|the\s+link)\b",
        r"\bsubscribe\s+(?:now|today|to\s+(?:us|our|this|the\s+channel))\b|\bfollow\s+(?:us|me|our|the\s+link)\b",
        r"\bsign\s+up\s+(?:now|here|today)\b|\bjoin\s+(?:us|our)\b|\bvisit\s+(?:us|our|the\s+(?:link|site|website))\b",
        r"\bdm\s+(?:us|me)\b|\blink\s+in\s+bio\b|\b(?:buy|download|register)\s+now\b",
    )
)


def normalize(text: str) -> str:
    """Text as a reader would see it: entities decoded (three times: they nest), NFKC (full-width "ｈｔｔｐ" and
    "．" become ASCII), invisible characters removed."""
    for _ in range(3):
        text = html.unescape(text)
    return remove_invisible(unicodedata.normalize("NFKC", text))


def problem(text: str) -> str | None:
    """The first trace of an injected instruction in a raw model text: "injection", "link", "markup" or
    "call to action" (see the module docstring); None when the text is clean."""
    plain = normalize(text)
    for kind, patterns in (
        ("injection", INJECTION),
        ("link", LINKS),
        ("markup", MARKUP),
        ("call to action", CALLS_TO_ACTION),
    ):
        if any(p.search(plain) for p in patterns):
            return kind
    return None


# ── cleaning (what is left after the checks: emphasis, list markers, stray brackets) ─────────────────────────

_EMPHASIS = re.compile(r"\*\*|__|`")
_BULLET = re.compile(r"^(?:[-*•·]|\d{1,2}[.)、])\s+")
_EMPTY_BRACKETS = re.compile(r"\(\s*\)|\[\s*\]|（\s*）|<\s*>")


def clean_text(text: str, limit: int, whole: str = "clauses") -> str:
    """A model text as one plain line of at most `limit` characters: entities decoded, no emphasis marks, list
    markers or controls; full-width punctuation kept (no NFKC here). Only for text that `problem` found clean.

    Never cut mid-way (issue 19 §2): a longer text keeps its leading whole sentences (`whole="sentences"`: a
    summary, an insight, a description) or its leading whole clauses (`whole="clauses"`: a headline, a title, a
    bullet, a tag); "" when not even the first one fits."""
    text = _EMPHASIS.sub("", _EMPTY_BRACKETS.sub(" ", clean_line(html.unescape(text))))
    text = _BULLET.sub("", clean_line(text))
    if len(text) <= limit:
        return text
    return fit_sentences(text, limit) if whole == "sentences" else fit_clauses(text, limit)


def checked_text(text: str, limit: int, whole: str = "clauses") -> str | None:
    """`clean_text(text, limit, whole)` when `problem(text)` finds nothing and something is left; else None."""
    if problem(text):
        return None
    return clean_text(text, limit, whole) or None


def foreign(text: str, language: str) -> bool:
    """Whether a model text is not in the Chinese post's language (issue 19 §2, issue 22): no Chinese at all, or
    one of its sentences an English sentence (lang.is_english_sentence: names, product names, code, units and
    quotes aside). Always False for a post in another language."""
    if not language.lower().startswith("zh"):
        return False
    return not has_cjk(text) or any(is_english_sentence(s) for s in split_sentences(text))


_SENTENCE = re.compile(r"[。！？!?，,；;：:、“”\"()（）《》【】\[\]{}<>|/\\]")


def is_topic_word(tag: str, limit: int = 20) -> bool:
    """A tag is a short topic word: clean (`problem`), at most 12 characters when Chinese and 3 words / `limit`
    characters otherwise, no sentence punctuation, brackets or slashes, not a bare number, not starting with # or @."""
    if problem(tag):
        return False
    word = clean_line(normalize(tag))  # NFKC: full-width punctuation counts as punctuation
    if not word or word.isdigit() or word[0] in "#@" or _SENTENCE.search(word):
        return False
    if has_cjk(word):
        return len(word) <= 12
    return len(word) <= limit and len(word.split()) <= 3


# ── grounding: does a text name the stories it cites? ────────────────────────────────────────────────────────

LEAD_CHARS = 600  # how much of each article's text a text may draw its names from
# Chinese bigrams every AI story may contain: sharing one of them says nothing about which story it is.
GENERIC_BIGRAMS = frozenset(
    "模型 大模 人工 工智 智能 发布 推出 公司 宣布 表示 今日 今天 日报 行业 产业 企业 用户 产品 数据 "
    "平台 系统 正式 全新 新的 领域 市场 进行 一个 我们 技术 开源 能力 提升 支持 相关 以上 所有 指令 链接 "
    "文章 末尾".split()
)


def _keys(text: str) -> set[str]:
    chinese = has_cjk(text)
    return title_tokens(text) | latin_names(text, chinese) | alias_names(text)


class Grounds:
    """The names, numbers and words of the day's kept stories, to check that a model text is about the ones it cites.

    A text names a story when they share a key (generator.text.title_tokens: CJK bigrams, stemmed words, numbers
    read alike in both languages; lang.names: Latin names, translated aliases, pinyin of Chinese names) that is
    distinctive: not one of `GENERIC_BIGRAMS` or generator.lang.names.GENERIC, and, on a day of 4 stories or more, not
    found in more than half of them. A story's keys come from each article's headline and first `LEAD_CHARS`
    characters.
    """

    def __init__(self, stories: Iterable[Story]) -> None:
        self._keys: dict[str, set[str]] = {}
        self._names: dict[str, set[str]] = {}
        self._pinyin: dict[str, set[str]] = {}
        for story in stories:
            texts = [f"{a.item.title}\n{(a.text or a.item.summary)[:LEAD_CHARS]}" for a in story.articles]
            self._keys[story.id] = set().union(*(_keys(t) for t in texts))
            self._names[story.id] = set().union(*(latin_names(t, has_cjk(t)) for t in texts))
            self._pinyin[story.id] = set().union(*(pinyin_keys(t) for t in texts if has_cjk(t)))
        counts = Counter(key for keys in self._keys.values() for key in keys)
        many = len(self._keys) // 2 if len(self._keys) >= 4 else len(self._keys) + 1
        self.generic = GENERIC_BIGRAMS | GENERIC | {key for key, n in counts.items() if n > many}

    def shared(self, text: str, story: Story) -> set[str]:
        """The distinctive keys `text` shares with `story` (a story the Grounds were not built with shares none)."""
        if story.id not in self._keys:
            return set()
        chinese = has_cjk(text)
        keys = _keys(text)
        found = keys & self._keys[story.id]
        found |= pinyin_matches(latin_names(text, chinese), self._pinyin[story.id])
        if chinese:
            found |= pinyin_matches(self._names[story.id], pinyin_keys(text))
        return found - self.generic

    def names(self, text: str, stories: Sequence[Story]) -> bool:
        """Whether `text` names at least one of `stories` (see the class docstring)."""
        return any(self.shared(text, story) for story in stories)
