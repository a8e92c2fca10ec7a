"""What the English edition costs the model (issue 22 §1): the sample day's write-up request with the edition off
and on, in the tokens the API counts.

The sample day through `run_day` (dry run) with the Gemini editor, the real google-genai client and the fake API of
the tests (tests/fake_gemini.py), twice: `editions: []`, then `editions: [en]` (one request asks for both
languages: answers.BilingualWriteAnswer). The fake answers each request with `usageMetadata` as the API does
(`promptTokenCount`, `candidatesTokenCount`, `thoughtsTokenCount`; google-genai's `usage_metadata.
prompt_token_count`, `candidates_token_count`, `thoughts_token_count`), estimated from the request's and the
answer's text (fake_gemini.estimate_tokens: a CJK character ~1 token, other text ~4 characters a token); the
figures are read from those replies, per write-up request, summed over the day's write-up requests.

write_zh_prompt_tokens / write_zh_answer_tokens        the write-up with the edition off (answer: candidates only)
write_zh_en_prompt_tokens / write_zh_en_answer_tokens  the same day with the English edition on
write_en_extra_prompt_x / write_en_extra_answer_x      on ÷ off
write_zh_en_requests                                   write-up requests with the edition on (1: one answer)
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path
from typing import Any

from benchmarks.gemini import TESTS, morning
from generator.config import load_settings
from generator.samples import serve_sample_day
from generator.samples.demo import copy_site, write_sample_config
from generator.site import load_site


def _write_usage(settings: Any, site: Any) -> tuple[int, int, int]:
    """(prompt tokens, answer tokens, requests) of the day's write-up requests, from the fake's usageMetadata."""
    from fake_gemini import happy_answer, request_kind

    seen: list[dict[str, Any]] = []

    def record(request: dict[str, Any]) -> dict[str, Any]:
        reply = happy_answer(request)
        if request_kind(request) == "write":
            seen.append(reply["usageMetadata"])
        return reply

    morning(settings, site, lambda fake: fake.respond_with(record))
    prompt = sum(u.get("promptTokenCount", 0) for u in seen)
    answer = sum(u.get("candidatesTokenCount", 0) for u in seen)
    return prompt, answer, len(seen)


def run(quick: bool = False) -> dict[str, float]:
    sys.path.insert(0, str(TESTS))
    with tempfile.TemporaryDirectory(prefix="ainews-bench-bilingual-") as tmp, serve_sample_day() as base_url:
        site_dir = Path(tmp) / "site"
        copy_site(site_dir, include_posts=False)
        settings = load_settings(write_sample_config(site_dir, base_url, Path(tmp) / "cache"))
        site = load_site(settings.paths.mkdocs)
        zh = _write_usage(settings, site)
        both = _write_usage(settings.model_copy(update={"editions": ("en",)}), site)
    return {
        "write_zh_prompt_tokens": zh[0],
        "write_zh_answer_tokens": zh[1],
        "write_zh_en_prompt_tokens": both[0],
        "write_zh_en_answer_tokens": both[1],
        "write_en_extra_prompt_x": both[0] / zh[0],
        "write_en_extra_answer_x": both[1] / zh[1],
        "write_zh_en_requests": both[2],
    }
