"""The post's first screen (generator.editor.lead, issue 19 §5): the bullets add to the title, never repeat it."""

from __future__ import annotations

from generator.editor.lead import LeadItem, bullet_line, compose_description, lead_bullets, lift_follow_ups

ITEMS = [
    LeadItem("a", 5, "Northwind Labs发布Aurora-3推理芯片，能效提升一倍"),
    LeadItem("b", 5, "星衡智能开源千亿参数大模型“星织2”"),
    LeadItem("c", 3, "中文多模态评测基准CMMB-2开源发布"),
    LeadItem("d", 4, "海州市发布AI算力券新政 单家企业最高补贴500万元"),
    LeadItem("e", 1, "开源社区发布十万小时中文语音合成数据集", brief=True),
]


def test_bullets_lead_with_the_stories_the_title_does_not_name() -> None:
    bullets = lead_bullets(ITEMS, frozenset({"a", "b"}))
    # most important first; a one-liner only to reach three
    assert bullets == (
        "海州市发布AI算力券新政 单家企业最高补贴500万元",
        "中文多模态评测基准CMMB-2开源发布",
        "开源社区发布十万小时中文语音合成数据集",
    )


def test_a_thematic_title_names_no_story() -> None:
    bullets = lead_bullets(ITEMS, frozenset())
    assert bullets[:2] == (
        "Northwind Labs发布Aurora-3推理芯片，能效提升一倍",
        "星衡智能开源千亿参数大模型“星织2”",
    )
    assert "开源社区发布十万小时中文语音合成数据集" not in bullets  # four entries: no one-liner needed


def test_a_long_line_gives_its_leading_clauses() -> None:
    line = (
        "芯屿科技发布新一代面向大模型训练与推理的国产训练芯片“屿算X2”，"
        "兼容主流深度学习框架并宣布明年第二季度开始向国内外云服务客户批量供货"
    )
    assert bullet_line(line) == "芯屿科技发布新一代面向大模型训练与推理的国产训练芯片“屿算X2”"


def test_description_joins_whole_headlines() -> None:
    headlines = [f"第{n}家公司发布新一代面向大模型训练与推理的国产AI芯片并宣布量产计划" for n in range(8)]
    description = compose_description(headlines)
    assert len(description) <= 160 and "…" not in description
    assert description.split("；") == headlines[: description.count("；") + 1]


def test_a_follow_up_reaches_the_cover_and_the_caption() -> None:
    # by importance it would be fifth: lifted to the third place, within the cover's three lines
    lines = [("甲", False), ("乙", False), ("丙", False), ("丁", False), ("后续：戊", True)]
    assert lift_follow_ups(lines) == ["甲", "乙", "后续：戊", "丙", "丁"]
    assert lift_follow_ups([("后续：甲", True), ("乙", False)]) == ["后续：甲", "乙"]
    items = [*ITEMS, LeadItem("f", 1, "后续：星织2下载量突破100万次", follow_up=True)]
    assert lead_bullets(items, frozenset())[2] == "后续：星织2下载量突破100万次"
