"""Pure: numbers, amounts, percentages, multiples and funding rounds, read the same way in Chinese and English.

A headline says "七百亿参数", its English report "70B parameters"; one says "降幅达八成", the other "80% cheaper".
`quantities(text)` turns each such mention into one language-independent key, so two reports of one event share
keys whatever language they are in:

| written as | key |
|---|---|
| 七百亿, 700亿, 70 billion, 70B, $70bn (also 1.5万亿 ↔ 1.5 trillion, 千亿 ↔ 100B, 5000万 ↔ 50 million) | `#7e+10` |
| 2,000 / 2000 / 两千 (plain counts from 10 up; a lone digit is a version or too common to tell) | `#2000` |
| 40%, 40 percent, 百分之四十, 四成, 4成 | `%40` |
| 3x, 3 times, threefold, triples, 3倍, 三倍 (翻倍/doubles/twice: 2) | `x3` |
| B轮, Series B, A+轮, Series A+ | `round:b`, `round:a+` |
| 6小时, six-hour, 6 hours (also minutes, seconds, days, weeks, months) | `6hour` |
| 3纳米, 3nm, 3-nanometer (also MW and GW, in Chinese or Latin letters) | `3nm` |
| L4, L4级, Level 4 (driving automation) | `level:4` |
| 三类证, III类医疗器械, Class III, Class 3 (medical devices) | `class:3` |

Units (currency, parameters, tokens) are not part of the key: the same value in one story is the same fact far more
often than two different facts of equal value. Chinese numerals follow the usual place-value reading (十 百 千 within
a section, 万 and 亿 as section multipliers); a run of Chinese numerals is read only when it is at least two
characters long or carries a suffix (倍, 成, 百分之…), so 千问, 一号 or 十条 are not numbers.
"""

from __future__ import annotations

import re
from collections.abc import Callable

_CN_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "兩": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_CN_SMALL_UNITS = {"十": 10, "百": 100, "千": 1000}
_CN_BIG_UNITS = {"万": 1e4, "亿": 1e8, "萬": 1e4, "億": 1e8}  # traditional forms too
_CN_NUMERAL = "零〇一二两兩三四五六七八九十百千万亿萬億"
_NUMBER = r"\d+(?:,\d{3})*(?:\.\d+)?"
# A number as written in Chinese text: Arabic digits and/or Chinese numerals, e.g. 1.5万亿, 七百亿, 5000万, 两千.
# A Latin word (its digits belong to a name: GPT-5, B7) or a number written the Chinese way.
_ZH_NUMBER = re.compile(
    rf"[A-Za-z][A-Za-z0-9.+-]*|(百分之)?({_NUMBER}[{_CN_NUMERAL}]*|[{_CN_NUMERAL}]+)(倍|成|%|％)?"
)
_EN_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "fifteen": 15,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "half": 0.5,
    "hundred": 100,
}
_EN_SCALES = {
    "k": 1e3,
    "thousand": 1e3,
    "m": 1e6,
    "mn": 1e6,
    "mln": 1e6,
    "million": 1e6,
    "b": 1e9,
    "bn": 1e9,
    "billion": 1e9,
    "t": 1e12,
    "tn": 1e12,
    "trillion": 1e12,
}
_EN_NUMBER = re.compile(
    rf"(?<![\w.-])(?:[$€£¥]\s?)?({_NUMBER}|{'|'.join(sorted(_EN_WORDS, key=len, reverse=True))})"
    rf"(?![\d万亿萬億千百十倍成]|[.,]\d|\s?[万亿萬億])"
    rf"(?:[\s-]?({'|'.join(sorted(_EN_SCALES, key=len, reverse=True))})\b)?"
    r"(?:\s?(%|percent\b|per\s?cent\b|x\b|times\b|-fold\b|fold\b))?",
    re.I,
)
_EN_MULTIPLE_WORDS = {
    "double": 2,
    "doubles": 2,
    "doubled": 2,
    "twice": 2,
    "triple": 3,
    "triples": 3,
    "tripled": 3,
    "quadruple": 4,
    "quadruples": 4,
    "threefold": 3,
    "twofold": 2,
    "tenfold": 10,
}
_EN_MULTIPLE = re.compile(rf"\b({'|'.join(_EN_MULTIPLE_WORDS)})\b", re.I)
# "70B", "128K", "1.5T" glued to Chinese text ("128K上下文", "7B参数"): no word boundary after the letter there;
# also a model's size at the end of its name ("Sprig-7B", "gpt-oss-120b": 7 billion, 120 billion parameters).
_SCALED = re.compile(r"(?<![A-Za-z0-9.])(\d+(?:\.\d+)?)\s?([KkMBbTt])(?![A-Za-z])")
_ZH_DOUBLE = re.compile(r"翻倍|翻番|翻了一番|(?:提升|提高|增加|增长|高出)了?一倍")
# Durations, the one place where a small number tells stories apart ("宕机6小时" ↔ "six-hour outage", "a week" ↔
# 一周; not "$5 a month", a price).
_DURATIONS = {"小时": "hour", "分钟": "minute", "秒": "second", "天": "day", "周": "week", "个月": "month"}
_ZH_DURATION = re.compile(rf"(\d+(?:\.\d+)?|[{_CN_NUMERAL}]{{1,3}})\s?({'|'.join(_DURATIONS)})")
_EN_DURATION = re.compile(
    rf"(?<![\d$€£¥%] )\b(\d+(?:\.\d+)?|an?|{'|'.join(w for w in _EN_WORDS if w != 'hundred')})[\s-]"
    r"(hour|minute|second|day|week|month)s?\b",
    re.I,
)
# Measures whose unit is part of the fact (a chip's process node, a memory, a power plant), written in Chinese or in
# Latin letters alike: 3纳米 ↔ 3nm ↔ 3-nanometer, 8吉瓦 ↔ 8 GW. Units as the SI writes them (nm, MW, GW). A memory's
# "48GB" stays a word of its sentence (generator.stories.citations compares it as written).
_MEASURES = {
    "nm": r"纳米|納米|nm|nanomet(?:er|re)s?",
    "mw": r"兆瓦|MW|megawatts?",
    "gw": r"吉瓦|GW|gigawatts?",
}
_MEASURE = re.compile(
    rf"(?<![A-Za-z0-9.-])(\d+(?:\.\d+)?|[{_CN_NUMERAL}]{{1,3}})[\s-]?({'|'.join(_MEASURES.values())})"
    r"(?:(?<=[\u4e00-\u9fff])|(?![A-Za-z]))",  # a Chinese unit may run into Latin letters: 3纳米AI芯片
    re.I,
)
_MEASURE_UNITS = [(re.compile(rf"^(?:{pattern})$", re.I), unit) for unit, pattern in _MEASURES.items()]


def _measure(match: re.Match[str], add: Callable[[str], str]) -> str:
    """The key of one measure ("3nm", "3纳米" → "3nm"); the text itself when its number is no number."""
    number, written = match.groups()
    value = float(number) if number[0].isdigit() else chinese_number(number)
    unit = next(u for pattern, u in _MEASURE_UNITS if pattern.match(written))
    return add(f"{format_value(value)}{unit}") if value is not None else match.group()


# Levels of driving automation (SAE J3016): L4, L4级, Level 4.
_LEVEL = re.compile(r"(?<![A-Za-z0-9])(?:L|Level\s?)([0-5])(?![0-9])(?:级)?", re.I)
# Classes of medical device (NMPA and FDA both have three): 三类证, III类医疗器械, Class III, Class 3.
_ROMAN_CLASS = {"i": 1, "ii": 2, "iii": 3, "ⅰ": 1, "ⅱ": 2, "ⅲ": 3, "一": 1, "二": 2, "两": 2, "三": 3}
_ZH_CLASS = re.compile(
    r"((?<![A-Za-z])III|(?<![A-Za-z])II|(?<![A-Za-z])I|Ⅲ|Ⅱ|Ⅰ|[一二三1-3])类(?=证|医疗器械|器械|注册证)"
)
_EN_CLASS = re.compile(r"\bClass\s(III|II|I|[1-3])(?![\w])", re.I)
_SPACED_UNIT = re.compile(r"(\d)\s+(?=[万亿萬億])")
# Fractions of a scale, which the number before the scale alone would misread ("half a billion" is not "a billion",
# "one and a half billion" not "half a billion"): a whole number and a half, a half, a quarter, three quarters.
_EN_FRACTION_WORDS = {
    "half": 0.5,
    "quarter": 0.25,
    "third": 1 / 3,
    "three quarters": 0.75,
    "three-quarters": 0.75,
}
_WHOLE = rf"\d+|{'|'.join(w for w in _EN_WORDS if w not in ('half', 'hundred'))}"
_EN_SCALED_FRACTION = re.compile(
    rf"(?<![\w.-])(?:[$€£¥]\s?)?(?:({_WHOLE})[\s-]and[\s-]a[\s-]half|(?:an?\s)?(three[\s-]quarters|half|quarter|third)"
    rf"(?:\sof)?(?:[\s-]an?)?)[\s-](thousand|million|billion|trillion|bn|mn|tn)\b",
    re.I,
)
# A share said in words: "half of its staff", "a third of users", "one in five" (and 一半, 半数, 三分之一).
_EN_SHARE = re.compile(
    r"\b(?:(half|a quarter|one quarter|a third|one third|two thirds|three quarters)(?:\s|-)of\b"
    r"|(one) in (two|three|four|five|ten)\b"
    r"|by (half|a quarter|a third|two thirds|three quarters)\b)",  # "cuts wait times by a third"
    re.I,
)
_EN_SHARES = {
    "half": 50,
    "a quarter": 25,
    "one quarter": 25,
    "a third": 100 / 3,
    "one third": 100 / 3,
    "two thirds": 200 / 3,
    "three quarters": 75,
}
_ZH_SHARE = re.compile(rf"([{_CN_NUMERAL}\d]{{1,3}})分之([{_CN_NUMERAL}\d]{{1,3}})|一半|半数")
# Colloquial Chinese amounts: 3个亿 (3亿), 半个亿 / 半亿 (0.5亿), 1个半亿 / 一个半亿 (1.5亿); also with 万.
_ZH_COLLOQUIAL = re.compile(rf"(?:(\d+(?:\.\d+)?|[{_CN_NUMERAL}]{{1,3}})个(半)?|(半)个?)([万亿萬億])(?!分)")
_ZH_ROUND = re.compile(r"(?<![A-Za-z])(Pre-?A|[A-F])(\+{0,2})\s?轮", re.I)
_EN_ROUND = re.compile(r"\bseries\s([A-F])(\+{0,2})(?![A-Za-z])", re.I)


def format_value(value: float) -> str:
    """A number as a key: 6 significant digits, so 1.3e10 from "$13B" and from "130亿美元" read alike."""
    return f"{value:.6g}"


def chinese_number(text: str) -> float | None:
    """The value of a number written with Chinese numerals and/or digits ("七百亿" → 7e10, "1.5万亿" → 1.5e12,
    "5000万" → 5e7, "千亿" → 1e11, "两千" → 2000); None when `text` holds no number.

    Place-value reading: 十/百/千 multiply the digit before them (alone: 1) within a section; 万 and 亿 multiply
    everything before them in their section (亿 also what 万 made: 1.5万亿 = 1.5 × 10^4 × 10^8). A last digit
    written right after a unit counts in the next lower unit, as spoken Chinese leaves it out (一万九 = 19,000,
    三千五 = 3,500, 一万九千九 = 19,900, 一亿五 = 1.5 × 10^8); after 零 it is a unit digit (一万零九 = 10,009).
    """
    total = section = 0.0
    number: float | None = None
    seen = False
    unit = implied = 0.0  # the unit the previous token was; the one before a last digit that follows it
    for match in re.finditer(rf"{_NUMBER}|.", text):
        token = match.group()
        if token[0].isdigit() or token in _CN_DIGITS:
            value = float(token.replace(",", "")) if token[0].isdigit() else float(_CN_DIGITS[token])
            implied = unit if unit > 10 and len(token) == 1 and token not in "零〇" else 0.0
            number, seen, unit = value, True, 0.0
        elif token in _CN_SMALL_UNITS:
            section += (1.0 if number is None else number) * _CN_SMALL_UNITS[token]
            number, seen, unit = None, True, _CN_SMALL_UNITS[token]
        elif token in _CN_BIG_UNITS:
            value = (section + (number or 0.0)) or 1.0
            if token in "亿億":
                total, section = (total + value) * _CN_BIG_UNITS[token], 0.0
            else:
                section = value * _CN_BIG_UNITS[token]
            number, seen, unit = None, True, _CN_BIG_UNITS[token]
        else:
            return None
    if number is not None and implied and unit == 0.0:
        number *= implied / 10  # 一万九: the 九 is 九千
    return total + section + (number or 0.0) if seen else None


def _key(value: float, suffix: str | None) -> str | None:
    """The key of one quantity, or None when it is too common to tell stories apart (a lone digit below 10)."""
    if suffix in ("%", "％", "成"):
        return f"%{format_value(value * 10 if suffix == '成' else value)}"
    if suffix in ("倍", "x", "times", "fold", "-fold"):
        return f"x{format_value(value)}"
    if value < 10 and value == int(value):
        return None
    return f"#{format_value(value)}"


def _chinese(match: re.Match[str], keys: set[str]) -> str:
    """Add the key of one figure written the Chinese way (digits and/or numerals, 倍, 成, 百分之, %) to `keys`;
    return what replaces it (re.sub callback): a blank, or the text itself when it is no figure."""
    percent, number, suffix = match.groups()
    if not number:
        return match.group()  # a Latin word
    plain = not any(c.isdigit() for c in number)
    if plain and len(number) < 2 and not (suffix in ("倍", "成") or percent):
        return match.group()  # 千问, 一号, 十条: a numeral inside a word
    value = chinese_number(number)
    key = _key(value, "%" if percent else suffix) if value is not None else None
    if key:
        keys.add(key)
    return " "


def _english(match: re.Match[str], keys: set[str]) -> str:
    """Add the key of one English figure to `keys`; return the blank that replaces it (re.sub callback)."""
    number, scale, suffix = match.groups()
    word = number.lower()
    if word in _EN_WORDS and not scale and not suffix:
        return match.group()  # "one", "ten" alone are words, not figures
    value = float(_EN_WORDS[word]) if word in _EN_WORDS else float(number.replace(",", ""))
    if scale:
        value *= _EN_SCALES[scale.lower()]
    suffix = re.sub(r"\s+", " ", suffix.lower()) if suffix else None
    key = _key(value, "%" if suffix in ("percent", "per cent", "percent") else suffix)
    if key:
        keys.add(key)
    return " "


def _duration(number: str, unit: str, add: Callable[[str], str]) -> str:
    word = number.lower()
    value = 1 if word in ("a", "an") else _EN_WORDS.get(word) if word in _EN_WORDS else chinese_number(number)
    return add(f"{format_value(value)}{unit}") if value is not None else number + unit


def _device_class(written: str) -> int:
    return int(written) if written.isdigit() else _ROMAN_CLASS[written.lower()]


def _scaled_fraction(match: re.Match[str]) -> str:
    """The key of "half a billion", "a quarter of a million", "one and a half billion", "2-and-a-half million"."""
    whole, fraction, scale = match.groups()
    if whole:
        value = (float(whole) if whole.isdigit() else _EN_WORDS[whole.lower()]) + 0.5
    else:
        value = _EN_FRACTION_WORDS[re.sub(r"\s+", " ", fraction.lower())]
    return f"#{format_value(value * _EN_SCALES[scale.lower()])}"


def _colloquial(match: re.Match[str]) -> str:
    """The key of 3个亿, 半个亿, 一个半亿 (the number before 个, a half after it, a half alone)."""
    number, half, lone_half, unit = match.groups()
    value = (chinese_number(number) or 0.0) if number else 0.0
    value += 0.5 if half or lone_half else 0.0
    return f"#{format_value(value * _CN_BIG_UNITS[unit])}"


def _share(match: re.Match[str]) -> str:
    """The key of a share said in words: "half of" → %50, "a third of" and "by a third" → %33.3333, "one in five"
    → %20."""
    words, _, parts, by = match.groups()
    words = words or by
    if words:
        share = _EN_SHARES[re.sub(r"[\s-]+", " ", words.lower())]
        return f"%{format_value(share)}"
    return f"%{format_value(100 / _EN_WORDS[parts.lower()])}"


def _zh_share(match: re.Match[str], add: Callable[[str], str]) -> str:
    """The key of 三分之一 (%33.3333), 一半 and 半数 (%50); a fraction that is no number is left as written."""
    if not match.group(1):
        return add("%50")
    whole, part = chinese_number(match.group(1)), chinese_number(match.group(2))
    return add(f"%{format_value(100 * part / whole)}") if whole and part else match.group()


def read_quantities(text: str) -> tuple[set[str], str]:
    """The keys of every number, amount, percentage, multiple, duration and funding round in `text` (see the
    module docstring), and `text` with each of them blanked out (the words left for other tokens)."""
    keys: set[str] = set()
    text = _SPACED_UNIT.sub(r"\1", text)  # "700 亿" is 700亿

    def add(key: str) -> str:
        keys.add(key)
        return " "  # each figure is read once: the later, looser patterns do not see it again

    text = _EN_MULTIPLE.sub(lambda m: add(f"x{_EN_MULTIPLE_WORDS[m.group(1).lower()]}"), text)
    text = _ZH_DOUBLE.sub(lambda m: add("x2"), text)
    text = _EN_SCALED_FRACTION.sub(lambda m: add(_scaled_fraction(m)), text)
    text = _ZH_COLLOQUIAL.sub(lambda m: add(_colloquial(m)), text)
    text = _EN_SHARE.sub(lambda m: add(_share(m)), text)
    text = _ZH_SHARE.sub(lambda m: _zh_share(m, add), text)
    text = _EN_DURATION.sub(lambda m: _duration(m.group(1), m.group(2).lower(), add), text)
    text = _ZH_DURATION.sub(lambda m: _duration(m.group(1), _DURATIONS[m.group(2)], add), text)
    text = _MEASURE.sub(lambda m: _measure(m, add), text)
    text = _LEVEL.sub(lambda m: add(f"level:{m.group(1)}"), text)
    for pattern in (_ZH_CLASS, _EN_CLASS):
        text = pattern.sub(lambda m: add(f"class:{_device_class(m.group(1))}"), text)
    for pattern in (_ZH_ROUND, _EN_ROUND):
        text = pattern.sub(lambda m: add(f"round:{m.group(1).lower().replace('-', '')}{m.group(2)}"), text)
    text = _SCALED.sub(
        lambda m: add(f"#{format_value(float(m.group(1)) * _EN_SCALES[m.group(2).lower()])}"), text
    )
    text = _EN_NUMBER.sub(lambda m: _english(m, keys), text)
    text = _ZH_NUMBER.sub(lambda m: _chinese(m, keys), text)
    return keys, text


def quantities(text: str) -> set[str]:
    """The language-independent keys of every number, amount, percentage, multiple, duration and funding round in
    `text` (see the module docstring), e.g. "融资130亿美元，估值翻倍" → {"#1.3e+10", "x2"}."""
    return read_quantities(text)[0]


def amount_conflict(a: frozenset[str], b: frozenset[str]) -> bool:
    """Both key sets (from `quantities`) give amounts (a million or more) and none agree, or both name funding rounds
    and none agree (B轮 and B+轮 are two rounds)."""
    amounts_a = {n for n in a if n.startswith("#") and float(n[1:]) >= 1e6}
    amounts_b = {n for n in b if n.startswith("#") and float(n[1:]) >= 1e6}
    rounds_a, rounds_b = {n for n in a if n.startswith("round:")}, {n for n in b if n.startswith("round:")}
    return bool(amounts_a and amounts_b and not amounts_a & amounts_b) or bool(
        rounds_a and rounds_b and not rounds_a & rounds_b
    )


def count_conflict(a: frozenset[str], b: frozenset[str]) -> bool:
    """Both headlines count things (10 to a million: robots, staff, cities) and no count agrees."""
    counts_a = {n for n in a if n.startswith("#") and 10 <= float(n[1:]) < 1e6}
    counts_b = {n for n in b if n.startswith("#") and 10 <= float(n[1:]) < 1e6}
    return bool(counts_a and counts_b and not (a & b))
