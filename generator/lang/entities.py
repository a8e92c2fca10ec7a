"""Pure: the names a news text mentions (companies, products, models, people, places) and the topics of the
maintained vocabulary, in Chinese and English; what counts as a common word, which a tag never is.

Names are found by how news writes them, never by a word's frequency alone:
- in English, capitalised words inside a sentence ("provider Cirrus Grid cuts…"), runs of two or more capitalised
  words ("Harbor Robotics ships…"), and words with a digit or an inner capital ("Aurora-3", "OpenAI"); the first
  word of a sentence or a headline, and every word of a headline In Title Case, is capitalised by rule and tells
  nothing;
- in Chinese, names in quotation marks (“星织2”), a name glossed in brackets (星织2（StarWeave-2）), a brand
  before an industry word (星衡智能, 芯屿科技, 清湾大学), a person after a title (副教授周明澈), a city (海州市),
  and every Latin name (Chinese writes only names and acronyms in Latin letters);
- in both, the spellings of vocabulary.yml (well-known names and the topics readers browse by).
A candidate that is a common word is dropped (`is_common_word`): a single English word frequent in English text
(wordfreq's Zipf frequency, COMMON_ZIPF or more), a Chinese word jieba's dictionary knows as anything but a name,
or a string without letters; a vocabulary spelling never is.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path

import yaml

from generator.lang.names import GENERIC

VOCABULARY = Path(__file__).with_name("vocabulary.yml")
MAX_NAME_CHARS = 20  # a longer "name" is a phrase (and too long for a tag)
COMMON_ZIPF = 3.0  # a word this frequent in English (Zipf scale: 3 = once per million words) is a common word
_SEPARATORS = re.compile(r"[\s\-_·・.]+")
_HAN = r"\u3400-\u4dbf\u4e00-\u9fff"
_PROPER = ("nr", "ns", "nt", "nz")  # jieba's flags for names of people, places, organisations and others
_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9+]*(?:['’.\-][A-Za-z0-9+]+)*")
_SENTENCE = re.compile(r"(?<=[.!?;:])\s+|[。！？；：:\n]|\s[-–—|]\s")
_QUOTED = re.compile(
    rf"[“「『\"]([{_HAN}A-Za-z0-9][{_HAN}A-Za-z0-9 .+\-]{{0,10}}[{_HAN}A-Za-z0-9+])[”」』\"]"
)
_PHRASE = re.compile(rf"[的了在是和与把被着过]|[{_HAN}]{{7}}")  # a quoted phrase, not a name: 雨中奔跑的小狗
_GLOSS = re.compile(
    rf"([{_HAN}]{{2,6}}(?:[-.]?\d+(?:\.\d+)?)?)[”\"』」]?\s*[（(]\s*([A-Za-z][A-Za-z0-9 .+\-]{{1,40}}?)\s*[）)]"
)
# A brand stands where a name can: after a non-Chinese character, a descriptor (公司, 企业…) or a function word.
_BRAND = re.compile(
    rf"(?:(?<![{_HAN}])|(?<=公司|企业|厂商|品牌|初创|旗下|平台|机构)|(?<=[的由与和及据向对从被让把是为在、]))"
    rf"([{_HAN}]{{2}})(科技|智能|视觉|智算|机器人|半导体|汽车|医疗|集团|大学|实验室|研究院|银行)"
)
_PERSON = re.compile(
    rf"(?:教授|研究员|创始人|首席执行官|首席科学家|首席技术官|总裁|董事长|总经理|负责人|院士|主任|局长|市长|部长|CEO|CTO)"
    rf"([{_HAN}]{{2,3}}?)(?=表示|介绍|称|说|指出|认为|透露|坦言|强调|在|，|。|：|,)"
)
_CITY = re.compile(rf"(?:(?<![{_HAN}])|(?<=[由与和在据向对从、]))([{_HAN}]{{2,3}}[市省])(?=[{_HAN}A-Za-z])")
_LATIN_IN_CHINESE = re.compile(
    r"[A-Za-z][A-Za-z0-9]*(?:[-.][A-Za-z0-9]+)*(?: [A-Z][A-Za-z0-9]*(?:[-.][A-Za-z0-9]+)*)*"
)
_FUNCTION_FLAGS = ("m", "q", "r", "d", "p", "c", "u", "f", "t", "a", "v")  # numerals, pronouns, verbs…


def name_key(name: str) -> str:
    """What makes two spellings one name: NFKC, case-folded, without spaces, dashes, dots and middle dots
    ("GPT-5" = "gpt 5" = "ＧＰＴ５"); "" for a name with nothing else in it."""
    return _SEPARATORS.sub("", unicodedata.normalize("NFKC", " ".join(name.split()))).casefold()


@dataclass(frozen=True)
class Vocabulary:
    """vocabulary.yml read: `forms` {key: the form shown} of every spelling, `topics` the keys of topic
    spellings, `spellings` [(spelling, key)] longest first, for finding them in text, `latin` {key of every
    spelling: the first spelling of its list written without Chinese} where the list has one (an edition in English
    shows it: 开源 → "open source")."""

    forms: Mapping[str, str]
    topics: frozenset[str]
    spellings: tuple[tuple[str, str], ...]
    latin: Mapping[str, str] = field(default_factory=dict)

    def find(self, text: str) -> list[str]:
        """The keys (of the form shown) of the spellings in `text`, each once, in order of appearance; a Latin
        spelling only as a whole word ("AMD" not in "AMDs"), and only where no longer spelling was found."""
        found: dict[int, str] = {}
        taken: list[tuple[int, int]] = []
        folded = text.casefold()
        for spelling, key in self.spellings:
            pattern = re.escape(spelling.casefold())
            if spelling.isascii():
                pattern = rf"(?<![a-z0-9]){pattern}(?![a-z0-9])"
            for match in re.finditer(pattern, folded):
                if not any(s < match.end() and match.start() < e for s, e in taken):
                    taken.append(match.span())
                    found.setdefault(match.start(), key)
        return list(dict.fromkeys(found[start] for start in sorted(found)))


@cache
def load_vocabulary(path: Path = VOCABULARY) -> Vocabulary:
    """The vocabulary file (`entities` and `topics`: lists of spelling lists, the first spelling shown). Raises
    OSError or yaml.YAMLError when it cannot be read, ValueError when its shape is wrong."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    forms: dict[str, str] = {}
    topics: set[str] = set()
    spellings: list[tuple[str, str]] = []
    latin_forms: dict[str, str] = {}
    for part in ("entities", "topics"):
        for names in data.get(part) or []:
            if not isinstance(names, list) or not names or not all(isinstance(n, str) for n in names):
                raise ValueError(f"{path}: each of `{part}` must be a list of spellings")
            shown = name_key(names[0])
            latin = next((n for n in names if not re.search(f"[{_HAN}]", n)), "")
            for name in names:
                if latin:
                    latin_forms[name_key(name)] = latin
                forms[name_key(name)] = names[0]
                spellings.append((name, shown))
                if part == "topics":
                    topics.add(name_key(name))
    spellings.sort(key=lambda pair: -len(pair[0]))
    return Vocabulary(forms, frozenset(topics), tuple(spellings), latin_forms)


@lru_cache(maxsize=8192)
def english_frequency(word: str) -> float:
    """wordfreq's Zipf frequency of a lower-case English word (0 for a word it does not know)."""
    from wordfreq import zipf_frequency  # loads its tables (~0.5 s): only when a name is judged

    return zipf_frequency(word, "en")


@lru_cache(maxsize=1)
def _jieba_word_tags() -> dict[str, str]:
    """jieba's part-of-speech table (word → flag), loaded once. `jieba.posseg.dt.initialize()` re-reads the
    whole dictionary on every call (~0.6 s), so it must not run once per word."""
    import jieba
    import jieba.posseg

    jieba.setLogLevel(logging.WARNING)
    if not jieba.posseg.dt.word_tag_tab:  # jieba 0.42 fills it when jieba.posseg is imported
        jieba.posseg.dt.initialize()
    return jieba.posseg.dt.word_tag_tab


def _jieba_flag(word: str) -> str | None:
    return _jieba_word_tags().get(word)


def is_common_word(name: str, vocabulary: Vocabulary | None = None) -> bool:
    """Whether `name` is a common word rather than a name: a generic word of the trade (lang.names.GENERIC: AI,
    LLM, GPU…), one English word without a digit or an inner capital whose Zipf
    frequency is COMMON_ZIPF or more ("Preview", "Investors", "Small", "Open-source"), or a Chinese word jieba's
    dictionary knows with a flag other than a name (投资者, 开发者). A vocabulary spelling is never one."""
    key = name_key(name)
    if not key:
        return True
    if vocabulary is not None and key in vocabulary.forms:
        return False
    if key in GENERIC or name.casefold() in GENERIC:
        return True
    if not re.search(rf"[{_HAN}A-Za-z]", name) or (name.isascii() and sum(c.isalpha() for c in name) < 2):
        return True  # "25", "1.0", "X": no name without letters
    if re.fullmatch(rf"[{_HAN}]+", name):
        flag = _jieba_flag(name)
        return flag is not None and not flag.startswith(_PROPER)
    words = name.split()
    if len(words) > 1 and any(sum(c.isalpha() for c in w) < 2 for w in words):
        return True  # "Series C", "Round A": a word and a letter
    if len(words) != 1 or not name.isascii():
        return False
    word = words[0]
    if any(c.isdigit() for c in word) or any(c.isupper() for c in word[1:]):
        return False  # "Aurora-3", "OpenAI", "CMMB": names by their shape
    return english_frequency(word.lower()) >= COMMON_ZIPF


def _named_shape(word: str) -> bool:
    """A word that is a name by its shape wherever it stands: a digit, an inner capital, or all capitals."""
    return (
        any(c.isdigit() for c in word)
        or any(c.isupper() for c in word[1:])
        or (word.isupper() and len(word) > 1)
    )


def is_title_case(line: str) -> bool:
    """Whether a line is written In Title Case: then its capitals say nothing about names. Judged by its common
    words of four letters or more (COMMON_ZIPF; names and all-capital words say nothing either way): more than
    0.7 of them capitalised, at least two ("Kestrel Ships Warehouse Robots" is; "Northwind Labs unveils QRTX-9
    chip" is not: its capitals are its names)."""
    words = [w for w in re.findall(r"[A-Za-z]{4,}", line) if not w.isupper()]
    common = [w for w in words if english_frequency(w.lower()) >= COMMON_ZIPF]
    return len(common) >= 2 and sum(w[0].isupper() for w in common) > 0.7 * len(common)


def english_names(text: str) -> list[str]:
    """Names in English text, in order, as written (see the module docstring): runs of capitalised words (at
    most four), a lone capitalised word only inside a sentence, words with a digit or an inner capital anywhere."""
    names: list[str] = []
    for sentence in _SENTENCE.split(text):
        words = list(_WORD.finditer(re.sub(r"['’]s\b", "", sentence)))
        title_case = is_title_case(sentence)
        run: list[str] = []
        for position, match in enumerate([*words, None]):
            word = match.group() if match else ""
            capital = bool(word) and (word[0].isupper() or _named_shape(word)) and not title_case
            capital = capital and not word[0].isdigit()  # "300M", "2026": numbers, not names
            # a word shaped like a name ("QRTX", "Aurora-3") starts a run of its own, but a generic one ("AI", "GPU")
            # ends the name before it ("Xingheng AI": Xingheng; _strip_generic takes it off)
            breaks = (
                run and _named_shape(word) and not _named_shape(run[-1]) and word.casefold() not in GENERIC
            )
            if capital and len(run) < 4 and not breaks:
                run.append(word)
                continue
            if run:
                starts = position - len(run) == 0
                if len(run) > 1 or not starts or _named_shape(run[0]):
                    names.append(_strip_generic(run))
                run = []
            if title_case and word and _named_shape(word):
                names.append(word)
            if capital:
                run = [word]
    return [n.strip(" .'’-") for n in names if n.strip(" .'’-")]


def _strip_generic(run: list[str]) -> str:
    """A run of capitalised words without the generic words at its ends ("Aurora-3 AI" → "Aurora-3")."""
    while len(run) > 1 and run[-1].casefold() in GENERIC:
        run = run[:-1]
    while len(run) > 1 and run[0].casefold() in GENERIC:
        run = run[1:]
    return " ".join(run)


def chinese_names(text: str) -> list[str]:
    """Names in Chinese text, in order, as written: quoted names, brands before an industry word, people after a
    title, cities, Latin names (a glossed Latin name among them)."""
    found: list[tuple[int, str]] = []
    for pattern in (_QUOTED, _BRAND, _PERSON, _CITY):
        for match in pattern.finditer(text):
            name = match.group(0) if pattern is _BRAND else match.group(1)
            if pattern is _BRAND and (_jieba_flag(match.group(1)) or "").startswith(_FUNCTION_FLAGS):
                continue  # 多家银行, 新型机器人: a quantity or a quality, not a brand
            if pattern is _QUOTED and _PHRASE.search(name):
                continue
            found.append((match.start(), name))
    for match in _LATIN_IN_CHINESE.finditer(text):
        name = match.group()
        if sum(c.isalpha() for c in name) >= 2:
            found.append((match.start(), name))
    return [name for _, name in sorted(found, key=lambda pair: pair[0])]


def glossed_pairs(text: str) -> list[tuple[str, str]]:
    """(Chinese name, Latin name) of each name a Chinese text glosses in brackets: "星织2（StarWeave-2）"."""
    return [(m.group(1), m.group(2).strip()) for m in _GLOSS.finditer(text)]


def text_names(text: str, vocabulary: Vocabulary | None = None) -> Counter[str]:
    """{name as written: how often} of the names in `text` (Chinese and English rules where each script is),
    common words and names longer than MAX_NAME_CHARS left out, a name inside a longer one counted once."""
    has_han = bool(re.search(rf"[{_HAN}]", text))
    raw = chinese_names(text) if has_han else english_names(text)
    counts: Counter[str] = Counter(
        n for n in raw if len(n) <= MAX_NAME_CHARS and not is_common_word(n, vocabulary)
    )
    for name in list(counts):
        if any(name != other and name in other for other in counts):
            del counts[name]
    return counts


def vocabulary_keys(texts: Iterable[str], vocabulary: Vocabulary) -> list[str]:
    """The vocabulary keys (form shown) found in `texts`, in order of first appearance."""
    return list(dict.fromkeys(key for text in texts for key in vocabulary.find(text)))
