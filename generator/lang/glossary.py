"""Pure: the topic words of AI news in Chinese and English, so that a Chinese and an English headline of one story
can share more than names and numbers ("日历邀请" ↔ "calendar invite", "灵巧手" ↔ "dexterous hand").

Each line of `GLOSSARY` is one concept: Chinese terms | English word beginnings (matched at the start of a word,
case-insensitive, so "hijack" matches "hijacked"). Words too common to tell stories apart (模型/model, 发布/launch,
AI) are left out on purpose. `EVENTS` names the kinds of event (funding, release, lawsuit…) a headline reports.
"""

from __future__ import annotations

import re

GLOSSARY = """
智能体 | agent, agentic
编程 代码 | coding, code, coder, programming, developer
编程助手 代码助手 | coding assistant, copilot
数据集 | dataset
基准 评测 榜单 排行榜 | benchmark, leaderboard, ranking, eval
开源 | open-source, open source, open-weight, open weight, open model
参数 | parameter
上下文 | context
推理 | inference, reasoning
训练 | training, train
芯片 | chip, semiconductor, chipmaker, accelerator, processor
服务器 | server
算力 智算 | compute, computing
数据中心 智算中心 | data center, datacenter, data centre, computing center, computing centre
云服务 云计算 云厂商 | cloud
显卡 GPU | gpu, graphics card
机器人 | robot
人形 | humanoid
灵巧手 | dexterous hand, robotic hand
具身 | embodied
自动驾驶 无人驾驶 | self-driving, autonomous, driverless
无人车 配送车 | delivery van, delivery robot, delivery vehicle
出租车 Robotaxi | robotaxi, taxi
牌照 许可 | permit, license, licence
激光雷达 | lidar
汽车 车载 | car, vehicle, in-car, auto
物流 仓储 仓库 | logistics, warehouse
工厂 产线 量产 | factory, plant, mass production
制造 | manufactur
部署 | deploy
语音 | speech, voice
语音识别 | speech recognition, transcription
语音合成 | text-to-speech, speech synthesis, tts
方言 | dialect
翻译 同传 | translat, interpret
耳机 | earbud, headphone
眼镜 | glasses, eyewear
手机 | phone, smartphone, handset
视频生成 视频 | video
图像 图片 绘画 插画 画 | image, painting, illustration, picture, art
音乐 | music
多模态 | multimodal
搜索 | search
浏览器 | browser
助手 | assistant
聊天机器人 聊天 | chatbot, chat
用户 月活 | user
价格 | price, pricing
降价 | price cut, cheaper
医疗 医疗器械 | medical, health
诊断 | diagnos
医院 | hospital
药物 制药 新药 | drug, pharma, medicine
临床 | clinical, trial
化学 | chemistry, chemical
蛋白质 | protein
科学 | science, scientific
数学 | math, maths, mathematic
教育 学生 | education, student, school
大学 高校 | university, college
研究 论文 | research, study, paper
研究院 实验室 | institute, laboratory
安全 | safety, security
漏洞 | vulnerability, flaw, bug
攻击 劫持 | attack, hijack
越狱 | jailbreak
诗 诗歌 | poem, poetry
日历 | calendar
邀请 | invit
泄露 | leak, breach, exposed
隐私 | privacy
版权 | copyright
侵权 | infring
出版商 新闻 媒体 | publisher, news, media
诉讼 起诉 | lawsuit, sue
和解 | settle
监管 | regulat
法案 法律 | law, bill, act
标识 标签 | label
深度伪造 | deepfake
选举 | election
广告 | advertis, ads
治疗 心理 | therap, mental
政府 | government, state
政策 | policy
基金 | fund
算力券 | voucher
补贴 | subsid
数据 | data
标注 | annotat, labeling, labelling
量化 | quantiz, quantis, low-bit
压缩 | compress, shrink
稀疏 | sparse
注意力 | attention
长文本 | long-context, long context, long document
记忆 | memor
员工 | employee, staff, worker, job
裁员 | layoff, lay off, lays off, laid off, job cut
创始人 | founder
首席执行官 | ceo, chief executive
首席科学家 | chief scientist
首席技术官 | cto, chief technology
收购 | acqui
上市 | ipo, public, listing
估值 | valuation, valued
召回 | recall
宕机 | outage, down
电池 | battery
过热 | overheat
火灾 起火 | fire
能效 | efficiency, efficient
吞吐 | throughput
速度 提速 | speed, faster, fast
成本 | cost
延迟 | latency
端侧 | on-device, edge
电脑 笔记本 | laptop, pc, computer
合作 签约 牵手 | partner, deal, agreement, team up, teams up
厨房 | kitchen
儿童 | child, kid
陪伴 | companion
"""


def _compile() -> tuple[list[tuple[re.Pattern[str], int]], list[tuple[re.Pattern[str], int]]]:
    chinese: list[tuple[re.Pattern[str], int]] = []
    english: list[tuple[re.Pattern[str], int]] = []
    for concept, line in enumerate(line for line in GLOSSARY.strip().splitlines() if line.strip()):
        zh, en = line.split("|")
        chinese.append((re.compile("|".join(map(re.escape, zh.split()))), concept))
        words = [w.strip() for w in en.split(",") if w.strip()]
        english.append((re.compile(r"\b(?:" + "|".join(map(re.escape, words)) + ")", re.I), concept))
    return chinese, english


_CHINESE, _ENGLISH = _compile()


def concepts(text: str, chinese: bool) -> set[int]:
    """The glossary concepts (line numbers of `GLOSSARY`) that `text` names: by its Chinese terms when `chinese`,
    else by its English words."""
    table = _CHINESE if chinese else _ENGLISH
    return {concept for pattern, concept in table if pattern.search(text)}


def concept_terms(text: str, chinese: bool) -> list[str]:
    """The glossary concepts `text` names, each as its first Chinese term ("cuts GPU rental prices" → ["显卡",
    "价格"]), in the order the text first names them, once each. An English word beginning counts only when at
    most INFLECTION letters follow it in its word ("regulat" in "regulation", not "down" in "downloads"): the
    terms are shown to readers, where `concepts` only compares two headlines."""
    table = _CHINESE if chinese else _ENGLISH
    negated = _NEGATED_ZH if chinese else _NEGATED_EN
    found = []
    for pattern, concept in table:
        for match in pattern.finditer(text):
            rest = re.match(r"[A-Za-z]*", text[match.end() :])
            if not (chinese or rest is None or len(rest.group()) <= INFLECTION):  # "down" is not "downloads"
                continue
            if negated.search(text[: match.start()]):  # "evaluation, not compute" is not about compute
                continue
            found.append((match.start(), concept))
            break
    return list(dict.fromkeys(_TERMS[concept] for _, concept in sorted(found)))


INFLECTION = 4  # concept_terms: how many letters may follow a glossary word beginning in one English word
# concept_terms: a word the text says it is not about ("…, not compute", "而非算力"): a negation right before it,
# at most one word between (an article, an adjective).
_NEGATED_EN = re.compile(
    r"\b(?:not|no|never|nor|without|rather than|instead of|isn't|aren't|wasn't)\s+(?:[\w'-]+\s+)?$", re.I
)
_NEGATED_ZH = re.compile(r"(?:不是|并非|而非|而不是|无关)\s*$")


_TERMS = [line.split("|")[0].split()[0] for line in GLOSSARY.strip().splitlines() if line.strip()]


# Kinds of event, as Chinese and English headlines name them.
EVENTS = {
    "funding": (
        r"融资|领投|投资|估值|[A-F]\+*轮",
        r"\braise[sd]?\b|funding|\bround\b|series [a-f]|valuation|valued|\binvest|"
        r"\b(?:lands|secures|bags|nabs|nets|closes|gets)\b(?: \S+)? [$€£¥]?\d",
    ),
    "release": (
        r"(?:发布|推出|上线|亮相|开源|开放|问世|升级|新增)(?!声明|公告|回应|通报|报告|财报|业绩|预警)",
        r"launch|releas|unveil|debut|introduc|open-source|open source|rolls? out|\bships?\b|"
        r"arriv|goes open|\badds?\b|\b(?:begins|starts)\b(?: \S+){0,3} (?:service|rides|sales)",
    ),
    "acquisition": (
        r"收购|并购|买下|被收购",
        r"acquir|acquisition|\bbuys?\b|bought|sold to|merge",
    ),
    "listing": (
        r"(?<!获批|批准|获准|准予)上市|IPO|募资|科创板|港股|赴港|招股",
        r"\bipo\b|go(?:es)? public|listing",
    ),
    "legal": (
        r"起诉|诉讼|侵权|和解|判决|罚款|处罚|立案|状告",
        r"\bsues?\b|lawsuit|settle|court|\bfined?\b|fines\b|penalt|probe|investigat",
    ),
    "layoffs": (
        r"裁员",
        r"lay(?:s|ing)? off|layoffs?|job cuts|cuts? \S+ jobs|cuts? \S+ of (?:its )?staff",
    ),
    "people": (
        r"离职|出走|任命|加盟|辞职|出任|卸任|接任",
        r"appoint|\bnames?\b.*\b(?:ceo|chief)|hires|steps? down|resign|depart|takes over as",
    ),
    "price": (
        r"降价|价格下调|下调.*价格|涨价",
        r"price cut|cuts? (?:\S+ )?prices|slash|cheaper|rais\w* prices",
    ),
    "incident": (
        r"召回|宕机|泄露|故障|漏洞|事故|黑客|攻击",
        r"recall|outage|breach|leak|vulnerab|exposed|\bhack|crash|accident",
    ),
    "partnership": (
        r"合作|签约|牵手|联手|携手|战略协议",
        r"partner|teams? up|alliance|collaborat|\bdeal with\b|agreement|\b(?:signs|inks|strikes)\b(?: \S+)? deal",
    ),
    "expansion": (
        r"建厂|新工厂|产线|扩产|投产",
        r"factory|\bplant\b|expan",
    ),
    "clinical": (
        r"临床|I+期",
        r"\btrials?\b|phase (?:\d|i+)\b",
    ),
    "sales": (
        r"销量|销售|卖出|售出|交付|出货",
        r"\bsells\b|\bsales\b|deliver|shipments",
    ),
    "ranking": (
        r"登顶|榜首|排行榜|榜单|夺冠",
        r"\btops\b|leaderboard|ranking|\bbeats\b",
    ),
    "approval": (
        r"获批|获准|批准|牌照|许可|三类证|医疗器械(?:注册)?证|注册证",
        r"approv|\bclear(?:s|ed)\b|permit|licen[cs]e",
    ),
}
_EVENTS = {kind: (re.compile(zh), re.compile(en, re.I)) for kind, (zh, en) in EVENTS.items()}


def events(title: str) -> set[str]:
    """The kinds of event (keys of `EVENTS`) a headline names, in either language."""
    return {kind for kind, (zh, en) in _EVENTS.items() if zh.search(title) or en.search(title)}
