"""The words readers see, one table per language: what a second language needs is a table, not a hunt.

Every reader-facing word of the posts (the layouts' headings, labels and closing lines, follow-ups, markers, the
offline frame), the weekly issue, the 信源状态 page and the Telegram caption lives here. `TABLES` holds one table per
language (`language: zh` is the site's default), each a mapping of the named parts below; `words_for(language)`
gives one. The layouts read `words` (the table's "post" part) and format its sentences with `say(key, …)`
(generator.post.render): a value is Markdown we wrote, shown as it is; what fills its `{…}` is escaped.
"""

from __future__ import annotations

from collections.abc import Mapping

from generator.post.words_en import EN

# The kinds of degradation of a run (run_summary.Degradation.kind), as the 信源状态 page names them.
DEGRADATION_WORDS = {
    "editor": "模型没能完成全部撰写，部分内容由备用模型或离线编辑完成",
    "offline": "全文由离线编辑撰写（没有配置 Gemini API 密钥），没有深度解读",
    "sources": "部分信源抓取失败",
    "thin": "入选的新闻偏少",
    "late": "晚于计划时间发布",
    "catch-up": "这是一篇补写的日报",
    "edition": "英文版没有写出",
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

# Lines of the post's templates (generator.post.render passes this table to them as `words`; `say(key, …)`
# formats a sentence). Punctuation is the language's own: "：" and "（…）" here, ": " and " (…)" in English.
POST_WORDS = {
    "offline_note": "本期由离线编辑整理：摘要摘录自各来源原文，未经大模型解读。",
    "story_tags": "标签",  # before a story's names and topics (_story_tags.md.j2)
    # the links to the daily posts before and after, at a post's end (generator/finish/hooks/post_neighbours.py)
    "previous_day": "上一期",
    "next_day": "下一期",
    "neighbour_day": "{month} 月 {day} 日",
    "framed_note": "只有英文报道的新闻，给出的是中文要点框架（主体、事件、数字、来源）和原文标题，并非译文。",
    # punctuation and small words shared by the layouts
    "colon": "：",
    "open": "（",
    "close": "）",
    "list_sep": "、",
    "clause_sep": "，",
    "part_sep": "；",
    "sources": "来源：",
    "source_count": "{count} 家来源报道",  # generator.post.threads.source_count
    "read_original": "阅读原文",
    "more": "更多动态",
    "other": "其他",  # a category the editor left empty
    "news": "要闻",  # the category of an entry without one (reason_of)
    "reason_fallback": "{category}领域动态",
    "reason_fallback_sources": "{category}领域动态，{count} 家信源报道",
    "follow_ups": "后续 / 持续跟踪",
    "continuity_follow_ups": "后续跟踪 {count} 条",
    "continuity_skipped": "{count} 条旧闻已略过",
    "follow_up_new_sources": "新增来源",
    "follow_up_new_figures": "新数字",
    "follow_up_new_names": "新提及",
    # insight (S2)
    "summary": "今日摘要",
    "insights": "深度解读 & 洞察：",
    "impacts": "影响：",
    "insight_footer": "本期共阅读 {read} 条资讯，精选 {kept} 条{more}；编辑：{editor}。",
    "footer_more": "，{more}",
    # briefing (S1)
    "briefing_news": "今日 AI 资讯",
    "briefing_footer": "今日共阅读 {read} 条资讯，精选 {kept} 条{more}{generated}；编辑：{editor}。",
    "briefing_generated": "；生成于 {time}",
    # tracker (S3)
    "highlights": "今日要点",
    "leaderboard_head": "| 排名 | 模型 | 分数 |",
    "leaderboard_source": "*数据来源：{source}（{link}）· 榜单日期：{day} · 更新时间：{time}*",
    "original_data": "原始数据",
    "details": "详细资讯",
    "sources_bold": "**来源**：",
    "time_bold": "　**时间**：",
    "other_items": "其他资讯",
    "tracker_counts": "*共 {read} 篇相关资讯，精选 {kept} 篇{more}*",
    "tracker_made": "*本日报由 {site} 自动生成{generated}；编辑：{editor}*",
    "tracker_generated": "，生成时间：{time}",
    "site_name": "AI 日报",
    # dispatch (S4)
    "dispatch_generated": "生成时间：{time} · ",
    "dispatch_selected": "从 {read} 条原始信息中精选 {kept} 条",
    "short_version": "精简版",
    "full_version": "完整版",
    "region_news": "{region}动态",
    "region_heading": "【{region}动态】",
    "importance_legend": "🔥 重要 · 📌 关注 · 📄 一般",
    "reason_item": "- **入选理由**：",
    "sources_item": "- **来源**：",
    "link_item": "- **链接**：",
    "tags_item": "- **标签**：",
    "other_news": "【其他动态】",
    "closing": "今日总结",
    "closing_counts": "今日从 {read} 条原始信息中精选 {kept} 条：",
    "closing_region": "{region}动态 {count} 条",
    "closing_important": "，其中 {count} 条为高重要性。",
    "closing_focus": "重点关注：{headlines}。",
    "closing_more": "另有{more}。",
    "editor_line": "编辑：{editor}",
    # the `editor` credit as a line says it (post.wording.credit): model names as they are, these for the rest
    "offline_editor": "离线编辑",
    "credit_join": "、",
}

# Region names (a source's or an entry's `region`): the dispatch layout's sections, the OPML folders. The editor's
# own `region` values are these Chinese words too (generator.models.REGION_LABEL, what the model answers with).
REGION_WORDS = {"cn": "国内", "global": "国际"}
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
    "earlier_report": "前文",  # an earlier story no post of this language told (an edition's follow-up)
    "tracking": "自 {day} 起持续跟踪",
    "day": "{month}月{day}日",
    "script": "han",  # a measure word ("下载量") is shown when it is written in this script
    "earlier_link": "{label}：{headline}",  # the link to the earlier report (render.earlier_post)
    "earlier_day": "（{day}）",
    "list_sep": "、",
    "part_sep": "，",
}

# Why a source failed or warned, in the 信源状态 page's words: (a pattern of the run summary's English reason, the
# sentence shown), the first that matches each "; "-separated part; the English reason follows in brackets for the
# owner. Patterns are regular expressions over the reason (generator/net/fetch.py writes a failure's,
# generator/feeds/parse.py a usable feed's warnings: feedparser's bozo text, then its counts of left-out entries).
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
    (r"dated in the future", "部分条目的发布时间在未来"),
    (r"without a usable link or title", "部分条目没有可用的链接或标题，已略过"),
    (r"\bduplicate\b", "部分条目重复，已合并"),
    (
        r"mismatched tag|not well-formed|undefined entity|invalid token|declared as|XML media type|junk after",
        "订阅源格式不规范，已尽量读取",
    ),
)
SOURCE_REASON_FALLBACK = "抓取出错"  # a failure no pattern names
SOURCE_WARNING_FALLBACK = "读取时有提示"  # a usable source's warning no pattern names

# The 信源状态 page and the OPML file (generator.site.pages).
STATUS_WORDS = {
    "ok": "正常",
    "not-modified": "无更新（304）",
    "failed": "失败",
    "reason": "{words}（{reason}）",
    "seconds": "{seconds:.2f} 秒",
    "opml_title": "{site}的信源",
    "no_run": "还没有运行记录：本页在每天写出日报后更新。\n",
    "checked": "本次运行共检查 {count} 个信源，{healthy} 个可用。",
    "updated": "本页在每天写出日报后更新；全部信源可用 [OPML 文件](sources.opml) 一次订阅。",
    "table_head": "| 信源 | 状态 | 说明 | 条目 | 最新条目 | 耗时 |",
    "latest": "最新一期：{link}，生成于 {started}{writer}。",
    "by_offline": "，由离线编辑撰写",
    "by_model_offline": "，由 {editor} 撰写（部分内容由离线编辑补写）",
    "by_model": "，由 {editor} 撰写",
    "owner_action": "- **需要站长处理**：{action}",
    "degraded": "本次运行不完全正常",
    "degradation": "- {words}（{message}）",  # the message as the run summary writes it, for the owner
    "degradation_here": "- {words}",  # its message is what this page already shows (the table, the writer)
    "reason_sep": "；",
}

# The pages beside the posts (generator.site.pages): the 信源状态 page's and the 归档 page's heads, the archive's
# lines, and the 报错 link of each story (generator.finish.report). `months`: a month's name, January first.
PAGE_WORDS = {
    "status_title": "信源状态",
    "status_description": "AI 日报最近一次生成时每个信源的抓取情况：状态、条目数、最新条目时间和响应耗时。",
    "archive_title": "归档",
    "archive_description": "AI 日报的全部文章，按月份排列。",
    "archive_empty": "还没有文章。",
    "archive_month": "{year} 年 {month} 月",
    "archive_day": "{month} 月 {day} 日",
    "months": tuple(f"{m} 月" for m in range(1, 13)),
    "report_label": "报错",
    "report_title": "更正：{day} {headline}",
    "report_tooltip": "报告这条新闻中的错误",
}

# The weekly issue (generator.weekly.issue, templates/_weekly.md.j2).
WEEKLY_WORDS = {
    "weekdays": ("一", "二", "三", "四", "五", "六", "日"),
    "day_label": "{month} 月 {day} 日（周{weekday}）",
    "title": "{year} 年第 {week} 周（{first_month}.{first_day}–{last_month}.{last_day}）",
    "cover_title": "{year} 第 {week} 周",
    "span": "{first_month} 月 {first_day} 日—{last_month} 月 {last_day} 日",
    "description": "{year} 年第 {week} 周 AI 要闻回顾：",
    "description_sep": "；",
    "original": "原文",  # a link's label when the host is unknown
    "colon": "：",
    "list_sep": "、",
    "lead": (
        "本周（{span}）共 {posts} 期日报，阅读 {read} 条资讯，收录 {stories} 条新闻{threads}。"
        "以下按重要性与报道信源数选出本周 {top} 条要闻。"
    ),
    "lead_threads": "，其中 {count} 条连续多日跟进",
    "highlights": "本周看点",
    "top": "本周要闻",
    "sources_count": "{count} 家信源报道 · ",
    "seen_on": "见",
    "articles": "原文：",
    "threads": "持续跟踪",
    "follow_up": "（后续）",
    "days": "每日回顾",
    "day_stories": "（{count} 条）",
    "footer": "本期由程序从本周 {posts} 期日报汇总，按重要性、报道信源数与持续天数排序。",
}

# The channel post (generator.channels.telegram): the link to the post after the title and bullets.
TELEGRAM_WORDS = {"read_more": "阅读全文"}

# What an edition other than the site's own takes from its table (generator/post/words_en.py has the English one);
# for the Chinese site these are the config's (post.title_prefix, post.category, post.base_tags, categories).
EDITION_WORDS = {
    "language_name": "中文",
    "cover_date": "%Y 年 %m 月 %d 日",
    "title_prefix": "AI 日报",
    "category": "AI 日报",
    "base_tags": ("AI", "AI 日报"),
    "weekly_title_prefix": "每周回顾",  # the site's own issue takes the config's (weekly.title_prefix, …)
    "weekly_category": "每周回顾",
    "weekly_base_tags": ("AI", "每周回顾"),
    "categories": {},
}

# One table per language: the parts above by name (ZH) and the same parts in each other language.
ZH: Mapping[str, Mapping[str, object]] = {
    "post": POST_WORDS,
    "follow_up": FOLLOW_UP_WORDS,
    "cite": CITE_WORDS,
    "regions": REGION_WORDS,
    "degradation": DEGRADATION_WORDS,
    "status": STATUS_WORDS,
    "pages": PAGE_WORDS,
    "weekly": WEEKLY_WORDS,
    "telegram": TELEGRAM_WORDS,
    "frame": FRAME_WORDS,
    "frame_genres": FRAME_GENRES,
    "frame_events": FRAME_EVENTS,
    "edition": EDITION_WORDS,
}
TABLES: dict[str, Mapping[str, Mapping[str, object]]] = {"zh": ZH, "en": EN}


def words_for(language: str) -> Mapping[str, Mapping[str, object]]:
    """The words table of `language` ("zh", …): a mapping of the parts above ("post", "follow_up", "cite",
    "regions", "degradation", "status", "pages", "weekly", "telegram", "frame", "frame_genres", "frame_events",
    "edition") to their words. Raises KeyError naming the languages that have a table when `language` has none."""
    try:
        return TABLES[language]
    except KeyError:
        raise KeyError(
            f"no words table for language {language!r} (tables: {', '.join(sorted(TABLES))})"
        ) from None
