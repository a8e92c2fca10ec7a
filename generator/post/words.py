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
    "previous_day": "上一期",  # the link to the daily post before, at a post's end (overrides/hooks/post_neighbours.py)
    "next_day": "下一期",  # the link to the daily post after
}

# Why a source failed or warned, in the 信源状态 page's words: (a pattern of the run summary's English reason, the
# sentence shown), the first that matches; the English reason follows in brackets for the owner. Patterns are
# regular expressions over the reason (generator/net/fetch.py, generator/feeds/parse.py write them).
SOURCE_REASON_WORDS = (
    (r"HTTP 404|HTTP 410", "地址已失效（页面不存在）"),
    (r"HTTP 401|HTTP 403|HTTP 451", "对方拒绝访问"),
    (r"HTTP 429", "请求过于频繁，对方暂时拒绝"),
    (r"HTTP 5\d\d", "对方服务器出错"),
    (r"HTTP 304 but no cached copy", "对方返回未更新，但本地没有缓存"),
    (r"not a usable feed", "内容不是可用的 RSS/Atom 订阅源"),
    (r"redirect loop|more than \d+ redirects", "跳转次数过多（循环跳转）"),
    (r"soft 404|home page", "被跳转到网站首页（页面已不存在）"),
    (r"redirect", "跳转地址无效"),
    (r"non-public address|private", "指向内网地址，出于安全考虑未抓取"),
    (r"only http and https|not a URL|no host", "地址无效"),
    (r"cannot resolve", "域名无法解析"),
    (r"no connection within|connection refused|connection failed", "无法连接"),
    (r"timed out|time limit|too slow|response_timeout_s|read_timeout_s", "响应超时"),
    (r"too large|max_bytes", "内容过大"),
    (r"\bundated\b", "部分条目没有发布时间"),
)
SOURCE_REASON_FALLBACK = "抓取出错"
