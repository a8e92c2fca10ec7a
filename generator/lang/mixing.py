"""English sentences in a Chinese text (issue 22): a Chinese post may write names, code, units and product names in
Latin letters, and quote what a source said in English, but a sentence of its own in English is a line the model
left untranslated.

What is set aside before counting (the innermost quote of each kind first, so a quote inside a quote goes with it):

- quotes: “…”, ‘…’, "…", 「…」, 『…』, 《…》 (a source's words or a work's title, as the citation check reads them);
- code: `…` spans and URLs;
- names, product names and acronyms: every Latin word with a capital letter anywhere ("Northwind", "iPhone", "GPU");
- units, versions and model sizes: every word with a digit ("7B", "128K", "v2") and the unit words of `UNITS`.

What is left are the English words: Latin words in lower case of two letters or more. A sentence is an English
sentence when it has at least `MIN_WORDS` of them and they are at least half as many as its Chinese characters
(a Chinese character is about half a word): "该模型采用 mixture of experts 架构，推理成本降低一半" is Chinese with
an English term; "据报道，Northwind unveils an inference chip" is an English sentence with a Chinese label.
"""

from __future__ import annotations

import re

MIN_WORDS = 3
UNITS = frozenset(
    "ms s fps nm mm cm km kg gb tb mb kb pb hz khz mhz ghz kw mw gw kwh mwh gwh tops flops petaflops tokens token "
    "px dpi mah".split()
)
_QUOTED = re.compile(r"“[^“”]*”|‘[^‘’]*’|\"[^\"]*\"|「[^「」]*」|『[^『』]*』|《[^《》]*》")
_CODE = re.compile(r"`[^`]*`|\bhttps?://\S+|\bwww\.\S+")
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9'’._+\-]*")


def unquoted(text: str) -> str:
    """`text` without code, URLs and quotes (innermost first, until none is left)."""
    text, count = _CODE.sub(" ", text), 1
    while count:
        text, count = _QUOTED.subn(" ", text)
    return text


def english_words(text: str) -> list[str]:
    """The English words of `text` outside quotes, code, names, units and versions (see the module docstring)."""
    words = []
    for word in _WORD.findall(unquoted(text)):
        word = word.strip("'’.-_+")
        core = re.sub(r"['’-]", "", word)
        if len(core) < 2 or not core.isascii() or not core.isalpha():
            continue  # a digit: a unit, a version, a model size; a dot, a plus or an underscore: code
        if word != word.lower() or word in UNITS:
            continue  # a name, a product name, an acronym; a unit
        words.append(word)
    return words


def is_english_sentence(sentence: str) -> bool:
    """Whether one sentence of a Chinese text is an English sentence (see the module docstring)."""
    words = english_words(sentence)
    return len(words) >= MIN_WORDS and 2 * len(words) >= len(_HAN.findall(unquoted(sentence)))
