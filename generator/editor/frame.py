"""Pure: a Chinese line for a story the offline editor can only read in English (issue 19 §2).

Without a model there is no translation, so the line says only what is certain in the English headline, in Chinese
words from the words table (generator.post.words, `FRAME_WORDS`):

- **what kind of piece** a label before a colon says ("Paper:", "Opinion:", "Study:" → 研究论文, 评论, 研究);
- **who**: the first name in the headline (capitalised words and words with a digit, the company suffixes "Labs",
  "AI" … kept with the name; trade words such as GPU or Cloud are not names, generator.lang.GENERIC);
- **what happened**: one kind of event, matched as whole English words (`EVENTS`, strictest first: "raises $300M"
  is funding, "fine-tuned" is not a fine, "evaluation" is not a valuation);
- **the numbers**, in Chinese notation where the value is certain ($300M → 3亿美元, 1 million → 100万, Series C
  → C轮; generator.lang.quantities);
- **the topic** words of the glossary (generator.lang.glossary) when neither a name nor an event says enough;
- and always the headline itself, quoted as 原文标题, and the source.

"Cloud provider Cirrus Grid cuts GPU rental prices by 25%" → headline "Cirrus Grid降价25%", line
"Cirrus Grid降价25%。原文标题：“Cloud provider Cirrus Grid cuts GPU rental prices by 25%”".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from generator.lang import ALIASES, GENERIC, concept_terms, quantities
from generator.post import FRAME_EVENTS, FRAME_GENRES, FRAME_WORDS
from generator.text import clean_line, has_cjk

_LABEL = re.compile(r"^\s*([A-Za-z][A-Za-z ]{1,20}?)\s*:\s+(?=\S)")
_TOKEN = re.compile(r"[A-Za-z0-9$€£][A-Za-z0-9.+$€£-]*(?:['’]s)?")
# Words that keep a name going ("Northwind Labs", "Xingheng AI") but never start one.
_SUFFIXES = frozenset("labs lab ai inc corp group technologies tech robotics systems".split())
# Capitalised headline words that are not names.
_NOT_NAMES = frozenset(
    "series round first new how why what when where who the a an this that these those its their our".split()
)
# Words a headline often starts with that are not names ("Trade group proposes…", "Researchers find…"): a first
# word is read as a name unless it is one of these, a trade word (GENERIC, the glossary) or a label.
COMMON_STARTS = frozenset(
    """trade group groups study report startup startups researchers scientists regulators lawmakers officials
    investors users companies company firm firms government court judge judges police hackers developers engineers
    workers employees students teachers doctors hospitals banks schools cities states countries big small top more
    most inside exclusive after before as at for from in on with amid despite over under one two three here there
    can could should will would is are tech chip chips data robot robots open everyone nobody some many all""".split()
)
# Kinds of event, as English headlines write them, strictest first. Each pattern is matched case-insensitively
# against the headline without its label; whole words only.
EVENTS: tuple[tuple[str, str], ...] = (
    (
        "funding",
        r"\braise[sd]?\b[^.]*?(?:[$€£¥]\s?\d|\bseries [a-f]\b|\bfunding\b)|\bseries [a-f]\b|\bfunding round\b",
    ),
    ("acquisition", r"\bacquires?\b|\bacquired\b|\bacquisition of\b|\bbuys\b"),
    ("open_source", r"\bopen[- ]sources\b|\bopen[- ]sourced\b|\breleases? (?:the )?weights\b"),
    ("price_cut", r"\b(?:cuts?|slash(?:es)?|lowers?)\b[^.]*?\bprices?\b|\bprice cuts?\b|\bcheaper\b"),
    ("price_rise", r"\braises?\b[^.]*?\bprices?\b|\bprice (?:hikes?|increases?)\b"),
    (
        "milestone",
        r"\b(?:passes|hits|tops|surpasses|reaches|crosses)\b[^.]*?\b(?:downloads|users|customers)\b",
    ),
    ("ranking", r"\btops\b[^.]*?\b(?:leaderboard|ranking|chart|benchmark)s?\b|\bleaderboard\b"),
    ("release", r"\b(?:launch|release|unveil|introduce|debut)(?:s|es|ed)?\b|\brolls? out\b"),
    ("shipping", r"\bships\b|\bshipping\b|\bbegins? deliveries\b"),
    ("partnership", r"\bpartners? with\b|\bpartnership\b|\bteams? up\b"),
    ("lawsuit", r"\bsues?\b|\bsued\b|\blawsuit\b"),
    ("fine", r"\bfined\b"),
    ("layoffs", r"\blay(?:s|ing)? off\b|\blayoffs?\b|\bjob cuts\b"),
    ("people", r"\bappoints?\b|\bsteps? down\b|\bresigns?\b|\bnamed (?:ceo|chief)\b"),
    ("proposal", r"\bproposes?\b|\bproposal\b"),
    ("regulation", r"\bregulat\w*\b|\bbill\b|\bban(?:s|ned)?\b"),
)
_VERSION = re.compile(r"\d+(?:\.\d+)?[A-Za-z]{0,2}")
_KNOWN = frozenset(ALIASES.values())  # well-known names ("Nvidia cuts prices": a name even as the first word)
_CHINESE_NAMES = {
    latin: chinese for chinese, latin in reversed(list(ALIASES.items()))
}  # the usual Chinese form
WHAT_GAP = 24  # characters between the event's words and the thing named ("unveils the new Aurora-3")
_EVENTS = tuple((kind, re.compile(pattern, re.I)) for kind, pattern in EVENTS)
_CURRENCY = {"$": "美元", "€": "欧元", "£": "英镑", "¥": "元"}


@dataclass(frozen=True)
class Frame:
    """What is certain in an English headline: the kind of piece ("" when unlabelled), the first name and the next
    one ("" when none), the kind of event ("" when none), the figures in Chinese notation, the topic words, the
    headline."""

    genre: str
    who: str
    what: str
    event: str
    figures: tuple[str, ...]
    topics: tuple[str, ...]
    title: str


def read_frame(title: str) -> Frame:
    """The Frame of an English headline (see the module docstring)."""
    title = clean_line(title)
    label = _LABEL.match(title)
    genre = FRAME_GENRES.get(label.group(1).strip().lower(), "") if label else ""
    body = title[label.end() :] if label and genre else title
    found = next(((kind, m) for kind, pattern in _EVENTS if (m := pattern.search(body))), None)
    event = found[0] if found else ""
    names = name_runs(body)
    who = names[0][1] if names else ""
    # the thing named right after the event's words ("unveils Aurora-3", not "ships … to grocer Falkmart")
    after = found[1].end() if found else len(body)
    what = next((name for start, name in names[1:] if 0 <= start - after <= WHAT_GAP), "")
    return Frame(genre, who, what, event, figures(body), tuple(concept_terms(body, chinese=False)), title)


def _is_name(word: str, first: bool) -> bool:
    """Whether one headline word is (part of) a name: a well-known name (generator.lang.ALIASES), or capitalised
    or with a digit and not a trade word (GENERIC, the glossary) nor a label; the headline's first word only when
    it is not a word headlines often start with (COMMON_STARTS: "Trade group proposes…") unless it is marked as
    a name (a digit, an inner capital: "OpenAI", "Tern-2")."""
    lower = word.lower()
    if lower in _KNOWN:
        return True
    if not word[0].isalpha() or len(word) < 2 or lower in GENERIC or lower in _NOT_NAMES:
        return False
    if not (word[0].isupper() or any(c.isdigit() for c in word)):
        return False
    if first:
        marked = any(c.isdigit() for c in word) or any(c.isupper() for c in word[1:])
        return marked or not (lower in COMMON_STARTS or concept_terms(word, chinese=False))
    return True


def name_runs(text: str) -> list[tuple[int, str]]:
    """The names of an English headline as written, with where each starts, in order: runs of name words
    (`_is_name`); a company suffix ("Labs", "AI") continues a run but never starts one, and so does a version
    ("Tidewater 7B"); a possessive joins its owner to the next name with 的 ("Xingheng's StarWeave-2" →
    "Xingheng的StarWeave-2"); a well-known name is written the Chinese way (Nvidia → 英伟达, EU → 欧盟)."""
    tokens = list(_TOKEN.finditer(text))
    words = [re.sub(r"['’]s$", "", m.group()) for m in tokens]
    runs: list[tuple[int, str]] = []
    current, start, joiner = "", 0, " "
    for k, (match, word) in enumerate(zip(tokens, words, strict=True)):
        name = _is_name(word, k == 0)
        suffix = word.lower() in _SUFFIXES and word[0].isupper()
        version = bool(_VERSION.fullmatch(word)) and joiner == " "
        adjacent = match.start() > 0 and text[match.start() - 1] == " "
        shown = _CHINESE_NAMES.get(word.lower(), word)
        if current and adjacent and (name or suffix or version):
            current += ("" if has_cjk(shown) and joiner == " " else joiner) + shown
        elif name and not suffix:
            if current:
                runs.append((start, current))
            current, start = shown, match.start()
        elif current:
            runs.append((start, current))
            current = ""
        joiner = "的" if match.group().endswith(("'s", "’s")) else " "
    if current:
        runs.append((start, current))
    return runs


def figures(text: str) -> tuple[str, ...]:
    """The figures of an English headline in Chinese notation (3亿美元, 100万, 25%, 3倍, C轮), in order, once;
    digits inside a name ("Tidewater-7B") are not figures."""
    found: dict[str, None] = {}
    pattern = r"(?<![A-Za-z0-9.-])[$€£¥]?\s?\d[\d,.]*\s?(?:%|percent\b|[kKmMbB]n?\b|million\b|billion\b|x\b)?"
    for match in re.finditer(pattern, text):
        written = match.group().strip()
        for key in sorted(quantities(written)):
            found[chinese_figure(key, written)] = None
    for match in re.finditer(r"\bSeries ([A-F])\+?", text):
        found[f"{match.group(1)}轮"] = None
    return tuple(f for f in found if f)


def chinese_figure(key: str, written: str) -> str:
    """One figure (a generator.lang.quantities key) in Chinese notation: amounts and counts in 万/亿 with the
    currency named after them, percentages and multiples as 25% and 3倍; "" for other keys."""
    if key.startswith("%"):
        return f"{key[1:]}%"
    if key.startswith("x"):
        return f"{key[1:]}倍"
    if not key.startswith("#"):
        return ""
    value = float(key[1:])
    currency = next((name for sign, name in _CURRENCY.items() if sign in written), "")
    if value >= 1e8:
        number = f"{value / 1e8:g}亿"
    elif value >= 1e4:
        number = f"{value / 1e4:g}万"
    else:
        number = f"{value:g}"
    return number + currency


def _event_line(frame: Frame) -> str:
    """Who did what (FRAME_EVENTS), with the thing named and the figures where the event's words take them;
    "" without a name or an event."""
    words = FRAME_EVENTS.get(frame.event)
    if not (words and frame.who):
        return ""
    amounts = [f for f in frame.figures if not f.endswith("轮")]
    rounds = [f for f in frame.figures if f.endswith("轮")]
    figure = "".join(amounts[:1] + rounds[:1]) if frame.event == "funding" else "".join(amounts[:1])
    for key, needs in (("what", frame.what), ("figure", figure), ("plain", True)):
        if key in words and needs:
            return words[key].format(who=frame.who, what=frame.what, figure=figure)
    return ""


def frame_headline(frame: Frame) -> str:
    """The Chinese headline of a frame: who did what (`_event_line`), else who, else the topic words; the kind of
    piece before it ("研究论文：…") or around the topics ("关于训练、数据的评论文章"); "" when nothing is certain."""
    topics = "、".join(frame.topics[:3])
    head = _event_line(frame)
    if not head and frame.who:
        head = FRAME_WORDS["who_topics" if topics else "who_only"].format(who=frame.who, topics=topics)
    genre = frame.genre
    if not head and frame.topics:
        kind = genre or FRAME_WORDS["report"]
        head, genre = FRAME_WORDS["topics"].format(topics=topics, kind=kind), ""
    if genre:
        head = f"{genre}：{head}" if head else FRAME_WORDS["genre_only"].format(kind=genre)
    return head


def frame_line(title: str, source: str) -> tuple[str, str]:
    """(headline, line) for a story told only in English: the Chinese headline (frame_headline; "<source>报道"
    when nothing is certain) and the line that adds the original headline ("…。原文标题：“…”")."""
    frame = read_frame(title)
    headline = frame_headline(frame) or FRAME_WORDS["reported"].format(source=source)
    line = f"{headline}。{FRAME_WORDS['original'].format(title=frame.title)}"
    return headline, line


def needs_frame(text: str) -> bool:
    """Whether a story line in a Chinese post needs a frame: it holds no Chinese at all."""
    return not has_cjk(text)
