"""English sentences in a Chinese text (generator.lang.mixing, issue 22): names, product names, code, units, versions
and quotes in Latin letters are Chinese prose's own; a sentence whose words are English is not."""

from __future__ import annotations

import pytest

from generator.lang import english_words, is_english_sentence


@pytest.mark.parametrize(
    "sentence",
    [
        "The new chip doubles throughput per watt.",
        "据报道，Northwind Labs unveils an inference chip for small servers",
        "外电：Tidewater 7B tops the open leaderboard",
        "星衡智能称 it will open the weights next month",
        "Brightloom's agents can now book meetings on their own[1].",
    ],
)
def test_an_english_sentence_is_found(sentence: str) -> None:
    assert is_english_sentence(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "该模型采用 mixture of experts 架构，推理成本降低一半。",  # a term in a Chinese sentence
        "Northwind发布Aurora-3推理芯片，每秒生成2000 tokens。",  # names, a unit
        "公司称“we will ship it to every customer this year”。",  # a quote
        "星衡智能开源千亿参数大模型“星织2”，支持128K上下文。",
        "开发者可以用 `pip install lumen-sdk` 安装，文档见 https://docs.example/lumen/getting-started 。",  # code
        "该 agent 支持 prompt 缓存，延迟降到 50 ms 以内。",  # trade words, a unit
        "OpenLattice、GPU、H200、iPhone、v2.1 都是名称或版本。",
        "",
    ],
)
def test_chinese_prose_with_latin_names_code_units_and_quotes_is_not(sentence: str) -> None:
    assert not is_english_sentence(sentence)


def test_the_english_words_leave_out_names_units_versions_and_quotes() -> None:
    text = "Lumenary 的 open-source 模型 v2 在 7B 规模上 runs fast，“it is the best” 不算，GPU 也不算"
    assert english_words(text) == ["open-source", "runs", "fast"]
