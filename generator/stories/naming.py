"""Pure: who two headlines are about, for the clustering (generator.stories.cluster): the names they share (as
written, by pinyin, by sound, by meaning, in two scripts of one language), the names one has and the other lacks,
whether their first names (`Profile.head`) meet, a deal's two parties and a story's two places. Each rule's
examples are in its docstring; the weights are cluster's.
"""

from __future__ import annotations

import re

from generator.lang import (
    chinese_sounds,
    heads_sound_alike,
    meaning_names,
    pinyin_keys,
    pinyin_matches,
    sound_matches,
    spelled_in_pinyin,
)
from generator.stories.profile import HEAD_SKIP, NAME_SUFFIXES, Profile
from generator.text import title_tokens


def script_names(a: Profile, b: Profile) -> set[str]:
    """The Latin names of one Chinese headline that the other writes in Chinese, by pinyin or by sound (Calderwood
    AI ↔ 考德伍德AI, Qingyu ↔ 青屿): one language, two scripts, which Dice of the headlines cannot see."""
    found = set()
    for one, other in ((a, b), (b, a)):
        found |= pinyin_matches(one.names - other.names, other.pinyin)
        found |= sound_matches(one.names - other.names, other.sounds)
    if chinese_heads_alike(a, b) and a.head != b.head:
        found.add(a.head)
    return found


def chinese_heads_alike(a: Profile, b: Profile) -> bool:
    """Two Chinese heads of one name: written with other characters of one sound (诺斯维尔 / 诺思维尔, one foreign name
    written by sound twice), or a university's short name (岚大 for 岚城大学)."""
    if not (a.head and b.head) or a.head.isascii() or b.head.isascii():
        return False
    if a.head_pinyin & b.head_pinyin:
        return True
    for short, other in ((a, b), (b, a)):
        if short.head.endswith("大") and re.search(rf"{re.escape(short.head[0])}\S{{0,2}}大学", other.text):
            return True
    return False


def shared_names(a: Profile, b: Profile) -> set[str]:
    shared = set(a.names & b.names)
    if a.chinese and b.chinese:
        shared |= script_names(a, b)
    if a.chinese != b.chinese:
        zh, en = (a, b) if a.chinese else (b, a)
        shared |= pinyin_matches(en.names, zh.pinyin) | sound_matches(en.names, zh.sounds)
        joined = pinyin_matches(en.joined, zh.pinyin) | sound_matches(en.joined, zh.sounds)
        # "Lin Che" ↔ 林澈 (linche), "New Haven" ↔ 纽黑文; not again a name one of its words already matched
        shared |= {j for j in joined if not any(j.startswith(n) or j.endswith(n) for n in shared)}
        if en.head.isalpha() and en.head in zh.head_pinyin:  # both open with one name, however short ("Bibo")
            shared.add(en.head)
        shared |= (en.names | en.joined) & zh.meant  # Stonebridge ↔ 石桥, "Silver Creek" ↔ 银溪
    return shared


def in_lead(names: frozenset[str], other: Profile) -> set[str]:
    """The headline names of one article that the other article's lead mentions (by name or pinyin)."""
    return (
        {n for n in names if n in other.lead_names}
        | pinyin_matches(names, other.lead_pinyin)
        | sound_matches(names, other.lead_sounds)
    )


def mentions(owner: Profile, other: Profile) -> bool:
    """Whether the head word of `owner` appears in the other article: its headline (literally, as a name, as the
    pinyin of its Chinese) or its lead; a Chinese head meets an English article through its pinyin."""
    word = owner.head
    if (
        not word
        or word in other.text
        or word in other.names
        or word in other.lead_names
        or word in other.lead
    ):
        return True
    if owner.head_pinyin:
        return not other.chinese and any(p in other.text or p in other.lead_names for p in owner.head_pinyin)
    return bool(
        pinyin_matches((word,), other.pinyin, other.lead_pinyin)
        or sound_matches((word,), other.sounds, other.lead_sounds)
    )


def own_names(owner: Profile, other: Profile) -> set[str]:
    """The names of `owner`'s headline that the other article does not mention (suffixes and openers aside), its
    Chinese names in quotes among them when the other is Chinese too (as written, by pinyin or by a Latin name a
    lead glosses them with; an English report may translate such a name by meaning: 银河2 ↔ Galaxy-2)."""
    own = set()
    for name in owner.names - NAME_SUFFIXES - HEAD_SKIP:
        if name in other.text or name in other.names or name in other.lead_names or name in other.lead:
            continue
        if other.chinese and (
            pinyin_matches((name,), other.pinyin, other.lead_pinyin)
            or sound_matches((name,), other.sounds, other.lead_sounds)
        ):
            continue
        own.add(name)
    for name, spellings in (
        owner.quoted if other.chinese else ()
    ):  # in English it may be translated by meaning
        if not any(s in other.text or s in other.names or s in other.lead_names for s in spellings):
            own.add(name)
    return own


def names_conflict(a: Profile, b: Profile) -> bool:
    """Both headlines name something the other does not, in sentence case (a title-case headline capitalises every
    word, so its names cannot be told from its words)."""
    if a.title_case or b.title_case:
        return False
    return bool(own_names(a, b)) and bool(own_names(b, a))


def counterpart_conflict(a: Profile, b: Profile) -> bool:
    """One company's deals with two different parties: two Chinese headlines that name each a party the other does
    not; a Chinese headline whose party (`Profile.counterpart`) the English article does not name (as written, by
    pinyin or by sound) while the English headline names someone in pinyin the Chinese article does not."""
    if a.chinese and b.chinese:
        one, other = a.counterpart, b.counterpart
        return bool(one and other) and not (
            title_tokens(one) & (b.title | b.lead) or title_tokens(other) & (a.title | a.lead)
        )
    if a.chinese == b.chinese:
        return False  # two English headlines: names_conflict
    zh, en = (a, b) if a.chinese else (b, a)
    party = zh.counterpart
    if not party or not any(spelled_in_pinyin(n) for n in own_names(en, zh)):
        return False  # an English name of words may translate the Chinese party's (深蓝银行 ↔ Deepblue Bank)
    names = en.names | en.lead_names
    named = (
        title_tokens(party) & (en.title | en.lead)
        or pinyin_matches(names, pinyin_keys(party))
        or sound_matches(names, chinese_sounds(party))
    )
    return not named


def read_alike(a: Profile, b: Profile, names: set[str]) -> bool:
    """A Chinese and an English headline that say the same as a whole, short as they may be ("澄江科技CEO离职" /
    "Chengjiang Tech CEO resigns"): they open with one name (a shared name, or heads that sound alike), report the
    same kinds of event (or none), name the same glossary topics, and no name, product or figure of one is missing
    from the other."""
    zh, en = (a, b) if a.chinese else (b, a)
    if not en.head or not (en.head in names or heads_sound_alike(en.head, zh.head)):
        return False
    if own_names(en, zh) or a.versions != b.versions or zh.quoted:
        return False  # a name or a product of one is not in the other
    return a.events == b.events and bool(a.concepts) and a.concepts == b.concepts and a.numbers == b.numbers


def head_conflict(a: Profile, b: Profile) -> bool:
    """Neither headline's first name (`head`) appears in the other article, nor do a Chinese and an English head
    sound alike (lang.heads_sound_alike: 马洛 ↔ Marlowe)."""
    if not (a.head and b.head) or mentions(a, b) or mentions(b, a):
        return False
    if a.head.isascii() != b.head.isascii():  # a Latin head and a Chinese one, in either language
        latin, chinese = (a, b) if a.head.isascii() else (b, a)
        return not (
            heads_sound_alike(latin.head, chinese.head)
            or latin.head in script_names(a, b)
            or (latin.joined | {latin.head}) & chinese.meant
        )
    return not chinese_heads_alike(a, b)


def place_conflict(a: Profile, b: Profile) -> bool:
    """Two headlines that each name a place (`Profile.places`: 白泷市, 在鹭汀建成, "in Marrowgate") and no place of
    one is the other's (as written; across the languages also by pinyin, by sound, by meaning or by being named in
    the other article): one company's news in two places."""
    if not a.places or not b.places:
        return False
    if a.chinese == b.chinese:
        return not (
            a.places & b.places or any(p in b.text for p in a.places) or any(p in a.text for p in b.places)
        )
    zh, en = (a, b) if a.chinese else (b, a)
    names = en.places | {x.replace(" ", "") for x in en.places}
    for place in zh.places:
        if place in en.text or place in en.lead:
            return False
        if pinyin_matches(names, pinyin_keys(place)) or sound_matches(names, chinese_sounds(place)):
            return False
        if names & meaning_names(place):
            return False
    return not any(place in zh.text or place in " ".join(zh.lead_names) for place in en.places)
