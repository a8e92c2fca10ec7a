"""Pure: foreign names written by sound. Chinese writes a foreign name with characters that sound like it (芬威克 ↔
Fenwick, 英特尔 ↔ Intel, 麦克道尔 ↔ McDowell); the two meet through their consonant skeletons: one class per consonant
sound (b/p, d/t, g/k/c, the sibilants, l/r, m, n, f, w, h), vowels left out (`chinese_sounds`, `opening_sounds`,
`english_sounds`), the English spelling also as a transliteration hears it (`english_sound_forms`). Split from
generator.lang.names, whose pinyin readings it uses.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Set
from functools import lru_cache

from generator.lang.names import CJK_RUN, could_be_pinyin, syllables

# Characters Chinese writes foreign names with by sound (the common ones of Xinhua's transliteration tables):
# 芬威克 is "Fenwick", 凯斯特雷尔 "Kestrel", 英特尔 "Intel".
TRANSLITERATION = frozenset(
    "阿埃艾爱安昂奥澳巴拜班邦贝本比彼毕宾波伯博布查达戴丹道德登迪蒂丁东杜顿多厄恩尔法范菲费芬丰冯佛夫弗福富盖甘冈"
    "高戈哥格根古瓜哈海汉豪赫亨洪胡华霍基吉加贾杰金卡凯坎康考柯科克肯库夸奎昆拉莱赖兰朗劳勒雷蕾黎里理利莉丽连林"
    "琳隆卢鲁路伦罗洛吕马玛迈麦曼梅门蒙米密明摩莫默姆穆纳娜奈南内尼妮涅宁纽努诺欧帕潘庞佩彭皮珀普奇乔切钦琼丘萨"
    "塞桑瑟森沙莎尚舍什施史斯松苏索塔泰坦汤唐特提廷通图托瓦万旺威韦维温文沃乌伍西希锡席夏谢辛休许亚扬耶伊因英尤"
    "约泽扎詹芝朱兹卓"
)
_MIN_SOUNDS = 3  # consonant classes a name's sound needs to count (fewer match by chance)
# Consonant classes of pinyin initials and English letters: what a transliteration keeps of a name's sound.
_INITIAL_CLASS = {
    **dict.fromkeys("bp", "P"),
    **dict.fromkeys("dt", "T"),
    **dict.fromkeys("gk", "K"),
    **dict.fromkeys(("j", "q", "x", "z", "c", "s", "zh", "ch", "sh"), "S"),
    **dict.fromkeys("lr", "L"),
    "h": "H",
    "m": "M",
    "n": "N",
    "f": "F",
    "w": "W",
}
_PINYIN_SYLLABLE = re.compile(r"^(zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?([a-z]*)$")
_VOWELS = "aeiouy"


def _collapse(sound: str) -> str:
    return re.sub(r"(.)\1+", r"\1", sound)


def _syllable_sound(syllable: str) -> str:
    if syllable == "er":
        return "L"  # 尔: a final r or l
    match = _PINYIN_SYLLABLE.match(syllable)
    if not match:
        return ""
    initial, final = match.groups()
    return _INITIAL_CLASS.get(initial or "", "") + ("N" if final.endswith(("n", "ng")) else "")


def chinese_sounds(text: str) -> set[str]:
    """The consonant skeletons (see `english_sounds`) of every run of three or more transliteration characters in
    `text` ("芬威克公司" → {"FNWK", …}): the sounds of the foreign names it may write."""
    sounds: set[str] = set()
    for run in re.findall(f"[{''.join(sorted(TRANSLITERATION))}]{{3,}}", text):
        spelled = syllables(run)
        if len(spelled) != len(run):
            continue
        for start in range(len(run) - 2):
            for end in range(start + 3, min(start + 6, len(run)) + 1):
                sound = _collapse("".join(_syllable_sound(s) for s in spelled[start:end]))
                if len(sound) >= _MIN_SOUNDS:
                    sounds.add(sound)
    return sounds


def opening_sounds(title: str) -> set[str]:
    """The consonant skeletons of the first two to four characters of a Chinese headline that opens with Chinese
    characters ("墨菲斯AI遭攻击" → {"MFS", …}; "芬利科技完成融资" → {"FNL", "FNLK", …}): the name a headline is
    usually about, written by sound with any characters, not only `TRANSLITERATION`'s, and with two of them before
    an industry word. Only skeletons of at least three classes count (`_MIN_SOUNDS`)."""
    run = CJK_RUN.match(title.strip())
    if not run:
        return set()
    spelled = syllables(run.group()[:4])
    if len(spelled) != len(run.group()[:4]):
        return set()
    sounds = set()
    for end in range(2, len(spelled) + 1):
        sound = _collapse("".join(_syllable_sound(s) for s in spelled[:end]))
        if len(sound) >= _MIN_SOUNDS:
            sounds.add(sound)
    return sounds


def _english_skeleton(word: str, rhotic: bool) -> str:
    word = re.sub(r"ph", "f", word)
    word = re.sub(r"ck|qu?", "k", word)
    # an h is silent after the consonant of a digraph (sh, th, wh…) and before a consonant; it is heard after n, m,
    # l or r at a syllable's start ("Eisenhower" → 艾森豪尔)
    word = re.sub(r"gh|(?<=[^aeioumnlr])h|h(?![aeiou])", "", word)
    out = []
    for i, letter in enumerate(word):
        after = word[i + 1] if i + 1 < len(word) else "#"  # the end of the word is no vowel
        if letter in "cg" and after in ("e", "i", "y"):
            out.append("S")
        elif letter in "wv":
            out.append("W" if after in _VOWELS and letter == "w" or letter == "v" else "")
        elif letter == "r":
            out.append("L" if rhotic or after in _VOWELS else "")
        elif letter == "x":
            out.append("KS")
        elif letter == "c":
            out.append("K")
        else:
            out.append(_INITIAL_CLASS.get(letter, ""))
    return _collapse("".join(out))


@lru_cache(maxsize=4096)
def english_sounds(name: str) -> frozenset[str]:
    """The consonant skeletons of an English name as Chinese transliterates it ("fenwick" → {"FNWK"}; "kestrel" →
    {"KSTL"}; "bernard" → {"PNT", "PLNLT"}: an r before a consonant is written, or not): one class per consonant
    sound (b/p, d/t, g/k/c, the sibilants, l/r, m, n, f, w, h), vowels left out. Empty for a name too short to
    tell (fewer than three classes) or not made of letters."""
    if not name.isalpha() or not name.isascii():
        return frozenset()
    word = name.lower()
    sounds = {_english_skeleton(word, rhotic) for rhotic in (False, True)}
    return frozenset(s for s in sounds if len(s) >= _MIN_SOUNDS)


# How a transliteration may hear an English spelling (Xinhua's tables write sounds, not letters): a w between vowels
# is the end of a diphthong ("McDowell" → 麦克道尔, "Howell" → 豪厄尔), a v may be written with f (奥利弗 "Oliver"),
# th with s (史密斯 "Smith"), ch with a sibilant (查尔顿 "Charlton"), ng as one nasal (道林 "Dowling"), m before b or p
# as n (潘伯顿 "Pemberton"), and the silent letters of kn-, wr-, gn-, ps- and -mb are not written.
_HEARD = (
    (re.compile(r"(?<=[aeiou])w(?=[aeiouy])"), ""),
    (re.compile(r"v"), "f"),
    (re.compile(r"th"), "s"),  # 史密斯 "Smith"
    (re.compile(r"ch"), "j"),  # 查尔顿 "Charlton"
    (re.compile(r"ng(?![aeiouy])"), "n"),  # 道林 "Dowling": one nasal
    (re.compile(r"m(?=[bp])"), "n"),  # 潘伯顿 "Pemberton": a nasal before a labial
    (re.compile(r"^(?:k(?=n)|w(?=r)|g(?=n)|p(?=s))|(?<=m)b$"), ""),
)


@lru_cache(maxsize=4096)
def english_sound_forms(name: str) -> frozenset[str]:
    """`english_sounds` of the name as spelled and as heard (`_HEARD`: "mcdowell" also as "mcdoell", "MKTL"), and
    of each with one consonant of a cluster left out: a transliteration often drops one ("Kestwood" → 凯斯伍德, "KSWT"
    beside "KSTWT"; "Fenwick" → 芬威克)."""
    spelled = name.lower()
    heard = {spelled, *(pattern.sub(sound, spelled) for pattern, sound in _HEARD)}
    forms: set[str] = set()
    for word in heard:
        forms |= english_sounds(word)
        for i in range(1, len(word) - 1):
            cluster = word[i] not in _VOWELS and (word[i - 1] not in _VOWELS or word[i + 1] not in _VOWELS)
            if cluster and word[i].isalpha():
                forms |= english_sounds(word[:i] + word[i + 1 :])
    return frozenset(forms)


def heads_sound_alike(name: str, opening: str) -> bool:
    """Whether an English headline's first name (lower-cased) sounds like the two characters a Chinese headline
    opens with (马洛 ↔ "Marlowe": "ML"): the short names `sound_matches` leaves out (fewer than three consonant
    classes match by chance too often to count as a shared name, but they tell that the two headlines may open with
    one name)."""
    if not (name.isalpha() and name.isascii()) or len(opening) != 2 or not CJK_RUN.fullmatch(opening):
        return False
    spelled = syllables(opening)
    zh = _collapse("".join(_syllable_sound(s) for s in spelled)) if len(spelled) == 2 else ""
    if len(zh) < 2:
        return False
    heard = {name, *(pattern.sub(sound, name) for pattern, sound in _HEARD)}
    return any(_english_skeleton(word, rhotic).startswith(zh) for word in heard for rhotic in (False, True))


def sound_matches(names: Iterable[str], *sounds: Set[str]) -> set[str]:
    """The English `names` (lower-cased) whose sound (`english_sound_forms`) is one of `sounds` (from
    `chinese_sounds`, `opening_sounds`): "fenwick" and 芬威克. Only names at least five letters long and not
    common English words (`could_be_pinyin`) count."""
    return {n for n in names if could_be_pinyin(n) and any(english_sound_forms(n) & s for s in sounds)}
