"""Pure: Chinese in one script. Traditional Chinese (Taiwan, Hong Kong) is read as simplified Chinese with the
mainland's words for the same things (軟體 → 软件, 人工智慧 → 人工智能, 晶片 → 芯片), so that reports in the two
scripts share their words, names and numbers (generator.stories.cluster) and the keyword lists match both
(generator.editor.ranking).

OpenCC (the `opencc` package, the project's official bindings) does the conversion with its maintained phrase
tables (configuration "tw2sp"): a character map alone would leave 資料 / 数据 and 軟體 / 软件 apart.
"""

from __future__ import annotations

from functools import lru_cache

import opencc

_TO_SIMPLIFIED = opencc.OpenCC("tw2sp")


@lru_cache(maxsize=16384)
def simplified(text: str) -> str:
    """`text` with its traditional Chinese written as simplified Chinese (mainland phrasing); other scripts and
    simplified Chinese are left as they are ("微軟發佈人工智慧模型" → "微软发布人工智能模型")."""
    if not any("\u3400" <= c <= "\u9fff" or "\uf900" <= c <= "\ufaff" for c in text):
        return text
    return _TO_SIMPLIFIED.convert(text)
