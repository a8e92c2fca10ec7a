"""Pure: the distinctive names in a headline or a lead paragraph, comparable across Chinese and English.

A Chinese report and an English report of one event rarely share words, but they share names:
- Latin names inside Chinese text ("Northwind Labs发布Aurora-3芯片" ↔ "Northwind Labs unveils Aurora-3");
- Chinese names against their pinyin (星衡智能 ↔ "Xingheng AI", 智谱 ↔ "Zhipu"), read with pypinyin;
- a few well-known names that are translated, not transliterated (英伟达 ↔ Nvidia; `ALIASES`);
- product versions ("GPT-5", "Ember-3", "玄枢4"): the same base name with another version is another product.

Pinyin matches by chance too ("women" is the pinyin of 我们), so an English word counts as pinyin only when it is
written capitalised, is at least five letters long, spans at least two syllables and is not a common English word
(`PINYIN_FALSE_FRIENDS`). A foreign name Chinese writes by sound (芬威克 ↔ Fenwick, 英特尔 ↔ Intel) meets its
English spelling through their consonant skeletons: generator.lang.sounds. An English headline's descriptor opener
("Robot maker Beacon…": `strip_descriptor`) and the words of its figures ("Series B") are no names. A product name
translated by meaning (星织 ↔ StarWeave) matches only when a Chinese lead of the day gives the English name in
brackets (`glossed_names`); otherwise the numbers and the company link such reports (see generator.stories.cluster).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Set
from functools import lru_cache
from itertools import product

from pypinyin import Style, lazy_pinyin, pinyin

from generator.lang.quantities import read_quantities

_ROMAN = re.compile(r"[ivx]{1,4}|l[0-5]")  # roman numerals; driving-automation levels (L4 ↔ Level 4)
_LATIN = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:[-.][A-Za-z0-9]+)*\+?")
CJK_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_VERSIONED = re.compile(r"^([a-z]{2,})[-.]?v?(\d+(?:\.\d+)?[a-z]?)$")
_SIZED = re.compile(r"(?<![A-Za-z0-9.-])([A-Za-z]{2,})-(\d+(?:\.\d+)?[KkMBbTt])(?![A-Za-z0-9])")
_CJK_VERSIONED = re.compile(
    r"(?<!首|第)([\u4e00-\u9fff]{2})[\s“”\"'-]*[Vv]?(\d{1,2}(?:\.\d)?)"
    r"(?![\d.%％倍成万亿千百元年月日天秒个种台家名位款条项次轮纳英寸米克瓦度分小周])"  # not a size ("首款5纳米")
)
# Latin words that say nothing about which story it is: acronyms of the trade, units, common headline words.
GENERIC = frozenset(
    """ai aigc agi api apis app apps gpu gpus cpu npu tpu ipo ceo cto cfo coo llm llms ml nlp ar vr xr saas sdk pc
    os iot ev k m b t bn nm tflops pflops eflops flops token tokens moe rag 5g ui ux the a an and of for in on to
    with from by at new model models robotaxi robot robots chip chips agent agents app pro max mini plus lite
    inc ltd co corp labs lab tech technology technologies group ai-generated open source open-source cloud
    data the ceo's us eu uk china chinese level class""".split()
)
# Capitalised English words that are also pinyin of common Chinese words.
PINYIN_FALSE_FRIENDS = frozenset(
    "women human manage change range along lingo anime china panda banana dante manga tension bench shame".split()
)
# Names written by meaning, not by sound, in Chinese reports (well-known companies, products and bodies).
ALIASES = {
    "英伟达": "nvidia",
    "谷歌": "google",
    "微软": "microsoft",
    "苹果": "apple",
    "亚马逊": "amazon",
    "英特尔": "intel",
    "超威": "amd",
    "高通": "qualcomm",
    "特斯拉": "tesla",
    "三星": "samsung",
    "台积电": "tsmc",
    "甲骨文": "oracle",
    "软银": "softbank",
    "字节跳动": "bytedance",
    "腾讯": "tencent",
    "月之暗面": "moonshot",
    "商汤": "sensetime",
    "旷视": "megvii",
    "科大讯飞": "iflytek",
    "宇树": "unitree",
    "可灵": "kling",
    "通义千问": "qwen",
    "千问": "qwen",
    "文心": "ernie",
    "欧盟": "eu",
    "马斯克": "musk",
    "黄仁勋": "huang",
    "奥特曼": "altman",
    "深度求索": "deepseek",
    "稀宇": "minimax",
    "阶跃星辰": "stepfun",
    "智元": "agibot",
}
_ALIAS = re.compile("|".join(sorted(ALIASES, key=len, reverse=True)))


# What an English headline may open with before the name it is about: a descriptor in apposition ("Warehouse robot
# maker Thistle lands $90M", "Chipmaker Corvid cuts 200 jobs", "AI startup Wren raises…"). Its words are capitalised
# by the headline's rule, not because they are a name.
_DESCRIPTOR = re.compile(
    r"^(?:[A-Z][\w-]*\s)?(?:[a-z][\w-]*\s){0,3}?"
    r"(?:[\w-]*(?:maker|builder)|startup|start-up|firm|company|giant|rival|unicorn|developer|provider|operator|"
    r"supplier|vendor|lab|platform|group|designer|specialist)\s+(?=[A-Z])"
)


def _predicate(words: list[str]) -> bool:
    """Whether the lower-case words before a descriptor hold a verb ("acquires", "to buy"): then the descriptor
    is the object's ("Pelham acquires speech startup Lingyun"), and the headline opens with its subject."""
    return any(w == "to" or (w.endswith("s") and not w.endswith(("ss", "ics", "us", "is"))) for w in words)


def strip_descriptor(title: str) -> str:
    """An English headline without the descriptor it opens with before its subject's name (`_DESCRIPTOR`):
    "Robot maker Beacon cuts 150 jobs" → "Beacon cuts 150 jobs"; other headlines are returned as they are, among
    them those whose words before the descriptor hold a verb ("Pelham acquires speech startup Lingyun")."""
    title = title.lstrip()
    match = _DESCRIPTOR.match(title)
    if not match or _predicate(match.group().split()[1:]):
        return title
    return title[match.end() :]


def latin_names(text: str, chinese: bool) -> set[str]:
    """Lower-cased Latin names in `text`: in Chinese text every Latin word is one (Chinese headlines write only
    names, acronyms and units in Latin letters); in English text the capitalised words and words with a digit, after
    the descriptor a headline may open with (`strip_descriptor`). The words of a figure are no name ("Series B",
    "Level 4", "$90M": generator.lang.quantities reads them), nor are generic words (`GENERIC`). A versioned name
    also gives its base: "StarWeave-2" → {"starweave-2", "starweave"}; a possessive loses its "'s"."""
    names: set[str] = set()
    text = read_quantities(text if chinese else strip_descriptor(text))[1]
    for match in _LATIN.finditer(re.sub(r"['’]s\b", "", text)):
        word = match.group()
        if not chinese and not (word[0].isupper() or any(c.isdigit() for c in word)):
            continue
        word = word.lower().rstrip(".")
        if word in GENERIC or len(word) < 2 or word.startswith("ai-") or _ROMAN.fullmatch(word):
            continue  # "AI-designed" is a word; "II", "IV" are numbers
        names.add(word)
        versioned = _VERSIONED.match(word)
        if versioned and versioned.group(1) not in GENERIC:
            names.add(versioned.group(1))
    return names


_GLOSSED = re.compile(
    r"([\u4e00-\u9fff]{2,4}(?:[-.]?\d+(?:\.\d+)?)?)[”\"’']?\s*[（(]\s*([A-Za-z][A-Za-z0-9 .+-]{1,40}?)\s*[）)]"
)


def glosses(lead: str) -> dict[str, frozenset[str]]:
    """The Chinese names a Chinese text glosses in brackets, with their Latin names: "星织2（StarWeave-2）",
    "方舟具身（Ark Embodied）" → {"星织2": {"starweave-2", "starweave"}, "方舟具身": {"ark", "embodied"}}."""
    found: dict[str, frozenset[str]] = {}
    for match in _GLOSSED.finditer(lead):
        names = latin_names(match.group(2), chinese=True)
        if names:
            found[match.group(1)] = found.get(match.group(1), frozenset()) | names
    return found


def glossed_names(title: str, lead: str, glossary: Mapping[str, frozenset[str]] | None = None) -> set[str]:
    """The Latin names a Chinese lead (or `glossary`: the glosses of every lead of the day) gives in brackets for
    names in the headline: "星织2（StarWeave-2）" → the Latin names of "StarWeave-2" when the headline has 星织2.
    This is how a product or company named by meaning (星织 ↔ StarWeave) meets its English report, also through
    another Chinese report that glossed the name."""
    names: set[str] = set()
    for table in (glosses(lead), glossary or {}):
        for chinese, latin in table.items():
            if chinese in title:
                names |= latin
    return names


def alias_names(text: str) -> set[str]:
    """The English names of the well-known Chinese names in `text` (see `ALIASES`)."""
    return {ALIASES[m.group()] for m in _ALIAS.finditer(text)}


@lru_cache(maxsize=4096)
def syllables(run: str) -> tuple[str, ...]:
    """The toneless pinyin syllables of a run of Chinese characters, in their most likely reading ("星衡" →
    ("xing", "heng"))."""
    return tuple(lazy_pinyin(run, errors="ignore"))


@lru_cache(maxsize=4096)
def readings(run: str) -> tuple[tuple[str, ...], ...]:
    """Every toneless reading of each character of a run: names are often read the rarer way (长风 is "Changfeng",
    though 长 alone is most often read "zhang" there), so a name matches any of them."""
    likely = syllables(run)
    every = pinyin(run, style=Style.NORMAL, heteronym=True, errors="ignore")
    if len(every) != len(likely):
        return tuple((s,) for s in likely)
    return tuple(tuple(dict.fromkeys((first, *others))) for first, others in zip(likely, every, strict=True))


def pinyin_keys(text: str, longest: int = 4) -> set[str]:
    """Every run of 2 to `longest` consecutive syllables of the Chinese text in `text`, in toneless pinyin and
    joined, in every reading of each character ("星衡智能" → {"xingheng", "xinghengzhi", "xinghengzhineng",
    "hengzhi", …}; "长风" → {"zhangfeng", "changfeng"}): the spellings an English report may use for a name."""
    keys: set[str] = set()
    for run in CJK_RUN.findall(text):
        spelled = readings(run)
        for start in range(len(spelled) - 1):
            for end in range(start + 2, min(start + longest, len(spelled)) + 1):
                keys.update(map("".join, product(*spelled[start:end])))
    return keys


def could_be_pinyin(name: str) -> bool:
    """Whether an English-text name may be read as pinyin: at least five letters, no digits, not a common English
    word that is also pinyin (`PINYIN_FALSE_FRIENDS`)."""
    return len(name) >= 5 and name.isalpha() and name not in PINYIN_FALSE_FRIENDS


_PINYIN_WORD = re.compile(
    r"(?:(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?"
    r"(?:iang|iong|uang|ueng|ang|eng|ing|ong|uai|uan|ian|iao|ai|ei|ao|ou|an|en|in|un|ia|ie|iu|ua|uo|ui|ue|er|a|o|e|i|u|v))"
    r"{2,4}"
)


def spelled_in_pinyin(name: str) -> bool:
    """Whether a name (lower-cased) is written as two to four pinyin syllables and could be pinyin at all
    (`could_be_pinyin`): "dongshan", "qingcen" are; "deepblue", "harbor" are not (a name translated by meaning)."""
    return could_be_pinyin(name) and bool(_PINYIN_WORD.fullmatch(name))


def pinyin_matches(names: Iterable[str], *keys: Set[str]) -> set[str]:
    """The names (from English text) that are the pinyin of Chinese text with the pinyin `keys` (see
    `pinyin_keys`), as far as `could_be_pinyin` allows."""
    return {n for n in names if any(n in k for k in keys) and could_be_pinyin(n)}


def versions(text: str, names: set[str]) -> set[tuple[str, str]]:
    """(base, version) of each versioned product name: from Latin `names` ("ember-3" → ("ember", "3")), from a
    name with its size in `text` ("Sprig-8B" → ("sprig", "8b")) and from
    Chinese names followed by a small number ("玄枢4" → ("xuanshu", "4"), by pinyin, so that it meets "Xuanshu-4")."""
    found = {
        (m.group(1), m.group(2)) for m in map(_VERSIONED.match, names) if m and m.group(1) not in GENERIC
    }
    for match in _SIZED.finditer(text):  # "Sprig-8B": a size of the product, read as a figure too
        if match.group(1).lower() not in GENERIC:
            found.add((match.group(1).lower(), match.group(2).lower()))
    for match in _CJK_VERSIONED.finditer(text):
        found.add(("".join(syllables(match.group(1))), match.group(2)))
    return found


def version_conflict(a: set[tuple[str, str]], b: set[tuple[str, str]]) -> bool:
    """True when both name one product base with no version in common ("GPT-5" vs "GPT-4.5"): other products."""
    for base in {x for x, _ in a} & {x for x, _ in b}:
        if not {v for x, v in a if x == base} & {v for x, v in b if x == base}:
            return True
    return False


# What a Chinese headline names after a deal's verb: the other party ("收购语音公司声海" → 声海, "与江北银行合作" →
# 江北银行); a descriptor before 公司/企业 is not the name.
_COUNTERPART = re.compile(
    r"(?:收购|并购|买下|入股|牵手|携手|联手|联合|落地|(?<![参给赋授赠])与|(?<![总平温缓共])和)"
    r"(?:[^\s，,。：:]{0,6}?(?:公司|企业|厂商|平台|初创))?"
    r"([\u4e00-\u9fffA-Za-z0-9]{2,8}?)(?=合作|签约|达成|共建|成立|推出|发布|，|,|。|$|\s)"
)


def counterpart(title: str) -> str:
    """The other party of a deal in a Chinese headline (see `_COUNTERPART`); "" when it names none."""
    match = _COUNTERPART.search(title)
    return match.group(1) if match else ""
