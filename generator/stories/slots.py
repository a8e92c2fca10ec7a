"""Pure: two headlines that are one frame, one sentence with something else in its place: another name or head
("X fines Lattice $12 million" / "X fines Corvex $12 million"), another role, another figure ("Kessler cuts API
prices by 60%" / "… by 30% for students"), another place or topic ("青峦无人车在桐乡开启全无人配送" / "…在嘉禾…",
"Tallis model tops coding leaderboard" / "… math leaderboard"), one actor's other rule. What differs tells the two
stories apart; the rest of the sentence is their common frame, not evidence that they are one
(generator.stories.cluster weighs these).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from generator.lang import (
    EN_STOPWORDS,
    Word,
    concepts,
    dictionary_words,
    events,
    is_common_word,
    quantities,
    rule_subject,
    without_roles,
    words_differ,
)
from generator.stories.profile import NAME_SUFFIXES, Profile
from generator.text import title_tokens

SLOT_WORDS = 4  # the most English words one slot may hold
SLOT_CHARS = 6  # … and the most characters of a Chinese headline
FRAME_SHARE = 0.5  # the share of each headline the common frame must cover
FRAME = 0.75  # Dice of two headlines without their own parts from which they are one frame
# Words, and Chinese characters one by one, but a figure as one token whatever its script ("1亿", "一亿", "3.5万"), so
# that a slot never cuts a figure in two.
_TOKEN = re.compile(
    r"\d[\d.,]*[万亿萬億千百十]*|[零〇一二两兩三四五六七八九十百千万亿萬億]+|[a-z0-9$€£¥%+'’.,-]*[a-z0-9%]|[\u3400-\u9fff]"
)
_CJK_NAME = re.compile(r"[\u3400-\u9fff]{2,4}")


def dice(a: frozenset[str] | set[str], b: frozenset[str] | set[str]) -> float:
    """Dice coefficient of two token sets (0 when either is empty)."""
    if not a or not b:
        return 0.0
    return 2 * len(a & b) / (len(a) + len(b))


def frame_tokens(p: Profile, names: set[str]) -> set[str]:
    """The headline's tokens without those of `names`; a Chinese name's characters also leave the bigrams they run
    into (岩溪机器人: 岩溪 and 溪机)."""
    drop = set().union(*(title_tokens(n) for n in names)) if names else set()
    chars = {c for n in names for c in n if not n.isascii()}
    return {t for t in p.title - drop if not chars & set(t)}


def one_frame(
    a: Profile,
    b: Profile,
    own_a: set[str],
    own_b: set[str],
    tokens: Callable[[Profile, set[str]], set[str]] | None = None,
) -> bool:
    """Whether two headlines that each name something the other lacks (`own_a`, `own_b`: their own names, or their
    heads) are otherwise one sentence ("X fines Lattice $12 million" / "X fines Corvex $12 million",
    "岩溪机器人完成3亿元A轮融资" / "峰谷机器人完成3亿元A轮融资"): the names tell the stories apart, the rest is no
    paraphrase. `tokens`: what is left of a headline without its own part (default `frame_tokens`; `role_frame`
    for two roles)."""
    tokens = tokens or frame_tokens
    return dice(tokens(a, own_a), tokens(b, own_b)) >= FRAME


def role_frame(p: Profile, _: set[str]) -> set[str]:
    """The headline's tokens without its roles (lang.without_roles): "Garnet Labs CFO resigns" and "Garnet Labs CEO
    resigns" are one frame about two people."""
    return set(title_tokens(without_roles(p.text)))


def subject_conflict(a: Profile, b: Profile) -> bool:
    """Two headlines in one language about a rule of one actor (the same `head`: a law, a bill, a ban, a policy)
    that share no figure, version or other name and whose subjects (lang.rule_subject) share no word: "Wexhold
    passes law requiring chatbot disclosures" / "Wexhold passes law banning AI in hiring" are two laws."""
    if a.chinese != b.chinese or not a.head or a.head != b.head:
        return False
    if a.numbers & b.numbers or a.versions & b.versions or (a.names & b.names) - {a.head} - NAME_SUFFIXES:
        return False
    one, other = rule_subject(a.text), rule_subject(b.text)
    if one is None or other is None:
        return False
    heads = frame_tokens(a, {a.head}), frame_tokens(b, {b.head})
    words_a = title_tokens(one) & heads[0]
    words_b = title_tokens(other) & heads[1]
    return bool(words_a) and bool(words_b) and not words_a & words_b


def only_actor(a: Profile, b: Profile) -> bool:
    """Two headlines in one language that share nothing but who they are about (the same `head`, with the words
    that complete its name: "Ashcombe College bans AI grading tools" / "Ashcombe College opens AI research
    center"): no other word, figure, product or kind of event in common."""
    if a.chinese != b.chinese or not a.head or a.head != b.head:
        return False
    if a.numbers & b.numbers or a.versions & b.versions or a.events & b.events:
        return False
    actor = {a.head} | title_tokens(a.head) | NAME_SUFFIXES
    if a.chinese:
        opening = a.text[:4] if a.text[:4] == b.text[:4] else a.text[:2]  # 涌泉科技
        actor |= title_tokens(opening)
    return not (a.title & b.title) - actor


def slots(a: Profile, b: Profile) -> tuple[str, str] | None:
    """What two headlines in one language say in their one differing place, the rest (the longest common opening
    and ending, in words or Chinese characters) being one frame; None when they differ in more than one short
    place (`SLOT_WORDS`, `SLOT_CHARS`), when the frame covers less than `FRAME_SHARE` of either, or when one
    headline holds all of the other."""
    if a.chinese != b.chinese:
        return None
    one, other = _TOKEN.findall(a.text), _TOKEN.findall(b.text)
    start = 0
    while start < min(len(one), len(other)) and one[start] == other[start]:
        start += 1
    end = 0
    while end < min(len(one), len(other)) - start and one[-1 - end] == other[-1 - end]:
        end += 1
    slot_a, slot_b = one[start : len(one) - end], other[start : len(other) - end]
    longest = SLOT_CHARS if a.chinese else SLOT_WORDS
    if not slot_a or not slot_b or max(len(slot_a), len(slot_b)) > longest:
        return None
    if start + end < FRAME_SHARE * max(len(one), len(other)):
        return None
    glue = "" if a.chinese else " "
    return glue.join(slot_a), glue.join(slot_b)


def _names_in_slot(slot: str, p: Profile) -> set[str]:
    """The names a slot holds: the names of an English headline among its words; for a Chinese headline the slot
    itself when it is two to four characters jieba does not segment into a common word (融资, 推出编程 are words;
    桐乡, 澜江 are names)."""
    if not p.chinese:
        return {word for word in slot.split() if word in p.names}
    if not _CJK_NAME.fullmatch(slot):
        return set()
    import jieba  # loaded by the editors and the tags anyway

    words = [w for w in jieba.lcut(slot) if len(w) >= 2]
    return set() if any(is_common_word(w) for w in words) else {slot}


def figure_frame(a: Profile, b: Profile) -> bool:
    """Whether two headlines give figures of one kind (amounts or counts, percentages, multiples, rounds) with none
    in common and are otherwise one sentence: Dice of their tokens without the figures at least `FRAME` ("Marston
    unveils $299 AI glasses" / "Marston unveils $499 AI glasses with display")."""
    kinds = {n[0] for n in a.numbers} & {n[0] for n in b.numbers}  # "#", "%", "x", "r" (rounds), "l", "c"…
    if not any(not {n for n in a.numbers if n[0] == k} & b.numbers for k in kinds):
        return False  # every kind both give agrees
    rest_a, rest_b = a.title - a.numbers, b.title - b.numbers
    return dice(rest_a, rest_b) >= FRAME


# What a headline counts: the words right after a count ("500 delivery vans", "五百台仓储机器人"); a Chinese count's
# measure word (台, 辆, 名…) is skipped.
_COUNTED_EN = re.compile(
    r"(?<![$€£¥])\b\d[\d,.]*(?:\s+(?:thousand|million|billion))?\s+((?:[a-z][\w-]*\s+){0,2}[a-z][\w-]*)"
)
_COUNTED_ZH = re.compile(
    r"(?:\d[\d,.]*|[零〇一二两兩三四五六七八九十百千万亿萬億]{2,})[万亿萬億]?(?:多|余)?"
    r"(?:台|辆|个|名|家|款|座|架|套|位|块|颗|件|部|条|所|间|张)?([a-z0-9-]*[\u3400-\u9fff]{1,6}|[a-z0-9-]+)"
)


# What follows an amount of money is what it buys, not what is counted ("11亿美元建设工厂", "$1.1 billion plant").
_MONEY = re.compile(r"(?:元|美元|欧元|英镑|日元|港元|人民币|yuan|dollars?|euros?|pounds?)")
_STOPWORD = re.compile(r"\b(?:" + "|".join(sorted(EN_STOPWORDS)) + r")\b")


def _counted(p: Profile) -> list[str]:
    """The words right after each count of a headline, amounts of money left out."""
    pattern = _COUNTED_ZH if p.chinese else _COUNTED_EN
    return [m.group(1) for m in pattern.finditer(p.text) if not _MONEY.match(m.group(1))]


def counted_words(p: Profile) -> tuple[Word, ...]:
    """The dictionary's words of what a headline counts (lang.lexicon): "deploys 200 delivery robots" → delivery,
    robot; "部署两百台AI质检相机" → 质检, 相机."""
    phrases = _counted(p)
    if not p.chinese:  # "42,000 EVs to fix …": what is counted ends before a stopword
        phrases = [_STOPWORD.split(x)[0] for x in phrases]
    return tuple(w for x in phrases for w in dictionary_words(x, p.chinese))


def counted_concepts(p: Profile) -> set[int]:
    """The glossary concepts of what a headline counts (its words right after a count): "deploys 500 delivery vans"
    → delivery vans, "部署五百台仓储机器人" → warehouse, robot."""
    return {c for phrase in _counted(p) for c in concepts(phrase, p.chinese)}


def counted_conflict(a: Profile, b: Profile) -> bool:
    """A Chinese and an English headline with a count in common that count two kinds of things (the glossary topics
    of what each counts, none in common): "部署五百台仓储机器人" / "deploys 500 delivery vans" are two deployments.
    Within one language `slot_conflict` tells them apart."""
    if a.chinese == b.chinese or not {n for n in a.numbers & b.numbers if n.startswith("#")}:
        return False
    one, other = counted_concepts(a), counted_concepts(b)
    if one and other:
        return not one & other
    return words_differ(counted_words(a), counted_words(b))


_BENCHMARK = frozenset(concepts("benchmark", False))  # the glossary's concept of a benchmark, a leaderboard


def benchmark_conflict(a: Profile, b: Profile) -> bool:
    """Two headlines about a benchmark result (both name the glossary's benchmark concept), in either language,
    each naming a topic the other does not: two leaderboards ("登顶代码生成榜单" / "tops math-reasoning
    leaderboard"), not one result reworded."""
    if not (a.concepts & b.concepts & _BENCHMARK):
        return False
    return bool(a.concepts - b.concepts) and bool(b.concepts - a.concepts)


def slot_conflict(a: Profile, b: Profile) -> bool:
    """Whether two headlines are one frame with another figure, another name, another topic or another event in
    their one slot (`slots`): figures that do not agree, two names, two glossary concepts with none in common, two
    kinds of event, or words of the dictionary (lang.lexicon) none alike (病理 / 超声, 降价 / 营收同比增长). One kind
    of event said two ways (融资 / 投资), or a verb of a known kind against one other verb ("cuts" / "slashes"), is a
    paraphrase."""
    found = slots(a, b)
    if found is None:
        return False
    one, other = found
    figures = quantities(one), quantities(other)
    if figures[0] and figures[1]:
        return not figures[0] & figures[1]
    names_a, names_b = _names_in_slot(one, a), _names_in_slot(other, b)
    if (
        names_a and names_b
    ):  # two names, unless one report writes the other's name another way ("Vela-2" / "Vela 2")
        return not (names_a & (b.names | {b.text}) or names_b & (a.names | {a.text}))
    topics = concepts(one, a.chinese), concepts(other, b.chinese)
    if topics[0] and topics[1]:
        return not topics[0] & topics[1]
    kinds = events(one), events(other)
    if kinds[0] & kinds[1]:
        return False  # a verb of one kind of event said another way ("unveils" / "debuts")
    if kinds[0] and kinds[1]:
        return True  # two kinds of event in one sentence ("ships" / "recalls", 召回 / 交付)
    words = dictionary_words(one, a.chinese), dictionary_words(other, b.chinese)
    if kinds[0] or kinds[1]:  # a verb the glossary knows against one it does not: a paraphrase ("slashes" /
        # "cuts"), unless the other holds more words the dictionary knows, none alike (降价 / 营收同比增长)
        unknown = words[1] if kinds[0] else words[0]
        return len(unknown) > 1 and words_differ(*words)
    if words_differ(*words):
        return True  # another word the dictionary knows, none in common: 病理 / 超声
    words_a, words_b = title_tokens(one), title_tokens(other)
    return len(words_a) >= 2 and len(words_b) >= 2 and not words_a & words_b  # another object
