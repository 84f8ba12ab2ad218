"""Same matter (同一事项): what identifies a complaint's matter and how alike two matters are."""

from __future__ import annotations

import hashlib
import json
import math
import re
import threading
import zlib
from dataclasses import dataclass, fields
from functools import lru_cache
from pathlib import Path

import jieba.posseg

from triage.classify import MODEL_DIR, classify, default_classifier
from triage.corpus import DATA_DIR
from triage.features import tokenizer
from triage.locate import DATA_DIR as GAZETTEER_DIR
from triage.locate import PLACE_KINDS, TOWN_SUFFIX, default_gazetteer, is_street, outranked


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


# Problem kinds by keyword: two texts whose kinds are both known and disjoint are different matters.
PROBLEM_WORDS = {
    "oil_smoke": _words("油烟 排烟 油烟机 油哈味 烟熏"),
    "exhaust": _words("废气 黑烟 冒烟 烟囱 黄烟 浓烟 焚烧 白烟 硫磺 脱硫 黑灰"),
    "dust": _words(
        "扬尘 灰尘 粉尘 尘土 黄土 沙土 煤灰 一层灰 石粉 是土 起灰 灰扬 起尘 灰大 灰太大 灰也大 矿粉"
    ),
    "odor": _words("臭 异味 刺鼻 腥 汽油味 油漆味"),
    "noise": _words(
        "噪音 噪声 吵 轰鸣 打桩 音响 喇叭 砰砰 轰隆 睡不着 震 嗡嗡 鸣笛 没法休息 整夜响 放炮 唱"
        " 咚咚 咣当 低频 划拳 响到半夜 响到凌晨 响一夜 破碎机"
    ),
    "water": _words(
        "废水 污水 排污 黑水 死鱼 翻白肚 血水 河水 水都 粪水 酒糟水 泥水 浑水 井水 渗滤液"
    ),
    "waste": _words(
        "垃圾 倾倒 废渣 尾矿 废机油 危废 医疗废物 乱倒 废油桶 病死 扔在 泔水 废油 炭灰 废电池 电瓶"
    ),
    "ecology": _words("挖沙 采砂 盗采 开矿 砍树 挖砂 河道 开采 开垦 挖草 碾压 车辙 取土 挖土 盗伐"),
    "antenna": _words("基站 铁塔 天线 信号塔 发射塔 5G"),
    "power": _words("变电站 变电所 高压线 输电线 变压器 千伏"),
    "radioactive": _words("放射 探伤 射线"),
}
# Problem kinds that are often one problem told by its effect: a stink is what a dirty river,
# rubbish or smoke is like, and soot is both smoke and dust.
PROBLEMS_ALIKE = frozenset(
    frozenset(pair)
    for pair in (
        ("odor", "water"),
        ("odor", "waste"),
        ("odor", "exhaust"),
        ("odor", "oil_smoke"),
        ("dust", "exhaust"),
        ("waste", "water"),
    )
)
# What sort of source a text blames, by group: two texts blaming only different sorts (a KTV
# and a train line, a 碳素 plant and a power plant) are about different sources.
SOURCE_KINDS = {
    group: _words(words)
    for group, words in (
        (
            "餐饮",
            "饭馆 饭店 餐馆 餐厅 面馆 拉面 牛肉面 酿皮 烧烤 烤肉 火锅 串串 小吃 大排档 食堂 手抓"
            " 炒菜 早点",
        ),
        ("娱乐", "KTV 歌厅 酒吧 清吧 夜总会 网吧 棋牌 麻将 台球 驻唱 麦霸"),
        ("广场舞", "广场舞 跳舞 暴走"),
        ("交通", "火车 高铁 铁路 高速 车流 鸣笛 摩托 飞机 机场"),
        ("工地", "工地 施工 打桩 在建 塔吊 基坑 楼盘 项目部"),
        ("渣土车", "渣土车 拉土车 拉沙车 运输车 罐车 大车"),
        ("装修", "装修 砸墙 电钻 电锤"),
        ("喇叭", "喇叭 促销 叫卖"),
        ("风机", "空调外机 外机 风机 冷却塔 水泵"),
        ("锅炉", "锅炉 供暖 燃煤 澡堂"),
        ("电厂", "电厂 热电 发电厂"),
        ("碳素", "碳素 沥青烟"),
        ("铁合金", "铁合金 硅铁 工业硅 矿热炉"),
        ("铝", "铝厂 电解铝 铝电 铝型材 铝业"),
        ("锂", "锂 正极材料"),
        ("光伏", "光伏 组件"),
        ("盐湖", "钾肥 盐湖化工 尾盐 氯化钾 钾盐"),
        ("化工", "纯碱 化工 溴素 硫酸 电石 碳化硅 兰炭 焦化 镁业 制药"),
        ("石灰", "石灰窑 石灰厂 烧石灰"),
        ("砖瓦", "砖厂 砖窑 红砖 机砖"),
        ("建材", "水泥 粉磨 建材 石材 彩钢"),
        ("搅拌站", "搅拌站 混凝土 商混 沥青站 沥青拌合"),
        ("砂石", "砂石 砂场 石料 采石 碎石 洗沙 洗砂 破碎机 料场"),
        ("采矿", "采砂 挖沙 挖砂 盗采 采金 砂金 金矿 煤矿 矿山 矿坑 矿点 开矿 取土 挖土 挖山"),
        ("煤场", "煤场 煤堆 储煤 卖煤 洗煤"),
        ("屠宰", "屠宰 宰牛 宰羊 宰杀 血水"),
        ("肉品", "肉干 羊肠 肠衣 熏制 牛羊肉加工"),
        ("养殖", "养殖 粪污 畜禽"),
        ("养猪", "养猪 猪场 猪粪"),
        ("养牛", "养牛 牛场 牛粪"),
        ("养羊", "养羊 羊粪 羊圈"),
        ("养鸡", "养鸡 鸡场 鸡粪 鸡舍"),
        ("有机肥", "有机肥 肥料厂 发酵"),
        ("皮毛", "羊毛 洗毛 皮革 皮毛 制革"),
        ("酒厂", "酒厂 酿酒 青稞酒 酒糟"),
        ("食品", "粉条 淀粉 枸杞 乳制品 奶厂 酥油 奶渣 豆腐"),
        ("风电", "风电 风力发电 风车"),
        ("污水处理", "污水处理 污水厂 污水站"),
        ("管网", "化粪池 下水道 管网 井盖 污水管"),
        ("垃圾站", "垃圾站 中转站 转运站 垃圾房 垃圾桶 垃圾池"),
        ("垃圾场", "垃圾场 填埋场 渗滤液 填埋"),
        ("洗车", "洗车"),
        ("汽修", "汽修 修车 喷漆 烤漆 修理厂"),
        ("加油站", "加油站 油罐 卸油"),
        ("加气站", "加气站 天然气"),
        ("基站", "基站 铁塔 天线 信号塔 发射塔"),
        ("变电", "变电站 变电所 变压器 变电箱 高压线 输电线"),
        ("放射", "放射源 探伤 射线"),
        ("医疗", "医院 诊所 卫生院 医疗废物 针头"),
        ("旅游", "景区 游客 民宿 农家乐 牧家乐 帐篷 露营 营地 旱厕"),
        ("野生动物", "黑颈鹤 原羚 湟鱼 偷捕 电鱼 捕鱼 鸟蛋 盗猎 无人机"),
        ("围栏", "网围栏 围栏 刺丝"),
        ("林木", "砍树 盗伐 木材 林木 伐木"),
        ("草原", "草原 草场 开垦 碾压 越野车 挖草 虫草"),
        ("水电站", "水电站 断流 引水"),
        ("焚烧", "焚烧 烧垃圾 烧秸秆 烧轮胎 烧荒"),
        ("油田", "油田 采油 油泥 井场"),
    )
}
# Sorts of source that may be where a matter happens or who suffers from it rather than its
# cause, or that are too broad to disagree.
CONTEXT_SOURCES = frozenset(_words("草原 旅游 医疗 管网 渣土车 焚烧 食品 养殖"))
# A text that says it is about another place than the one reported before.
ANOTHER = re.compile(
    "另一家|另外一家|另一个|另外一个|另一头|不是上次|不是同一|不是前面|又一家|也有一家"
    "|是对面那家|不是.{1,8}是.{0,4}那家|不是.{1,10}那个.{0,2}是"
    "|不是一回事|两回事|分开处理|这次(说|反映)的不是|不是一家|不是一个地方"
)
# A facility is named by the few characters before its type word ("老王" 烧烤店, "雪域" 健身房).
FACILITY_TYPES = _words(
    "烧烤店 烧烤 烤肉 火锅店 火锅 食堂 饭馆 饭店 餐厅 酒店 宾馆 拉面馆 面馆 小吃店 超市 KTV 酒吧"
    " 化工厂 水泥厂 有机肥厂 电厂 砖厂 冶炼厂 选矿厂 加工厂 工厂 厂 公司 工地 项目"
    " 养殖场 养猪场 屠宰场 料场 搅拌站"
    " 洗车场 锅炉房 采石场 砂场 石场 矿 健身房 洗浴中心 中心 光伏电站 电站 升压站 加油站 站"
    " 园 场 牧场 合作社 基地 医院 学校 馆 牧家乐 酒楼 汽修 快修店 钣金 汽车美容 烤鱼 卤肉 麻辣烫"
    " 牛肉面 炕锅 洗浴 足浴 会所 清吧 锂业 钾肥 镁业 化工 矿业 实业 建材 商砼 茶餐厅"
    " 农家乐 民宿 夜市 煤场 店 大排档 排档 烤肉店 作坊 加工点 驾校 洗衣店 网吧 台球厅"
    " 棋牌室 麻将馆 歌厅 浴池 小吃 食府 营地 露营地 拉面"
    " 澡堂 诊所 卫生院 幼儿园 小卖部 修理厂 汽修厂 汽修店 修理铺 尾矿库 金矿 煤矿 石料厂 采砂场"
    " 回收点 收购点 回收站 废品站 收购站"
)
# Kinds too broad to disagree with any other (石料加工厂 is read as a 工厂).
GENERIC_KINDS = frozenset(_words("工厂 加工厂 公司 中心 基地 项目"))
# Kinds that name the same sort of place.
KIND_GROUP = {
    kind: group[0]
    for group in (
        _words("宾馆 酒店"),
        _words("饭馆 饭店 餐厅 面馆 拉面馆 拉面 小吃店 小吃 食府 烤肉店"),
        _words("工地 项目"),
        _words("养殖场 养猪场 牧场 合作社"),
        _words("砂场 采砂场 石场 采石场 石料厂 料场"),
        _words("修理厂 汽修厂 汽修店 修理铺"),
        _words("KTV 歌厅 酒吧"),
        _words("回收点 收购点 回收站 废品站 收购站"),
        _words("电站 光伏电站 升压站"),
        _words("澡堂 浴池 洗浴 洗浴中心"),
    )
    for kind in group
}
# Streets, villages and the places that hold many facilities (工业园, 市场): where, not who.
ROADS = _words(
    "路 大街 街 巷 村 小区 家属院 花园 桥 工业园 工业园区 物流园 产业园 市场 广场 美食城 美食街"
)
# A type word right before one of these is part of a street's name (汽修街, 电厂路).
ROAD_NEXT = re.compile("|".join(sorted(ROADS, key=len, reverse=True)))
# Words that end in a type character but name no facility ("草场", "楼上", "所以").
NOT_FACILITY = _words(
    "草场 现场 操场 停车场 机场 当场 农场 房子 房间 房顶 房屋 楼房 平房 住房 厂房 站在 站着 车站"
    " 网站 基站 公园 园区 院子 院里 后院 大院 所以 所有 场所 住所 厕所 大厅 县城 城里 城区 城市"
    " 城管 楼上 楼下 楼道 楼顶 楼层 大楼 店里 店门 店铺 厂子 厂里 厂区 厂家 矿区 商店 门店 尾矿"
    " 生态环境厅 生态环境局 环境保护厅 环保厅 环保局 分局 信访局 政府 办公室 派出所 委员会"
)
NAMED = re.compile(
    "|".join(map(re.escape, sorted(NOT_FACILITY + FACILITY_TYPES + ROADS, key=len, reverse=True)))
)
# A name never runs across these: particles, pointing words and the suffixes of bigger places.
NAME_BOUNDARY = re.compile(
    r".*(?:[的了是在把个那这里边旁近对被给到从往向村镇乡路街巷区县市州栋幢层座号得问说看让叫\d]|一家|有家|一个)"
)
# Parts of speech that never begin a name: what is cut before a type word is kept only from
# after the last of them (刷着“红光”砖厂: 红光; 东段夜猫子烧烤: 夜猫子; 草坪上就有人烧烤: none).
NOT_IN_NAME = re.compile(r"^(?:[dcfmqrpts]|u.*)$")
# Verbs of telling, which never begin a name (举报康川锅炉房: 康川).
TELLING = frozenset(_words("举报 投诉 反映 报告 看见 发现 听说 知道 说是 希望 要求 建议"))
# How often jieba must have seen a word to trust its part of speech over its being a name.
COMMON_WORD = 400
GENERIC_NAMES = frozenset(_words("居民 住宅 办公 教学 宿舍 商住 我家 家属 附近 后面 前面 对面"))
VAGUE = re.compile(r"[们些该本]")
# Openers, time phrases, closers and outbursts that say nothing about which matter it is.
BOILERPLATE = re.compile(
    "|".join(
        (
            r"您好|你好|领导好|领导们好|尊敬的领导|各位领导|12369你好|12345你好",
            r"我想反映个?问题|我要反映|我要投诉|我要举报|实名举报|匿名反映|反映一下|反映个事",
            r"市民来电称|来电反映|来电称|群众反映|网民反映|再次反映|又来反映|继续反映|反映",
            r"第[二三四五六七八九十几]次(投诉|反映|打电话)了?|还是那个老问题|还是老问题|老问题了",
            r"前几天反映的事情?到现在没人管|之前反映的(事情?|问题)|上次反映的(事情?|问题)",
            r"到现在(都|也|还)?没人管|一直没人管|还是没人管|没人管|还是老样子|又是|还是|又",
            r"我是[\u4e00-\u9fa5]{1,8}?的(牧民|村民|居民|业主|市民|群众)",
            r"今天(早上|上午|中午|下午|晚上)?|昨天(晚上)?|最近一个?(星期|礼拜|月)|这半个多月",
            r"这(几|两)天|这段时间|从去年到现在|从去年开始|已经(两|三|好几|一)年多?了",
            r"一到(周末|晚上|冬天|夏天)|最近|一直|每天|天天|长期",
            r"请求?责令其?(停产)?整改|请相关部门依法处理|请依法(查处|处理)|依法处理|请尽快处理并回复",
            r"请尽快(处理|解决|查处)|尽快处理|盼复|盼回复|拜托了|麻烦了|麻烦|谢谢领导|谢谢",
            r"请给我们一个答复|给个答复|强烈要求关停|强烈要求|希望不要再推来推去了?|推来推去",
            r"难道要等出了人命才管吗|这就是你们说的绿水青山|希望有关部门管一管|希望有关部门",
            r"请环保部门|请给我们一个说法|希望尽快解决|恳请领导重视",
        )
    )
)
# Names and wording never run across punctuation or spaces: a text is read clause by clause.
CLAUSE_BREAK = re.compile(r"[\s，。！？、：；,.!?:;（）()…~～—-]+")
# Quotes mark a name inside a clause (八一路“魅力”酒吧): read without them.
QUOTES = re.compile("[“”\"'「」『』‘’]")
# Subcategories that say nothing about which problem it is.
VAGUE_SUBCATEGORIES = frozenset({None, "其他事项"})
# Fields disagree only when the classifier is sure of both.
CONFIDENT_FIELD = 0.6
# Shared wording is measured against the shorter text, but never against fewer bigrams than this.
MIN_SHINGLES = 8
# Texts sharing this much wording are one text sent again: linked unless their places differ.
RESENT_WORDING = 0.8
# Below this shared wording two texts are compared only when they share a name the index posts.
LINK_WORDING = 0.12
# A name in quotes: agents write the shop or enterprise so (“蜀香园”川菜馆).
QUOTED = re.compile(r"[“\"「『‘]([^”\"」』’“]{2,12})[”\"」』’]")
# Which part of a place: 北岸 and 南岸, 东村 and 西村, A区 and C区, 3单元 and 1单元 are apart; a
# part is told from another of its sort by what it ends with (岸, 单元, 号棚).
PARTS = re.compile(
    r"[东西南北](?:岸|侧|边|段|头|门|面|口|端|村)|河[东西]"
    r"|[A-Za-z\d一二三四五六七八九十]{1,3}(?:号[楼院棚库井门线]?|单元|区|段|期|标段)"
    r"|[\u4e00-\u9fa5]{2}作业区"
)
# Sides of a place, which say the same whichever is written (东边, 东侧, 东头).
SIDES = frozenset(_words("侧 边 头 面 端"))
PART_SORT = re.compile(
    r"^(?:[东西南北河]|[A-Za-z\d一二三四五六七八九十]{1,3}|[\u4e00-\u9fa5]{2}(?=作业区))"
)
# A facility followed by these only says where the one complained of is (李记烤肉旁边那家).
NEXT_TO = re.compile("隔壁|旁边|对面|斜对面|边上|附近|楼上|楼下|后面|前面")
# A text that follows up an earlier complaint (上次反映的, 还在排, 对答复不满意).
FOLLOW_UP = re.compile(
    "上次|上回|再次反映|又来反映|老问题|第[二三四五六七八九]次|之前反映|反映过|投诉过|打过电话|说过好几次"
    "|回复|答复|说好的|说是整改|整改了|到底(查|管|处理)了?没|查了没|人一走"
)
# Asking to be answered is no follow-up (请尽快处理并回复, 给我们一个答复).
ASKS_FOR_REPLY = re.compile("(?:请|并|尽快|盼|望|给(?:我们)?(?:一个|个)?)(?:回复|答复)")
# Placeholders agents write for a withheld name (某企业, XX小区) are no name at all.
PLACEHOLDER = re.compile("[某Xx×*＊]")
# What the same-matter model reads of a pair, each with the sign its weight may take (+1 only
# up, -1 only down, 0 either): more evidence of one place and problem may never count against.
PAIR_FEATURES: tuple[tuple[str, int], ...] = (
    ("wording", 1),  # share of the shorter text's bigrams in the other
    ("same_facility", 1),  # 老马家烧烤 and 马家烧烤店
    ("facility_names_overlap", 1),  # 铝型材氧化厂 and 杨家寨铝型材厂
    ("kinds_shared", 1),  # both name a 搅拌站
    ("kinds_differ", -1),  # 洗车场 and 宾馆
    ("same_town", 1),
    ("same_county", 1),
    ("same_spot", 1),  # a street or village named in both
    ("spots_differ", -1),
    ("parts_differ", -1),  # 北岸 and 南岸
    ("same_part", 1),
    ("quoted_name_found", 1),  # the name one text quotes appears in the other
    ("quoted_names_differ", -1),
    ("distinctive_shared", 1),  # rare character pairs (names: 扎西科, 德都苑) in both
    ("same_field", 1),
    ("fields_overlap", 1),
    ("same_subcategory", 1),
    ("subcategories_differ", -1),  # one field, and the classifier names two problems of it
    ("sources_shared", 1),  # both blame a 搅拌站, or both an 养殖 site
    ("sources_differ", -1),  # a KTV and a train line
    ("fields_differ", -1),  # the classifier sure of both, and they differ
    ("problems_shared", 1),  # 油烟 in both
    ("problems_differ", -1),  # 噪声 and 污水
    ("follow_up_here", 1),  # a follow-up, and both name one place (a follow-up of what else?)
    ("one_facility_one_problem", 1),  # the same named facility with the same problem
    ("one_place_one_problem", 1),  # one town or street, subcategory and kind of place
)
# Features that say the two texts are about different things (the classifier's subcategories
# alone are too unsure for that: 非法采砂采矿 and 草原植被破坏 are one sand pit in a pasture).
CONFLICTS = tuple(
    name for name, sign in PAIR_FEATURES if sign < 0 and name != "subcategories_differ"
)
# What says two texts are about one problem or one source: without any of it, one place and
# a follow-up are not one matter (尕娃酒吧 and a suggestion about tourist routes, one village).
WHAT = (
    "same_facility",
    "facility_names_overlap",
    "kinds_shared",
    "quoted_name_found",
    "same_field",
    "same_subcategory",
    "sources_shared",
    "problems_shared",
)
SAME_MATTER_PATH = MODEL_DIR / "same_matter.json"
PAIRS_PATH = DATA_DIR / "pairs.jsonl"


@dataclass(frozen=True)
class MatterKey:
    """What identifies a matter in a text: problem kinds, facilities, roads, text shingles, the
    places it names (county codes "c:630102", towns "t:多巴", landmarks "l:塔尔寺"), what the
    classifier calls its problem (primary field, all fields, subcategory), its rare character
    pairs (the hashes of bigrams the classifier never learned: names), the parts of places it
    names (北岸), the names it quotes, and whether it follows up an earlier complaint."""

    problems: frozenset[str]
    facilities: frozenset[str]
    spots: frozenset[str]
    shingles: frozenset[int]
    places: frozenset[str] = frozenset()
    fields: tuple[str, ...] = ()
    subcategory: str | None = None
    confident: bool = False  # the classifier is sure of the primary field
    distinctive: frozenset[int] = frozenset()
    parts: frozenset[str] = frozenset()
    quoted: frozenset[str] = frozenset()
    follow_up: bool = False
    sources: frozenset[str] = frozenset()
    another: bool = False  # says it is another place than one reported before
    mentions: frozenset[str] = frozenset()  # towns named even without 镇/乡 ("t:大武")


def _places(clean: str) -> tuple[set[str], set[str], str]:
    """Facility names, spots, and the text left once both are cut out."""
    facilities: set[str] = set()
    spots: set[str] = set()
    rest: list[str] = []
    previous = 0
    for match in NAMED.finditer(clean):
        word = match.group()
        if word in NOT_FACILITY or (word not in ROADS and ROAD_NEXT.match(clean, match.end())):
            continue  # 汽修街 is a street, not a 汽修
        width = 2 if word in ROADS else 4
        window = clean[max(previous, match.start() - width) : match.start()]
        cut = NAME_BOUNDARY.sub("", window)
        name = cut if word in ROADS or len(cut) < 2 else trimmed_name(cut)
        if len(name) < 2 or name in GENERIC_NAMES or VAGUE.search(name) or PLACEHOLDER.search(name):
            if len(word) >= 2 and word not in ROADS:
                facilities.add("/" + word)  # a kind without a name: 那家宾馆, 一个诊所
            continue
        if word in ROADS or NEXT_TO.match(clean, match.end()):
            spots.add(name + word)  # 回味面馆隔壁的烤饼店: the 面馆 only says where
        else:
            facilities.add(name + "/" + word)
        rest.append(clean[previous : match.end() - len(word) - len(cut)])
        previous = match.end()
    rest.append(clean[previous:])
    return facilities, spots, "".join(rest)


@lru_cache(maxsize=65536)
def trimmed_name(window: str) -> str:
    """The end of what stands before a type word that can be a name: the words after the last
    adverb, pronoun, numeral, measure word, direction, time, particle or one-character verb
    jieba knows well as such (刷着红光: 红光; 东侧金诚: 金诚; 上就有人: none). A rare word is more
    likely a name than what its dictionary says (老何, 北周), one character may begin a name (和信,
    西吴), and words jieba does not know stay whole (no HMM guessing: 37 times faster)."""
    tagger = _parts_of_speech()
    name = ""
    for word, flag in reversed(list(tagger.cut(window, HMM=False))):
        single = len(word) == 1
        known = single or tagger.tokenizer.FREQ.get(word, 0) >= COMMON_WORD
        known = known and not word.endswith("部")  # 西部测井, 东部矿业: names
        stops = bool(NOT_IN_NAME.match(flag) or (single and flag == "v")) or word in TELLING
        if known and stops and (not single or len(name) >= 2):
            break
        name = word + name
    return name


@lru_cache(maxsize=1)
def _parts_of_speech() -> jieba.posseg.POSTokenizer:
    return jieba.posseg.POSTokenizer(tokenizer())


def bigram(text: str) -> int:
    """The hash a character pair is stored and posted under."""
    return zlib.crc32(text.encode())


@lru_cache(maxsize=4096)
def matter_key(text: str) -> MatterKey:
    """Extract the parts of a text that identify its matter (cached: a new case meets the same
    earlier cases again and again)."""
    facilities: set[str] = set()
    spots: set[str] = set()
    shingles: set[int] = set()
    distinctive: set[int] = set()
    parts: set[str] = set()
    found: set[str] = set()
    known = default_classifier().model.vocabulary
    for clause in CLAUSE_BREAK.split(text):
        clean = BOILERPLATE.sub("", QUOTES.sub("", clause))
        named, spotted, rest = _places(clean)
        # The problem is read where no name is: a 垃圾填埋场 that burns is a smoke matter.
        found.update(k for k, words in PROBLEM_WORDS.items() if any(w in rest for w in words))
        facilities |= named
        spots |= spotted
        parts.update(PARTS.findall(clean))
        shingles.update(bigram(rest[i : i + 2]) for i in range(len(rest) - 1))
        distinctive.update(
            bigram(clean[i : i + 2])
            for i in range(len(clean) - 1)
            if clean[i : i + 2] not in known
            and not clean[i : i + 2].isdigit()
            and not PLACEHOLDER.search(clean[i : i + 2])
        )
    if "water" in found:
        found.discard("odor")  # a stinking river is a water matter
    classification = classify(text)
    return MatterKey(
        frozenset(found),
        frozenset(facilities),
        frozenset(spots),
        frozenset(shingles),
        named_places(text),
        classification.fields,
        classification.subcategory,
        classification.confidence >= CONFIDENT_FIELD,
        frozenset(distinctive),
        frozenset(parts),
        frozenset(QUOTED.findall(text)),
        bool(FOLLOW_UP.search(ASKS_FOR_REPLY.sub("", text))),
        frozenset(g for g, words in SOURCE_KINDS.items() if any(w in text for w in words)),
        bool(ANOTHER.search(text)),
        frozenset("t:" + m for m in town_mentions().findall(text)),
    )


@lru_cache(maxsize=1)
def town_mentions() -> re.Pattern[str]:
    """Every town of the province by its bare name (大武 for 大武镇): too short or shared to
    place a text on its own, but the same town when the other text places it."""
    gazetteer = default_gazetteer()
    bare = {TOWN_SUFFIX.sub("", n) for n, (kind, _) in gazetteer.entries.items() if kind == "town"}
    names = sorted((n for n in bare if len(n) >= 2), key=len, reverse=True)
    return re.compile("|".join(map(re.escape, names)))


def named_places(text: str) -> frozenset[str]:
    """Counties ("c:" + code), towns ("t:" + name without 镇/乡) and landmarks ("l:" + name) a
    text names for certain. A street names no county: 八一路 runs through 西宁 and 格尔木."""
    hits = outranked(default_gazetteer().hits(re.sub(r"\s+", "", text)))
    places = {"t:" + TOWN_SUFFIX.sub("", h.name) for h in hits if h.kind == "town"}
    places |= {"l:" + h.name for h in hits if h.kind == "landmark"}
    places |= {"c:" + h.codes[0] for h in hits if h.kind in PLACE_KINDS and not is_street(h)}
    return frozenset(places)


# Words that describe what a facility does rather than whose it is (汽车音响店, 大型光伏项目).
DESCRIPTIVE = tuple(
    sorted(
        _words(
            "音响 改装 汽车 早餐 早点 光伏 砂石 洗沙 洗砂 采砂 石料 楼盘 建筑 施工 养殖 养猪 养牛"
            " 养鸡 养羊 屠宰 化工 电解 供暖 锅炉 污水处理 垃圾 回收 加工 废品 水泥 搅拌 沥青 洗煤"
            " 转运 中转 填埋 处置 烘干 粉磨 磨粉 淀粉 熟食 混凝土 石材 面片 牛肉面 露天 通宵 自助"
            " 钢构 钢结构 铝型材 型材 纯碱 铁合金 川菜 量贩 量贩式 温泉 有限 科技 宰牛 牛羊"
            " 综合 危废 定点 临时 东郊 南郊 西郊 北郊 城郊 人民 测井 小水 千伏变"
            " 砂石料 生火 点火 经营性 集中供热 供热 热力 虫草 帐篷 采挖 废弃 遗留 藏式 辣椒 辣子"
            " 蛋鸡 储粪 防渗 榨油 粮油 网箱 冷水鱼 肉干 牦牛 酸奶 乳制品 制品 工业硅 生产 石棉"
            " 初加工 改扩建 扩建 改建 棚改"
            " 煤 砖 木材 塑料 皮毛 牛肉 羊肉 手抓 拉面 烧烤 火锅 炒菜 串串 清真 汽修 修理 洗车 商砼"
            " 洗浴 大型 小型 新建 新 千伏 变 私人 个体 无证 黑 单位 职工 员工 机关 食品"
        ),
        key=len,
        reverse=True,
    )
)


@lru_cache(maxsize=65536)
def undescribed(name: str) -> str:
    """A facility name without the words that describe what it does: 汽车音响 has nothing
    left, 老马家烧烤 老马家, 110千伏变 nothing (the digits are cut before)."""
    stripped = True
    while stripped:
        stripped = False
        for word in DESCRIPTIVE:
            if name.endswith(word):
                name, stripped = name[: -len(word)], True
                break
    return name if len(name) >= 2 else ""


@lru_cache(maxsize=65536)
def brand(name: str) -> str:
    """The part of a facility name that says whose it is: what is left once the words that
    describe it and the places in it are cut (德令哈电厂, 乐都三小工地 and 多巴砂场 say where)."""
    for hit in default_gazetteer().hits(name):
        name = name.replace(hit.name, "")
    return undescribed(town_mentions().sub("", name))


def facility_agreement(a: frozenset[str], b: frozenset[str]) -> str:
    """ "same" when a facility of each set is the same: one name ends with the other ("老王" and
    "家老王") and the kinds agree (烧烤店 and 烧烤, or a bare 店), unlike 洗车场 and 宾馆;
    "unsure" when kinds agree but only descriptions are given (汽车音响店, 音响改装店; 110千伏
    变电站 and 35千伏变电站 are both only 千伏变电站);
    "different" otherwise."""
    verdict = "different"
    for x, y in ((x.split("/"), y.split("/")) for x in a for y in b):
        if not same_kind(x[1], y[1]):
            continue
        alike = x[0] and y[0] and (x[0].endswith(y[0]) or y[0].endswith(x[0]))
        if alike and undescribed(x[0]) and undescribed(y[0]):
            return "same"
        if not (brand(x[0]) and brand(y[0])):
            verdict = "unsure"
    return verdict


def specific_kinds(facilities: frozenset[str]) -> set[str]:
    """The kinds of place named, leaving out broad ones (店, 厂, 工厂, 公司)."""
    kinds = (f.split("/")[1] for f in facilities)
    return {k for k in kinds if len(k) > 1 and k not in GENERIC_KINDS}


def same_kind(x: str, y: str) -> bool:
    """烧烤 and 烧烤店, a bare 店 and anything, 宾馆 and 酒店; not 洗车场 and 宾馆."""
    if x in y or y in x or min(len(x), len(y)) == 1 or x in GENERIC_KINDS or y in GENERIC_KINDS:
        return True
    return KIND_GROUP.get(x, x) == KIND_GROUP.get(y, y)


def containment(a: frozenset[int], b: frozenset[int]) -> float:
    """Share of the shorter text's bigrams found in the other."""
    return len(a & b) / max(min(len(a), len(b)), MIN_SHINGLES)


def _differ(a: frozenset[str], b: frozenset[str], prefix: str) -> bool:
    """Both texts name places of this level and none is shared."""
    x = {p for p in a if p.startswith(prefix)}
    y = {p for p in b if p.startswith(prefix)}
    return bool(x and y and not x & y)


def _fields_differ(a: MatterKey, b: MatterKey) -> bool:
    """The problems are clearly of different fields, the classifier sure of both (a question
    or objection, 'other', never disagrees: a repeat often asks what became of the first)."""
    if not (a.confident and b.confident) or "other" in (a.fields[0], b.fields[0]):
        return False
    return a.fields[0] not in b.fields and b.fields[0] not in a.fields


def named_facilities_differ(a: frozenset[str], b: frozenset[str]) -> bool:
    """Both texts name facilities (not a kind alone: 那家宾馆) and none of one is one of the
    other, by name or by a shared piece of the name."""
    named_a = frozenset(f for f in a if not f.startswith("/"))
    named_b = frozenset(f for f in b if not f.startswith("/"))
    if not (named_a and named_b):
        return False
    agreement = facility_agreement(named_a, named_b)
    return agreement == "different" and not names_overlap(named_a, named_b)


def names_overlap(a: frozenset[str], b: frozenset[str]) -> bool:
    """Some facility of each set, of one kind, shares a piece of its name: names are cut from
    free text and rarely cut alike. Where both say whose it is, only that counts, and it must
    share three characters in a row or all of the shorter (铝型材氧化厂 and 杨家寨铝型材厂, 鑫源
    and 鑫源商砼; not 金色年华 and 金色时代, 中石油 and 中石化, 鑫源商砼站 and 宏远商砼站);
    descriptions need only share two (音响改装店 and 汽车音响店)."""
    for x, y in ((x.split("/"), y.split("/")) for x in a for y in b):
        if not same_kind(x[1], y[1]):
            continue
        branded = bool(brand(x[0]) and brand(y[0]))
        first, second = (brand(x[0]), brand(y[0])) if branded else (x[0], y[0])
        first, second = sorted((first, second), key=len)
        run = min(3, len(first)) if branded else 2
        if run >= 2 and any(first[i : i + run] in second for i in range(len(first) - run + 1)):
            return True
    return False


def problems_differ(a: frozenset[str], b: frozenset[str]) -> bool:
    """Both texts name problem kinds and none of one is one of the other or goes with it (a
    stink and sewage are one problem told twice; a stink and noise are two)."""
    return bool(a and b) and not any(
        x == y or frozenset((x, y)) in PROBLEMS_ALIKE for x in a for y in b
    )


def sources_differ(a: frozenset[str], b: frozenset[str]) -> bool:
    """Both texts blame a sort of source and no sort is shared; sorts that may be where it
    happens or who suffers (a pasture, tourists, a hospital, a sewer), or that are too broad
    to disagree (养殖 is a 养猪 or a 养牛 site), are left out."""
    x, y = a - CONTEXT_SOURCES, b - CONTEXT_SOURCES
    return bool(x and y and not x & y)


def part_key(part: str) -> tuple[str, str]:
    """A part's sort and which of that sort it is: 东边, 东侧 and 东头 are the east side (方位),
    河东 and 河西 the two banks, 3单元 is unit 3 of the units."""
    if part[0] in "东西南北" and part[1:] in SIDES:
        return "方位", part[0]
    if part[0] == "河":
        return "河", part[1:]
    return PART_SORT.sub("", part), part


def parts_differ(a: frozenset[str], b: frozenset[str]) -> bool:
    """Both texts name a part of the same sort and no part of that sort is shared (3单元 and
    1单元 of one 9号楼 are apart; 9号楼 and 3单元 say nothing against each other)."""
    mine, theirs = {part_key(p) for p in a}, {part_key(p) for p in b}
    for sort in {s for s, _ in mine} & {s for s, _ in theirs}:
        if not {v for s, v in mine if s == sort} & {v for s, v in theirs if s == sort}:
            return True
    return False


def _level(places: frozenset[str], prefix: str) -> set[str]:
    return {p for p in places if p.startswith(prefix)}


def _names(places: frozenset[str]) -> set[str]:
    return {p[2:] for p in places}


def _where(key: MatterKey) -> set[str]:
    """The towns and landmarks a text names, by name."""
    return _names(frozenset(p for p in key.places if not p.startswith("c:")))


def shared_places(a: MatterKey, b: MatterKey) -> set[str]:
    """Towns and landmarks both texts name; a town one text names meets its bare name in the
    other (大武镇 and 大武)."""
    return _where(a) & (_where(b) | _names(b.mentions)) | _where(b) & _names(a.mentions)


def pair_values(a: MatterKey, b: MatterKey, shared: float) -> dict[str, float]:
    """The pair as the same-matter model reads it, by feature name."""
    agreement = facility_agreement(a.facilities, b.facilities)
    both_facilities = bool(a.facilities and b.facilities)
    overlap = both_facilities and names_overlap(a.facilities, b.facilities)
    kinds_a, kinds_b = specific_kinds(a.facilities), specific_kinds(b.facilities)
    kinds_alike = any(same_kind(x, y) for x in kinds_a for y in kinds_b)
    quoted_found = any(q in b_text for q in a.quoted for b_text in b.quoted | b.facilities) or any(
        q in a_text for q in b.quoted for a_text in a.quoted | a.facilities
    )
    primary_a, primary_b = a.fields[:1], b.fields[:1]
    values = {
        "wording": shared,
        "same_facility": agreement == "same" and both_facilities,
        "facility_names_overlap": overlap,
        "kinds_shared": kinds_alike,
        "kinds_differ": bool(kinds_a and kinds_b) and not kinds_alike,
        "same_town": bool(shared_places(a, b)),
        "same_county": bool(_level(a.places, "c:") & _level(b.places, "c:")),
        "same_spot": bool(a.spots & b.spots),
        "spots_differ": bool(a.spots and b.spots and not a.spots & b.spots),
        "parts_differ": parts_differ(a.parts, b.parts),
        "same_part": bool(a.parts & b.parts),
        "quoted_name_found": quoted_found,
        "quoted_names_differ": bool(a.quoted and b.quoted) and not quoted_found,
        "distinctive_shared": min(len(a.distinctive & b.distinctive), 6) / 6,
        "same_field": bool(primary_a) and primary_a == primary_b,
        "fields_overlap": bool(set(a.fields) & set(b.fields)),
        "same_subcategory": a.subcategory == b.subcategory
        and a.subcategory not in VAGUE_SUBCATEGORIES,
        "subcategories_differ": primary_a == primary_b
        and a.subcategory != b.subcategory
        and not {a.subcategory, b.subcategory} & VAGUE_SUBCATEGORIES,
        "sources_shared": bool(a.sources & b.sources),
        "sources_differ": sources_differ(a.sources, b.sources),
        # the classifier may read one facility's stink as its noise (泰海KTV异味): a named
        # facility with a problem word in common is one problem, whatever the fields say
        "fields_differ": _fields_differ(a, b)
        and not (agreement == "same" and both_facilities and a.problems & b.problems),
        "problems_shared": bool(a.problems & b.problems),
        "problems_differ": problems_differ(a.problems, b.problems),
        "follow_up": a.follow_up or b.follow_up,
    }
    same_problem = (values["problems_shared"] or values["same_subcategory"]) and not (
        values["problems_differ"] or values["fields_differ"]
    )
    named_alike = values["same_facility"] or overlap or quoted_found
    values["follow_up_here"] = values["follow_up"] and (
        named_alike
        or values["same_town"]
        or values["same_spot"]
        or values["distinctive_shared"] >= 2 / 6
    )
    values["one_facility_one_problem"] = named_alike and same_problem
    values["one_place_one_problem"] = (
        (values["same_town"] or values["same_spot"])
        and values["same_subcategory"]
        and (kinds_alike or (values["sources_shared"] and both_facilities))
    )
    return {name: float(value) for name, value in values.items()}


def pair_features(a: MatterKey, b: MatterKey, shared: float) -> tuple[float, ...]:
    """The pair as the same-matter model reads it, in the order of PAIR_FEATURES."""
    values = pair_values(a, b, shared)
    return tuple(values[name] for name, _ in PAIR_FEATURES)


def told_again(values: dict[str, float]) -> bool:
    """One matter told again, whatever the model says, when nothing in the pair disagrees and:
    one is the other sent again (RESENT_WORDING); or both name one facility with one problem;
    or one town or street, one kind of place and one problem (希里沟镇那个搅拌站 and 希里沟镇
    一家混凝土搅拌站); or one follows up on the facility the other names, or on its street, town
    or name with the same sort of source (follow-ups are terse: 古鄯粉条厂那个水还在排)."""
    if any(values[name] for name in CONFLICTS):
        return False
    if values["wording"] >= RESENT_WORDING or values["one_facility_one_problem"]:
        return True
    if values["one_place_one_problem"]:
        return True
    if not values["follow_up"]:
        return False
    if values["same_facility"] or values["facility_names_overlap"]:
        return True
    where = values["same_spot"] or values["same_town"] or values["distinctive_shared"] >= 2 / 6
    what = ("sources_shared", "kinds_shared")
    return bool(where) and any(values[name] for name in what)


def linkable(a: MatterKey, b: MatterKey, shared: float) -> bool:
    """Whether two matters are compared at all: they share wording, or a name the repeat index
    posts (a facility, a street or village, a quoted name, a rare character pair, or a place
    or town mentioned together with the subcategory), so that the index finds every pair this
    module could link."""
    if shared >= LINK_WORDING or a.spots & b.spots or a.quoted & b.quoted:
        return True
    if a.distinctive & b.distinctive:
        return True
    if {name_key(f) for f in a.facilities} & {name_key(f) for f in b.facilities} - {None}:
        return True
    return bool(
        (a.places | a.mentions) & (b.places | b.mentions)
        and a.subcategory == b.subcategory
        and a.subcategory not in VAGUE_SUBCATEGORIES
    )


def name_key(facility: str) -> str | None:
    """What a facility is posted under: the last two characters of its name ("家老王" and
    "老王" meet), none for a kind without a name (那家宾馆)."""
    name = facility.split("/")[0]
    return name[-2:] if len(name) >= 2 else None


@dataclass(frozen=True)
class SameMatterModel:
    """Logistic weights over PAIR_FEATURES, fitted on labelled pairs; the probability from
    which a pair is called one matter (chosen on held-out folds for few false links), and the
    lower one from which the clerk is asked (chosen there so that most repeats reach it)."""

    weights: tuple[float, ...]
    bias: float
    threshold: float
    fingerprint: str
    possible: float

    def probability(self, features: tuple[float, ...]) -> float:
        """How likely the pair is one matter."""
        z = self.bias + sum(w * x for w, x in zip(self.weights, features, strict=True))
        return 1.0 / (1.0 + math.exp(-z))


def pairs_fingerprint() -> str:
    """Hash of the labelled pairs and of how a pair is read (this module, the gazetteer and the
    classifier: key_version): weights fitted on pairs read otherwise are stale."""
    digest = hashlib.sha256(key_version().encode())
    digest.update(PAIRS_PATH.read_bytes())
    digest.update(json.dumps(PAIR_FEATURES).encode())
    return digest.hexdigest()[:16]


def save_same_matter_model(model: SameMatterModel, path: Path = SAME_MATTER_PATH) -> None:
    """Write the weights, named, as JSON."""
    path.parent.mkdir(parents=True, exist_ok=True)
    names = [name for name, _ in PAIR_FEATURES]
    data = {
        "weights": dict(zip(names, model.weights, strict=True)),
        "bias": model.bias,
        "threshold": model.threshold,
        "possible": model.possible,
        "fingerprint": model.fingerprint,
    }
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1), "utf-8")


def load_same_matter_model(path: Path = SAME_MATTER_PATH) -> SameMatterModel | None:
    """Read the weights, or None when missing or fitted on other pairs or features."""
    if not path.exists():
        return None
    data = json.loads(path.read_text("utf-8"))
    if data["fingerprint"] != pairs_fingerprint() or "possible" not in data:
        return None
    return SameMatterModel(
        tuple(float(data["weights"][name]) for name, _ in PAIR_FEATURES),
        float(data["bias"]),
        float(data["threshold"]),
        data["fingerprint"],
        float(data["possible"]),
    )


_lock = threading.Lock()
_model: SameMatterModel | None = None


def default_same_matter_model() -> SameMatterModel:
    """Load the fitted weights once, fitting them in-process when missing or stale."""
    global _model
    with _lock:
        if _model is None:
            model = load_same_matter_model()
            if model is None:
                from triage.train import train_same_matter

                model = train_same_matter(read_pairs())
                save_same_matter_model(model)
            _model = model
        return _model


def read_pairs(path: Path = PAIRS_PATH) -> list[dict[str, object]]:
    """The labelled pairs the model is fitted on."""
    with path.open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def ruled(a: MatterKey, b: MatterKey, shared: float) -> float | None:
    """The score where rules decide without the model. 0 when the texts name different counties
    or towns; when one says it is about another place than before (另一家, 不是上次那家); when
    they name plainly different facilities; when one named facility has problems with no word
    in common (for one facility a smell and its sewage are two problems, unlike PROBLEMS_ALIKE
    between any two texts); when they share nothing to compare; or when nothing says they are
    about one problem or one source (WHAT). 1 when one is plainly the other told again
    (told_again). Else None."""
    if _differ(a.places, b.places, "c:") or _differ(a.places, b.places, "t:"):
        return 0.0
    if a.another or b.another:
        return 0.0  # 另一家拉面馆, 不是上次反映的那家
    if named_facilities_differ(a.facilities, b.facilities):
        return 0.0  # 蜀香园川菜馆 and 蜀香阁火锅店: same street, another shop
    if (
        a.problems
        and b.problems
        and not a.problems & b.problems
        and facility_agreement(a.facilities, b.facilities) == "same"
    ):
        return 0.0  # 老王烧烤店的油烟 and 老王烧烤店半夜划拳: same shop, another problem
    if not linkable(a, b, shared):
        return 0.0
    values = pair_values(a, b, shared)
    if told_again(values):
        return 1.0
    if not any(values[name] for name in WHAT):
        return 0.0  # one village, and nothing says it is one problem or one source
    return None


def key_score(a: MatterKey, b: MatterKey, model: SameMatterModel | None = None) -> float:
    """How likely two matters are one, in [0, 1], by the fitted model unless another is given."""
    shared = containment(a.shingles, b.shingles)
    score = ruled(a, b, shared)
    if score is None:
        model = model or default_same_matter_model()
        score = model.probability(pair_features(a, b, shared))
    return round(score, 3)


def shared_facility(a: frozenset[str], b: frozenset[str]) -> str | None:
    """The facility both sets name, written out (老王 and 家老王 烧烤店: 老王烧烤店)."""
    names = {
        (min(x[0], y[0], key=len), max(x[1], y[1], key=len))
        for x, y in ((x.split("/"), y.split("/")) for x in a for y in b)
        if x[0] and y[0] and same_kind(x[1], y[1]) and (x[0].endswith(y[0]) or y[0].endswith(x[0]))
    }
    if not names:
        return None
    kinds = {kind for _, kind in names} | {f.split("/")[1] for f in a | b}
    name, kind = max(names, key=lambda n: (len(n[1]), n))
    return name + max((k for k in kinds if kind in k), key=len)  # 烧烤 is 烧烤店 written short


def link_reasons(a: MatterKey, b: MatterKey) -> tuple[str, ...]:
    """Why two matters read as one, in words a clerk checks at a glance: the facility, name or
    place they share, the problem, and whether one follows up on the other."""
    values = pair_values(a, b, containment(a.shingles, b.shingles))
    reasons: list[str] = []
    if values["wording"] >= RESENT_WORDING:
        reasons.append("说法大多相同")
    facility = shared_facility(a.facilities, b.facilities)
    if facility:
        reasons.append(f"同一设施「{facility}」")
    elif values["facility_names_overlap"]:
        reasons.append("设施名称相近")
    quoted = sorted(a.quoted & b.quoted)
    if quoted:
        reasons.append(f"同一名称「{quoted[0]}」")
    # Only places the gazetteer knows are named: a street is cut from the text by a guess.
    where = sorted(shared_places(a, b))
    if where:
        reasons.append(f"同一地点「{where[0]}」")
    if values["same_subcategory"]:
        reasons.append(f"同一问题（{a.subcategory}）")
    elif values["problems_shared"] or values["sources_shared"]:
        reasons.append("同类问题")
    if values["follow_up"]:
        reasons.append("含追问或重复反映的说法")
    return tuple(reasons)


# How sure triage is that two matters are one: SAME is a link, POSSIBLE a question to the clerk.
SAME, POSSIBLE = "same", "possible"


def link_kind(score: float) -> str | None:
    """SAME from the model's threshold; POSSIBLE from its lower possible threshold (疑似同一事项:
    most repeats the texts alone cannot settle score there, and some look-alikes); else None."""
    model = default_same_matter_model()
    if score >= model.threshold:
        return SAME
    return POSSIBLE if score >= model.possible else None


def same_keys(a: MatterKey, b: MatterKey) -> tuple[bool, float]:
    """Decide whether two matters are one; return the decision and score."""
    score = key_score(a, b)
    return score >= default_same_matter_model().threshold, score


def same_matter(
    a: str, b: str, region_a: str | None = None, region_b: str | None = None
) -> tuple[bool, float]:
    """Decide whether two complaint texts raise the same matter; return the decision and score."""
    if region_a and region_b and region_a != region_b:
        return False, 0.0
    return same_keys(matter_key(a), matter_key(b))


@lru_cache(maxsize=1)
def key_version() -> str:
    """What a stored key was read by: this module, the gazetteer and how it is read (locate),
    and the classifier. A key stored under another version is read again from the text."""
    digest = hashlib.sha256(Path(__file__).read_bytes())
    digest.update(Path(__file__).with_name("locate.py").read_bytes())
    for path in sorted(GAZETTEER_DIR.glob("gazetteer_*.json")):
        digest.update(path.read_bytes())
    digest.update(default_classifier().model.fingerprint.encode())
    return digest.hexdigest()[:16]


def key_record(key: MatterKey) -> dict[str, object]:
    """The key as JSON-ready data, to be stored with a case so it is not read again."""
    record: dict[str, object] = {"version": key_version()}
    for field in fields(key):
        value = getattr(key, field.name)
        record[field.name] = sorted(value) if isinstance(value, frozenset) else value
    return record


def key_from_record(record: object) -> MatterKey | None:
    """The stored key, or None when there is none or it was read by another version."""
    if not isinstance(record, dict) or record.get("version") != key_version():
        return None
    values: dict[str, object] = {}
    for field in fields(MatterKey):
        value = record[field.name]
        kind = str(field.type)
        values[field.name] = (
            frozenset(value)
            if kind.startswith("frozenset")
            else tuple(value)
            if kind.startswith("tuple")
            else value
        )
    return MatterKey(**values)  # type: ignore[arg-type]
