"""Same matter (同一事项): what identifies a complaint's matter and how alike two matters are."""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass
from functools import lru_cache

from triage.classify import classify
from triage.locate import default_gazetteer, outranked


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


# Problem kinds by keyword: two texts whose kinds are both known and disjoint are different matters.
PROBLEM_WORDS = {
    "oil_smoke": _words("油烟 排烟 油烟机 油哈味 烟熏"),
    "exhaust": _words("废气 黑烟 冒烟 烟囱 黄烟 浓烟 焚烧 白烟 硫磺 脱硫"),
    "dust": _words("扬尘 灰尘 粉尘 尘土 黄土 沙土 煤灰 一层灰 石粉 是土 起灰"),
    "odor": _words("臭 异味 刺鼻 腥 汽油味 油漆味"),
    "noise": _words(
        "噪音 噪声 吵 轰鸣 打桩 音响 喇叭 砰砰 轰隆 睡不着 震 嗡嗡 鸣笛 没法休息 整夜响 放炮 唱"
    ),
    "water": _words("废水 污水 排污 黑水 死鱼 翻白肚 血水 河水 水都 粪水 酒糟水 泥水 浑水 井水"),
    "waste": _words("垃圾 倾倒 废渣 尾矿 废机油 危废 医疗废物 乱倒 废油桶 病死 扔在"),
    "ecology": _words("挖沙 采砂 盗采 开矿 草原 草场 砍树 挖砂 河道 开采"),
    "antenna": _words("基站 铁塔 天线 信号塔 发射塔 5G"),
    "power": _words("变电站 变电所 高压线 输电线 变压器 千伏"),
    "radioactive": _words("放射 探伤 射线"),
}
# A facility is named by the few characters before its type word ("老王" 烧烤店, "雪域" 健身房).
FACILITY_TYPES = _words(
    "烧烤店 烧烤 烤肉 火锅店 火锅 食堂 饭馆 饭店 餐厅 酒店 宾馆 拉面馆 面馆 小吃店 超市 KTV 酒吧"
    " 化工厂 水泥厂 有机肥厂 电厂 砖厂 冶炼厂 选矿厂 工厂 厂 公司 工地 项目"
    " 养殖场 养猪场 屠宰场 料场 搅拌站"
    " 洗车场 锅炉房 采石场 砂场 石场 矿 健身房 洗浴中心 中心 光伏电站 电站 升压站 加油站 站"
    " 工业园 物流园 园 场 牧场 合作社 基地 医院 学校 市场 广场 馆 城 牧家乐"
    " 农家乐 民宿 夜市 煤场 店 大排档 排档 烤肉店 作坊 加工点 驾校 洗衣店 网吧 台球厅"
    " 棋牌室 麻将馆 歌厅 浴池"
    " 澡堂 诊所 卫生院 幼儿园 小卖部 修理厂 汽修厂 汽修店 修理铺 铺 金矿 煤矿 石料厂 采砂场"
    " 回收点 收购点 回收站 废品站 收购站"
)
# Kinds too broad to disagree with any other (石料加工厂 is read as a 工厂).
GENERIC_KINDS = frozenset(_words("工厂 公司 中心 基地 项目"))
# Kinds that name the same sort of place.
KIND_GROUP = {
    kind: group[0]
    for group in (
        _words("宾馆 酒店"),
        _words("饭馆 饭店 餐厅 面馆 拉面馆 小吃店 烤肉店"),
        _words("工地 项目"),
        _words("养殖场 养猪场 牧场 合作社"),
        _words("砂场 采砂场 石场 采石场 石料厂 料场"),
        _words("修理厂 汽修厂 汽修店 修理铺"),
        _words("KTV 歌厅 酒吧"),
        _words("回收点 收购点 回收站 废品站 收购站"),
        _words("电站 光伏电站 升压站"),
    )
    for kind in group
}
ROADS = _words("路 大街 街 巷 村 小区 家属院 花园 桥")
# Words that end in a type character but name no facility ("草场", "楼上", "所以").
NOT_FACILITY = _words(
    "草场 现场 操场 停车场 机场 当场 农场 房子 房间 房顶 房屋 楼房 平房 住房 厂房 站在 站着 车站"
    " 网站 基站 公园 园区 院子 院里 后院 大院 所以 所有 场所 住所 厕所 大厅 县城 城里 城区 城市"
    " 城管 楼上 楼下 楼道 楼顶 楼层 大楼 店里 店门 店铺 厂子 厂里 厂区 厂家 矿区 商店 门店"
    " 生态环境厅 生态环境局 环境保护厅 环保厅 环保局 分局 信访局 政府 办公室 派出所 委员会"
)
NAMED = re.compile(
    "|".join(map(re.escape, sorted(NOT_FACILITY + FACILITY_TYPES + ROADS, key=len, reverse=True)))
)
# A name never runs across these: particles, pointing words and the suffixes of bigger places.
NAME_BOUNDARY = re.compile(
    r".*(?:[的了是在把个那这里边旁近对被给到从往向村镇乡路街巷区县市州栋幢层座号得问说看让叫\d]|一家|有家|一个)"
)
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
CLAUSE_BREAK = re.compile(r"[\s，。！？、：；,.!?:;“”\"'（）()…~～—-]+")
SAME_THRESHOLD = 0.58
# Two retellings of one problem at one named place share little wording, but not none.
SAME_PLACE_WORDING = 0.2
SAME_TOWN_WORDING = 0.15
FOLLOW_UP_WORDING = 0.3
# Subcategories that say nothing about which problem it is.
VAGUE_SUBCATEGORIES = frozenset({None, "其他事项"})
TOWN_SUFFIX = re.compile("(镇|乡|街道)$")
# Fields disagree only when the classifier is sure of both.
CONFIDENT_FIELD = 0.6
# Place agreement credited when one text names its place and the other does not.
UNKNOWN_PLACE = 0.25
# A shared street or village is weaker than a shared facility: many matters line one street.
SPOT_PLACE = 0.6
# Shared wording is measured against the shorter text, but never against fewer bigrams than this.
MIN_SHINGLES = 8
WEIGHTS = (0.4, 0.35, 0.25)  # wording, place, problem: a named facility and its problem suffice


@dataclass(frozen=True)
class MatterKey:
    """What identifies a matter in a text: problem kinds, facilities, roads, text shingles, the
    places it names (county codes "c:630102", towns and landmarks "t:多巴镇") and what the
    classifier calls its problem (primary field, all fields, subcategory)."""

    problems: frozenset[str]
    facilities: frozenset[str]
    spots: frozenset[str]
    shingles: frozenset[int]
    places: frozenset[str] = frozenset()
    fields: tuple[str, ...] = ()
    subcategory: str | None = None
    confident: bool = False  # the classifier is sure of the primary field


def _places(clean: str) -> tuple[set[str], set[str], str]:
    """Facility names, spots, and the text left once both are cut out."""
    facilities: set[str] = set()
    spots: set[str] = set()
    rest: list[str] = []
    previous = 0
    for match in NAMED.finditer(clean):
        word = match.group()
        if word in NOT_FACILITY:
            continue
        width = 2 if word in ROADS else 4
        window = clean[max(previous, match.start() - width) : match.start()]
        name = NAME_BOUNDARY.sub("", window)
        if len(name) < 2 or name in GENERIC_NAMES or VAGUE.search(name):
            if len(word) >= 2 and word not in ROADS:
                facilities.add("/" + word)  # a kind without a name: 那家宾馆, 一个诊所
            continue
        if word in ROADS:
            spots.add(name + word)
        else:
            facilities.add(name + "/" + word)
        rest.append(clean[previous : match.end() - len(word) - len(name)])
        previous = match.end()
    rest.append(clean[previous:])
    return facilities, spots, "".join(rest)


@lru_cache(maxsize=4096)
def matter_key(text: str) -> MatterKey:
    """Extract the parts of a text that identify its matter (cached: a new case meets the same
    earlier cases again and again)."""
    facilities: set[str] = set()
    spots: set[str] = set()
    shingles: set[int] = set()
    found: set[str] = set()
    for clause in CLAUSE_BREAK.split(text):
        clean = BOILERPLATE.sub("", clause)
        found.update(k for k, words in PROBLEM_WORDS.items() if any(w in clean for w in words))
        named, spotted, rest = _places(clean)
        facilities |= named
        spots |= spotted
        shingles.update(zlib.crc32(rest[i : i + 2].encode()) for i in range(len(rest) - 1))
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
    )


def named_places(text: str) -> frozenset[str]:
    """Counties ("c:" + code) and towns or landmarks ("t:" + name) a text names for certain."""
    hits = outranked(default_gazetteer().hits(re.sub(r"\s+", "", text)))
    places = {"t:" + TOWN_SUFFIX.sub("", h.name) for h in hits if h.kind in ("town", "landmark")}
    places |= {"c:" + h.codes[0] for h in hits if h.kind in ("county", "town", "landmark")}
    return frozenset(places)


# Words that describe what a facility does rather than whose it is (汽车音响店, 大型光伏项目).
DESCRIPTIVE = tuple(
    sorted(
        _words(
            "音响 改装 汽车 早餐 早点 光伏 砂石 洗沙 洗砂 采砂 石料 楼盘 建筑 施工 养殖 养猪 养牛"
            " 养鸡 养羊 屠宰 化工 电解 供暖 锅炉 污水处理 垃圾 回收 加工 废品 水泥 搅拌 沥青 洗煤"
            " 煤 砖 木材 塑料 皮毛 牛肉 羊肉 手抓 拉面 烧烤 火锅 炒菜 串串 清真 汽修 修理 洗车"
            " 洗浴 大型 小型 新建 新 千伏 变 私人 个体 无证 黑 单位 职工 员工 机关 食品"
        ),
        key=len,
        reverse=True,
    )
)


def brand(name: str) -> str:
    """The part of a facility name that says whose it is: 汽车音响 has none, 老马家烧烤 老马家."""
    stripped = True
    while stripped:
        stripped = False
        for word in DESCRIPTIVE:
            if name.endswith(word):
                name, stripped = name[: -len(word)], True
                break
    return name if len(name) >= 2 else ""


def facility_agreement(a: frozenset[str], b: frozenset[str]) -> str:
    """ "same" when a facility of each set is the same: one name ends with the other ("老王" and
    "家老王") and the kinds agree (烧烤店 and 烧烤, or a bare 店), unlike 洗车场 and 宾馆;
    "unsure" when kinds agree but only descriptions are given (汽车音响店, 音响改装店);
    "different" otherwise."""
    verdict = "different"
    for x, y in ((x.split("/"), y.split("/")) for x in a for y in b):
        if not same_kind(x[1], y[1]):
            continue
        if x[0] and y[0] and (x[0].endswith(y[0]) or y[0].endswith(x[0])):
            return "same"
        if not (brand(x[0]) and brand(y[0])):
            verdict = "unsure"
    return verdict


def specific_kinds(facilities: frozenset[str]) -> set[str]:
    """The kinds of place named, by group, leaving out broad ones (店, 厂, 工厂, 公司)."""
    kinds = (f.split("/")[1] for f in facilities)
    return {KIND_GROUP.get(k, k) for k in kinds if len(k) > 1 and k not in GENERIC_KINDS}


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


def key_score(a: MatterKey, b: MatterKey) -> float:
    """Similarity of two matters in [0, 1]; 0 when they clearly differ in place or problem."""
    if a.problems and b.problems and not a.problems & b.problems:
        return 0.0
    if _differ(a.places, b.places, "c:") or _differ(a.places, b.places, "t:"):
        return 0.0
    if _fields_differ(a, b):
        return 0.0
    agreement = facility_agreement(a.facilities, b.facilities)
    if agreement == "different" and a.facilities and b.facilities:
        return 0.0
    if agreement == "same":
        place = 1.0
    elif a.spots and b.spots:
        if not a.spots & b.spots:
            return 0.0
        place = SPOT_PLACE * len(a.spots & b.spots) / min(len(a.spots), len(b.spots))
    else:
        place = UNKNOWN_PLACE
    problem = 0.5 if not (a.problems and b.problems) else 1.0
    wording, where, what = WEIGHTS
    shared = containment(a.shingles, b.shingles)
    score = round(wording * shared + where * place + what * problem, 3)
    if score < SAME_THRESHOLD and retold(a, b, shared, agreement == "same"):
        return SAME_THRESHOLD  # the same problem at the same named place, told in other words
    return score


def retold(a: MatterKey, b: MatterKey, shared: float, named_alike: bool) -> bool:
    """One problem at one place told again in other words: the classifier sees the same
    subcategory and both name the same facility (老马家烧烤, 马家烧烤店), or the same county or
    town and the same kind of place, or the same county or town and share some wording (less
    where the place is a town). A follow-up the classifier calls 'other' (asking what became
    of it) needs more shared wording."""
    if not (a.fields and b.fields):
        return False
    same_problem = a.fields[0] == b.fields[0] and a.subcategory == b.subcategory
    if same_problem and a.subcategory in VAGUE_SUBCATEGORIES:
        same_problem = False
    if named_alike and (same_problem or "other" in (a.fields[0], b.fields[0])):
        return True
    common = a.places & b.places
    if not common:
        return False
    at_town = any(p.startswith("t:") for p in common)
    kinds_shared = bool(specific_kinds(a.facilities) & specific_kinds(b.facilities))
    if kinds_shared and (same_problem or (at_town and a.fields[0] == b.fields[0])):
        return True  # one kind of place (酒吧, 搅拌站, 屠宰场) with one problem, in one town
    if same_problem:
        return shared >= (SAME_TOWN_WORDING if at_town else SAME_PLACE_WORDING)
    if "other" in (a.fields[0], b.fields[0]):
        return shared >= FOLLOW_UP_WORDING
    return False


def same_matter(
    a: str, b: str, region_a: str | None = None, region_b: str | None = None
) -> tuple[bool, float]:
    """Decide whether two complaint texts raise the same matter; return the decision and score."""
    if region_a and region_b and region_a != region_b:
        return False, 0.0
    score = key_score(matter_key(a), matter_key(b))
    return score >= SAME_THRESHOLD, score
