"""Pure: which way an event turns, in Chinese and English headlines: a plan put off or an activity stopped
(`setback`), a company on the receiving end of a legal action (`sued`), which case or incident it is (`details`: a
fine or a lawsuit, an outage or a leak), and which figures are money or counts (`money`, `counts`). Two headlines of
one company and one kind of event (generator.lang.glossary.EVENTS) that turn two ways are two stories: "files for IPO" /
推迟IPO, "sues a former engineer" / "sued by a former engineer".
"""

from __future__ import annotations

import re

from generator.lang.glossary import joined_particles
from generator.lang.people import moves, roles
from generator.lang.quantities import quantities

# A plan put off or an activity stopped: "delays its IPO" is another development than "files for IPO", "suspends
# driverless rides" another than "cleared to run driverless rides", whatever kind of event both name.
SETBACK = (
    r"推迟|延期|延后|暂停|叫停|停止|中止|终止|取消|搁置|撤回|放弃|暂缓|停运|下架",
    r"\b(?:delay|postpone|suspend|pause|halt|cancel|scrap|withdraw|abandon)(?:s|ed|ing|led|ling)?\b|\bwithdr[ae]w\b|"
    r"\bshelv(?:ed|ing)\b|(?<!the )(?<!on )(?<!store )(?<!restocks )(?<!stocks )\bshelves(?= \w)|"  # not the shelves a
    # robot restocks
    r"\b(?:call|put|scale|wind)(?:s|ed|ing)? (?:off|back|down)\b|\bpushe[sd] back\b|\bpulls? the plug\b",
)
_SETBACK = (re.compile(SETBACK[0]), re.compile(SETBACK[1], re.I))


def setback(title: str) -> bool:
    """Whether a headline reports a plan put off or an activity stopped (`SETBACK`): 推迟IPO, "suspends rides"."""
    return bool(_SETBACK[0].search(title) or _SETBACK[1].search(joined_particles(title)))


# The headline's subject on the receiving end of a legal action (被起诉, "sued by"): "X sues a former employee" and
# "X sued by a former employee" are two cases.
SUED = (
    r"被\S{0,10}?(?:起诉|状告|告上|索赔|罚款|处罚|立案|调查|指控)|遭\S{0,8}?(?:起诉|索赔|处罚|调查|指控)",
    r"\b(?:sued|fined|probed|investigated|charged)\b|\bfaces? (?:a |an )?(?:\S+ )?(?:lawsuit|suit|probe|fine)\b|"
    r"\bhit with (?:a |an )?(?:\S+ )?(?:lawsuit|suit|fine|class action)",
)
_SUED = (re.compile(SUED[0]), re.compile(SUED[1], re.I))


def sued(title: str) -> bool:
    """Whether a headline's subject is the one sued, fined or investigated (`SUED`), not the one acting."""
    return bool(_SUED[0].search(title) or _SUED[1].search(title))


# Which legal case or incident a headline reports, within glossary.EVENTS' "legal" and "incident": a fine and a
# lawsuit, an outage and a data leak are two stories of one company, whatever they share.
DETAILS = {
    "legal": {
        "fine": (r"罚款|处罚|罚金|罚单", r"\bfined?\b|\bfines\b|penalt"),
        "suit": (r"起诉|诉讼|状告|告上法庭|索赔|集体诉讼", r"\bsue[sd]?\b|lawsuit|\bsuits?\b|class action"),
        "probe": (r"调查|立案|约谈", r"probe|investigat"),
        "settlement": (r"和解", r"\bsettle"),
        "accusation": (r"抄袭|被指|指控", r"\baccus|plagiar|alleg"),
    },
    "incident": {
        "outage": (
            r"宕机|故障|中断|断电|瘫痪|停摆",
            r"outage|\bdown for\b|goes down|disrupt|offline|\bcrash",
        ),
        "leak": (r"泄露|泄漏|外泄", r"\bleak|breach|\bexpos"),
        "attack": (r"黑客|攻击", r"\bhack|\battack(?:s|ed)?\b"),  # not "lets attackers steal": what they did
        "recall": (r"召回", r"recall|\b(?:pull|call)(?:s|ed)? back\b"),
        "accident": (r"事故|碰撞|起火|火灾|撞", r"accident|\bcrash|collision|\bfires?\b"),
    },
}
_DETAILS = {
    f"{kind}:{detail}": (re.compile(zh), re.compile(en, re.I))
    for kind, table in DETAILS.items()
    for detail, (zh, en) in table.items()
}


def details(title: str) -> set[str]:
    """Which case or incident a headline reports ("legal:fine", "incident:outage"; see `DETAILS`), and which move
    of which role in people news ("people:ceo:joins": lang.people)."""
    found = {
        key for key, (zh, en) in _DETAILS.items() if zh.search(title) or en.search(joined_particles(title))
    }
    return found | {f"people:{role}:{move}" for role in roles(title) for move in moves(title)}


# An accusation is what a lawsuit or a probe makes: "sues over pirated books" / "alleging book piracy" is one case.
_ALONGSIDE = {"legal:accusation": {"legal:suit", "legal:probe"}}


def details_conflict(one: set[str] | frozenset[str], other: set[str] | frozenset[str]) -> bool:
    """Whether two headlines name, for one kind both report, two cases or incidents and none in common: a fine and
    a lawsuit, an outage and a leak (an accusation goes with a lawsuit or a probe: `_ALONGSIDE`)."""
    one = set(one) | {d for key in one for d in _ALONGSIDE.get(key, ())}
    other = set(other) | {d for key in other for d in _ALONGSIDE.get(key, ())}
    for kind in DETAILS:
        mine = {d for d in one if d.startswith(kind + ":")}
        theirs = {d for d in other if d.startswith(kind + ":")}
        if mine and theirs and not mine & theirs:
            return True
    return False


# A figure of money: a currency sign before it or a currency after it ("$50 million", "50 million yuan", "5000万元").
_MONEY = re.compile(
    r"[$€£¥]\s?\d[\d.,]*(?:\s*(?:thousand|million|billion|trillion|[kmb]n?)\b)?"
    r"|\d[\d.,]*(?:\s*(?:thousand|million|billion))?\s*(?:yuan|dollars?|euros?|pounds?|yen)\b"
    r"|[\d零〇一二两三四五六七八九十百千万亿.]+\s*(?:元|美元|欧元|英镑|日元|港元)",
    re.I,
)


def money(title: str) -> set[str]:
    """The figures of a headline that are money, keyed as `quantities` keys them: "$50 million in revenue" and
    "50 million users" give one key, and only the first is money."""
    return {key for match in _MONEY.finditer(title) for key in quantities(match.group())}


# A figure of things counted: a word follows it that is no currency, unit or preposition ("50 million users",
# "两千万用户"); "拟募资60亿" and "120亿！" are neither money nor counts.
_COUNT = re.compile(
    r"(?<![$€£¥\d.,])\d[\d,.]*(?:\s*(?:thousand|million|billion))?\s+"
    r"(?!(?:thousand|million|billion|yuan|dollars?|euros?|pounds?|yen|in|to|of|for|and|a|an|the|by|at|on|with|from|"
    r"per)\b)[a-z]"
    r"|[\d零〇一二两三四五六七八九十百千万亿.]+(?:多|余)?(?:台|辆|个|名|家|款|座|架|套|位|块|颗|件|部|条|所|间|张|人)?"
    r"(?=[\u4e00-\u9fff])(?![元亿万起]|美元|欧元|英镑|日元|港元|小时|分钟|年|月|日|天|倍|成)",
    re.I,
)


_PRICE_WORD = re.compile(r"售价|价格|定价|估值|营收|收入|融资|投资|募资|罚款|补贴|基金|万元|亿元")


def counts(title: str) -> set[str]:
    """The figures of a headline that count things, keyed as `quantities` keys them (see `_COUNT`)."""
    return {
        key
        for match in _COUNT.finditer(title)
        if not _PRICE_WORD.search(title, max(0, match.start() - 4), match.start())  # 售价20.98万, 融资3亿
        for key in quantities(match.group())
    }
