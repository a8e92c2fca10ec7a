"""The offline editor's Chinese frame of a story told only in English (generator.editor.frame, issue 19 §2)."""

from __future__ import annotations

import pytest

from generator.editor.frame import chinese_figure, frame_line, read_frame
from generator.lang import concept_terms
from generator.text import has_cjk


@pytest.mark.parametrize(
    ("title", "headline"),
    [
        # who, what happened and the figure it takes
        ("Cloud provider Cirrus Grid cuts GPU rental prices by 25%", "Cirrus Grid降价25%"),
        (
            "Lumenary Robotics raises $300M Series C to scale humanoid robots",
            "Lumenary Robotics完成3亿美元C轮融资",
        ),
        ("Quillmark AI raises new funding round from two investors", "Quillmark AI完成新一轮融资"),
        # the thing named after the event
        ("Northwind Labs unveils Aurora-3 inference chip", "Northwind Labs发布Aurora-3"),
        ("Xingheng AI open-sources 100B-parameter StarWeave-2 model", "Xingheng AI开源StarWeave-2"),
        ("Fenwick Dynamics sues Orla Systems over chip patents", "Fenwick Dynamics与Orla Systems的诉讼"),
        # a possessive joins the owner and the product; a milestone with its figure in 万
        ("Xingheng's StarWeave-2 tops 1 million downloads", "Xingheng的StarWeave-2用户或下载量达到100万"),
        # digits inside a name are not a figure
        ("Open-weights coding model Tidewater-7B tops community leaderboard", "Tidewater-7B登上榜单"),
        # a label says what kind of piece; topic words when no name and no event say enough
        # a word the headline says it is not about is no topic ("关于算力的评论文章" misstated this one)
        ("Opinion: the real bottleneck in AI is evaluation, not compute", "一篇评论文章"),
        ("Opinion: training data, not compute, decides the race", "关于训练、数据的评论文章"),
        ("Study: agents fail without memory rather than without GPUs", "关于智能体的研究"),
        (
            "Paper: load-aware sparse routing cuts mixture-of-experts training cost by 40%",
            "关于稀疏、训练、成本的研究论文",
        ),
        ("Preview: what to expect from this week's AI hardware summit", "一篇前瞻文章"),
        # a word headlines start with is not a name ("Trade group", "Cloud provider"); a name that starts one is
        ("Trade group proposes voluntary labels for AI-generated advertising", "关于标识、广告的报道"),
        (
            "Brightwater raises $450M Series D to build AI data centers in Nevada",
            "Brightwater完成4.5亿美元D轮融资",
        ),
        ("EU regulators propose audit rules for general-purpose AI models", "欧盟提出新提案"),
        ("Kestrel Robotics ships 1,000 warehouse robots to grocer Falkmart", "Kestrel Robotics开始交付产品"),
        (
            "Nvidia cuts prices of its older accelerators",
            "英伟达降价",
        ),  # a well-known name, the usual Chinese way
        # "fine-tuned" is not a fine, "evaluation" not a valuation, "downloads" not "down"
        ("Study: small fine-tuned models rival large ones on structured data extraction", "关于数据的研究"),
        ("Agent benchmark shake-up: open models close the gap on tool use", "关于智能体、基准、开源的报道"),
        (
            "Open-source agent framework Relay hits 1.0 with multi-agent debugging tools",
            "Relay相关动态，涉及开源、智能体",
        ),
    ],
)
def test_frame_headline(title: str, headline: str) -> None:
    assert frame_line(title, "The Gradient Ledger")[0] == headline


def test_nothing_certain_gives_the_source() -> None:
    headline, line = frame_line("Why everyone is talking about this", "Quill Weekly")
    assert headline == "Quill Weekly报道"
    assert line == "Quill Weekly报道。原文标题：“Why everyone is talking about this”"


def test_every_line_is_chinese_and_quotes_the_original_whole() -> None:
    title = "Harbor Robotics ships its first warehouse picking arm"
    headline, line = frame_line(title, "Northwind AI Review")
    assert has_cjk(headline) and headline == "Harbor Robotics开始交付产品"
    assert line.endswith(f"原文标题：“{title}”")


def test_frame_fields() -> None:
    frame = read_frame("Lumenary Robotics raises $300M Series C to scale humanoid robots")
    assert (frame.who, frame.event, frame.figures) == ("Lumenary Robotics", "funding", ("3亿美元", "C轮"))
    assert frame.topics == ("机器人", "人形")


@pytest.mark.parametrize(
    ("key", "written", "chinese"),
    [
        ("#3e+08", "$300M", "3亿美元"),
        ("#1.5e+09", "€1.5bn", "15亿欧元"),
        ("#1e+06", "1 million", "100万"),
        ("#2000", "2,000", "2000"),
        ("%25", "25%", "25%"),
        ("x3", "3x", "3倍"),
        ("6hour", "6 hours", ""),
    ],
)
def test_chinese_figure(key: str, written: str, chinese: str) -> None:
    assert chinese_figure(key, written) == chinese


@pytest.mark.parametrize(
    ("text", "chinese", "terms"),
    [
        ("the real bottleneck is evaluation, not compute", False, []),
        ("no new GPU rental prices this year", False, ["价格"]),
        ("瓶颈在评测而非算力", True, ["基准"]),
        ("算力价格下调", True, ["算力", "价格"]),
    ],
)
def test_a_negated_word_is_not_a_topic(text: str, chinese: bool, terms: list[str]) -> None:
    """concept_terms names what a text is about, for readers: never what it says it is not about, in either language."""
    assert concept_terms(text, chinese) == terms
