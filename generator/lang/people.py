"""Pure: people news in Chinese and English headlines: the roles a headline names someone by (`roles`: a CEO's news
and a CFO's are two events) and which way its people move (`moves`: a hire and a departure are two events).
"""

from __future__ import annotations

import re

# The roles a headline names someone by: two reports of one company's people news name the same role ("CEO resigns"
# and "首席执行官辞职"); a CEO's news and a CFO's are two events. A founder and a co-founder are one role here (reports
# of one person say either); president and 总裁 go with the chief executive, as reports translate them.
ROLES = {
    "ceo": (r"CEO|首席执行官|总裁|一把手", r"\bceo\b|chief executive|\bpresident\b|\bboss\b"),
    "cfo": (
        r"CFO|首席财务官|财务总监|财务负责人",
        r"\bcfo\b|chief financial|finance chief|financial officer",
    ),
    "cto": (r"CTO|首席技术官|技术总监|技术负责人", r"\bcto\b|chief technology|chief technical|tech chief"),
    "coo": (r"COO|首席运营官", r"\bcoo\b|chief operating"),
    "cmo": (r"CMO|首席营销官|首席市场官", r"\bcmo\b|chief marketing"),
    "scientist": (r"首席科学家", r"chief scientist"),
    "chair": (r"董事长|董事会主席", r"\bchair(?:man|woman|person)?\b"),
    "founder": (r"创始人|创办人", r"founder"),
}
_ROLES = {
    role: (re.compile(rf"(?<![A-Za-z])(?:{zh})(?![A-Za-z])", re.I), re.compile(en, re.I))
    for role, (zh, en) in ROLES.items()
}  # "CEO" in Chinese text is a word of its own; "cook" holds no COO


def roles(title: str) -> set[str]:
    """The roles (keys of `ROLES`) a headline names people by, in either language ("竹溪科技CFO离职" → {"cfo"})."""
    return {role for role, (zh, en) in _ROLES.items() if zh.search(title) or en.search(title)}


# Which way a person moves in people news: joining (hired, appointed, taking over) or leaving (resigning, departing).
MOVES = {
    "joins": (
        r"任命|加盟|出任|接任|聘请|加入",
        r"appoint|\bname[sd]?\b|\bhires?\b|\bjoins?\b|takes over|\btaps\b",
    ),
    "leaves": (
        r"离职|出走|辞职|请辞|辞任|下台|卸任|离开|退休",
        r"steps? down|resign|depart|\b(?:leaves|quits|exits|retires|ousted|fired)\b",
    ),
}
_MOVES = {move: (re.compile(zh), re.compile(en, re.I)) for move, (zh, en) in MOVES.items()}


def moves(title: str) -> set[str]:
    """Which way the people of a headline move (keys of `MOVES`): "joins", "leaves" or both ("CEO resigns, founder
    takes over"). A hire and a departure are two events of one company's people."""
    return {move for move, (zh, en) in _MOVES.items() if zh.search(title) or en.search(title)}


def without_roles(title: str) -> str:
    """The headline with the words of its roles blanked ("Garnet Labs CFO resigns" → "Garnet Labs   resigns"): the
    frame two headlines about two people of one company share."""
    for zh, en in _ROLES.values():
        title = en.sub(" ", zh.sub(" ", title))
    return title
