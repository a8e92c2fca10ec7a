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

# ── the offline editor's Chinese frame of a story told only in English (generator.editor.frame) ──────────────

# A label before a colon in an English headline: what kind of piece it is.
FRAME_GENRES = {
    "paper": "研究论文",
    "study": "研究",
    "research": "研究",
    "opinion": "评论文章",
    "op-ed": "评论文章",
    "analysis": "分析文章",
    "preview": "前瞻文章",
    "interview": "访谈",
    "report": "报告",
    "exclusive": "独家报道",
    "survey": "调查",
    "review": "评测",
    "explainer": "解读文章",
}
# What happened (generator.editor.frame.EVENTS): the words with the thing named ("what"), with the headline's
# figure ("figure"), and with neither ("plain"); the first one whose value the headline has is used.
FRAME_EVENTS = {
    "funding": {"figure": "{who}完成{figure}融资", "plain": "{who}完成新一轮融资"},
    "acquisition": {"what": "{who}收购{what}", "plain": "{who}宣布一项收购"},
    "open_source": {"what": "{who}开源{what}", "plain": "{who}宣布开源"},
    "price_cut": {"figure": "{who}降价{figure}", "plain": "{who}降价"},
    "price_rise": {"figure": "{who}涨价{figure}", "plain": "{who}涨价"},
    "milestone": {"figure": "{who}用户或下载量达到{figure}", "plain": "{who}用户或下载量创新高"},
    "ranking": {"plain": "{who}登上榜单"},
    "release": {"what": "{who}发布{what}", "plain": "{who}发布新产品"},
    "shipping": {"plain": "{who}开始交付产品"},
    "partnership": {"what": "{who}与{what}合作", "plain": "{who}宣布合作"},
    "lawsuit": {"what": "{who}与{what}的诉讼", "plain": "{who}涉及诉讼"},
    "fine": {"figure": "{who}被处罚款{figure}", "plain": "{who}被处罚款"},
    "layoffs": {"plain": "{who}裁员"},
    "people": {"plain": "{who}人事变动"},
    "proposal": {"plain": "{who}提出新提案"},
    "regulation": {"plain": "{who}监管动态"},
}
FRAME_WORDS = {
    "who_only": "{who}相关动态",
    "who_topics": "{who}相关动态，涉及{topics}",
    "topics": "关于{topics}的{kind}",
    "report": "报道",
    "genre_only": "一篇{kind}",
    "reported": "{source}报道",
    "original": "原文标题：“{title}”",
}

# A sentence's marker (generator.post.markers): its accessible name, which starts with its visible text "[1]".
CITE_WORDS = {"label": "[{number}] 来源：{source}"}

# Lines of the post's templates (generator.post.render passes this table to them as `words`).
POST_WORDS = {
    "offline_note": "本期由离线编辑整理：摘要摘录自各来源原文，未经大模型解读。",
    "story_tags": "标签",  # before a story's names and topics (_story_tags.md.j2)
    # the links to the daily posts before and after, at a post's end (generator/finish/hooks/post_neighbours.py)
    "previous_day": "上一期",
    "next_day": "下一期",
    "framed_note": "只有英文报道的新闻，给出的是中文要点框架（主体、事件、数字、来源）和原文标题，并非译文。",
}

# The reader feeds and the 订阅 page (generator.site.subscribe, generator.syndication): each feed's title and what
# it carries, and the words inside its items.
FEED_WORDS = {
    "main": "全部日报",
    "main_carries": "每期一条：标题、要点摘要、封面和链接（最近 30 期）。",
    "full": "全文（邮件版）",
    "full_carries": "每期一条，附整期全文，链接和图片都是完整地址，可交给 RSS 转邮件服务按期发信（最近 10 期）。",
    "kuaixun": "快讯",
    "kuaixun_carries": "每期一条，只列当天最重要的不超过 10 条新闻标题，每条链接到文中位置（最近 30 期）。",
    "category": "分类：{name}",
    "category_carries": "这一类的每条新闻一条：标题、摘要、来源链接和标签（最近 50 条）。",
    "tag": "标签：{name}",
    "tag_carries": "带这个标签的每条新闻一条：标题、摘要、来源链接和标签（最近 50 条）。",
    "feed_title": "{site} · {name}",
    "kuaixun_item": "{site}快讯｜{day}",
    "sources": "来源",
    "tags": "标签",
    "correction": "更正 · {day}",
    "data": "本期数据（JSON）",
}

# The 订阅 page's own lines (generator.site.subscribe).
SUBSCRIBE_WORDS = {
    "title": "订阅",
    "description": "AI 日报的全部订阅源：全部日报、快讯、全文邮件版，以及按分类和热门标签分开的订阅。",
    "intro": "每个订阅都有 RSS 2.0 和 JSON Feed 两种格式，内容相同，添加到任意 RSS 阅读器即可。"
    "条目的链接和标识发布后不再改变；更正过的条目会更新时间，不会换成新条目。",
    "general": "综合",
    "categories": "按分类",
    "tags": "按热门标签",
    "tags_note": "本站使用最多的 {count} 个标签，每次发布时按全部文章重新统计。",
    "earlier": "曾经的热门标签（订阅继续有效）",
    "none": "还没有。",
    "mail": "想用邮件接收？把「全文（邮件版）」的 RSS 地址交给 RSS 转邮件服务（如 Mailchimp、Buttondown），"
    "即可每期收到一封完整的邮件；设置方法见项目 README。",
    "data": "每期文章旁都有一份 stories.json（文章地址后加 stories.json）：新闻、来源、链接、标签和后续线索，"
    "JSON Feed 的条目也把它列为附件。格式见",
    "data_title": "给程序读的数据",
    "schema": "数据格式说明",
    "rss": "RSS",
    "json": "JSON Feed",
}

# A follow-up: what is new since the earlier report (generator.post.threads.follow_up_sentence).
FOLLOW_UP_WORDS = {
    "sentence": "{since}的新进展：{parts}。",
    "since": "{day}报道以来",
    "rise": "{measure}由{before}升至{after}",
    "fall": "{measure}由{before}降至{after}",
    "rise_dated": "{measure}由{day}报道的{before}升至{after}",
    "fall_dated": "{measure}由{day}报道的{before}降至{after}",
    "new_figure": "新披露{measure}{after}",
    "new_number": "新披露数字{after}",
    "new_names": "首次提及{names}",
    "new_sources": "{sources}跟进报道",
    "label": "后续",
    "section": "后续跟踪",
    "bullet": "后续：{headline}",
    "earlier": "前文",
    "tracking": "自 {day} 起持续跟踪",
    "day": "{month}月{day}日",
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
