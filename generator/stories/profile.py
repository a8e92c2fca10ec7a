"""Pure: what the clustering reads from one article (`profile`): its headline's tokens, names (Latin, pinyin,
aliases, names written by sound), numbers, topic concepts, kinds of event and product versions, and the same of its
lead (the first `LEAD_CHARS` of the page text, else the feed summary); traditional Chinese read as simplified.
The scores over two profiles are generator.stories.cluster's."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from generator.lang import (
    Word,
    alias_names,
    chinese_sounds,
    concepts,
    counterpart,
    counts,
    details,
    dictionary_words,
    events,
    glossed_names,
    glosses,
    is_common_word,
    latin_names,
    meaning_names,
    money,
    moves,
    opening_sounds,
    pinyin_keys,
    quantities,
    roles,
    setback,
    simplified,
    strip_descriptor,
    sued,
    syllables,
    versions,
)
from generator.models import Article
from generator.text import has_cjk, title_tokens

LEAD_CHARS = {True: 300, False: 700}  # how much of the body is the lead: Chinese, English characters


@dataclass(frozen=True)
class Profile:
    """What the clustering reads from one article (see `profile`)."""

    source: str
    chinese: bool
    text: str  # the headline, lower-cased
    title_case: bool  # an English headline in Title Case (most words capitalised)
    head: str  # its first distinctive word (see `head`)
    head_pinyin: frozenset[str]  # the head's pinyin spellings when it is Chinese
    concepts: frozenset[int]  # glossary concepts of the headline
    title: frozenset[str]  # title_tokens of the headline
    names: frozenset[str]  # Latin and alias names in the headline
    pinyin: frozenset[str]  # pinyin keys of the headline (Chinese only)
    numbers: frozenset[str]  # quantities in the headline
    events: frozenset[str]  # kinds of event the headline names
    versions: frozenset[tuple[str, str]]
    lead: frozenset[str]  # title_tokens of the lead paragraph
    lead_names: frozenset[str]  # names and quantities of the lead
    lead_pinyin: frozenset[str]  # pinyin keys of the lead (Chinese only)
    has_lead: bool
    quoted: frozenset[tuple[str, frozenset[str]]] = (
        frozenset()
    )  # Chinese names in quotes, with their spellings
    sounds: frozenset[str] = frozenset()  # names written by sound in the headline (chinese_, opening_sounds)
    lead_sounds: frozenset[str] = frozenset()  # … and in the lead
    roles: frozenset[str] = frozenset()  # the roles the headline names people by (lang.roles: "ceo", "cfo")
    moves: frozenset[str] = frozenset()  # which way its people move (lang.moves: "joins", "leaves")
    counterpart: str = (
        ""  # a Chinese headline's other party of a deal (lang.counterpart: 与远洋航运签约 → 远洋航运)
    )
    words: tuple[Word, ...] = ()  # the headline's words the dictionary knows, head left out (lang.lexicon)
    joined: frozenset[str] = (
        frozenset()
    )  # two capitalised words of an English headline as one (`joined_names`)
    places: frozenset[str] = (
        frozenset()
    )  # the places a headline names (`places`: 白泷市 → 白泷, "in Marrowgate")
    sued: bool = False  # its subject is the one sued, fined or investigated (lang.sued)
    details: frozenset[str] = (
        frozenset()
    )  # which case or incident (lang.details: "legal:fine", "incident:leak")
    money: frozenset[str] = frozenset()  # the figures that are money (lang.money)
    counted: frozenset[str] = frozenset()  # the figures that count things (lang.counts: "50 million users")
    setback: bool = False  # a plan put off or an activity stopped (lang.setback: 推迟IPO, "suspends rides")
    meant: frozenset[str] = (
        frozenset()
    )  # a Chinese head translated by meaning (lang.lexicon.meaning_names: 石桥)


HEAD_SKIP = frozenset(
    "ai the a an new study survey report exclusive update breaking first meet how why what when who chinese china us "
    "opinion analysis interview paper research researchers startup company exclusive watch american european "
    "british australian japanese korean indian german french canadian".split()
)
# Words that complete a company's name and are often left out ("Meridian Robotics" / "Meridian").
NAME_SUFFIXES = frozenset(
    "robotics systems labs lab tech technologies health bio data cloud compute semiconductor silicon security "
    "motors auto group capital ventures pharma logistics mobility university college institute dynamics voice speech "
    "state city "
    "county province".split()
)


_ZH_HEAD_SKIP = frozenset(
    "研究 消息 报告 调查 独家 重磅 快讯 突发 国产 首个 首批 全球 美国 中国 国内 国家 业内 曝光 官宣 刚刚 "
    "澳洲 澳大 日本 韩国 欧盟 欧洲 英国 德国 法国 印度 加拿".split()
)
_EN_WORD = re.compile(r"[A-Za-z][A-Za-z0-9-]*")
# An exclamation a headline opens with before it names anyone ("最高三千万！南溆发布…", "Big news! …").
_LEAD_IN = re.compile(r"^[^，。！!：:,]{1,12}[！!]\s*")
_ZH_HEAD = re.compile(r"[A-Za-z][A-Za-z0-9-]*|[\u4e00-\u9fff]{2,4}")


def head(title: str, chinese: bool) -> str:
    """The headline's first distinctive name, usually who the news is about (lower-cased; "" when none): for a
    Chinese headline the Latin word or the English alias it opens with, else its first two Chinese characters;
    for an English headline its first capitalised word that is not generic ("Study:", "AI", "Meet") after the
    descriptor it may open with ("Chipmaker Corvid…": "corvid")."""
    title = _LEAD_IN.sub("", title.strip())
    if chinese:
        match = _ZH_HEAD.match(title)
        if not match:
            return ""
        aliases = alias_names(match.group())
        word = match.group().lower() if match.group().isascii() else match.group()[:2]
        word = next(iter(aliases)) if aliases else word
        return "" if word in _ZH_HEAD_SKIP else word
    for word in _EN_WORD.findall(re.sub(r"['’]s\b", "", strip_descriptor(title))):
        if word[0].isupper() and word.lower() not in HEAD_SKIP:
            return word.lower()
    return ""


def joined_names(title: str) -> set[str]:
    """Two capitalised words side by side in an English headline, written as one word (lower-cased): a Chinese
    person's name in pinyin is two short words ("Zhou Yan" → "zhouyan"), each too short to be read as pinyin alone,
    and a place or a name of two words is written by sound as one in Chinese ("New Haven" ↔ 纽黑文)."""
    words = re.findall(r"[A-Za-z]+", re.sub(r"['’]s\b", "", title))
    return {
        (x + y).lower()
        for x, y in zip(words, words[1:], strict=False)
        if x[0].isupper() and y[0].isupper() and len(x) > 1 and len(y) > 1
    }


_ZH_PLACE = re.compile(r"(?<=[\u4e00-\u9fff]{2})[市省县]")
_HAN_ONLY = re.compile(r"[\u4e00-\u9fff]+")
_ZH_AT = re.compile(r"在([\u4e00-\u9fff]{2})(?=[建开设落推启发上投试部运新])")
_EN_PLACE = re.compile(r"\b(?:in|at) ([A-Z][a-z]+(?: [A-Z][a-z]+)?)")
_CITY_WORDS = frozenset("城市 都市 超市 上市 股市 门市 夜市 集市 全市 本市 各省 全省 本省 全县".split())
_NOT_PLACES = frozenset(
    "January February March April May June July August September October November December Beta Preview Series "
    "Round Phase Early Q1 Q2 Q3 Q4".split()
)


def places(title: str, chinese: bool) -> set[str]:
    """The places a headline names by their form: a Chinese city, province or county without its 市/省/县, as two
    and as three characters (获白泷市 → 白泷, 获白泷), a name after 在 and before a verb (在鹭汀建成 → 鹭汀), an
    English capitalised name after "in" or "at" (lower-cased: "in North Haven" → "north haven"); months, rounds
    and words such as 城市, 上市 or 全球 are not places."""
    if chinese:  # 获白泷市: 白泷 and 获白泷, the name's length unknown; 在鹭汀建成: 鹭汀 (not 在全球推出)
        found = {m.group(1) for m in _ZH_AT.finditer(title) if not is_common_word(m.group(1))}
        return found | {
            title[m.start() - size : m.start()]
            for m in _ZH_PLACE.finditer(title)
            for size in (2, 3)
            if m.start() >= size
            and _HAN_ONLY.fullmatch(title[m.start() - size : m.start()])
            and title[m.start() - 1 : m.end()] not in _CITY_WORDS
        }
    return {m.group(1).lower() for m in _EN_PLACE.finditer(title) if m.group(1).split()[0] not in _NOT_PLACES}


def _title_case(title: str) -> bool:
    words = [w for w in _EN_WORD.findall(title) if len(w) > 3]
    return len(words) >= 3 and sum(w[0].isupper() for w in words) >= 0.7 * len(words)


def profile(article: Article, glossary: Mapping[str, frozenset[str]] | None = None) -> Profile:
    """Read one article: its headline, and the first `LEAD_CHARS` characters of its text (the extracted page, else
    the feed summary), traditional Chinese read as simplified (generator.lang.hanzi). `glossary`: the Latin names the
    day's Chinese leads give in brackets for Chinese names (see `day_glossary`)."""
    title = simplified(article.item.title)
    chinese = has_cjk(title)
    lead = simplified((article.text or article.item.summary)[: LEAD_CHARS[chinese]])
    lead_chinese = has_cjk(lead)
    names = (
        latin_names(title, chinese)
        | alias_names(title)
        | (glossed_names(title, lead, glossary) if chinese else set())
    )
    lead_keys = latin_names(lead, lead_chinese) | alias_names(lead) | quantities(lead)
    return Profile(
        source=article.item.source,
        chinese=chinese,
        text=title.lower(),
        title_case=not chinese and _title_case(title),
        head=(first := head(title, chinese)),
        head_pinyin=frozenset(() if first.isascii() else pinyin_keys(first)),
        concepts=frozenset(concepts(title, chinese)),
        title=frozenset(title_tokens(title)),
        names=frozenset(names),
        pinyin=frozenset(pinyin_keys(title) if chinese else ()),
        numbers=frozenset(quantities(title)),
        events=frozenset(events(title)),
        versions=frozenset(versions(title, names)),
        lead=frozenset(title_tokens(lead)),
        lead_names=frozenset(lead_keys),
        lead_pinyin=frozenset(pinyin_keys(lead) if lead_chinese else ()),
        has_lead=bool(lead.strip()),
        quoted=frozenset(_quoted(title, lead, glossary) if chinese else ()),
        sounds=frozenset(chinese_sounds(title) | opening_sounds(title) if chinese else ()),
        lead_sounds=frozenset(chinese_sounds(lead) if lead_chinese else ()),
        roles=frozenset(roles(title)),
        moves=frozenset(moves(title)),
        counterpart=counterpart(title.lower()) if chinese else "",
        words=dictionary_words(title, chinese, (first,)),
        joined=frozenset(() if chinese else joined_names(title)),
        meant=meaning_names(first) if chinese else frozenset(),
        setback=setback(title),
        details=frozenset(details(title)),
        money=frozenset(money(title)),
        counted=frozenset(counts(title)),
        sued=sued(title),
        places=frozenset(places(title, chinese)),
    )


_QUOTED = re.compile(r"[“「《\"]([^“”「」《》\"]{2,12})[”」》\"]")


def _quoted(
    title: str, lead: str, glossary: Mapping[str, frozenset[str]] | None
) -> set[tuple[str, frozenset[str]]]:
    """The names a Chinese headline puts in quotes (“澄码2”, 《…》), each with how another report may spell it: the
    name itself, its pinyin with its Latin part ("chengma2"), and the Latin names a lead of the day glosses it with."""
    found = set()
    for match in _QUOTED.finditer(title):
        name = match.group(1).strip().lower()
        spelled = "".join(syllables(name)) + "".join(re.findall(r"[a-z0-9]+", name))
        glossed = glossed_names(name, lead, glossary)
        found.add((name, frozenset({name, spelled, *glossed})))
    return found


def day_glossary(articles: Iterable[Article]) -> dict[str, frozenset[str]]:
    """The Chinese names the articles' Chinese leads gloss in brackets, with their Latin names ("星织2（StarWeave-2）"):
    what one report says of a name holds for every report of the day."""
    table: dict[str, frozenset[str]] = {}
    for article in articles:
        lead = simplified((article.text or article.item.summary)[: LEAD_CHARS[True]])
        for chinese, latin in glosses(lead).items():
            table[chinese] = table.get(chinese, frozenset()) | latin
    return table
