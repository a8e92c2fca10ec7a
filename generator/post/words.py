"""The words readers see, one table per language: what a second language needs is a table, not a hunt.

Only the Chinese table exists so far (the site's language, `language: zh`).
"""

from __future__ import annotations

# The kinds of degradation of a run (run_summary.Degradation.kind), as the 信源状态 page names them.
DEGRADATION_WORDS = {
    "editor": "模型没能完成全部撰写，部分内容由备用模型或离线编辑完成",
    "offline": "全文由离线编辑撰写（没有配置 Gemini API 密钥），没有深度解读",
    "sources": "部分信源抓取失败",
    "thin": "入选的新闻偏少",
    "late": "晚于计划时间发布",
    "catch-up": "这是一篇补写的日报",
}

# Words of the post's templates (generator/post/templates/), by name: `words.<name>` in a template.
POST_WORDS = {
    "story_tags": "标签",  # before a story's names and topics (_story_tags.md.j2)
}
