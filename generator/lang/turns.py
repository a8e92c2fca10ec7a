"""Pure: which way an event turns, in Chinese and English headlines: a plan put off or an activity stopped
(`setback`), and a company on the receiving end of a legal action (`sued`). Two headlines of one company and one
kind of event (generator.lang.glossary.EVENTS) that turn two ways are two stories: "files for IPO" / 推迟IPO,
"sues a former engineer" / "sued by a former engineer".
"""

from __future__ import annotations

import re

from generator.lang.glossary import joined_particles

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
    r"被\S{0,10}?(?:起诉|起诉|状告|告上|索赔|罚款|处罚|立案|调查)|遭\S{0,8}?(?:起诉|索赔|处罚|调查)",
    r"\b(?:sued|fined|probed|investigated|charged)\b|\bfaces? (?:a |an )?(?:\S+ )?(?:lawsuit|suit|probe|fine)\b|"
    r"\bhit with (?:a |an )?(?:\S+ )?(?:lawsuit|suit|fine)",
)
_SUED = (re.compile(SUED[0]), re.compile(SUED[1], re.I))


def sued(title: str) -> bool:
    """Whether a headline's subject is the one sued, fined or investigated (`SUED`), not the one acting."""
    return bool(_SUED[0].search(title) or _SUED[1].search(title))
