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
配送 外卖 快递 | deliver
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
首席执行官 CEO | ceo, chief executive
首席科学家 | chief scientist
首席技术官 CTO | cto, chief technology
首席财务官 CFO | cfo, chief financial
收购 | acqui
上市 IPO | ipo, public, listing
估值 | valuation, valued
关停 停运 停服 | shut down, shuts down, shutting down, shutdown
下架 | pull off, pulls off, pulled off, remove from, removes from, removed from, delist
召回 | recall, pull back, pulls back, pulled back, call back, calls back, called back
宕机 | outage, goes down, went down, is down, service down
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
合作 签约 牵手 协议 签署 | partner, deal, agreement, team up, teams up
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


# A phrasal verb whose particle follows its object ("pulls 4,200 cars back", "lays 200 workers off", "rolls the app
# out"): the verb and its particle are one word of the glossary and of `EVENTS` ("pull back", "lay off", "roll out").
_SPLIT_PARTICLE = re.compile(
    r"\b((?:pull|roll|lay|laid|shut|take|took|call|buy|bought|spin|spun|sell|sold|scale|wind|wound|hand|turn|phase|"
    r"cut|break|broke|tear|wipe|knock|switch|power|sign|set|give|gave|bring|brought)(?:s|ed|ing)?)"
    r"((?:\s+(?!back\b|out\b|off\b|down\b|up\b|over\b)[\w$€£¥.,%'’-]+){1,4}?)\s+(back|out|off|down|up|over)\b",
    re.I,
)


def joined_particles(text: str) -> str:
    """English `text` with each split phrasal verb's particle put back after its verb: "Halloway pulls 4,200 cars
    back for a fix" → "Halloway pulls back 4,200 cars for a fix" (see `_SPLIT_PARTICLE`)."""
    return _SPLIT_PARTICLE.sub(lambda m: f"{m.group(1)} {m.group(3)}{m.group(2)}", text)


def concepts(text: str, chinese: bool) -> set[int]:
    """The glossary concepts (line numbers of `GLOSSARY`) that `text` names: by its Chinese terms when `chinese`,
    else by its English words (a split phrasal verb joined: `joined_particles`)."""
    table = _CHINESE if chinese else _ENGLISH
    text = text if chinese else joined_particles(text)
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


NUMERALS = "零〇一二两兩三四五六七八九十百千万亿萬億"  # Chinese numerals (a milestone's figure may be written in them)
# Kinds of event, as Chinese and English headlines name them.
EVENTS = {
    "funding": (
        r"融资|领投|投资(?!\S{0,10}?(?:建设|新建|兴建|投建|共建))|估值|[A-F]\+*轮",  # not money spent on a build
        r"\braise[sd]?\b|funding|\bround\b|series [a-f]|valuation|valued|\binvest|"
        r"\b(?:lands|secures|bags|nabs|nets|closes|gets)\b(?: \S+)? [$€£¥]?\d",
    ),
    "release": (
        r"(?:发布|推出|上线|亮相|开源|开放|问世|升级|新增)(?!声明|公告|回应|通报|报告|财报|业绩|预警)|流片|正式上市|开售|起售",
        r"\btape[sd]?[- ]?out|launch|releas|unveil|debut|introduc|open-source|open source|rolls? out|\bships?\b|"
        r"arriv|goes open|\badds?\b|\b(?:begins|starts)\b(?: \S+){0,3} (?:service|rides|sales)|"
        r"\bexpands?(?: \S+){0,3} (?:context|window|limit|memory|support|features?)\b",
    ),
    "acquisition": (
        r"收购|并购|买下|被收购",
        r"acquir|acquisition|\bbuys?\b|bought|sold to|merge",
    ),
    "listing": (
        # a company listing, not a product put on sale (正式上市, 新车上市) nor an approved drug
        r"(?<!获批|批准|获准|准予|正式|新车|开售)上市(?!销售|开售|交付)|IPO|募资|科创板|港股|赴港|招股",
        r"\bipo\b|go(?:es)? public|listing|\b(?:trading|market|stock[- ]market|public) debut\b",
    ),
    "legal": (
        r"起诉|诉讼|侵权|和解|判决|罚款|处罚|立案|状告|抄袭|被指|指控|涉嫌",
        r"\bsue[sd]?\b|lawsuit|settle|court|\bfined?\b|fines\b|penalt|probe|investigat|\baccus|plagiar|alleg",
    ),
    "layoffs": (
        r"裁员",
        r"lay(?:s|ing)? off|layoffs?|job cuts|cuts? \S+ jobs|"
        r"cuts? (?:\S+ ){1,3}?of (?:its |the )?(?:staff|workforce|employees|workers|jobs)",
    ),
    "hiring": (  # taking people on in numbers (a hire of one person is "people")
        r"招聘|新招|扩招|招募|招揽|招人|新增岗位|新增\S{0,4}岗位",
        r"\bhir(?:e|es|ing|ed)\b(?: \S+){0,2}? [\d,]+\b|hiring|recruit|new jobs|\badds? [\d,]+ jobs",
    ),
    "people": (
        r"离职|出走|任命|加盟|辞职|请辞|辞任|下台|出任|卸任|接任",
        r"appoint|\bname[sd]?\b.*\b(?:ceo|chief)|hires|steps? down|resign|depart|takes over as|"
        r"\b(?:leaves|quits|exits|joins)\b",
    ),
    "price": (
        r"降价|价格下调|下调.*价格|调降.*价|涨价",
        r"price cut|cuts? (?:\S+ )?prices|slash|cheaper|rais\w* prices",
    ),
    "incident": (
        r"召回|宕机|泄露|故障|漏洞|事故|黑客|攻击|中断|断电|瘫痪|停摆",
        r"recall|\b(?:pull|call)(?:s|ed)? back\b|outage|breach|leak|vulnerab|exposed|\bhack|crash|accident|"
        r"\bdisrupt|\bdown for\b|\bgoes down\b|\bknock\w* (?:\S+ )?offline\b",
    ),
    "partnership": (
        r"合作|签约|牵手|联手|携手|协议|签署|中标",
        r"partner|teams? up|alliance|collaborat|\bdeal with\b|agreement|\b(?:signs|inks|strikes)\b(?: \S+)? deal|"
        r"\b(?:wins?|lands?|secures?)\b(?: \S+){0,4} (?:contract|order|tender)s?\b",
    ),
    "expansion": (
        r"建厂|新工厂|产线|扩产|投产|量产|(?:投入|斥资|出资)\S{0,8}?(?:建设|新建|兴建|投建)|(?:建设|新建|兴建|投建|共建)\S{0,4}(?:中心|工厂|基地|园区|集群)",
        r"factory|\bplant\b|mass production|"
        r"\b(?:build|builds|building|built|new)\b(?: [\w$€£¥.,-]+){0,3} "
        r"(?:(?:data|comput\w*|ai) cent(?:er|re)|campus|fab|supercomputer)s?\b|"
        r"expan(?!\w*(?: \S+){0,3} (?:context|window|limit|memory|support|features?)\b)",
    ),
    "clinical": (
        r"临床|I+期",
        r"\btrials?\b|phase (?:\d|i+)\b",
    ),
    "sales": (
        r"销量|销售|卖出|售出|交付|出货",
        r"\bsells\b|\bsales\b|\bdeliver(?:s|ed|ies)?\b|shipments?\b|\bship(?:s|ped)\b(?: \S+)? [\d,]+\b|"
        r"\b(?:begins|began|starts|started) (?:shipping|delivering)\b",
    ),
    "stock": (  # a share price that moves (not a listing: a company may list and jump the same day)
        r"股价(?:大涨|暴涨|上涨|下跌|大跌|暴跌|涨|跌)|市值(?:蒸发|大涨|暴涨)",
        r"\bshares? (?:jump|soar|surge|rise|rose|climb|fall|fell|drop|slump|tumble|plunge)\w*|\bstock (?:jump|soar|"
        r"surge|rise|fall|drop|slump|tumble|plunge)\w*",
    ),
    "ranking": (
        r"登顶|榜首|排行榜|榜单|夺冠|夺魁|排名第一|位列第一|位居第一|第一名",
        r"\btops\b|leaderboard|ranking|\bbeats\b|\branks? (?:first|no\.? ?1|number one)|top spot|first place",
    ),
    "milestone": (  # a count or an amount reached: users, orders, revenue
        rf"(?:突破|达到|超过|跨过|迈过|冲破|逾|破)(?:[^，。\s]{{0,2}}?)[\d{NUMERALS}]"
        rf"(?![\d{NUMERALS}.,万亿]*(?:个|多)*(?:小时|分钟|秒|天|周|月|年))|里程碑",  # not "逾三小时": a duration
        r"\b(?:pass(?:es|ed)?|surpass\w*|cross\w*|reach\w*|hits?(?! with)|tops?|top(?:ped|s)|exceed\w*)\b"
        r"(?: \S+){0,2}? [$€£¥]?[\d]|milestone",
    ),
    "rule": (  # a law, a ban, a rule made (not a lawsuit: "legal")
        r"禁止|禁用|禁令|封禁|新规|法案|立法|条例|监管规定|管理办法",
        r"\bbans?\b|\bbanned\b|\bbars?\b|\bbarred\b|\bprohibit\w*|\blaws?\b|\bbills?\b|regulation|"
        r"\brules?\b(?! (?:out|on)\b)|guidelines?|ordinance",
    ),
    "approval": (
        r"获批|获准|批准|牌照|许可|三类证|医疗器械(?:注册)?证|注册证",
        r"approv|\bclear(?:s|ed|ance)\b|permit|licen[cs]e|certif|green[- ]?light",
    ),
}
# Both sides ignore case: the Chinese patterns' Latin letters (IPO, A轮) meet a lower-cased headline too.
_EVENTS = {kind: (re.compile(zh, re.I), re.compile(en, re.I)) for kind, (zh, en) in EVENTS.items()}


def events(title: str) -> set[str]:
    """The kinds of event (keys of `EVENTS`) a headline names, in either language (an English phrasal verb's split
    particle joined to it first: `joined_particles`)."""
    english = joined_particles(title)
    return {kind for kind, (zh, en) in _EVENTS.items() if zh.search(title) or en.search(english)}


ADVERSE = frozenset({"legal", "incident", "layoffs"})  # kinds of event a company suffers


def events_conflict(one: set[str] | frozenset[str], other: set[str] | frozenset[str]) -> bool:
    """Whether two headlines report different kinds of event (`events`), none in common. A figure reached
    ("milestone": 500,000 downloads) or a ranking tells against a fine, a leak or a layoff (`ADVERSE`) with that
    figure, but not against the release or the sales it counts: a follow-up of one story."""
    if one & other:
        return False
    if not (
        one & ADVERSE or other & ADVERSE
    ):  # a ranking reached likewise ("unveils X" / "X tops leaderboard")
        one, other = one - {"milestone", "ranking"}, other - {"milestone", "ranking"}
    return bool(one) and bool(other)


# What a headline about a rule says besides the rule itself: "Wexhold passes law requiring chatbot disclosures" is
# about chatbot disclosures; another law of one lawmaker the same day is another story (`rule_subject`).
_INSTRUMENT = re.compile(
    r"\b(?:laws?|bills?|acts?|rules?|regulations?|bans?|guidelines?|polic(?:y|ies)|standards?|ordinances?|"
    r"executive orders?)\b|法案|法规|法律|条例|规定|办法|新规|政策|禁令|指引|标准|立法",
    re.I,
)
_ENACTING = re.compile(
    r"\b(?:pass(?:es|ed)?|signs?|signed|approv\w*|adopts?|adopted|introduc\w*|propos\w*|issues?|issued|enacts?|"
    r"enacted|unveils?|publish\w*|releas\w*|finaliz\w*|new|lawmakers|legislators?|governor|council|parliament|"
    r"state|city)\b|通过|出台|发布|签署|颁布|实施|公布|审议|推出|新",
    re.I,
)


def rule_subject(title: str) -> str | None:
    """What a headline about a law, a bill, a rule, a ban or a policy is about: the headline without the words of
    the rule and of enacting it ("Wexhold passes law banning AI in hiring" → "Wexhold   banning AI in hiring");
    None when it names no rule."""
    if not _INSTRUMENT.search(title):
        return None
    return _ENACTING.sub(" ", _INSTRUMENT.sub(" ", title))
