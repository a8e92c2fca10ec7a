"""The gate's language rule for an edition (issue 22): an English post holds no Chinese outside names and quotes.

A name is one the post's stories give (their tags and names in either script, their sources' names: a reader needs
them as written to find the original); a quote is text between quotation marks (“…”, "…", 「…」, 『…』, 《…》),
where the frame of a story told only in Chinese gives its original title. Anything else in Chinese is a sentence
left untranslated, and the gate refuses the post (site.publish.check_gate's caller adds these to its reasons).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

# The innermost quote of each kind; removed until none is left, so that a quote inside a quote goes with it.
_QUOTED = re.compile(r"“[^“”\n]*”|\"[^\"\n]*\"|「[^「」\n]*」|『[^『』\n]*』|《[^《》\n]*》")
_HAN_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
SHOWN = 5  # runs named in the gate's sentence


def untranslated_chinese(markdown: str, names: Iterable[str]) -> list[str]:
    """The runs of Chinese characters of `markdown` (a post with its front matter) outside `names` and quotes,
    each once, in order; [] for a post that has none."""
    text, count = markdown, 1
    while count:
        text, count = _QUOTED.subn(" ", text)
    for name in sorted({n.strip() for n in names if n and n.strip()}, key=len, reverse=True):
        text = text.replace(name, " ")
    return list(dict.fromkeys(_HAN_RUN.findall(text)))


def language_problems(markdown: str, names: Iterable[str]) -> list[str]:
    """The gate's reason for an English post with untranslated Chinese (`untranslated_chinese`), or []."""
    runs = untranslated_chinese(markdown, names)
    if not runs:
        return []
    shown = ", ".join(runs[:SHOWN]) + (f" and {len(runs) - SHOWN} more" if len(runs) > SHOWN else "")
    return [f"it has Chinese outside names and quotes ({shown})"]
