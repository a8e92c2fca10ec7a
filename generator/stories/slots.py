"""Pure: two headlines that are one sentence with something else in one place — another figure, another name, another
topic ("Kessler cuts API prices by 60%" / "… by 30% for students", "青峦无人车在桐乡开启全无人配送" / "…在嘉禾…",
"Tallis model tops coding leaderboard" / "… math leaderboard"). What differs is what tells the two stories apart;
the rest of the sentence is their common frame, not evidence that they are one (generator.stories.cluster).
"""

from __future__ import annotations

import re

from generator.lang import concepts, is_common_word, quantities
from generator.stories.profile import Profile

SLOT_WORDS = 4  # the most English words one slot may hold
SLOT_CHARS = 6  # … and the most characters of a Chinese headline
FRAME_SHARE = 0.5  # the share of each headline the common frame must cover
_TOKEN = re.compile(r"[a-z0-9$€£¥%+'’.,-]*[a-z0-9%]|[\u3400-\u9fff]")
_CJK_NAME = re.compile(r"[\u3400-\u9fff]{2,4}")


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


def _name_in_slot(slot: str, p: Profile) -> bool:
    """Whether a slot is a name: a name of the English headline, or two to four Chinese characters that are not a
    common word (jieba's dictionary: 融资, 投资 are words; 桐乡, 澜江 are names)."""
    if p.chinese:
        return bool(_CJK_NAME.fullmatch(slot)) and not is_common_word(slot)
    return any(word in p.names for word in slot.split())


def figure_frame(a: Profile, b: Profile, frame: float) -> bool:
    """Whether two headlines give figures of one kind (amounts or counts, percentages, multiples) with none in
    common and are otherwise one sentence: Dice of their tokens without the figures at least `frame` ("Marston
    unveils $299 AI glasses" / "Marston unveils $499 AI glasses with display")."""
    kinds = {n[0] for n in a.numbers} & {n[0] for n in b.numbers}
    if not kinds or any({n for n in a.numbers if n[0] == k} & b.numbers for k in kinds):
        return False
    rest_a, rest_b = a.title - a.numbers, b.title - b.numbers
    return bool(rest_a and rest_b) and 2 * len(rest_a & rest_b) / (len(rest_a) + len(rest_b)) >= frame


def slot_conflict(a: Profile, b: Profile) -> bool:
    """Whether two headlines are one frame with another figure, another name or another topic in their one slot
    (`slots`): figures that do not agree, two names, or two glossary concepts with none in common. Other words in
    the slot (融资 / 投资, "cuts" / "slashes") are a paraphrase."""
    found = slots(a, b)
    if found is None:
        return False
    one, other = found
    figures = quantities(one), quantities(other)
    if figures[0] and figures[1]:
        return not figures[0] & figures[1]
    if _name_in_slot(one, a) and _name_in_slot(other, b):
        return True
    topics = concepts(one, a.chinese), concepts(other, b.chinese)
    return bool(topics[0] and topics[1]) and not topics[0] & topics[1]
